import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Problem } from '../../../errors';
import { columnOf, COLUMNS, HEADERS, REQUIRED_COLUMNS, type ColumnKey } from './table.layout';

export const TABLE_FORMATS = ['XLSX', 'CSV'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** One data row: its number as the clerk sees it (Excel row / CSV line), the layout's cells and any extra columns. */
export interface TableRow {
  row: number;
  cells: Partial<Record<ColumnKey, string>>;
  extras: { header: string; value: string }[];
}

export interface Table {
  /** Text of a title row above the header (e.g. the list's name), if any. */
  title: string | null;
  /** The layout's columns the header names. */
  columns: Set<ColumnKey>;
  rows: TableRow[];
}

/** How far down a header row may sit below title and note rows. */
const HEADER_SEARCH_ROWS = 20;

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An .xlsx is a zip archive; anything else is read as CSV. */
export const detectFormat = (bytes: Uint8Array): TableFormat =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? 'XLSX' : 'CSV';

/** The OLE2 signature of Excel 97–2003 (.xls) and WPS (.et) files, which exceljs cannot read. */
const isOle2 = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Reads the first visible sheet of an .xlsx or a CSV into rows keyed by column; problems name the row. */
export async function readTable(bytes: Uint8Array, format: TableFormat, problems: Problem[]): Promise<Table> {
  if (isOle2(bytes)) {
    problems.push({
      path: 'file',
      message:
        '这是旧版 Excel (.xls) 或 WPS 文件，请在 Excel/WPS 中另存为 .xlsx 后导入 · an old .xls (or WPS .et) workbook: save it as .xlsx and import that',
    });
    return { title: null, columns: new Set(), rows: [] };
  }
  const grid = format === 'XLSX' ? await xlsxGrid(bytes, problems) : csvGrid(bytes, problems);
  return gridToTable(grid, problems);
}

/** Rows of cell texts, with their 1-based row numbers. */
type Grid = { row: number; cells: string[] }[];

async function xlsxGrid(bytes: Uint8Array, problems: Problem[]): Promise<Grid> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    problems.push({
      path: 'file',
      message: `无法读取 Excel 文件（应为 .xlsx）· not a readable .xlsx workbook: ${(e as Error).message.slice(0, 120)}`,
    });
    return [];
  }
  // the first sheet a clerk sees: hidden sheets (lookup lists, templates) are skipped
  const sheet = workbook.worksheets.find((w) => w.state === 'visible' || w.state === undefined);
  if (!sheet) {
    problems.push({ path: 'file', message: '工作簿中没有可见的工作表 · the workbook has no visible sheet' });
    return [];
  }
  const grid: Grid = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (row.hidden) return; // hidden rows are not part of the list as published
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      // a merged cell reads as the value of its first cell down its column (an item's name merged over its
      // holder rows); across a row a merge is one wide cell (a title or a note), not a value per column
      if (cell.isMerged && cell.master !== cell) cells.push(cell.master.col === cell.col ? cellText(cell.master.value) : '');
      else cells.push(cellText(cell.value));
    }
    grid.push({ row: rowNumber, cells });
  });
  return grid;
}

/** The text a clerk sees in a cell, whatever exceljs made of it. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return clean(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return clean(v.richText.map((r) => r.text).join(''));
    // a hyperlink's text may itself be rich text
    if ('text' in v) return cellText(v.text as ExcelJS.CellValue);
    // a formula shows its cached result (a workbook saved by Excel always has one)
    if ('formula' in v || 'sharedFormula' in v) return cellText(('result' in v ? v.result : null) as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return clean(String(v as unknown));
}

/**
 * A cell's text without the invisible characters pasting leaves (zero-width spaces, BOMs). Full-width forms
 * stay (，is text); codes and names are compared in NFKC where they are looked up.
 */
export const clean = (s: string): string => s.replace(/[\u200b-\u200d\u2060\ufeff]/g, '').trim();

/** UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (what Chinese Excel writes for "CSV"). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function csvGrid(bytes: Uint8Array, problems: Problem[]): Grid {
  const text = decodeText(bytes);
  try {
    const records = parseCsv(text, {
      relax_column_count: true,
      // kept, so that record n is row n as Excel shows the file
      skip_empty_lines: false,
      // Excel writes ; in some locales and tabs when saving "Unicode text"
      delimiter: guessDelimiter(text),
    }) as string[][];
    return records.map((record, i) => ({ row: i + 1, cells: record.map(clean) }));
  } catch (e) {
    const err = e as Error & { lines?: number };
    problems.push({
      path: err.lines ? `row ${err.lines}` : 'file',
      message: `CSV 格式错误 · malformed CSV: ${err.message.slice(0, 160)}`,
    });
    return [];
  }
}

function guessDelimiter(text: string): string {
  const firstLines = text.split(/\r?\n/, HEADER_SEARCH_ROWS).join('\n');
  const count = (d: string) => firstLines.split(d).length - 1;
  return [',', '\t', ';'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

function gridToTable(grid: Grid, problems: Problem[]): Table {
  const headerAt = grid.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => {
    const keys = new Set(r.cells.map(columnOf));
    return REQUIRED_COLUMNS.every((k) => keys.has(k));
  });
  if (headerAt < 0) {
    if (grid.length > 0 || problems.length === 0) {
      problems.push({
        path: 'header',
        message:
          `前 ${HEADER_SEARCH_ROWS} 行中没有找到表头（至少需要“${REQUIRED_COLUMNS.map((k) => HEADERS[k]).join('”“')}”两列；` +
          `可用列：${COLUMNS.map((c) => c.header).join('、')}）· no header row in the first ${HEADER_SEARCH_ROWS} rows: ` +
          `it needs at least ${REQUIRED_COLUMNS.map((k) => HEADERS[k]).join(' and ')}`,
      });
    }
    return { title: null, columns: new Set(), rows: [] };
  }
  const header = grid[headerAt];
  const columns: (ColumnKey | { extra: string } | null)[] = [];
  const seen = new Map<ColumnKey, number>();
  header.cells.forEach((h, i) => {
    const key = columnOf(h);
    if (key && seen.has(key)) {
      problems.push({
        path: `row ${header.row}, ${h}`,
        message: `列“${h}”重复（第 ${seen.get(key)! + 1} 列已是“${HEADERS[key]}”）· column "${h}" appears twice`,
      });
      columns.push(null);
    } else if (key) {
      seen.set(key, i);
      columns.push(key);
    } else columns.push(h === '' ? null : { extra: h });
  });
  const title =
    grid
      .slice(0, headerAt)
      .map((r) => [...new Set(r.cells.filter((c) => c !== ''))].join(' '))
      .find((t) => t !== '') ?? null;
  const rows: TableRow[] = [];
  for (const r of grid.slice(headerAt + 1)) {
    const row: TableRow = { row: r.row, cells: {}, extras: [] };
    r.cells.forEach((text, i) => {
      const col = columns[i];
      if (!col || text === '') return;
      if (typeof col === 'string') row.cells[col] = text;
      else row.extras.push({ header: col.extra, value: text });
    });
    // not items: blank rows, numbered empty lines of a template, group headings (一、生态环境) and notes
    // (说明：…): a row that names no item and no holder
    const c = row.cells;
    if (c.name || c.code || c.primaryBodies || c.supportBodies) rows.push(row);
  }
  return { title, columns: new Set(columns.filter((k): k is ColumnKey => typeof k === 'string')), rows };
}
