import type { Db } from '../../db/database';
import { todayInChina } from '../../dates';
import { AppError } from '../../errors';
import { decodeCursor, encodeCursor, type Page } from '../../graphql/connection';
import { NATION, normaliseCode } from '../jurisdiction/jurisdiction.code';
import { requirePlace, requireScopePath } from '../jurisdiction/jurisdiction.scope';
import { FLAG_BODIES_SQL, FLAG_PAGE_SQL, PAIR_FLAGS_SQL, type FlagPageRow, type FlagRow } from './flags.sql';
import { freshScope, type Freshness } from '../analysis/flag-store.service';
import { STORE_COUNTS_SQL, STORE_FILTERED_COUNTS_SQL, STORE_PAGE_SQL } from '../analysis/flag-store.sql';
import type { BodyRow } from '../body/body.sql';
import type { WriteContext } from '../change/change.service';
import { write } from '../records/write.protocol';
import type { ItemRow } from '../item/item.sql';
import type { JurisdictionRow } from '../jurisdiction/jurisdiction.sql';
import { CHAIN_SQL, FLAG_KINDS, type ChainFactsRow, type ChainHolderRow } from './resolution.sql';

export interface HolderNode {
  role: string;
  duty: string | null;
  active: boolean;
  resolution: 'DIRECT' | 'RELATIVE' | 'VIA_SUCCESSOR' | 'TEMPLATE' | 'INACTIVE';
  level: string | null;
  body: string | null;
  namedBody: string | null;
  relative: string | null;
  scope: string;
  assignment: string;
  catalogue: string | null;
}
export interface FlagNode {
  kind: string;
  item: string;
  jurisdiction: string;
  bodies: string[];
  acknowledged: boolean;
  acknowledgement: { reason: string; actor: string | null; at: string } | null;
}
export interface ChainNode {
  item: string;
  jurisdiction: string;
  asOf: string;
  levels: { level: string; jurisdiction: string; holders: HolderNode[] }[];
  primary: HolderNode[];
  otherHolders: HolderNode[];
  flags: string[];
  flagDetails: FlagNode[];
  applicable: boolean;
}

function toHolder(h: ChainHolderRow): HolderNode {
  const resolution = h.template
    ? 'TEMPLATE'
    : !h.active
      ? 'INACTIVE'
      : h.viaSuccessor
        ? 'VIA_SUCCESSOR'
        : h.relative
          ? 'RELATIVE'
          : 'DIRECT';
  return {
    role: h.role,
    duty: h.duty,
    active: h.active,
    resolution,
    level: h.level,
    body: h.template ? null : h.body,
    namedBody: h.namedBody,
    relative: h.relative,
    scope: h.scope,
    assignment: h.assignment,
    catalogue: h.catalogue,
  };
}

async function requireItem(db: Db, code: string, field: string): Promise<string> {
  const c = code.trim();
  const [row] = await db.query<{ code: string }>('select code from item where code = $1', [c]);
  if (!row)
    throw new AppError('NOT_FOUND_INPUT', `${field}: 事项 "${code}" 不存在 · no item "${code}"`, [
      { path: field, message: `no item "${code}"` },
    ]);
  return c;
}

/** Rows a chain read anyway, for the caller to prime its loaders with (no second round trip). */
export interface ChainRows {
  item: ItemRow;
  places: JurisdictionRow[];
  bodies: BodyRow[];
}

/** SPEC §5: the responsible chain of (item, place, date), in one statement. */
export async function responsibleChain(
  db: Db,
  itemCode: string,
  placeCode: string,
  asOf: string | null,
): Promise<ChainNode & { rows: ChainRows }> {
  const date = asOf ?? todayInChina();
  const item = itemCode.trim();
  const code = normaliseCode(placeCode, 'jurisdictionCode');
  const [facts] = await db.query<ChainFactsRow>(CHAIN_SQL, [date, [item], null, code, null]);
  if (!facts.item) {
    throw new AppError('NOT_FOUND_INPUT', `itemCode: 事项 "${itemCode}" 不存在 · no item "${itemCode}"`, [
      { path: 'itemCode', message: `no item "${itemCode}"` },
    ]);
  }
  const places = facts.places ?? [];
  const place = places[0];
  if (!place || place.code !== code) {
    throw new AppError(
      'JURISDICTION_NOT_FOUND',
      `jurisdictionCode: 行政区划 "${placeCode}" 不存在 · no jurisdiction "${placeCode}"`,
      [{ path: 'jurisdictionCode', message: `no jurisdiction "${placeCode}"` }],
    );
  }
  const holders = facts.holders.map(toHolder);
  const levels = places.map((p) => ({ level: p.level, jurisdiction: p.code, holders: [] as HolderNode[] }));
  const otherHolders: HolderNode[] = [];
  for (const h of holders) {
    // Templates and unresolvable holders are shown at the asked place's own level.
    const level = h.level === null || h.resolution === 'TEMPLATE' ? place.level : h.level;
    const slot = levels.find((l) => l.level === level);
    (slot ? slot.holders : otherHolders).push(h);
  }
  const acks = new Map(facts.acknowledgements.map((a) => [a.kind, a]));
  return {
    item,
    jurisdiction: code,
    asOf: date,
    levels,
    primary: holders.filter((h) => h.role === 'PRIMARY'),
    otherHolders,
    flags: facts.flags.map((f) => f.kind),
    flagDetails: facts.flags.map((f) => flagNode({ kind: f.kind, item, target: code, bodies: f.bodies }, acks.get(f.kind))),
    applicable: facts.applicable,
    rows: { item: facts.item, places, bodies: facts.bodies ?? [] },
  };
}

