import type { Db } from '../../db/database';
import { lockWrites, recordChanges, type WriteContext } from '../change/change.service';
import type { Problem } from '../../errors';
import { checkDocument, type Known } from './import.check';
import { parseDocument, type At, type ParsedDocument } from './document.parse';
import * as sql from './exchange.sql';
import type { AssignmentRecord, BodyRecord, CatalogueRecord, EntryRecord, ItemRecord } from './records';

export type Entity = 'body' | 'item' | 'catalogue' | 'entry' | 'assignment';
export const ENTITIES: Entity[] = ['body', 'item', 'catalogue', 'entry', 'assignment'];

export interface EntityCount {
  entity: Entity;
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  problems: Problem[];
  counts: EntityCount[];
}

/** One planned write: the record and the row it replaces (null: a new row). */
export interface Change<T> {
  entity: Entity;
  key: string;
  before: T | null;
  after: T;
}

export interface Plan {
  changes: Change<unknown>[];
  counts: EntityCount[];
}

/**
 * INTERCHANGE.md import: atomic (any problem → nothing written, every problem listed with its path),
 * idempotent (unchanged records are not written), `dryRun` reports and writes nothing.
 */
export async function importDocument(
  db: Db,
  document: unknown,
  opts: { dryRun?: boolean } & WriteContext = {},
): Promise<ImportReport> {
  const dryRun = opts.dryRun ?? false;
  const { parsed, problems } = parseDocument(document);
  return applyParsed(db, parsed, problems, dryRun, opts);
}

/** Records written at or above which an import refreshes the planner's statistics of the list tables. */
const ANALYZE_AFTER = 5000;

/** Shared by the JSON and table imports and by mutations: check, diff and (unless dry) write. */
export async function applyParsed(
  db: Db,
  parsed: ParsedDocument,
  problems: Problem[],
  dryRun: boolean,
  who: WriteContext = {},
): Promise<ImportReport> {
  return db.transaction(async (tx) => {
    // Writers follow one another: two imports at once end as if run one after the other (never a mix),
    // and the change feed's ids are assigned in commit order.
    if (!dryRun) await lockWrites(tx);
    const known = await loadKnown(tx, parsed);
    problems.push(...checkDocument(parsed, known));
    const plan = await planChanges(tx, parsed, known);
    const report = (written: boolean): ImportReport => {
      const counts = written || dryRun ? plan.counts : plan.counts.map((c) => ({ ...c, created: 0, updated: 0, unchanged: 0 }));
      return {
        dryRun,
        created: sum(counts, 'created'),
        updated: sum(counts, 'updated'),
        unchanged: sum(counts, 'unchanged'),
        problems,
        counts,
      };
    };
    if (problems.length > 0 || dryRun) return report(false);
    await writePlan(tx, plan);
    // A bulk import changes the tables' statistics wholesale; the planner must not see the empty tables of
    // before (autovacuum would catch up only later), or the first analysis after it runs on nested loops.
    if (plan.changes.length >= ANALYZE_AFTER) await tx.query(`analyze body, item, catalogue, catalogue_entry, assignment`);
    await recordChanges(
      tx,
      plan.changes.map((c) => ({ entity: c.entity, key: c.key, before: stripId(c.before), after: stripId(c.after) })),
      who,
    );
    return report(true);
  });
}

/** Change records carry the canonical record (an assignment is known by its natural key, not its id). */
function stripId(r: unknown): unknown {
  if (r === null || typeof r !== 'object') return r;
  const { id: _id, ...rest } = r as Record<string, unknown>;
  return rest;
}

const sum = (counts: EntityCount[], k: 'created' | 'updated' | 'unchanged') => counts.reduce((n, c) => n + c[k], 0);

