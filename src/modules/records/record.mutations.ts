import type { Db } from '../../db/database';
import { AppError, failOnProblems, type Problem } from '../../errors';
import type { ChangeRecord, WriteContext } from '../change/change.service';
import {
  holderOf,
  KIND_ZH,
  pick,
  RECORD_FIELDS,
  recordKey,
  type AssignmentRecord,
  type EmpowermentRecord,
  type RecordKind,
} from './record.kinds';
import { parseRecord } from './record.parse';
import { applyInWrite, singleRecord } from './records.writer';
import * as sql from './records.sql';
import { write, type Writer } from './write.protocol';

/**
 * Create / update / delete of single records for GraphQL mutations. Every write goes through the write
 * protocol and the same checks and writer as an import (one home for the rules), with problems pathed
 * `input.<field>`.
 */

/** The current record for a key, in canonical form (plus `id` for assignments), or null. */
async function loadRecord(db: Db, kind: RecordKind, key: string[]): Promise<Record<string, unknown> | null> {
  const fields = RECORD_FIELDS[kind];
  switch (kind) {
    case 'body': {
      const row = (await db.query<sql.BodyRow>(sql.BODIES_BY_CODE_SQL, [[key[0]]])).find((b) => b.code === key[0]);
      return row ? pick(row, fields) : null;
    }
    case 'item': {
      const [row] = await db.query<sql.ItemRow>(sql.ITEMS_BY_CODE_SQL, [[key[0]]]);
      return row ? pick(row, fields) : null;
    }
    case 'catalogue': {
      const [row] = await db.query<sql.CatalogueRow>(sql.CATALOGUES_BY_CODE_SQL, [[key[0]]]);
      return row ? pick(row, fields) : null;
    }
    case 'entry': {
      const [row] = await db.query<sql.EntryRow>(sql.ENTRIES_BY_KEY_SQL, [[key[0]], [key[1]]]);
      return row ? pick(row, fields) : null;
    }
    case 'assignment': {
      if (!/^[0-9]{1,18}$/.test(key[0])) return null;
      const [row] = await db.query<sql.AssignmentRow>(sql.ASSIGNMENT_BY_ID_SQL, [key[0]]);
      return row ? { ...pick(row, fields), id: row.id } : null;
    }
    case 'empowerment': {
      if (!/^[0-9]{1,18}$/.test(key[0])) return null;
      const [row] = await db.query<sql.EmpowermentRow>(sql.EMPOWERMENT_BY_ID_SQL, [key[0]]);
      return row ? { ...pick(row, fields), id: row.id } : null;
    }
  }
}

/** The argument that names a record of this kind, for problems. */
const keyPath = (kind: RecordKind) => (kind === 'assignment' || kind === 'empowerment' ? 'id' : 'code');

function notFound(kind: RecordKind, key: string[]): AppError {
  return new AppError('NOT_FOUND', `${KIND_ZH[kind]} "${key.join(' / ')}" 不存在 · no ${kind} "${key.join(' / ')}"`, [
    { path: keyPath(kind), message: 'not found' },
  ]);
}

function exists(kind: RecordKind, key: string): AppError {
  return new AppError('ALREADY_EXISTS', `${KIND_ZH[kind]} "${key}" 已存在 · ${kind} "${key}" already exists`, [
    { path: 'input', message: 'already exists' },
  ]);
}

/** The assignment other than `exceptId` holding `a`'s natural key, if any. */
async function holderOfKey(tx: Db, a: AssignmentRecord, exceptId: string | null) {
  const [row] = await tx.query<sql.NaturalKeyRow>(sql.ASSIGNMENT_BY_NATURAL_KEY_SQL, [
    a.item,
    a.scope,
    holderOf(a),
    a.role,
    a.validFrom,
    exceptId,
  ]);
  return row ?? null;
}

/** Parses the input as a record of `kind`, adds what travels beside it (`extra`), checks and writes it. */
async function apply(
  w: Writer,
  kind: RecordKind,
  input: Record<string, unknown>,
  extra: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const problems: Problem[] = [];
  const rec = parseRecord(kind, input, 'input', problems);
  failOnProblems(problems);
  const full = { ...rec!, ...extra };
  if (kind === 'assignment' && (full.body === null) === (full.relative === null)) {
    failOnProblems([
      { path: 'input', message: '必须且只能给出 body 与 relative 之一 · give exactly one of "body" and "relative"' },
    ]);
  }
  if (kind === 'assignment' && extra.id) {
    // An edit may move a row onto the natural key of another one: a conflict, not a constraint failure.
    const a = full as unknown as AssignmentRecord;
    if (await holderOfKey(w.tx, a, String(extra.id))) throw exists(kind, recordKey(kind, full));
  }
  const report = await applyInWrite(w, { parsed: singleRecord(kind, full), problems: [] }, { guardUnchanged: true });
  failOnProblems(report.problems);
  return full;
}

