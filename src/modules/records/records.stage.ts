import type { Db } from '../../db/database';
import { RECORD_FIELDS, RECORD_KINDS, type RecordKind } from './record.kinds';
import * as sql from './records.sql';

/**
 * The writes of the lists, set-based: the records a batch creates or changes become rows of a staging relation
 * (`ord`: their place in the batch, `key`: their change-feed key, then the table's own columns), and one
 * statement per table writes both the change feed (`insert … select`, the before image by a join to the stored
 * row, the after image from the staged row) and the rows (`insert … select … on conflict`). A bulk write COPYs
 * the rows into a temporary staging table; a small one (a mutation) passes them as one jsonb parameter read
 * with the same column list. The statements are the same either way.
 */

/** A column of a kind's table: its name, its type, the record field it holds. */
interface Column {
  column: string;
  type: string;
  field: string;
}
const col = (column: string, type: string, field: string = column): Column => ({ column, type, field });
const validity = [col('valid_from', 'date', 'validFrom'), col('valid_to', 'date', 'validTo')];

interface KindTable {
  table: string;
  columns: Column[];
  /** The stored row `t` a staged row `s` replaces. */
  match: string;
  /** The change record's scope (change.scope_code) of staged row `s`, as RECORD_CHANGES_SQL computes it. */
  scope: string;
  /** A join the scope needs (entries: their catalogue, for its owner). */
  scopeJoin?: string;
  /** What an insert does on its key when the row exists (only possible if another writer bypassed the lock). */
  conflict: string;
}

const TABLES: Record<RecordKind, KindTable> = {
  body: {
    table: 'body',
    columns: [
      col('code', 'varchar'),
      col('name', 'text'),
      col('jurisdiction_code', 'varchar', 'jurisdiction'),
      col('kind', 'text'),
      col('parent_code', 'varchar', 'parent'),
      col('serves', 'varchar[]'),
      ...validity,
      col('successor_code', 'varchar', 'successor'),
    ],
    match: 't.code = s.code',
    scope: 's.jurisdiction_code',
    conflict: 'on conflict (code) do update set',
  },
  item: {
    table: 'item',
    columns: [
      col('code', 'varchar'),
      col('name', 'text'),
      col('domain', 'text'),
      col('category', 'text'),
      col('basis', 'text[]'),
      col('description', 'text'),
    ],
    match: 't.code = s.code',
    scope: 'null::varchar',
    conflict: 'on conflict (code) do update set',
  },
  catalogue: {
    table: 'catalogue',
    columns: [
      col('code', 'varchar'),
      col('name', 'text'),
      col('owner_code', 'varchar', 'owner'),
      col('kind', 'text'),
      col('guiding_code', 'varchar', 'guiding'),
      ...validity,
    ],
    match: 't.code = s.code',
    scope: 's.owner_code',
    conflict: 'on conflict (code) do update set',
  },
  entry: {
    table: 'catalogue_entry',
    columns: [
      col('catalogue_code', 'varchar', 'catalogue'),
      col('item_code', 'varchar', 'item'),
      col('not_applicable_in', 'varchar[]', 'notApplicableIn'),
      ...validity,
      col('name', 'text'),
      col('category', 'text'),
      col('basis', 'text[]'),
      col('part', 'text'),
      col('lead_code', 'varchar', 'lead'),
      col('taken_by_code', 'varchar', 'takenBy'),
      col('duty', 'text'),
    ],
    match: 't.catalogue_code = s.catalogue_code and t.item_code = s.item_code',
    // catalogues are written by an earlier statement of the same write: a new list's owner is found
    scope: 'sc.owner_code',
    scopeJoin: 'left join catalogue sc on sc.code = s.catalogue_code',
    conflict: 'on conflict (catalogue_code, item_code) do update set',
  },
  assignment: {
    table: 'assignment',
    columns: [
      col('item_code', 'varchar', 'item'),
      col('scope_code', 'varchar', 'scope'),
      col('body_code', 'varchar', 'body'),
      col('relative', 'text'),
      col('role', 'text'),
      col('duty', 'text'),
      ...validity,
      col('except_in', 'varchar[]', 'exceptIn'),
      col('catalogue_code', 'varchar', 'catalogue'),
      col('basis', 'text[]'),
      col('note', 'text'),
    ],
    // the plan gives a stored assignment's id to the record that replaces it (its natural key may change)
    match: 't.id = s.id',
    scope: 's.scope_code',
    conflict: 'on conflict on constraint uq_assignment_natural_key do update set',
  },
  empowerment: {
    table: 'empowerment',
    columns: [
      col('item_code', 'varchar', 'item'),
      col('scope_code', 'varchar', 'scope'),
      col('mode', 'text'),
      col('basis', 'text[]'),
      ...validity,
      col('except_in', 'varchar[]', 'exceptIn'),
      col('note', 'text'),
    ],
    match: `t.item_code = s.item_code and t.scope_code = s.scope_code and t.mode = s.mode
            and t.valid_from is not distinct from s.valid_from`,
    scope: 's.scope_code',
    conflict: 'on conflict on constraint uq_empowerment_natural_key do update set',
  },
};