function flagNode(
  f: { kind: string; item: string; target: string; bodies: string[] },
  ack?: { reason: string; actor: string | null; at: string } | null,
): FlagNode {
  return {
    kind: f.kind,
    item: f.item,
    jurisdiction: f.target,
    bodies: f.bodies,
    acknowledged: !!ack,
    acknowledgement: ack ? { reason: ack.reason, actor: ack.actor, at: ack.at } : null,
  };
}

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
  const date = f.asOf ?? todayInChina();
  const { units, ...freshness } = await freshScope(db, scope === NATION ? null : scope, path);
  const row = f.bodyCode?.trim()
    ? await liveFlagPage(db, date, scope, item, f, cursor)
    : await storedFlagPage(db, date, scope, units, level, item, f, cursor);
  const nodes = row.page.slice(0, f.first);
  // the store keeps each flag's bodies; a live page resolves them for just its flags
  const bodies = nodes.every((r) => r.bodies) ? storedBodies(nodes) : await flagBodies(db, date, nodes);
  const edges = nodes.map((r: FlagRow) => ({
    cursor: encodeCursor([r.item, r.target, FLAG_KINDS.indexOf(r.kind as never) + 1]),
    node: flagNode(
      { ...r, bodies: bodies.get(`${r.target}|${r.item}|${r.kind}`) ?? [] },
      r.reason ? { reason: r.reason, actor: r.actor, at: r.acknowledgedAt! } : null,
    ),
  }));
  const counted = new Map(row.counts.map((c) => [c.kind, c.count]));
  const kinds = f.kinds && f.kinds.length ? FLAG_KINDS.filter((k) => f.kinds!.includes(k)) : FLAG_KINDS;
  return {
    totalCount: row.total,
    countsByKind: kinds.map((kind) => ({ kind, count: counted.get(kind) ?? 0 })),
    edges,
    pageInfo: { hasNextPage: row.page.length > f.first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    ...freshness,
  };
}

type Cursor = unknown[] | null;

/** Computed live (used when filtering by a body involved, which needs every flag's bodies). */
async function liveFlagPage(db: Db, date: string, scope: string, item: string | null, f: FlagFilter, cursor: Cursor) {
  const [row] = await db.query<FlagPageRow>(FLAG_PAGE_SQL, [
    date,
    item ? [item] : null,
    f.domain?.trim() || null,
    scope === NATION ? null : scope,
    f.bodyCode?.trim() || null,
    f.kinds && f.kinds.length ? f.kinds : null,
    f.includeAcknowledged ?? false,
    f.level ?? null,
    ...cursorParams(cursor),
    f.first + 1,
  ]);
  return row;
}

/** Read from the flag store: one keyset page, and counts from the aggregate (or the filtered flags). */
async function storedFlagPage(
  db: Db,
  date: string,
  scope: string,
  units: string[] | null,
  level: string | null,
  item: string | null,
  f: FlagFilter,
  cursor: Cursor,
): Promise<FlagPageRow> {
  const kinds = f.kinds && f.kinds.length ? f.kinds : null;
  const includeAck = f.includeAcknowledged ?? false;
  const below = level === 'TOWNSHIP' ? scope : null;
  const common = [date, units, below, item ? [item] : null, f.domain?.trim() || null, kinds, includeAck, f.level ?? null];
  const [page] = await db.query<{ page: FlagRow[] }>(STORE_PAGE_SQL, [...common, ...cursorParams(cursor), f.first + 1]);
  const filtered = below || item || f.domain?.trim() || f.level;
  const counts = filtered
    ? await db.query<{ kind: string; count: number }>(STORE_FILTERED_COUNTS_SQL, [...common, null, null])
    : await db.query<{ kind: string; count: number }>(STORE_COUNTS_SQL, [date, units, kinds, includeAck]);
  return { total: counts.reduce((n, c) => n + c.count, 0), counts, page: page.page };
}

