import type { Problem } from '../../../errors';
import type { ParsedDocument } from '../../records/record.batch';
import { HEADERS, normaliseName, type ColumnKey } from './table.layout';
import type { TableRow } from './table.read';
import { rowsRun, type RowsRun, type TableContext } from './table.context';
import { addHolder, bodyResolver, HOLDER_COLUMNS, holderCells, rowNotes, type BodyResolver } from './table.holders';
import { addItem, type ItemGroup } from './table.items';

export { indexContext, type TableContext } from './table.context';

const ITEM_FIELDS: ColumnKey[] = ['code', 'name', 'domain', 'category', 'basis', 'notApplicableIn'];

/**
 * Rows → interchange records (items, entries, assignments) in `doc`; every unreadable cell is a problem
 * naming it. Rows are grouped by item first (an item may span rows), then each group becomes records.
 */
export function buildRecords(rows: TableRow[], ctx: TableContext, doc: ParsedDocument, problems: Problem[]): void {
  const run = rowsRun(ctx, doc, problems);
  const resolveBody = bodyResolver(ctx, problems, run.at);
  const groups = new Map<string, ItemGroup>();
  for (const row of rows) {
    const group = groupOf(run, groups, row);
    if (!group) continue;
    group.rows.push(row);
    mergeFields(run, group, row);
    addRowHolders(run, resolveBody, group, row);
  }
  for (const group of groups.values()) addItem(run, group);
}

/**
 * The item group a row belongs to (by code, else by name); null when the row names no item. A row under a
 * heading (`一、生态环境`) without its own 领域 takes the heading's text as its domain.
 */
function groupOf(run: RowsRun, groups: Map<string, ItemGroup>, row: TableRow): ItemGroup | null {
  const c = row.cells;
  if (!c.name && !c.code) {
    run.problems.push({ path: run.at(row.row, 'name'), message: '缺少事项名称 · the item name is missing' });
    return null;
  }
  if (c.code) c.code = c.code.normalize('NFKC'); // ＺＹ-００１ is ZY-001
  if (!c.domain && row.heading) c.domain = row.heading;
  const key = c.code ? `code:${c.code}` : `name:${normaliseName(c.name!)}`;
  const group = groups.get(key) ?? { rows: [], fields: {}, holders: new Map() };
  groups.set(key, group);
  return group;
}

/** The item's fields from a row: the first row that fills one sets it; a later row saying otherwise is a problem. */
function mergeFields(run: RowsRun, group: ItemGroup, row: TableRow): void {
  for (const key of ITEM_FIELDS) {
    const value = row.cells[key];
    if (!value) continue;
    const first = group.fields[key];
    if (!first) group.fields[key] = { value, row: row.row };
    else if (first.value !== value) {
      run.problems.push({
        path: run.at(row.row, key),
        message: `同一事项的“${HEADERS[key]}”与第 ${first.row} 行不同（"${value}" ≠ "${first.value}"）· differs from row ${first.row} for the same item ("${value}" vs "${first.value}")`,
      });
    }
  }
}

function addRowHolders(run: RowsRun, resolveBody: BodyResolver, group: ItemGroup, row: TableRow): void {
  const at = { row, noteOf: rowNotes(row, run.ctx.columns) };
  for (const columns of HOLDER_COLUMNS) {
    for (const h of holderCells(run, resolveBody, at, columns)) addHolder(run, group.holders, h);
  }
}
