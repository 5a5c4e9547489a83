import type { Db } from '../../db/database';
import type { Problem } from '../../errors';
import type { WriteContext } from '../change/change.service';
import { emptyDocument, type At, type ParsedDocument } from './record.batch';
import {
  pick,
  RECORD_FIELDS,
  RECORD_KINDS,
  recordKey,
  type BodyRecord,
  type CatalogueRecord,
  type ItemRecord,
  type RecordKind,
} from './record.kinds';
import { checkDocument } from './records.check';
import type { Known } from './records.known';
import * as sql from './records.sql';
import {
  COMPARED_KINDS,
  compareStored,
  dropBatch,
  stageBatch,
  storedRows,
  writeKind,
  type StagedBatch,
  type StagedRecord,
} from './records.stage';
import { checkStaged } from './staged.check';
import { write, type Writer } from './write.protocol';

export interface EntityCount {
  entity: RecordKind;
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
  entity: RecordKind;
  key: string;
  before: T | null;
  after: T;
  /** Where the record is in the document (`assignments[3]`, `input`), and its place in its kind's list. */
  path: string;
  ord: number;
}

export interface Plan {
  changes: Change<unknown>[];
  /** Records the document holds exactly as stored (not written). */
  unchanged: Change<unknown>[];
  counts: EntityCount[];
}

/** The steps of an import, in order, for progress bars: `step` is one of these, `done` how many went before. */
export const IMPORT_STEPS = ['parsing', 'checking', 'planning', ...RECORD_KINDS, 'change feed', 'commit'];
export type ImportProgress = (step: string, done: number) => void;

/** Records written at or above which an import refreshes the planner's statistics of the list tables. */
const ANALYZE_AFTER = 5000;

/** How a batch of records is written (an options object: no boolean positions). */
export interface ApplyOptions extends WriteContext {
  /** Check, plan and report; write nothing. */
  dryRun?: boolean;
  onProgress?: ImportProgress;
  /** Mutations name their record: refuse it outside the scope even when the edit changes nothing. */
  guardUnchanged?: boolean;
}

/** What a batch came with: its records and the problems found while reading it. */
export interface Built {
  parsed: ParsedDocument;
  problems: Problem[];
}

/**
 * The writer of the lists: checks, diffs and (unless dry) writes a batch of records, atomically (any problem:
 * nothing written, every problem listed with its path) and idempotently (unchanged records are not written).
 * Every format and every mutation ends here. `build` runs inside the write transaction, after the writers'
 * lock, so what it read (the table import reads bodies, entries and assignments to build its records)
 * cannot change before the write.
 */
export async function applyBuilt(db: Db, build: (tx: Db) => Promise<Built>, opts: ApplyOptions = {}): Promise<ImportReport> {
  const { dryRun, onProgress, guardUnchanged, ...who } = opts;
  const report = await write(db, who, { role: 'EDITOR', dryRun, bulk: true }, async (w) =>
    applyInWrite(w, await build(w.tx), { onProgress, guardUnchanged, copy: true }),
  );
  onProgress?.('done', IMPORT_STEPS.length);
  return report;
}

/** As `applyBuilt`, for a batch already parsed. */
export async function applyParsed(db: Db, built: Built, opts: ApplyOptions = {}): Promise<ImportReport> {
  return applyBuilt(db, async () => built, opts);
}

/** The writer's steps inside a write that is already under way (mutations run their own checks first). */
export async function applyInWrite(
  w: Writer,
  { parsed, problems }: Built,
  opts: { onProgress?: ImportProgress; guardUnchanged?: boolean; copy?: boolean } = {},
): Promise<ImportReport> {
  const { tx, dryRun } = w;
  const step = (name: string) => opts.onProgress?.(name, IMPORT_STEPS.indexOf(name));
  step('checking');
  // the whole batch staged (COPY for imports), checked across records by set operations, then record by record
  const records = stagedRecords(parsed);
  const batch = await stageBatch(tx, records, opts.copy ?? false);
  const staged = await checkStaged(tx, batch);
  const known = await loadKnown(tx, parsed);
  problems.push(...checkDocument(parsed, known, staged));
  step('planning');
  const plan = await planChanges(tx, { doc: parsed, records, batch }, known);
  // The caller's role and scope, record by record, before and after (a dry run reports the same).
  problems.push(...(await w.scopeProblems(opts.guardUnchanged ? [...plan.changes, ...plan.unchanged] : plan.changes)));
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
  if (problems.length > 0 || dryRun) {
    await dropBatch(tx, batch);
    return report(false);
  }
  await writePlan(w, plan, step, batch);
  await dropBatch(tx, batch);
  step('change feed');
  // A bulk import changes the tables' statistics wholesale; the planner must not see the empty tables of
  // before (autovacuum would catch up only later), or the first analysis after it runs on nested loops.
  if (plan.changes.length >= ANALYZE_AFTER) await analyzeGrown(tx, plan);
  step('commit');
  return report(true);
}

const TABLE_OF: Record<RecordKind, string> = {
  body: 'body',
  item: 'item',
  catalogue: 'catalogue',
  entry: 'catalogue_entry',
  assignment: 'assignment',
  empowerment: 'empowerment',
};