async function loadKnown(tx: Db, doc: ParsedDocument): Promise<Known> {
  const jurisdictionCodes = new Set<string>();
  const bodyCodes = new Set<string>();
  const itemCodes = new Set<string>();
  const catalogueCodes = new Set<string>();
  for (const { rec: b } of doc.bodies) {
    jurisdictionCodes.add(b.jurisdiction);
    b.serves.forEach((s) => jurisdictionCodes.add(s));
    [b.code, b.parent, b.successor].forEach((c) => c && bodyCodes.add(c));
  }
  doc.items.forEach(({ rec }) => itemCodes.add(rec.code));
  for (const { rec: c } of doc.catalogues) {
    jurisdictionCodes.add(c.owner);
    catalogueCodes.add(c.code);
    if (c.guiding) catalogueCodes.add(c.guiding);
  }
  for (const { rec: e } of doc.entries) {
    itemCodes.add(e.item);
    catalogueCodes.add(e.catalogue);
    e.notApplicableIn.forEach((j) => jurisdictionCodes.add(j));
  }
  for (const { rec: a } of doc.assignments) {
    itemCodes.add(a.item);
    jurisdictionCodes.add(a.scope);
    a.exceptIn.forEach((j) => jurisdictionCodes.add(j));
    if (a.body) bodyCodes.add(a.body);
    if (a.catalogue) catalogueCodes.add(a.catalogue);
  }
  // One connection inside a transaction: statements run one after the other.
  const jurisdictions = await tx.query<sql.JurisdictionRefRow>(sql.JURISDICTIONS_BY_CODE_SQL, [[...jurisdictionCodes]]);
  const bodies = await tx.query<sql.BodyRow>(sql.BODIES_WITH_CHAINS_SQL, [[...bodyCodes]]);
  const items = await tx.query<sql.ItemRow>(sql.ITEMS_BY_CODE_SQL, [[...itemCodes]]);
  const catalogues = await tx.query<sql.CatalogueRow>(sql.CATALOGUES_BY_CODE_SQL, [[...catalogueCodes]]);
  const stored = new Map(catalogues.map((c) => [c.code, c]));
  const ownerChanged = doc.catalogues.filter((c) => stored.has(c.rec.code) && stored.get(c.rec.code)!.owner !== c.rec.owner);
  const dependents = doc.catalogues.length
    ? await tx.query<sql.CatalogueDependentRow>(sql.CATALOGUE_DEPENDENTS_SQL, [
        doc.catalogues.map((c) => c.rec.code),
        ownerChanged.map((c) => c.rec.code),
      ])
    : [];
  return {
    dependents,
    jurisdictions: new Map(jurisdictions.map((j) => [j.code, j])),
    bodies: new Map(bodies.map((b) => [b.code, pick(b, BODY_FIELDS) as unknown as BodyRecord])),
    items: new Set(items.map((i) => i.code)),
    itemRecords: new Map(items.map((i) => [i.code, pick(i, ITEM_FIELDS) as unknown as ItemRecord])),
    catalogues: new Map(catalogues.map((c) => [c.code, pick(c, CATALOGUE_FIELDS) as unknown as CatalogueRecord])),
  };
}

const BODY_FIELDS = ['code', 'name', 'jurisdiction', 'kind', 'parent', 'serves', 'validFrom', 'validTo', 'successor'] as const;
const ITEM_FIELDS = ['code', 'name', 'domain', 'category', 'basis', 'description'] as const;
const CATALOGUE_FIELDS = ['code', 'name', 'owner', 'kind', 'guiding', 'validFrom', 'validTo'] as const;
const ENTRY_FIELDS = ['catalogue', 'item', 'notApplicableIn', 'validFrom', 'validTo', 'name', 'category', 'basis'] as const;
const ASSIGNMENT_FIELDS = [
  'item',
  'scope',
  'body',
  'relative',
  'role',
  'duty',
  'validFrom',
  'validTo',
  'exceptIn',
  'catalogue',
  'basis',
  'note',
] as const;

export function pick(row: object, fields: readonly string[]): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, r[f] ?? (Array.isArray(r[f]) ? [] : null)]));
}