/** What an update on conflict leaves as it was: the natural key (assignments, empowerments keep theirs). */
const KEPT_ON_CONFLICT: Partial<Record<RecordKind, string[]>> = {
  entry: ['catalogue_code', 'item_code'],
  assignment: ['item_code', 'scope_code', 'body_code', 'relative', 'role', 'valid_from'],
  empowerment: ['item_code', 'scope_code', 'mode', 'valid_from'],
};

// The staged columns are the record's fields, no more and no fewer (the images of the feed are built from them).
for (const [kind, t] of Object.entries(TABLES) as [RecordKind, KindTable][]) {
  const fields = t.columns.map((c) => c.field).sort();
  if (fields.join() !== [...RECORD_FIELDS[kind]].sort().join())
    throw new Error(`records.stage: the columns of ${kind} do not match its fields`);
}

/** A record as the change feed carries it, built in SQL from row `alias` of a kind's table (or its staging). */
const image = (t: KindTable, alias: string) =>
  `jsonb_build_object(${t.columns.map((c) => `'${c.field}', ${alias}.${c.column}`).join(', ')})`;

/** The staging relation's column definitions: ord, key, (assignments: id), the table's columns. */
const stagedColumns = (kind: RecordKind) => [
  'ord int',
  'key text',
  ...(kind === 'assignment' ? ['id bigint'] : []),
  ...TABLES[kind].columns.map((c) => `${c.column} ${c.type}`),
];

const stageTable = (kind: RecordKind) => `shudi_stage_${kind}`;

/** Where the staged rows are read from: a temporary table (the write's own, or `table`), or the jsonb parameter $3. */
const source = (kind: RecordKind, staged: boolean, table = stageTable(kind)) =>
  staged ? table : `(select * from jsonb_to_recordset($3::jsonb) as r(${stagedColumns(kind).join(', ')}))`;

/** The change feed's rows of the staged records, in batch order, by actor $1 for reason $2 (a CTE). */
function feedCte(kind: RecordKind, from: string): string {
  const t = TABLES[kind];
  return `feed as (
  insert into change (entity, key, operation, before, after, scope_code, actor, reason)
  select '${kind}', s.key, case when t.row_version is null then 'CREATE' else 'UPDATE' end,
         case when t.row_version is null then null else ${image(t, 't')} end, ${image(t, 's')}, ${t.scope}, $1::text, $2::text
    from ${from} s left join ${t.table} t on ${t.match}${t.scopeJoin ? ` ${t.scopeJoin}` : ''}
   order by s.ord
  returning 1)`;
}

/** The statement that writes a kind's staged records and their change records. */
export function writeStatement(kind: RecordKind, staged: boolean, table?: string): string {
  const t = TABLES[kind];
  const from = source(kind, staged, table);
  const names = t.columns.map((c) => c.column);
  const values = names.map((n) => `s.${n}`).join(', ');
  const kept = KEPT_ON_CONFLICT[kind] ?? [];
  const set = [
    ...names.filter((n) => !kept.includes(n) && n !== 'code').map((n) => `${n} = excluded.${n}`),
    `row_version = ${t.table}.row_version + 1`,
    'updated_at = now()',
  ].join(', ');
  const insert = (where: string) => `insert into ${t.table} (${names.join(', ')})
select ${values} from ${from} s${where} order by s.ord
${t.conflict} ${set}`;
  if (kind !== 'assignment') return `with ${feedCte(kind, from)}\n${insert('')}`;
  // a stored assignment is updated by id (all of it: a mutation may change its natural key), a new one inserted
  return `with ${feedCte(kind, from)},
updated as (
  update assignment a set ${names.map((n) => `${n} = s.${n}`).join(', ')},
         row_version = a.row_version + 1, updated_at = now()
    from ${from} s where s.id is not null and a.id = s.id
  returning 1)
${insert(' where s.id is null')}`;
}

