import type { Db } from '../../../db/database';
import type { Problem } from '../../../errors';
import type { WriteContext } from '../../change/change.service';
import { canonicalCode } from '../../jurisdiction/jurisdiction.code';
import * as exchangeSql from '../../records/records.sql';
import { requireRole } from '../../access/access.guard';
import { type CatalogueRecord } from '../../records/record.kinds';
import { splitList } from './table.layout';
import { buildRecords, indexContext } from './table.rows';
import * as sql from './table.sql';
import { detectFormat, readTable, type Table, type TableFormat } from './table.read';
import { DUTY_LAYOUT, type DutyColumnKey } from './duty.layout';
import { buildDutyRecords } from './duty.rows';
import * as dutySql from './duty.sql';
import { todayInChina, isIsoDate } from '../../../dates';
import { parseRecord } from '../../records/record.parse';
import { emptyDocument, type ParsedDocument } from '../../records/record.batch';
import { applyBuilt, type ImportProgress, type ImportReport } from '../../records/records.writer';
import { inForce } from '../../records/record.window';

export interface TableImportOptions extends WriteContext {
  /** The catalogue the table is the list of: a LOCAL 属地管理 list or a DUTY township duty list. */
  catalogue: string;
  /** For a new catalogue: LOCAL (default) or DUTY; a stored catalogue keeps its kind (and its layout). */
  kind?: 'LOCAL' | 'DUTY' | null;
  /** For a new catalogue: its owner jurisdiction (required), name (default: the title row), guiding catalogue, start. */
  owner?: string | null;
  name?: string | null;
  guiding?: string | null;
  validFrom?: string | null;
  /** Start of holders the table adds (default: the catalogue's validFrom). */
  effectiveFrom?: string | null;
  /** The date the table states the list for: rows update the holders in force then (default: today in China). */
  asOf?: string | null;
  format?: TableFormat | null;
  /** The workbook's sheet holding the list (default: the first visible sheet). */
  sheet?: string | null;
  dryRun?: boolean;
  /** Called at each step (for progress bars). */
  onProgress?: ImportProgress;
}

/**
 * docs/interchange.md "The table layout": one LOCAL catalogue from an .xlsx (the named or first visible sheet) or a CSV, with the JSON
 * import's rules — atomic, idempotent, dry run — because the rows become interchange records and go
 * through the same checks and writer (`applyBuilt`). Problems name the row and the column.
 */
export async function importTable(db: Db, bytes: Uint8Array, opts: TableImportOptions): Promise<ImportReport> {
  // who may import at all, before the file is unpacked and parsed
  requireRole(opts, 'EDITOR');
  const problems: Problem[] = [];
  const dates = checkDates(opts, problems);
  opts.onProgress?.('parsing', 0);
  const format = opts.format ?? detectFormat(bytes);
  // the stored catalogue's kind says which layout the sheet is in (a new one: the caller's kind)
  const [stored] = await db.query<{ kind: string }>(`select kind from catalogue where code = $1`, [opts.catalogue?.trim() ?? '']);
  const duty = (stored?.kind ?? opts.kind) === 'DUTY';
  if (stored && opts.kind && opts.kind !== stored.kind) {
    problems.push({
      path: 'catalogue.kind',
      message: `清单 "${opts.catalogue}" 已是 ${stored.kind}，不能按 ${opts.kind} 导入 · catalogue "${opts.catalogue}" is ${stored.kind}; it cannot be imported as ${opts.kind}`,
    });
  }
  const table = duty
    ? await readTable(bytes, format, problems, { sheet: opts.sheet }, DUTY_LAYOUT)
    : await readTable(bytes, format, problems, { sheet: opts.sheet });
  return applyBuilt(
    db,
    async (tx) => {
      if (problems.length > 0) return { parsed: emptyDocument(), problems };
      const parsed = duty
        ? await buildDutyDocument(tx, table as Table<DutyColumnKey>, opts, dates, problems)
        : await buildDocument(tx, table as Table, opts, dates, problems);
      return { parsed, problems };
    },
    { dryRun: opts.dryRun, onProgress: opts.onProgress, actor: opts.actor, reason: opts.reason, principal: opts.principal },
  );
}

function checkDates(opts: TableImportOptions, problems: Problem[]): { asOf: string } {
  for (const key of ['validFrom', 'effectiveFrom', 'asOf'] as const) {
    const v = opts[key];
    if (v != null && !isIsoDate(v)) {
      problems.push({ path: key, message: `日期 "${v}" 无效，应为 YYYY-MM-DD · "${v}" is not a date (YYYY-MM-DD)` });
    }
  }
  return { asOf: opts.asOf ?? todayInChina() };
}

