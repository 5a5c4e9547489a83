import type { Db } from '../../db/database';
import { todayInChina } from '../../dates';
import { decodeCursor, encodeCursor, type Page } from '../../graphql/connection';
import { freshScope, type Freshness } from './flag-store.service';
import { STORE_PAGE_SQL } from './flag-store.sql';
import type { BodyRow } from '../body/body.sql';
import type { ItemRow } from '../item/item.sql';
import type { JurisdictionRow } from '../jurisdiction/jurisdiction.sql';
import { requireItem } from '../item/item.service';
import { NATION } from '../jurisdiction/jurisdiction.code';
import { requireScopePath } from '../jurisdiction/jurisdiction.scope';
import { FLAG_BODIES_SQL, FLAG_PAGE_SQL, type FlagPageRow, type FlagRow } from '../resolution/flags.sql';
import { flagNode, type FlagNode } from '../resolution/resolution.nodes';
import { FLAG_KINDS } from '../resolution/resolution.sql';

export interface FlagFilter {
  scopeCode: string;
  kinds?: string[] | null;
  asOf?: string | null;
  includeAcknowledged?: boolean | null;
  domain?: string | null;
  itemCode?: string | null;
  bodyCode?: string | null;
  level?: string | null;
  first: number;
  after?: string | null;
}

export interface FlagPage extends Page<FlagNode>, Omit<Freshness, 'units'> {
  countsByKind: { kind: string; count: number }[];
  /** Rows the page read anyway (from the store), for the caller to prime its loaders with. */
  rows?: FlagPageRows;
}

/** The item, place and body rows a page of flags shows. */
export interface FlagPageRows {
  items: ItemRow[];
  places: JurisdictionRow[];
  bodies: BodyRow[];
}

/**
 * SPEC §6 over a whole scope (000000: the nation), read from the maintained flag store (analysis/flag-store):
 * a range lookup at the date, counts from the per-county aggregate when no filter needs the flags themselves.
 * Pending counties of the scope are refreshed first when few; otherwise the answer says which are pending.
 */
export async function responsibilityFlags(db: Db, f: FlagFilter): Promise<FlagPage> {
  const { scope, path, level } = await requireScopePath(db, f.scopeCode);
  const cursor = decodeCursor(f.after, 3);
  const item = f.itemCode ? await requireItem(db, f.itemCode, 'itemCode') : null;
  const q = flagQuery(f, f.asOf ?? todayInChina(), scope, item, cursor);
  const { units, ...freshness } = await freshScope(db, q.scope, path);
  const row: FlagPageRow & { rows?: FlagPageRows } = q.body
    ? await liveFlagPage(db, q)
    : await storedFlagPage(db, q, scope, units, level);
  const nodes = row.page.slice(0, f.first);
  // the store keeps each flag's bodies; a live page resolves them for just its flags
  const bodies = nodes.every((r) => r.bodies) ? storedBodies(nodes) : await flagBodies(db, q.date, nodes);
  const edges = nodes.map((r: FlagRow) => ({
    cursor: encodeCursor([r.item, r.target, FLAG_KINDS.indexOf(r.kind as never) + 1]),
    node: flagNode(
      { ...r, bodies: bodies.get(`${r.target}|${r.item}|${r.kind}`) ?? [] },
      r.reason ? { reason: r.reason, actor: r.actor, at: r.acknowledgedAt! } : null,
    ),
  }));
  const counted = new Map(row.counts.map((c) => [c.kind, c.count]));
  const kinds = q.kinds ? FLAG_KINDS.filter((k) => q.kinds!.includes(k)) : FLAG_KINDS;
  return {
    totalCount: row.total,
    countsByKind: kinds.map((kind) => ({ kind, count: counted.get(kind) ?? 0 })),
    edges,
    pageInfo: { hasNextPage: row.page.length > f.first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    ...freshness,
    rows: row.rows,
  };
}

/** A flag listing's filter, normalised once; each statement places these values in its own parameter order. */
interface FlagQuery {
  date: string;
  /** The scope's code, null for the nation. */
  scope: string | null;
  items: string[] | null;
  domain: string | null;
  body: string | null;
  kinds: string[] | null;
  includeAcknowledged: boolean;
  level: string | null;
  /** After (item, target, kind's rank): the keyset cursor, nulls for the first page. */
  after: [string | null, string | null, number | null];
  /** One more than the page, to know whether a next page exists. */
  limit: number;
}

function flagQuery(f: FlagFilter, date: string, scope: string, item: string | null, cursor: unknown[] | null): FlagQuery {
  return {
    date,
    scope: scope === NATION ? null : scope,
    items: item ? [item] : null,
    domain: f.domain?.trim() || null,
    body: f.bodyCode?.trim() || null,
    kinds: f.kinds && f.kinds.length ? f.kinds : null,
    includeAcknowledged: f.includeAcknowledged ?? false,
    level: f.level ?? null,
    after: cursor ? [String(cursor[0]), String(cursor[1]), Number(cursor[2])] : [null, null, null],
    limit: f.first + 1,
  };
}

/** Computed live (used when filtering by a body involved, which needs every flag's bodies). */
async function liveFlagPage(db: Db, q: FlagQuery): Promise<FlagPageRow> {
  const [row] = await db.query<FlagPageRow>(FLAG_PAGE_SQL, [
    q.date,
    q.items,
    q.domain,
    q.scope,
    q.body,
    q.kinds,
    q.includeAcknowledged,
    q.level,
    ...q.after,
    q.limit,
  ]);
  return row;
}

/**
 * Read from the flag store in one statement: one keyset page, counts from the aggregate (or from the filtered flags),
 * and the rows the page shows.
 */
async function storedFlagPage(
  db: Db,
  q: FlagQuery,
  scope: string,
  units: string[] | null,
  level: string | null,
): Promise<FlagPageRow & { rows: FlagPageRows }> {
  const below = level === 'TOWNSHIP' ? scope : null;
  const filtered = Boolean(below || q.items || q.domain || q.level);
  const [r] = await db.query<{ page: FlagRow[]; counts: { kind: string; count: number }[] } & FlagPageRows>(STORE_PAGE_SQL, [
    q.date,
    units,
    below,
    q.items,
    q.domain,
    q.kinds,
    q.includeAcknowledged,
    q.level,
    ...q.after,
    q.limit,
    filtered,
  ]);
  return {
    total: r.counts.reduce((n, c) => n + c.count, 0),
    counts: r.counts,
    page: r.page,
    rows: { items: r.items, places: r.places, bodies: r.bodies },
  };
}

const storedBodies = (flags: FlagRow[]) => new Map(flags.map((r) => [`${r.target}|${r.item}|${r.kind}`, r.bodies!]));

/** The bodies of a page of flags: one statement resolving just those places and items. */
async function flagBodies(db: Db, date: string, flags: FlagRow[]): Promise<Map<string, string[]>> {
  if (flags.length === 0) return new Map();
  const rows = await db.query<{ target: string; item: string; kind: string; bodies: string[] }>(FLAG_BODIES_SQL, [
    date,
    [...new Set(flags.map((f) => f.item))],
    null,
    [...new Set(flags.map((f) => f.target))],
    null,
    flags.map((f) => f.target),
    flags.map((f) => f.item),
    flags.map((f) => f.kind),
  ]);
  return new Map(rows.map((r) => [`${r.target}|${r.item}|${r.kind}`, r.bodies]));
}
