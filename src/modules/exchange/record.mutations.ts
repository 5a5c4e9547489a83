import type { Db } from '../../db/database';
import { AppError, failOnProblems, type Problem } from '../../errors';
import { emptyDocument, type ParsedDocument } from './document.parse';
import * as sql from './exchange.sql';
import { guardWrite, requireRole } from '../access/access.guard';
import { lockWrites, recordChanges, type ChangeRecord, type WriteContext } from '../change/change.service';
import { applyParsed, assignmentKey, pick } from './import.service';
import { parseRecord, SPECS, type AssignmentRecord } from './records';

/**
 * Create / update / delete of single records for GraphQL mutations. Every write goes through the same
 * checks and writer as an import (one home for the rules), with problems pathed `input.<field>`.
 */
type Kind = 'body' | 'item' | 'catalogue' | 'entry' | 'assignment';

const ZH: Record<Kind, string> = { body: '责任主体', item: '事项', catalogue: '清单', entry: '清单条目', assignment: '责任分配' };
const DOC_FIELD: Record<Kind, keyof ParsedDocument> = {
  body: 'bodies',
  item: 'items',
  catalogue: 'catalogues',
  entry: 'entries',
  assignment: 'assignments',
};

/** The current record for a key, in canonical form (plus `catalogue` for entries, `id` for assignments), or null. */
async function loadRecord(db: Db, kind: Kind, key: string[]): Promise<Record<string, unknown> | null> {
  const fields = SPECS[kind].map((s) => s.key);
  switch (kind) {
    case 'body': {
      const row = (await db.query<sql.BodyRow>(sql.BODIES_WITH_CHAINS_SQL, [[key[0]]])).find((b) => b.code === key[0]);
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
      return row ? { ...pick(row, fields), catalogue: key[0] } : null;
    }
    case 'assignment': {
      if (!/^[0-9]{1,18}$/.test(key[0])) return null;
      const [row] = await db.query<sql.AssignmentRow>(
        `select ${sql.ASSIGNMENT_COLUMNS} from assignment a where a.id = $1::bigint`,
        [key[0]],
      );
      return row ? { ...pick(row, fields), id: row.id } : null;
    }
  }
}

function notFound(kind: Kind, key: string[]): AppError {
  return new AppError('NOT_FOUND', `${ZH[kind]} "${key.join(' / ')}" 不存在 · no ${kind} "${key.join(' / ')}"`, [
    { path: kind === 'assignment' ? 'id' : 'code', message: 'not found' },
  ]);
}

async function apply(
  db: Db,
  kind: Kind,
  input: Record<string, unknown>,
  extra: Record<string, unknown>,
  who: WriteContext,
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
    const [other] = await db.query<{ id: string }>(
      `select id from assignment where item_code = $1 and scope_code = $2 and holder = $3 and role = $4
          and valid_from is not distinct from $5::date and id <> $6::bigint`,
      [a.item, a.scope, a.body ?? `@${a.relative}`, a.role, a.validFrom, extra.id],
    );
    if (other) throw exists(kind, assignmentKey(a));
  }
  const doc = emptyDocument();
  (doc[DOC_FIELD[kind]] as { rec: unknown; path: string }[]).push({ rec: full, path: 'input' });
  const report = await applyParsed(db, doc, [], false, who, true);
  failOnProblems(report.problems);
  return full;
}

const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Creates a record; CONFLICT when its key already exists. Returns the key of the new record. */
export async function createRecord(
  db: Db,
  kind: Kind,
  input: object,
  scope: { catalogue?: string } = {},
  who: WriteContext = {},
): Promise<string> {
  requireRole(who, 'EDITOR');
  return db.transaction(async (tx) => {
    await lockWrites(tx);
    const values = defined(input);
    if (kind === 'entry') {
      if (!(await loadRecord(tx, 'catalogue', [scope.catalogue!]))) throw notFound('catalogue', [scope.catalogue!]);
      if (await loadRecord(tx, 'entry', [scope.catalogue!, String(values.item)])) {
        throw exists(kind, `${scope.catalogue} / ${values.item}`);
      }
      await apply(tx, kind, values, { catalogue: scope.catalogue }, who);
      return String(values.item);
    }
    if (kind !== 'assignment') {
      const code = String(values.code ?? '');
      if (code && (await loadRecord(tx, kind, [code.trim()]))) throw exists(kind, code);
      const rec = await apply(tx, kind, values, {}, who);
      return String(rec.code);
    }
    const rec = (await apply(tx, kind, values, {}, who)) as unknown as AssignmentRecord;
    const [row] = await tx.query<{ id: string; created: boolean }>(
      `select id, created_at = now() as created from assignment
        where item_code = $1 and scope_code = $2 and holder = $3 and role = $4 and valid_from is not distinct from $5::date`,
      [rec.item, rec.scope, rec.body ?? `@${rec.relative}`, rec.role, rec.validFrom],
    );
    if (!row.created) throw exists(kind, assignmentKey(rec));
    return row.id;
  });
}

function exists(kind: Kind, key: string): AppError {
  return new AppError('ALREADY_EXISTS', `${ZH[kind]} "${key}" 已存在 · ${kind} "${key}" already exists`, [
    { path: 'input', message: 'already exists' },
  ]);
}