/** A duty-list table: the DUTY catalogue, new items and its entries (SPEC §8); no assignments. */
async function buildDutyDocument(
  tx: Db,
  table: Table<DutyColumnKey>,
  opts: TableImportOptions,
  dates: { asOf: string },
  problems: Problem[],
): Promise<ParsedDocument> {
  const doc = emptyDocument();
  const catalogue = await catalogueRecord(tx, table, opts, problems, 'DUTY');
  if (!catalogue) return doc;
  doc.catalogues.push({ rec: catalogue, path: 'catalogue' });
  const owner = catalogue.owner;
  const itemNames = await tx.query<sql.ItemNameRow>(dutySql.DUTY_ITEM_NAMES_SQL, [
    [catalogue.code, catalogue.guiding].filter(Boolean),
    owner,
  ]);
  const codes = [...new Set([...table.rows.map((r) => r.cells.code?.normalize('NFKC')), ...itemNames.map((i) => i.code)])];
  const named = table.rows.flatMap((r) =>
    [r.cells.lead, r.cells.takenBy, r.cells.leadOrTakenBy].map((c) => c?.normalize('NFKC')),
  );
  buildDutyRecords(
    table.rows,
    {
      catalogue,
      asOf: dates.asOf,
      columns: table.columns,
      itemNames,
      bodies: await tx.query<dutySql.DutyBodyRow>(dutySql.DUTY_BODIES_SQL, [owner, named.filter((c) => !!c)]),
      jurisdictions: await tx.query<sql.NamedJurisdictionRow>(sql.JURISDICTIONS_UNDER_SQL, [owner]),
      items: new Map(
        (await tx.query<exchangeSql.ItemRow>(exchangeSql.ITEMS_BY_CODE_SQL, [codes.filter((c) => !!c)])).map((i) => [i.code, i]),
      ),
      entries: new Map((await tx.query<exchangeSql.EntryRow>(sql.TABLE_ENTRIES_SQL, [catalogue.code])).map((e) => [e.item, e])),
    },
    doc,
    problems,
  );
  return doc;
}

async function buildDocument(
  tx: Db,
  table: Table,
  opts: TableImportOptions,
  dates: { asOf: string },
  problems: Problem[],
): Promise<ParsedDocument> {
  const doc = emptyDocument();
  const catalogue = await catalogueRecord(tx, table, opts, problems, 'LOCAL');
  if (!catalogue) return doc;
  doc.catalogues.push({ rec: catalogue, path: 'catalogue' });
  const owner = catalogue.owner;
  const itemNames = await tx.query<sql.ItemNameRow>(sql.ITEM_NAMES_SQL, [[catalogue.code, catalogue.guiding].filter(Boolean)]);
  // the stored items rows name by code, and those a row without a code may be matched to by name
  const codes = [...new Set([...table.rows.map((r) => r.cells.code), ...itemNames.map((i) => i.code)].filter((c) => !!c))];
  const tokens = [
    ...new Set(table.rows.flatMap((r) => [r.cells.primaryBodies, r.cells.supportBodies].flatMap((c) => splitList(c ?? '')))),
  ];
  const assignments = await tx.query<exchangeSql.AssignmentRow>(sql.TABLE_ASSIGNMENTS_SQL, [catalogue.code, owner]);
  const context = indexContext(
    {
      catalogue,
      asOf: dates.asOf,
      effectiveFrom: opts.effectiveFrom ?? defaultEffectiveFrom(catalogue, assignments, dates.asOf),
      bodies: await tx.query<sql.NamedBodyRow>(sql.BODIES_UNDER_SQL, [owner, tokens]),
      jurisdictions: await tx.query<sql.NamedJurisdictionRow>(sql.JURISDICTIONS_UNDER_SQL, [owner]),
      itemNames,
      columns: table.columns,
    },
    {
      items: await tx.query<exchangeSql.ItemRow>(exchangeSql.ITEMS_BY_CODE_SQL, [codes]),
      entries: await tx.query<exchangeSql.EntryRow>(sql.TABLE_ENTRIES_SQL, [catalogue.code]),
      assignments,
    },
  );
  buildRecords(table.rows, context, doc, problems);
  return doc;
}

/**
 * When holders the table adds (or ends) take effect, unless the caller says: a table filling a list that has
 * no holders in force yet states it from the list's own start; a table changing a filled list states the
 * change from `asOf` (today), so nobody is named responsible, after the fact, for the days before.
 */