const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export interface CreateOptions extends WriteContext {
  /** The catalogue an entry is created in. */
  catalogue?: string;
}

/** Creates a record; CONFLICT when its key already exists. Returns the key of the new record. */
export async function createRecord(db: Db, kind: RecordKind, input: object, opts: CreateOptions = {}): Promise<string> {
  const { catalogue, ...who } = opts;
  return write(db, who, { role: 'EDITOR' }, async (w) => {
    const values = defined(input);
    if (kind === 'entry') {
      if (!(await loadRecord(w.tx, 'catalogue', [catalogue!]))) throw notFound('catalogue', [catalogue!]);
      if (await loadRecord(w.tx, 'entry', [catalogue!, String(values.item)])) {
        throw exists(kind, `${catalogue} / ${values.item}`);
      }
      await apply(w, kind, values, { catalogue });
      return String(values.item);
    }
    if (kind === 'empowerment') {
      // no code: the natural key (item, scope, mode, validFrom) says whether it is new; the id names it after
      const m = (await apply(w, kind, values, {})) as unknown as EmpowermentRecord;
      const [row] = await w.tx.query<sql.NaturalKeyRow>(sql.EMPOWERMENT_BY_NATURAL_KEY_SQL, [
        m.item,
        m.scope,
        m.mode,
        m.validFrom,
      ]);
      if (!row?.created) throw exists(kind, recordKey(kind, m as unknown as Record<string, unknown>));
      return row.id;
    }
    if (kind !== 'assignment') {
      const code = String(values.code ?? '');
      if (code && (await loadRecord(w.tx, kind, [code.trim()]))) throw exists(kind, code);
      const rec = await apply(w, kind, values, {});
      return String(rec.code);
    }
    const rec = (await apply(w, kind, values, {})) as unknown as AssignmentRecord;
    const row = (await holderOfKey(w.tx, rec, null))!;
    if (!row.created) throw exists(kind, recordKey(kind, rec as unknown as Record<string, unknown>));
    return row.id;
  });
}

export interface UpdateOptions extends WriteContext {
  /** The row version the caller last read: STALE_VERSION when the record has moved on since. */
  expectedVersion?: number | null;
}

/** Applies a patch (absent fields keep their value, null clears) and re-checks the whole record. */
export async function updateRecord(
  db: Db,
  kind: RecordKind,
  key: string[],
  patch: object,
  opts: UpdateOptions = {},
): Promise<void> {
  const { expectedVersion, ...who } = opts;
  // The lock comes first (the protocol): the patch is merged onto the record as the previous writer left it.
  await write(db, who, { role: 'EDITOR' }, async (w) => {
    const current = await loadRecord(w.tx, kind, key);
    if (!current) throw notFound(kind, key);
    if (expectedVersion !== undefined && expectedVersion !== null) await checkVersion(w.tx, kind, key, expectedVersion);
    const merged = { ...current, ...defined(patch) };
    // The key travels beside the record: entries belong to their catalogue, assignments keep their id.
    const { catalogue, id, ...fields } = merged;
    const input = kind === 'assignment' ? { ...fields, catalogue } : fields;
    const extra = kind === 'entry' ? { catalogue } : kind === 'assignment' ? { id } : {};
    await apply(w, kind, input, extra);
  });
}

const VERSION_SQL: Record<RecordKind, string> = {
  body: 'select row_version as v from body where code = $1',
  item: 'select row_version as v from item where code = $1',
  catalogue: 'select row_version as v from catalogue where code = $1',
  entry: 'select row_version as v from catalogue_entry where catalogue_code = $1 and item_code = $2',
  assignment: 'select row_version as v from assignment where id = $1::bigint',
  empowerment: 'select row_version as v from empowerment where id = $1::bigint',
};

async function checkVersion(tx: Db, kind: RecordKind, key: string[], expected: number): Promise<void> {
  const [row] = await tx.query<{ v: number }>(`${VERSION_SQL[kind]} for update`, key);
  if (row && row.v !== expected) {
    throw new AppError(
      'STALE_VERSION',
      `${KIND_ZH[kind]}已被他人修改（当前版本 ${row.v}，提交版本 ${expected}），请刷新后重试 · ` +
        `${kind} "${key.join(' / ')}" was changed by someone else (version ${row.v}, you sent ${expected}); reload and retry`,
      [{ path: 'expectedVersion', message: `current version is ${row.v}` }],
    );
  }
}