/** Applies a patch (absent fields keep their value, null clears) and re-checks the whole record. */
export async function updateRecord(
  db: Db,
  kind: Kind,
  key: string[],
  patch: object,
  expectedVersion?: number | null,
  who: WriteContext = {},
): Promise<void> {
  requireRole(who, 'EDITOR');
  await db.transaction(async (tx) => {
    // The lock first: the patch is merged onto the record as the previous writer left it (no lost update).
    await lockWrites(tx);
    const current = await loadRecord(tx, kind, key);
    if (!current) throw notFound(kind, key);
    if (expectedVersion !== undefined && expectedVersion !== null) await checkVersion(tx, kind, key, expectedVersion);
    const merged = { ...current, ...defined(patch) };
    // The key travels beside the record: entries belong to their catalogue, assignments keep their id.
    const { catalogue, id, ...fields } = merged;
    const input = kind === 'assignment' ? { ...fields, catalogue } : kind === 'entry' ? fields : { ...fields };
    const extra = kind === 'entry' ? { catalogue } : kind === 'assignment' ? { id } : {};
    await apply(tx, kind, input, extra, who);
  });
}

const VERSION_SQL: Record<Kind, string> = {
  body: 'select row_version as v from body where code = $1',
  item: 'select row_version as v from item where code = $1',
  catalogue: 'select row_version as v from catalogue where code = $1',
  entry: 'select row_version as v from catalogue_entry where catalogue_code = $1 and item_code = $2',
  assignment: 'select row_version as v from assignment where id = $1::bigint',
};

async function checkVersion(tx: Db, kind: Kind, key: string[], expected: number): Promise<void> {
  const [row] = await tx.query<{ v: number }>(`${VERSION_SQL[kind]} for update`, key);
  if (row && row.v !== expected) {
    throw new AppError(
      'STALE_VERSION',
      `${ZH[kind]}已被他人修改（当前版本 ${row.v}，提交版本 ${expected}），请刷新后重试 · ` +
        `${kind} "${key.join(' / ')}" was changed by someone else (version ${row.v}, you sent ${expected}); reload and retry`,
      [{ path: 'expectedVersion', message: `current version is ${row.v}` }],
    );
  }
}

/** What still points at a record, as readable counts; deleting it is refused while any remain. */
const REFERENCES_SQL: Partial<Record<Kind, string>> = {
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

const DELETE_SQL: Record<Kind, string> = {
  body: 'delete from body where code = $1',
  item: 'delete from item where code = $1',
  catalogue: 'delete from catalogue where code = $1',
  entry: 'delete from catalogue_entry where catalogue_code = $1 and item_code = $2',
  assignment: 'delete from assignment where id = $1::bigint',
};

const changeKey = (kind: Kind, rec: Record<string, unknown>): string =>
  kind === 'entry'
    ? `${rec.catalogue}|${rec.item}`
    : kind === 'assignment'
      ? assignmentKey(rec as unknown as AssignmentRecord)
      : String(rec.code);

/** Deletes a record, refusing while anything references it; every row removed is a DELETE change. */
export async function deleteRecord(
  db: Db,
  kind: Kind,
  key: string[],
  opts: { cascadeAssignments?: boolean } & WriteContext = {},
): Promise<void> {
  requireRole(opts, 'EDITOR');
  await db.transaction(async (tx) => {
    await lockWrites(tx);
    const current = await loadRecord(tx, kind, key);
    if (!current) throw notFound(kind, key);
    const keyPath = kind === 'assignment' ? 'id' : 'code';
    const { id: _ignored, ...stored } = current;
    // Refused outside the caller's scope before anything else is said about the record.
    await guardWrite(tx, opts, [{ entity: kind, key: changeKey(kind, stored), before: stored, after: null, path: keyPath }]);
    if (kind === 'body' && current.kind === 'GOVERNMENT') {
      throw new AppError(
        'STILL_REFERENCED',
        `人民政府 "${key[0]}" 随行政区划存在，不能删除 · the GOVERNMENT body "${key[0]}" exists with its jurisdiction and cannot be deleted`,
      );
    }
    const removed: ChangeRecord[] = [];
    if (kind === 'catalogue' && opts.cascadeAssignments) {
      const rows = await tx.query<sql.AssignmentRow>(
        `delete from assignment a where a.catalogue_code = $1 returning ${sql.ASSIGNMENT_COLUMNS}`,
        key,
      );
      for (const r of rows) {
        const before = pick(
          r,
          SPECS.assignment.map((f) => f.key),
        );
        removed.push({ entity: 'assignment', key: changeKey('assignment', before), before, after: null });
      }
    }
    const refs = REFERENCES_SQL[kind] ? await tx.query<{ what: string; n: number }>(REFERENCES_SQL[kind]!, key) : [];
    const using = refs.filter((r) => r.n > 0);
    if (using.length > 0) {
      const list = using.map((r) => `${r.n} ${r.what}`).join(', ');
      throw new AppError(
        'STILL_REFERENCED',
        `${ZH[kind]} "${key[0]}" 仍被引用（${list}），不能删除 · ${kind} "${key[0]}" is still referenced by ${list}`,
        [{ path: kind === 'assignment' ? 'id' : 'code', message: `still referenced by ${list}` }],
      );
    }
    if (kind === 'catalogue') {
      // its entries go with it (on delete cascade): each is a change of its own
      const entries = await tx.query<sql.EntryRow>(
        `select ${sql.ENTRY_COLUMNS} from catalogue_entry e where e.catalogue_code = $1`,
        key,
      );
      for (const e of entries) {
        const before = {
          ...pick(
            e,
            SPECS.entry.map((f) => f.key),
          ),
          catalogue: key[0],
        };
        removed.push({ entity: 'entry', key: changeKey('entry', before), before, after: null });
      }
    }
    const { id: _id, ...before } = current;
    removed.push({ entity: kind, key: changeKey(kind, before), before, after: null });
    // Every row the delete removes (a catalogue's entries and cascaded assignments too) passes the guard.
    await guardWrite(
      tx,
      opts,
      removed.map((r) => ({ ...r, path: keyPath })),
    );
    await recordChanges(tx, removed, opts);
    await tx.query(DELETE_SQL[kind], key);
  });
}