function defaultEffectiveFrom(catalogue: CatalogueRecord, stored: exchangeSql.AssignmentRow[], asOf: string): string | null {
  const filled = stored.some((a) => (a.role === 'PRIMARY' || a.role === 'SUPPORTING') && inForce(a, asOf));
  return filled ? asOf : catalogue.validFrom;
}

/** The catalogue the table belongs to: the stored one (name, guiding and start may be changed), or a new one of `kind`. */
async function catalogueRecord(
  tx: Db,
  table: { title: string | null },
  opts: TableImportOptions,
  problems: Problem[],
  kind: 'LOCAL' | 'DUTY',
): Promise<CatalogueRecord | null> {
  const [stored] = await tx.query<exchangeSql.CatalogueRow>(sql.TABLE_CATALOGUE_SQL, [opts.catalogue?.trim() ?? '']);
  const owner = opts.owner != null ? (canonicalCode(opts.owner) ?? opts.owner) : null;
  if (stored) {
    if (stored.kind !== kind) {
      problems.push({
        path: 'catalogue',
        message:
          stored.kind === 'GUIDING'
            ? `"${stored.code}" 是指导目录；表格只能导入县级实施清单 (LOCAL) 或履职事项清单 (DUTY) · "${stored.code}" is GUIDING; a table imports one LOCAL or DUTY catalogue`
            : `"${stored.code}" 是 ${stored.kind} 清单，不是 ${kind} · "${stored.code}" is a ${stored.kind} catalogue, not ${kind}`,
      });
      return null;
    }
    if (owner && owner !== stored.owner) {
      problems.push({
        path: 'catalogue.owner',
        message: `清单 "${stored.code}" 属于 ${stored.owner}，不是 ${owner} · catalogue "${stored.code}" belongs to ${stored.owner}, not ${owner}`,
      });
      return null;
    }
  }
  const raw = {
    code: opts.catalogue,
    name: opts.name ?? stored?.name ?? table.title ?? undefined,
    owner: stored?.owner ?? opts.owner ?? undefined,
    kind,
    guiding: opts.guiding !== undefined ? opts.guiding : stored?.guiding,
    validFrom: opts.validFrom ?? stored?.validFrom,
    validTo: stored?.validTo,
  };
  const before = problems.length;
  const rec = parseRecord('catalogue', raw, 'catalogue', problems) as unknown as CatalogueRecord | null;
  // a missing owner or name means a new catalogue without what only the caller can say
  for (const p of problems.slice(before)) {
    if (p.path === 'catalogue.owner')
      p.message = `新清单须给出所属地 owner · a new catalogue needs its owner jurisdiction; ${p.message}`;
    if (p.path === 'catalogue.name')
      p.message = `新清单须给出名称 name（或表格标题行）· a new catalogue needs a name (or a title row); ${p.message}`;
  }
  return rec;
}

/** A record as the interchange format writes it: absent instead of null. */
const present = (rec: object) => Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== null && v !== undefined));

/**
 * The records a table states, as one interchange document (nothing written): what an adjustment filed as a
 * table proposes (SPEC §10). The same reading, checks and row rules as `importTable`; problems name row and
 * column, and with any problem the document is null.
 */
export async function tableDocument(
  db: Db,
  bytes: Uint8Array,
  opts: Omit<TableImportOptions, 'dryRun' | 'onProgress'>,
): Promise<{ document: Record<string, unknown> | null; problems: Problem[] }> {
  const problems: Problem[] = [];
  const dates = checkDates(opts, problems);
  const table = await readTable(bytes, opts.format ?? detectFormat(bytes), problems, { sheet: opts.sheet });
  if (problems.length > 0) return { document: null, problems };
  const doc = await db.transaction((tx) => buildDocument(tx, table, opts, dates, problems));
  if (problems.length > 0) return { document: null, problems };
  return {
    problems,
    document: {
      format: 'shudi-catalogue/1',
      bodies: doc.bodies.map((b) => present(b.rec)),
      items: doc.items.map((i) => present(i.rec)),
      catalogues: doc.catalogues.map((c) => ({
        ...present(c.rec),
        entries: doc.entries.filter((e) => e.rec.catalogue === c.rec.code).map(({ rec: { catalogue: _c, ...e } }) => present(e)),
      })),
      assignments: doc.assignments.map((a) => present(a.rec)),
      empowerments: doc.empowerments.map((e) => present(e.rec)),
    },
  };
}