/** What still points at a record, as readable counts; deleting it is refused while any remain. */
const REFERENCES_SQL: Partial<Record<RecordKind, string>> = {
  body: `select 'assignment' as what, count(*)::int as n from assignment where body_code = $1
         union all select 'stationed body (parent)', count(*)::int from body where parent_code = $1
         union all select 'body (successor)', count(*)::int from body where successor_code = $1
         union all select 'duty list entry (lead / takenBy)', count(*)::int from catalogue_entry
                    where lead_code = $1 or taken_by_code = $1`,
  item: `select 'catalogue entry' as what, count(*)::int as n from catalogue_entry where item_code = $1
         union all select 'assignment', count(*)::int from assignment where item_code = $1
         union all select 'empowerment', count(*)::int from empowerment where item_code = $1`,
  catalogue: `select 'assignment' as what, count(*)::int as n from assignment where catalogue_code = $1
              union all select 'derived catalogue (guiding)', count(*)::int from catalogue where guiding_code = $1`,
};

const DELETE_SQL: Record<RecordKind, string> = {
  body: 'delete from body where code = $1',
  item: 'delete from item where code = $1',
  catalogue: 'delete from catalogue where code = $1',
  entry: 'delete from catalogue_entry where catalogue_code = $1 and item_code = $2',
  assignment: 'delete from assignment where id = $1::bigint',
  empowerment: 'delete from empowerment where id = $1::bigint',
};

export interface DeleteOptions extends WriteContext {
  /** Deleting a catalogue also deletes the assignments published in it (else they keep it from going). */
  cascadeAssignments?: boolean;
}

/** Deletes a record, refusing while anything references it; every row removed is a DELETE change. */
export async function deleteRecord(db: Db, kind: RecordKind, key: string[], opts: DeleteOptions = {}): Promise<void> {
  const { cascadeAssignments, ...who } = opts;
  await write(db, who, { role: 'EDITOR' }, async (w) => {
    const current = await loadRecord(w.tx, kind, key);
    if (!current) throw notFound(kind, key);
    const { id: _id, ...before } = current;
    const own: ChangeRecord = { entity: kind, key: recordKey(kind, before), before, after: null };
    // Refused outside the caller's scope before anything else is said about the record.
    await w.guard([{ ...own, path: keyPath(kind) }]);
    if (kind === 'body' && current.kind === 'GOVERNMENT') {
      throw new AppError(
        'STILL_REFERENCED',
        `人民政府 "${key[0]}" 随行政区划存在，不能删除 · the GOVERNMENT body "${key[0]}" exists with its jurisdiction and cannot be deleted`,
      );
    }
    const cascaded = kind === 'catalogue' && cascadeAssignments ? await deleteAssignmentsOf(w.tx, key[0]) : [];
    await refuseWhileReferenced(w.tx, kind, key);
    // A catalogue's entries go with it (on delete cascade): each is a change of its own.
    const entries = kind === 'catalogue' ? await entriesOf(w.tx, key[0]) : [];
    const removed = [...cascaded, ...entries, own];
    // Every row the delete removes (a catalogue's entries and cascaded assignments too) passes the guard.
    await w.guard(removed.map((r) => ({ ...r, path: keyPath(kind) })));
    // The feed before the delete: an entry's change takes its scope from its catalogue, still there now.
    await w.record(removed);
    await w.tx.query(DELETE_SQL[kind], key);
  });
}

async function deleteAssignmentsOf(tx: Db, catalogue: string): Promise<ChangeRecord[]> {
  const rows = await tx.query<sql.AssignmentRow>(sql.DELETE_ASSIGNMENTS_OF_CATALOGUE_SQL, [catalogue]);
  return rows.map((r) => {
    const before = pick(r, RECORD_FIELDS.assignment);
    return { entity: 'assignment', key: recordKey('assignment', before), before, after: null };
  });
}

async function entriesOf(tx: Db, catalogue: string): Promise<ChangeRecord[]> {
  const rows = await tx.query<sql.EntryRow>(sql.ENTRIES_OF_CATALOGUE_SQL, [catalogue]);
  return rows.map((e) => {
    const before = pick(e, RECORD_FIELDS.entry);
    return { entity: 'entry', key: recordKey('entry', before), before, after: null };
  });
}

async function refuseWhileReferenced(tx: Db, kind: RecordKind, key: string[]): Promise<void> {
  const refs = REFERENCES_SQL[kind] ? await tx.query<{ what: string; n: number }>(REFERENCES_SQL[kind]!, key) : [];
  const using = refs.filter((r) => r.n > 0);
  if (using.length === 0) return;
  const list = using.map((r) => `${r.n} ${r.what}`).join(', ');
  throw new AppError(
    'STILL_REFERENCED',
    `${KIND_ZH[kind]} "${key[0]}" 仍被引用（${list}），不能删除 · ${kind} "${key[0]}" is still referenced by ${list}`,
    [{ path: keyPath(kind), message: `still referenced by ${list}` }],
  );
}