/** One staged row: ord, key, (id), the record's fields by column, and where the record is in its batch. */
export interface StagedRecord {
  key: string;
  id?: string | null;
  rec: Record<string, unknown>;
  path?: string;
}

/** A batch's records as SQL reads them, whole (every record, written or not): what the checks run on (staged.check.ts). */
export interface StagedBatch {
  /** Whether the records are in temporary tables (COPY); else each kind is one jsonb parameter of the statements. */
  readonly staged: boolean;
  /** How many records of each kind the batch holds. */
  readonly counts: Readonly<Record<RecordKind, number>>;
  /** The relation of a kind's records: ord, key, (id), its columns, path. */
  from(kind: RecordKind): string;
  /** The CTEs a statement reading `from(…)` needs (unstaged: the relations, one per kind), and what it binds. */
  readonly ctes: string[];
  readonly params: unknown[];
}

/** Records at or above which a bulk batch is COPYed into temporary tables instead of sent as jsonb parameters. */
export const STAGING = { copyAtLeast: 1 };

const docTable = (kind: RecordKind) => `shudi_doc_${kind}`;
const docColumns = (kind: RecordKind) => [...stagedColumns(kind), 'path text'];

/**
 * Stages every record of a batch, by kind, in batch order (ord = the record's index in its list): COPY into
 * temporary tables when `copy` (imports), else one jsonb parameter per kind (a mutation's one record: no
 * DDL). The checks read them with set operations; a bulk write then writes its changes from the same tables.
 * The temporary tables live until `dropBatch` or the end of the transaction.
 */
export async function stageBatch(
  tx: Db,
  records: Record<RecordKind, StagedRecord[]>,
  copy: boolean,
): Promise<StagedBatch> {
  const counts = Object.fromEntries(RECORD_KINDS.map((k) => [k, records[k].length])) as Record<RecordKind, number>;
  const total = RECORD_KINDS.reduce((n, k) => n + counts[k], 0);
  if (!copy || total < STAGING.copyAtLeast) {
    const params = RECORD_KINDS.map((kind) => JSON.stringify(records[kind].map((r, ord) => jsonRow(kind, r, ord))));
    // every kind's CTE, used or not, so that each parameter has its type
    const ctes = RECORD_KINDS.map(
      (kind, i) => `doc_${kind} as (select * from jsonb_to_recordset($${i + 1}::jsonb) as r(${docColumns(kind).join(', ')}))`,
    );
    return { staged: false, counts, from: (kind) => `doc_${kind}`, ctes, params };
  }
  for (const kind of RECORD_KINDS) {
    const table = docTable(kind);
    await tx.query(`drop table if exists ${table}`);
    await tx.query(`create temporary table ${table} (${docColumns(kind).join(', ')}) on commit drop`);
    if (records[kind].length === 0) continue;
    const names = [...columnNames(kind), 'path'];
    await tx.copyIn(`copy ${table} (${names.join(', ')}) from stdin with (format csv)`, csvChunks(kind, records[kind], true));
    // the checks look bodies, items and lists up by code (references, cycles, a list's kind): an index probe
    if (CODED.includes(kind)) await tx.query(`create index on ${table} (code)`);
    // no analyze: counted by its pages, a temporary table is planned well enough for these joins
  }
  return { staged: true, counts, from: docTable, ctes: [], params: [] };
}

/** `with <ctes>` before a statement (nothing when there are none). */
export const withClause = (ctes: string[]) => (ctes.length ? `with ${ctes.join(',\n')}\n` : '');