/** A table is analysed when a write adds at least this share of the rows its statistics know of. */
const ANALYZE_GROWTH = 0.2;

/**
 * Refreshes the statistics of the tables a bulk write grew noticeably: never analysed, or the rows written
 * (by this write and by those since the last analyse) are ≥ ANALYZE_GROWTH of what the statistics count.
 * Province by province into one database, most files then analyse nothing (autovacuum keeps up), instead of
 * sampling six tables per file; the statistics never fall more than that share behind.
 */
async function analyzeGrown(tx: Db, plan: Plan): Promise<void> {
  const written = new Map<string, number>();
  for (const c of plan.changes) written.set(TABLE_OF[c.entity], (written.get(TABLE_OF[c.entity]) ?? 0) + 1);
  const known = await tx.query<{ table: string; rows: number; since: number }>(
    `select c.relname as table, c.reltuples::float8 as rows, coalesce(s.n_mod_since_analyze, 0)::float8 as since
       from pg_class c left join pg_stat_user_tables s on s.relid = c.oid
      where c.relname = any($1::text[]) and c.relnamespace = to_regnamespace(current_schema())`,
    [[...written.keys()]],
  );
  const stats = new Map(known.map((k) => [k.table, k]));
  const grown = [...written].filter(([t, n]) => {
    const s = stats.get(t);
    return !s || s.rows < 0 || n + s.since >= ANALYZE_GROWTH * s.rows;
  });
  if (grown.length > 0) await tx.query(`analyze ${grown.map(([t]) => t).join(', ')}`);
}

/** Every record of a batch as the staging reads it: by kind, in the batch's order, with its change-feed key and path. */
function stagedRecords(doc: ParsedDocument): Record<RecordKind, StagedRecord[]> {
  const of = (kind: RecordKind) =>
    (doc[BATCH_FIELD[kind]] as unknown as At<Record<string, unknown>>[]).map(({ rec, path }) => ({
      key: recordKey(kind, rec),
      id: (rec.id as string | undefined) ?? null,
      rec,
      path,
    }));
  return Object.fromEntries(RECORD_KINDS.map((k) => [k, of(k)])) as Record<RecordKind, StagedRecord[]>;
}

/** One record in a batch of its own, pathed `input` (mutations). */
export function singleRecord(kind: RecordKind, rec: object): ParsedDocument {
  const doc = emptyDocument();
  (doc[BATCH_FIELD[kind]] as At<unknown>[]).push({ rec, path: 'input' });
  return doc;
}

const BATCH_FIELD: Record<RecordKind, keyof ParsedDocument> = {
  body: 'bodies',
  item: 'items',
  catalogue: 'catalogues',
  entry: 'entries',
  assignment: 'assignments',
  empowerment: 'empowerments',
};

/** Change records carry the canonical record (an assignment is known by its natural key, not its id). */
function stripId(r: unknown): unknown {
  if (r === null || typeof r !== 'object') return r;
  const { id: _id, ...rest } = r as Record<string, unknown>;
  return rest;
}

const sum = (counts: EntityCount[], k: 'created' | 'updated' | 'unchanged') => counts.reduce((n, c) => n + c[k], 0);

/** Every code the document names, by what it names: what the checks must look up. */
function referencedCodes(doc: ParsedDocument) {
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
    [e.lead, e.takenBy].forEach((c) => c && bodyCodes.add(c));
  }
  for (const { rec: m } of doc.empowerments) {
    itemCodes.add(m.item);
    jurisdictionCodes.add(m.scope);
    m.exceptIn.forEach((j) => jurisdictionCodes.add(j));
  }
  for (const { rec: a } of doc.assignments) {
    itemCodes.add(a.item);
    jurisdictionCodes.add(a.scope);
    a.exceptIn.forEach((j) => jurisdictionCodes.add(j));
    if (a.body) bodyCodes.add(a.body);
    if (a.catalogue) catalogueCodes.add(a.catalogue);
  }
  return { jurisdictionCodes, bodyCodes, itemCodes, catalogueCodes };
}

/** What the checks and the plan read from the database about the records the document names: a fixed number of statements. */
async function loadKnown(tx: Db, doc: ParsedDocument): Promise<Known> {
  const { jurisdictionCodes, bodyCodes, itemCodes, catalogueCodes } = referencedCodes(doc);
  // One connection inside a transaction: statements run one after the other.
  const catalogues = await tx.query<sql.CatalogueRow>(sql.CATALOGUES_BY_CODE_SQL, [[...catalogueCodes]]);
  // the places the lists' owners are (SPEC §8: a duty list's lead / takenBy is checked against its owner)
  for (const c of [...catalogues, ...doc.catalogues.map((x) => x.rec)]) jurisdictionCodes.add(c.owner);
  const bodies = await tx.query<sql.BodyRow>(sql.BODIES_BY_CODE_SQL, [[...bodyCodes]]);
  for (const b of bodies) jurisdictionCodes.add(b.jurisdiction);
  for (const { rec: b } of doc.bodies) jurisdictionCodes.add(b.jurisdiction);
  const jurisdictions = await tx.query<sql.JurisdictionRefRow>(sql.JURISDICTIONS_BY_CODE_SQL, [[...jurisdictionCodes]]);
  const items = await tx.query<sql.ItemRow>(sql.ITEMS_BY_CODE_SQL, [[...itemCodes]]);
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
    bodies: new Map(bodies.map((b) => [b.code, pick(b, RECORD_FIELDS.body) as unknown as BodyRecord])),
    items: new Set(items.map((i) => i.code)),
    itemRecords: new Map(items.map((i) => [i.code, pick(i, RECORD_FIELDS.item) as unknown as ItemRecord])),
    catalogues: new Map(catalogues.map((c) => [c.code, pick(c, RECORD_FIELDS.catalogue) as unknown as CatalogueRecord])),
  };
}