/** Equal as pick + JSON.stringify would say (absent = null), without building either (re-imports compare every record). */
function equalValue(x: unknown, y: unknown): boolean {
  const a = x ?? null;
  const b = y ?? null;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equalValue(v, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
const same = (a: object, b: object, fields: readonly string[]) => {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return fields.every((f) => equalValue(ra[f], rb[f]));
};

export const assignmentKey = (r: {
  item: string;
  scope: string;
  body: string | null;
  relative: string | null;
  role: string;
  validFrom: string | null;
}) => `${r.item}|${r.scope}|${r.body ?? `@${r.relative}`}|${r.role}|${r.validFrom ?? ''}`;

async function planChanges(tx: Db, doc: ParsedDocument, known: Known): Promise<Plan> {
  const changes: Change<unknown>[] = [];
  const counts: EntityCount[] = ENTITIES.map((entity) => ({ entity, created: 0, updated: 0, unchanged: 0 }));
  // \`stored\`: the stored row; its record image (\`image\`) is built only when the record changes
  const add = (
    entity: Entity,
    key: string,
    stored: object | null | undefined,
    after: object,
    fields: readonly string[],
    image: (row: object) => object = (row) => pick(row, fields),
  ) => {
    const c = counts.find((x) => x.entity === entity)!;
    if (!stored) c.created++;
    else if (same(stored, after, fields)) return void c.unchanged++;
    else c.updated++;
    changes.push({ entity, key, before: stored ? image(stored) : null, after });
  };
  const entries = await tx.query<sql.EntryRow>(sql.ENTRIES_BY_KEY_SQL, [
    doc.entries.map((e) => e.rec.catalogue),
    doc.entries.map((e) => e.rec.item),
  ]);
  const assignments = await tx.query<sql.AssignmentRow>(sql.ASSIGNMENTS_BY_ITEM_SCOPE_SQL, [
    doc.assignments.map((a) => a.rec.item),
    doc.assignments.map((a) => a.rec.scope),
  ]);
  const entryByKey = new Map(entries.map((e) => [`${e.catalogue}|${e.item}`, e]));
  const assignmentByKey = new Map(assignments.map((a) => [assignmentKey(a), a]));
  const assignmentById = new Map(assignments.map((a) => [a.id, a]));

  for (const { rec } of doc.bodies) add('body', rec.code, known.bodies.get(rec.code) ?? null, rec, BODY_FIELDS);
  for (const { rec } of doc.items) add('item', rec.code, known.itemRecords.get(rec.code) ?? null, rec, ITEM_FIELDS);
  for (const { rec } of doc.catalogues) add('catalogue', rec.code, known.catalogues.get(rec.code) ?? null, rec, CATALOGUE_FIELDS);
  for (const { rec } of doc.entries) {
    const key = `${rec.catalogue}|${rec.item}`;
    add('entry', key, entryByKey.get(key), rec, ENTRY_FIELDS);
  }
  for (const { rec } of doc.assignments as At<AssignmentRecord>[]) {
    const before = rec.id ? assignmentById.get(rec.id) : assignmentByKey.get(assignmentKey(rec));
    const after = before ? { ...rec, id: before.id } : rec;
    add('assignment', assignmentKey(rec), before, after, ASSIGNMENT_FIELDS, (row) => ({
      ...pick(row, ASSIGNMENT_FIELDS),
      id: (row as sql.AssignmentRow).id,
    }));
  }
  return { changes, counts };
}

/** One statement per table, parents first; FKs among bodies and catalogues are deferred to commit. */
async function writePlan(tx: Db, plan: Plan): Promise<void> {
  const of = <T>(entity: Entity) => plan.changes.filter((c) => c.entity === entity).map((c) => c.after as T);
  const run = async (text: string, rows: unknown[]) => {
    if (rows.length > 0) await tx.query(text, [JSON.stringify(rows)]);
  };
  await run(sql.UPSERT_BODIES_SQL, of<BodyRecord>('body'));
  await run(sql.UPSERT_ITEMS_SQL, of<ItemRecord>('item'));
  await run(sql.UPSERT_CATALOGUES_SQL, of<CatalogueRecord>('catalogue'));
  await run(sql.UPSERT_ENTRIES_SQL, of<EntryRecord>('entry'));
  const assignments = of<AssignmentRecord>('assignment');
  await run(
    sql.UPDATE_ASSIGNMENTS_BY_ID_SQL,
    assignments.filter((a) => a.id),
  );
  await run(
    sql.UPSERT_ASSIGNMENTS_SQL,
    assignments.filter((a) => !a.id),
  );
}