/** Drops a staged batch's tables (a transaction that writes several batches stages each in turn). */
export async function dropBatch(tx: Db, batch: StagedBatch): Promise<void> {
  if (batch.staged) await tx.query(`drop table if exists ${RECORD_KINDS.map(docTable).join(', ')}`);
}

/** The kinds whose records others name by code (the checks' lookups). */
const CODED: readonly RecordKind[] = ['body', 'item', 'catalogue'];

const columnNames = (kind: RecordKind) => ['ord', 'key', ...(kind === 'assignment' ? ['id'] : []), ...TABLES[kind].columns.map((c) => c.column)];

function jsonRow(kind: RecordKind, r: StagedRecord, ord: number): Record<string, unknown> {
  const row: Record<string, unknown> = { ord, key: r.key, id: r.id ?? null, path: r.path ?? null };
  for (const c of TABLES[kind].columns) row[c.column] = r.rec[c.field] ?? null;
  return row;
}

/** A change to write: the staged record at `ord` of its batch (imports), or the record itself (mutations). */
export interface ChangeToWrite extends StagedRecord {
  ord: number;
}

/**
 * Writes `changes` of one kind and their change records (actor, reason). From a staged batch (imports), the
 * changes are taken from the batch's table: the table itself when every record of the kind is new (a first
 * import: no second copy), else the rows at the changes' places, with the ids of the stored assignments they
 * replace; without one, one jsonb parameter. Then the kind's statements. The staging table is dropped afterwards.
 */
export async function writeKind(
  tx: Db,
  kind: RecordKind,
  changes: ChangeToWrite[],
  author: [string | null, string | null],
  batch: StagedBatch | null,
): Promise<void> {
  if (changes.length === 0) return;
  if (!batch?.staged) {
    const rows = changes.map((r, ord) => jsonRow(kind, r, ord));
    await tx.query(writeStatement(kind, false), [...author, JSON.stringify(rows)]);
    return;
  }
  const all = changes.length === batch.counts[kind] && changes.every((c) => (c.id ?? null) === null);
  if (all) {
    await tx.query(writeStatement(kind, true, docTable(kind)), author);
    return;
  }
  const table = stageTable(kind);
  const picked = columnNames(kind).map((n) => (n === 'id' ? 'c.id' : `d.${n}`));
  await tx.query(
    `create temporary table ${table} on commit drop as
     select ${picked.join(', ')} from ${docTable(kind)} d
       join unnest($1::int[], $2::bigint[]) as c(ord, id) on c.ord = d.ord`,
    [changes.map((c) => c.ord), changes.map((c) => c.id ?? null)],
  );
  await tx.query(writeStatement(kind, true), author);
  await tx.query(`drop table ${table}`);
}