const cursorParams = (cursor: Cursor) =>
  cursor ? [String(cursor[0]), String(cursor[1]), Number(cursor[2])] : [null, null, null];

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

/** Acknowledges a flag that exists at `asOf` (default today); acknowledging again updates the reason. */
export async function acknowledgeFlag(
  db: Db,
  a: { kind: string; itemCode: string; jurisdictionCode: string; reason: string; asOf?: string | null } & WriteContext,
): Promise<FlagNode> {
  // Read and checked inside the write: what is acknowledged is the flag as it stands under the writers' lock.
  return write(db, a, { role: 'REVIEWER' }, async (w) => {
    if (!a.reason || a.reason.trim() === '') {
      throw new AppError('INPUT_INVALID', 'reason: 须说明确认理由 · a reason is required', [
        { path: 'reason', message: 'must not be blank' },
      ]);
    }
    const item = await requireItem(w.tx, a.itemCode, 'itemCode');
    const place = await requirePlace(w.tx, a.jurisdictionCode, 'jurisdictionCode');
    const date = a.asOf ?? todayInChina();
    const flags = await w.tx.query<{ kind: string; bodies: string[] }>(PAIR_FLAGS_SQL, [date, [item], null, place.code, null]);
    const flag = flags.find((x) => x.kind === a.kind);
    if (!flag) {
      throw new AppError(
        'NOT_FOUND_INPUT',
        `${place.code} 的事项 ${item} 在 ${date} 没有 ${a.kind} 标记 · there is no ${a.kind} flag for item ${item} at ${place.code} on ${date}`,
        [{ path: 'kind', message: `no such flag on ${date}` }],
      );
    }
    const key = `${a.kind}|${item}|${place.code}`;
    await w.guard([
      { entity: 'acknowledgement', key, before: null, after: { jurisdiction: place.code }, path: 'jurisdictionCode' },
    ]);
    const [prior] = await w.tx.query<{ reason: string; actor: string | null }>(
      'select reason, actor from flag_acknowledgement where kind = $1 and item_code = $2 and jurisdiction_code = $3',
      [a.kind, item, place.code],
    );
    const [ack] = await w.tx.query<{ reason: string; actor: string | null; at: string }>(
      `insert into flag_acknowledgement (kind, item_code, jurisdiction_code, reason, actor) values ($1, $2, $3, $4, $5)
       on conflict (kind, item_code, jurisdiction_code) do update set reason = excluded.reason, actor = excluded.actor, acknowledged_at = now()
       returning reason, actor, to_json(acknowledged_at)#>>'{}' as at`,
      [a.kind, item, place.code, a.reason.trim(), a.actor ?? null],
    );
    const image = (r: { reason: string }) => ({ kind: a.kind, item, jurisdiction: place.code, reason: r.reason });
    await w.record([{ entity: 'acknowledgement', key, before: prior ? image(prior) : null, after: image(ack) }]);
    return flagNode({ kind: a.kind, item, target: place.code, bodies: flag.bodies }, ack);
  });
}

/** Withdraws an acknowledgement; NOT_FOUND when there is none. */
export async function unacknowledgeFlag(
  db: Db,
  a: { kind: string; itemCode: string; jurisdictionCode: string } & WriteContext,
): Promise<boolean> {
  const { rows, place } = await write(db, a, { role: 'REVIEWER' }, async (w) => {
    const place = normaliseCode(a.jurisdictionCode, 'jurisdictionCode');
    const key = `${a.kind}|${a.itemCode.trim()}|${place}`;
    await w.guard([{ entity: 'acknowledgement', key, before: { jurisdiction: place }, after: null, path: 'jurisdictionCode' }]);
    const deleted = await w.tx.query<{ reason: string }>(
      'delete from flag_acknowledgement where kind = $1 and item_code = $2 and jurisdiction_code = $3 returning reason',
      [a.kind, a.itemCode.trim(), place],
    );
    const image = { kind: a.kind, item: a.itemCode.trim(), jurisdiction: place, reason: deleted[0]?.reason };
    if (deleted.length) await w.record([{ entity: 'acknowledgement', key, before: image, after: null }]);
    return { rows: deleted, place };
  });
  if (rows.length === 0) {
    throw new AppError('NOT_FOUND', `没有该确认记录 · no acknowledgement of ${a.kind} for ${a.itemCode} at ${place}`, [
      { path: 'kind', message: 'not acknowledged' },
    ]);
  }
  return true;
}