/** Field by field, as `pick` would normalise them (absent = null, lists element by element); no allocation per record. */
function same(a: object, b: object, fields: readonly string[]): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const f of fields) {
    const u = x[f] ?? null;
    const v = y[f] ?? null;
    if (u === v) continue;
    if (!Array.isArray(u) || !Array.isArray(v) || u.length !== v.length || u.some((e, i) => e !== v[i])) return false;
  }
  return true;
}

/**
 * Each record of the document against what is stored: created, updated or unchanged (counted per kind). Bodies,
 * items and catalogues (few) against the stored records the checks read by code; entries, assignments and
 * empowerments (many) set-based on the staged batch (`compareStored`), the stored rows read only for the
 * records that differ.
 */
async function planChanges(
  tx: Db,
  { doc, records, batch }: { doc: ParsedDocument; records: Record<RecordKind, StagedRecord[]>; batch: StagedBatch },
  known: Known,
): Promise<Plan> {
  const changes: Change<unknown>[] = [];
  const unchanged: Change<unknown>[] = [];
  const counts: EntityCount[] = RECORD_KINDS.map((entity) => ({ entity, created: 0, updated: 0, unchanged: 0 }));
  const add = (entity: RecordKind, key: string, before: object | null, after: object, path: string, ord: number, same: boolean) => {
    const c = counts.find((x) => x.entity === entity)!;
    if (before === null) c.created++;
    else if (same) {
      c.unchanged++;
      return void unchanged.push({ entity, key, before, after, path, ord });
    } else c.updated++;
    changes.push({ entity, key, before, after, path, ord });
  };
  const byCode = <T extends object>(entity: RecordKind, list: At<T & { code: string }>[], stored: Map<string, object>) =>
    list.forEach(({ rec, path }, ord) => {
      const before = stored.get(rec.code) ?? null;
      add(entity, rec.code, before, rec, path, ord, before !== null && same(before, rec, RECORD_FIELDS[entity]));
    });
  byCode('body', doc.bodies, known.bodies);
  byCode('item', doc.items, known.itemRecords);
  byCode('catalogue', doc.catalogues, known.catalogues);

  for (const kind of COMPARED_KINDS) {
    const list = doc[BATCH_FIELD[kind]] as unknown as At<Record<string, unknown>>[];
    const matches = new Map((await compareStored(tx, batch, kind)).map((m) => [m.ord, m]));
    const differing = [...matches.values()].filter((m) => m.changed).map((m) => m.ord);
    const rows = new Map((await storedRows<{ id?: string }>(tx, batch, kind, differing)).map((r) => [r.ord, r]));
    const fields = RECORD_FIELDS[kind];
    // the stored row an assignment replaces gives it its id (its natural key may change in a mutation)
    const withId = (r: object, id: string | null | undefined) => (kind === 'assignment' && id ? { ...r, id } : r);
    list.forEach(({ rec, path }, ord) => {
      const key = records[kind][ord].key;
      const match = matches.get(ord);
      if (!match) return add(kind, key, null, rec, path, ord, false);
      // unchanged: the stored record is, field by field, the document's (nothing is written; no copy is made)
      if (!match.changed) return add(kind, key, rec, rec, path, ord, true);
      add(kind, key, withId(pick(rows.get(ord)!, fields), match.id), withId(rec, match.id), path, ord, false);
    });
  }
  return { changes, unchanged, counts };
}


/**
 * One write per kind, parents first (FKs among bodies and catalogues are deferred to commit): the kind's
 * changed records, taken from the staged batch (see records.stage.ts), and its statements write its rows and
 * its change records together, the before images joined from the stored rows.
 */
async function writePlan(w: Writer, plan: Plan, step: (name: RecordKind) => void, batch: StagedBatch): Promise<void> {
  for (const kind of RECORD_KINDS) {
    step(kind);
    const changes = plan.changes.filter((c) => c.entity === kind);
    if (changes.length === 0) continue;
    const staged = changes.map((c) => {
      const after = c.after as Record<string, unknown>;
      return { ord: c.ord, key: c.key, id: (after.id as string | undefined) ?? null, rec: after };
    });
    await w.recordWith(
      changes.map((c) => ({ entity: c.entity, key: c.key, before: stripId(c.before), after: stripId(c.after) })),
      (author) => writeKind(w.tx, kind, staged, author, batch),
    );
  }
}