/** The staged rows as CSV (COPY's csv format: unquoted empty = NULL), in chunks of about 1 MB (lines joined flat). */
function* csvChunks(kind: RecordKind, records: StagedRecord[], withPath: boolean): Generator<string> {
  let lines: string[] = [];
  let size = 0;
  const fields = TABLES[kind].columns.map((c) => c.field);
  for (let ord = 0; ord < records.length; ord++) {
    const r = records[ord];
    let line = `${ord},${csv(r.key)}`;
    if (kind === 'assignment') line += `,${r.id ?? ''}`;
    for (const f of fields) line += `,${csv(r.rec[f])}`;
    if (withPath) line += `,${csv(r.path)}`;
    lines.push(line);
    size += line.length;
    if (size >= 1 << 20) {
      yield `${lines.join('\n')}\n`;
      lines = [];
      size = 0;
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

/** One CSV field: null empty, a string quoted, a list as a PostgreSQL array literal (quoted). */
function csv(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return quote(`{${v.map((e) => `"${String(e).replace(/[\\"]/g, (m) => `\\${m}`)}"`).join(',')}}`);
  return quote(String(v));
}

/** A text as a CSV field: as it is when nothing in it needs quoting (not empty: that would read as NULL), else quoted. */
const quote = (s: string) => (s.length > 0 && !NEEDS_QUOTES.test(s) ? s : `"${s.replace(/"/g, '""')}"`);
const NEEDS_QUOTES = /[",\r\n\\]|^\s|\s$/;

/** The kinds whose records the plan compares with the stored rows in SQL (the many: the others are few, read by code). */
export const COMPARED_KINDS = ['entry', 'assignment', 'empowerment'] as const satisfies readonly RecordKind[];
export type ComparedKind = (typeof COMPARED_KINDS)[number];

/**
 * How a staged record (`d`) finds the stored row it would replace (alias as records.sql.ts reads the kind):
 * entries by (catalogue, item); an assignment by its id when it names one (a mutation), else by its natural key;
 * empowerments by theirs. One join condition per branch, each an index's prefix.
 */
const STORED: Record<ComparedKind, { alias: string; columns: string; id: string; match: string[]; narrow?: string }> = {
  entry: {
    alias: 'e',
    columns: sql.ENTRY_COLUMNS,
    id: 'null::text',
    match: ['e.catalogue_code = d.catalogue_code and e.item_code = d.item_code'],
    // the batch's lists, by the primary key's leading column: a province's entries, not a scan of the nation's
    narrow: 'e.catalogue_code = any(array(select distinct x.catalogue_code from BATCH x))',
  },
  assignment: {
    alias: 'a',
    columns: sql.ASSIGNMENT_COLUMNS,
    id: 'a.id::text',
    match: [
      'd.id is not null and a.id = d.id',
      `d.id is null and a.item_code = d.item_code and a.scope_code = d.scope_code
       and a.holder = coalesce(d.body_code, '@' || d.relative) and a.role = d.role and a.valid_from is not distinct from d.valid_from`,
    ],
  },
  empowerment: {
    alias: 'm',
    columns: sql.EMPOWERMENT_COLUMNS,
    id: 'm.id::text',
    match: [
      `m.item_code = d.item_code and m.scope_code = d.scope_code and m.mode = d.mode
       and m.valid_from is not distinct from d.valid_from`,
    ],
  },
};

/** The condition that narrows a kind's stored rows to the batch's lists or scopes, after `word` (or nothing). */
const narrowed = (batch: StagedBatch, kind: ComparedKind, word: string) =>
  STORED[kind].narrow ? `\n             ${word} ${STORED[kind].narrow!.replace('BATCH', batch.from(kind))}` : '';

/** A staged record that has a stored row: its place, the row's id (assignments), whether any field differs. */
export interface StoredMatch {
  ord: number;
  id: string | null;
  changed: boolean;
}

/**
 * The plan's comparison, set-based: each staged record of `kind` against the stored row it replaces, field by
 * field (`is distinct from` on the record's columns). Answers the records that have one; the stored rows
 * themselves are read only for those that differ (`storedRows`), so an unchanged province reads none.
 */
export async function compareStored(tx: Db, batch: StagedBatch, kind: ComparedKind): Promise<StoredMatch[]> {
  if (batch.counts[kind] === 0) return [];
  const s = STORED[kind];
  const cols = TABLES[kind].columns.map((c) => c.column);
  const differs = `row(${cols.map((c) => `${s.alias}.${c}`).join(', ')}) is distinct from row(${cols.map((c) => `d.${c}`).join(', ')})`;
  const branches = s.match.map(
    (m) => `select d.ord, ${s.id} as id, ${differs} as changed
              from ${batch.from(kind)} d join ${TABLES[kind].table} ${s.alias} on ${m}${narrowed(batch, kind, 'where')}`,
  );
  return tx.query<StoredMatch>(`${withClause(batch.ctes)}${branches.join('\nunion all\n')}`, batch.params);
}

/** The stored rows (as records.sql.ts reads them) that the staged records at `ords` replace, with those places. */
export async function storedRows<T>(tx: Db, batch: StagedBatch, kind: ComparedKind, ords: number[]): Promise<(T & { ord: number })[]> {
  if (ords.length === 0) return [];
  const s = STORED[kind];
  const n = batch.params.length + 1;
  const branches = s.match.map(
    (m) => `select d.ord, ${s.columns}
              from ${batch.from(kind)} d join ${TABLES[kind].table} ${s.alias} on ${m}
             where d.ord = any($${n}::int[])${narrowed(batch, kind, 'and')}`,
  );
  return tx.query<T & { ord: number }>(`${withClause(batch.ctes)}${branches.join('\nunion all\n')}`, [...batch.params, ords]);
}
