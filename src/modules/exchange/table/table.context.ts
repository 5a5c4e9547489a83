import type { Problem } from '../../../errors';
import type { ParsedDocument } from '../../records/record.batch';
import type { AssignmentRow, EntryRow, ItemRow } from '../../records/records.sql';
import type { CatalogueRecord } from '../../records/record.kinds';
import { HEADERS, normaliseName, type ColumnKey } from './table.layout';
import type { ItemNameRow, NamedBodyRow, NamedJurisdictionRow } from './table.sql';

/** What the database holds that rows refer to, read once per import. */
export interface TableContext {
  catalogue: CatalogueRecord;
  asOf: string;
  effectiveFrom: string | null;
  bodies: NamedBodyRow[];
  jurisdictions: NamedJurisdictionRow[];
  itemNames: ItemNameRow[];
  /** The layout's columns the sheet has: a column it lacks leaves stored values as they are. */
  columns: Set<ColumnKey>;
  items: Map<string, ItemRow>;
  entries: Map<string, EntryRow>;
  /** The catalogue's assignments at the owner's scope, by item. */
  assignments: Map<string, AssignmentRow[]>;
  /** Places under the owner by code and by name (for 不适用地区). */
  places: Map<string, NamedJurisdictionRow[]>;
}

/** One conversion of rows into records: the context, the document being filled, the problems found. */
export interface RowsRun {
  ctx: TableContext;
  doc: ParsedDocument;
  problems: Problem[];
  /** The path of a cell in problems: `row 12, 主体责任单位`. */
  at: (row: number, key: ColumnKey) => string;
}

export function rowsRun(ctx: TableContext, doc: ParsedDocument, problems: Problem[]): RowsRun {
  return { ctx, doc, problems, at: (row, key) => `row ${row}, ${HEADERS[key]}` };
}

/** Rows read from the database, keyed for lookups by item (tables run to tens of thousands of rows). */
export function indexContext(
  base: Omit<TableContext, 'items' | 'entries' | 'assignments' | 'places'>,
  rows: { items: ItemRow[]; entries: EntryRow[]; assignments: AssignmentRow[] },
): TableContext {
  const assignments = new Map<string, AssignmentRow[]>();
  for (const a of rows.assignments) assignments.set(a.item, [...(assignments.get(a.item) ?? []), a]);
  const places = new Map<string, NamedJurisdictionRow[]>();
  for (const j of base.jurisdictions) {
    for (const k of [j.code, normaliseName(j.name)]) places.set(k, [...(places.get(k) ?? []), j]);
  }
  return {
    ...base,
    items: new Map(rows.items.map((i) => [i.code, i])),
    entries: new Map(rows.entries.map((e) => [e.item, e])),
    assignments,
    places,
  };
}
