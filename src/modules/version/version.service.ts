import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import type { WriteContext } from '../change/change.service';
import { write } from '../records/write.protocol';
import * as sql from '../records/records.sql';
import { assignmentKey, INPUT_FIELDS, pick, RECORD_FIELDS, type AssignmentRecord } from '../records/record.kinds';
import { todayInChina } from '../../dates';

type Json = Record<string, unknown>;

/** What a version freezes: the catalogue record, its entries and the assignments published in it. */
export interface VersionContent {
  catalogue: Json;
  entries: Json[];
  assignments: Json[];
}

export interface VersionRow {
  catalogue: string;
  version: number;
  publishedOn: string;
  publishedAt: string;
  note: string | null;
  actor: string | null;
  content: VersionContent;
}

const VERSION_COLUMNS = `v.catalogue_code as catalogue, v.version, v.published_on as "publishedOn",
  to_json(v.published_at)#>>'{}' as "publishedAt", v.note, v.actor, v.content`;

/** 动态调整: freezes the catalogue as it stands now as version N+1, dated `publishedOn` (default today). */
export async function publishCatalogue(
  db: Db,
  code: string,
  opts: { note?: string | null; publishedOn?: string | null } & WriteContext = {},
): Promise<VersionRow> {
  return write(db, opts, { role: 'REVIEWER' }, async (w) => {
    const [cat] = await w.tx.query<sql.CatalogueRow>(sql.CATALOGUES_BY_CODE_SQL, [[code.trim()]]);
    if (!cat)
      throw new AppError('NOT_FOUND', `清单 "${code}" 不存在 · no catalogue "${code}"`, [{ path: 'code', message: 'not found' }]);
    await w.guard([{ entity: 'version', key: cat.code, before: null, after: { catalogue: cat.code }, path: 'code' }]);
    const entries = await w.tx.query<sql.EntryRow>(sql.ENTRIES_OF_CATALOGUE_SQL, [cat.code]);
    const assignments = await w.tx.query<sql.AssignmentRow>(sql.ASSIGNMENTS_OF_CATALOGUE_SQL, [cat.code]);
    const content: VersionContent = {
      catalogue: pick(cat, RECORD_FIELDS.catalogue),
      entries: entries.map((e) => pick(e, INPUT_FIELDS.entry)),
      assignments: assignments.map((a) => pick(a, RECORD_FIELDS.assignment)),
    };
    const [row] = await w.tx.query<VersionRow>(
      `insert into catalogue_version (catalogue_code, version, published_on, note, actor, content)
       select $1::varchar, coalesce(max(version), 0) + 1, $2::date, $3::text, $4::text, $5::jsonb
         from catalogue_version where catalogue_code = $1::varchar
       returning catalogue_code as catalogue, version, published_on as "publishedOn",
                 to_json(published_at)#>>'{}' as "publishedAt", note, actor, content`,
      [cat.code, opts.publishedOn ?? todayInChina(), opts.note?.trim() || null, opts.actor ?? null, JSON.stringify(content)],
    );
    const after = { catalogue: cat.code, version: row.version, publishedOn: row.publishedOn, note: row.note };
    await w.record([{ entity: 'version', key: `${cat.code}|${row.version}`, before: null, after }]);
    return row;
  });
}

export const VERSIONS_BY_CATALOGUE_SQL = `select ${VERSION_COLUMNS} from catalogue_version v
  where v.catalogue_code = any($1::varchar[]) order by v.catalogue_code, v.version`;

export async function getVersion(db: Db, code: string, version: number): Promise<VersionRow> {
  const [row] = await db.query<VersionRow>(
    `select ${VERSION_COLUMNS} from catalogue_version v where v.catalogue_code = $1 and v.version = $2`,
    [code.trim(), version],
  );
  if (!row) {
    throw new AppError('NOT_FOUND', `清单 "${code}" 没有第 ${version} 版 · catalogue "${code}" has no version ${version}`, [
      { path: 'version', message: 'not found' },
    ]);
  }
  return row;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
export interface RecordDiff {
  added: string[];
  removed: string[];
  changed: { key: string; fields: FieldChange[] }[];
}
export interface VersionDiff {
  from: number;
  to: number;
  catalogue: FieldChange[];
  entries: RecordDiff;
  assignments: RecordDiff;
}

function fieldChanges(before: Json, after: Json): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
    .map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null }));
}

function diffRecords(before: Json[], after: Json[], key: (r: Json) => string): RecordDiff {
  const a = new Map(before.map((r) => [key(r), r]));
  const b = new Map(after.map((r) => [key(r), r]));
  return {
    added: [...b.keys()].filter((k) => !a.has(k)).sort(),
    removed: [...a.keys()].filter((k) => !b.has(k)).sort(),
    changed: [...b.keys()]
      .filter((k) => a.has(k))
      .map((k) => ({ key: k, fields: fieldChanges(a.get(k)!, b.get(k)!) }))
      .filter((c) => c.fields.length > 0)
      .sort((x, y) => x.key.localeCompare(y.key)),
  };
}

/** Field-by-field differences between two versions of one catalogue (entries by item, assignments by natural key). */
export async function diffVersions(db: Db, code: string, from: number, to: number): Promise<VersionDiff> {
  const [a, b] = [await getVersion(db, code, from), await getVersion(db, code, to)];
  return {
    from,
    to,
    catalogue: fieldChanges(a.content.catalogue, b.content.catalogue),
    entries: diffRecords(a.content.entries, b.content.entries, (e) => String(e.item)),
    assignments: diffRecords(a.content.assignments, b.content.assignments, (r) =>
      assignmentKey(r as unknown as AssignmentRecord),
    ),
  };
}
