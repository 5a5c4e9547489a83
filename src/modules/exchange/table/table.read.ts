import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Problem } from '../../../errors';
import { LOCAL_LAYOUT, type ColumnKey, type TableLayout } from './table.layout';

export const TABLE_FORMATS = ['XLSX', 'CSV'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** One data row: its number as the clerk sees it (Excel row / CSV line), the layout's cells and any extra columns. */
export interface TableRow<K extends string = ColumnKey> {
  row: number;
  cells: Partial<Record<K, string>>;
  extras: { header: string; value: string }[];
  /** The text of the nearest heading row above (`一、生态环境` → 生态环境), or null. */
  heading: string | null;
  /** The texts of every heading row above, in order (a part heading, then the sub-headings under it). */
  headings: readonly string[];
}

/** How a table is read: which sheet of a workbook (default: the first visible one). */
export interface ReadOptions {
  sheet?: string | null;
}

export interface Table<K extends string = ColumnKey> {
  /** Text of a title row above the header (e.g. the list's name), if any. */
  title: string | null;
  /** The layout's columns the header names. */
  columns: Set<K>;
  rows: TableRow<K>[];
}

/** How far down a header row may sit below title and note rows. */
const HEADER_SEARCH_ROWS = 20;

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An .xlsx is a zip archive; anything else is read as CSV. */
export const detectFormat = (bytes: Uint8Array): TableFormat =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? 'XLSX' : 'CSV';

/** The OLE2 signature of Excel 97–2003 (.xls) and WPS (.et) files, which exceljs cannot read. */
const isOle2 = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * Reads a sheet of an .xlsx (the named one, else the first visible one) or a CSV into rows keyed by column;
 * problems name the row.
 */
export async function readTable<K extends string = ColumnKey>(
  bytes: Uint8Array,
  format: TableFormat,
  problems: Problem[],
  opts: ReadOptions = {},
  layout: TableLayout<K> = LOCAL_LAYOUT as unknown as TableLayout<K>,
): Promise<Table<K>> {
  if (isOle2(bytes)) {
    problems.push({
      path: 'file',
      message:
        '这是旧版 Excel (.xls) 或 WPS 文件，请在 Excel/WPS 中另存为 .xlsx 后导入 · an old .xls (or WPS .et) workbook: save it as .xlsx and import that',
    });
    return { title: null, columns: new Set(), rows: [] };
  }
  if (format === 'CSV' && opts.sheet) {
    problems.push({
      path: 'sheet',
      message: `CSV 文件没有工作表，不能指定 sheet "${opts.sheet}" · a CSV file has no sheets: drop sheet "${opts.sheet}"`,
    });
    return { title: null, columns: new Set(), rows: [] };
  }
  const grid = format === 'XLSX' ? await xlsxGrid(bytes, problems, opts.sheet ?? null) : csvGrid(bytes, problems);
  return gridToTable(grid, problems, layout);
}

/**
 * Rows of cell texts, with their 1-based row numbers; `serial` marks the cells that held a bare number
 * (an Excel date whose format the reader does not know arrives as its serial number).
 */
type Grid = { row: number; cells: string[]; serial?: boolean[] }[];

/** The sheet asked for by name, or the first a clerk sees (hidden sheets: lookup lists, templates). */
function pickSheet(workbook: ExcelJS.Workbook, name: string | null, problems: Problem[]): ExcelJS.Worksheet | null {
  const visible = (w: ExcelJS.Worksheet) => w.state === 'visible' || w.state === undefined;
  if (name !== null) {
    const wanted = normaliseSheetName(name);
    const found = workbook.worksheets.find((w) => normaliseSheetName(w.name) === wanted);
    if (!found) {
      const names = workbook.worksheets.map((w) => `"${w.name}"`).join('、');
      problems.push({
        path: 'sheet',
        message: `工作簿中没有名为 "${name}" 的工作表（现有：${names}）· the workbook has no sheet "${name}"; it has ${names}`,
      });
    }
    return found ?? null;
  }
  const sheet = workbook.worksheets.find(visible);
  if (!sheet) problems.push({ path: 'file', message: '工作簿中没有可见的工作表 · the workbook has no visible sheet' });
  return sheet ?? null;
}

const normaliseSheetName = (s: string) => s.normalize('NFKC').trim();

async function xlsxGrid(bytes: Uint8Array, problems: Problem[], sheetName: string | null): Promise<Grid> {
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
  const sheet = pickSheet(workbook, sheetName, problems);
  if (!sheet) return [];
  const grid: Grid = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (row.hidden) return; // hidden rows are not part of the list as published
    const cells: string[] = [];
    const serial: boolean[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      // a merged cell reads as the value of its first cell down its column (an item's name merged over its
      // holder rows); across a row a merge is one wide cell (a title or a note), not a value per column
      const source = cell.isMerged && cell.master !== cell ? (cell.master.col === cell.col ? cell.master : null) : cell;
      cells.push(source ? displayText(source) : '');
      serial.push(!!source && typeof source.value === 'number' && !source.numFmt);
    }
    grid.push({ row: rowNumber, cells, serial });
  });
  return grid;
}

/**
 * A cell as the clerk sees it: a number in a zero-padded format (`0000`) keeps its leading zeros (a code
 * typed as a number), a number in a text format (`@`) is its digits, other numbers lose float noise.
 */
export function displayText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v !== 'number') return cellText(v);
  const fmt = (cell.numFmt ?? '').split(';')[0];
  if (/^0+$/.test(fmt) && Number.isInteger(v) && v >= 0) return String(v).padStart(fmt.length, '0');
  return String(Number(v.toPrecision(15)));
}

/** Excel's day 0 (the 1900 date system, with its phantom 1900-02-29 before day 61). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A date written as an Excel serial number (45292 → 2024-01-01), for the plausible years 1955–2119. */
export function serialDate(text: string): string | null {
  if (!/^\d{5}$/.test(text)) return null;
  const n = Number(text);
  if (n < 20090 || n > 80000) return null;
  return new Date(EXCEL_EPOCH_MS + n * 86_400_000).toISOString().slice(0, 10);
}

/** A column whose header names a date (生效日期, 施行时间…): its bare numbers are Excel serial dates. */
const isDateHeader = (header: string) => /日期|时间|生效|施行|印发|发布|有效期/.test(header);

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

/** Where the header is: its first row, how many rows it spans (1, or 2 under merged group titles), its texts. */
interface Header {
  at: number;
  depth: 1 | 2;
  texts: string[];
}

const keysOf = <K extends string>(texts: string[], layout: TableLayout<K>) =>
  new Set(texts.map(layout.columnOf).filter((k): k is K => k !== undefined));

/**
 * A two-row header: group titles merged over the columns they hold (`责任单位` over `主体责任单位 | 配合责任单位`,
 * `责任事项` over `主体责任 | 配合责任`). Each column is named by its lower cell, else by the upper one (a
 * title merged down over both rows).
 */
function combinedHeader(upper: string[], lower: string[]): string[] {
  return Array.from({ length: Math.max(upper.length, lower.length) }, (_, i) => lower[i] || upper[i] || '');
}

function findHeader<K extends string>(grid: Grid, layout: TableLayout<K>): Header | null {
  for (let at = 0; at < Math.min(grid.length, HEADER_SEARCH_ROWS); at++) {
    const upper = grid[at].cells;
    const lower = grid[at + 1]?.cells ?? [];
    const two = combinedHeader(upper, lower);
    // the row below names layout columns too, and more of them together: it is the header's second row
    const single = keysOf(upper, layout);
    const both = keysOf(two, layout);
    if (
      single.size >= 2 &&
      keysOf(lower, layout).size >= 2 &&
      both.size > single.size &&
      layout.required.every((k) => both.has(k))
    ) {
      return { at, depth: 2, texts: two };
    }
    if (layout.required.every((k) => single.has(k))) return { at, depth: 1, texts: upper };
  }
  return null;
}

/** The layout column (or extra column) of each position; a repeated column is a problem and is read once. */
function headerColumns<K extends string>(
  header: Header,
  row: number,
  problems: Problem[],
  layout: TableLayout<K>,
): (K | { extra: string } | null)[] {
  const seen = new Map<K, number>();
  return header.texts.map((h, i) => {
    const key = layout.columnOf(h);
    if (key && seen.has(key)) {
      problems.push({
        path: `row ${row}, ${h}`,
        message: `列“${h}”重复（第 ${seen.get(key)! + 1} 列已是“${layout.headers[key]}”）· column "${h}" appears twice`,
      });
      return null;
    }
    if (key) {
      seen.set(key, i);
      return key;
    }
    return h === '' ? null : { extra: h };
  });
}

/** `一、生态环境`, `（二）应急管理`, `3. 综合执法`, `第一部分 自然资源`: a heading, and the text it introduces. */
const HEADING =
  /^(?:[一二三四五六七八九十百]+\s*[、.．]|[(（]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d+\s*[、．]|第[一二三四五六七八九十百\d]+(?:部分|类|章|节)\s*[、:：.．]?)\s*(\S.*)$/;

/** A row's distinct texts (a heading merged across the row reads once). */
const texts = (cells: string[]) => [...new Set(cells.filter((c) => c !== ''))];

/** A note under or inside the list (说明：…, 注：…, 备注：…, 填表说明…): not a row of the list. */
const isNote = (text: string) =>
  /^(?:附?注|说明|备注|填表说明|填报说明)\s*[0-9一二三四五六七八九十]*\s*[:：、]/.test(text) || /^填表/.test(text);

function gridToTable<K extends string>(grid: Grid, problems: Problem[], layout: TableLayout<K>): Table<K> {
  const header = findHeader(grid, layout);
  if (!header) {
    if (grid.length > 0 || problems.length === 0) {
      problems.push({
        path: 'header',
        message:
          `前 ${HEADER_SEARCH_ROWS} 行中没有找到表头（至少需要“${layout.required.map((k) => layout.headers[k]).join('”“')}”列；` +
          `可用列：${layout.columns.map((c) => c.header).join('、')}）· no header row in the first ${HEADER_SEARCH_ROWS} rows: ` +
          `it needs at least ${layout.required.map((k) => layout.headers[k]).join(' and ')}`,
      });
    }
    return { title: null, columns: new Set(), rows: [] };
  }
  const columns = headerColumns(header, grid[header.at].row, problems, layout);
  const title =
    grid
      .slice(0, header.at)
      .map((r) => texts(r.cells).join(' '))
      .find((t) => t !== '') ?? null;
  const rows = bodyRows(grid.slice(header.at + header.depth), columns, problems, layout);
  return { title, columns: new Set(columns.filter((k): k is K => typeof k === 'string')), rows };
}

/** One grid row in the layout's columns; bare numbers under a date header become the day they stand for. */
function layoutRow<K extends string>(
  r: Grid[number],
  columns: (K | { extra: string } | null)[],
  headings: readonly string[],
): TableRow<K> {
  const row: TableRow<K> = { row: r.row, cells: {}, extras: [], heading: headings.at(-1) ?? null, headings };
  r.cells.forEach((text, i) => {
    const col = columns[i];
    if (!col || text === '') return;
    if (typeof col === 'string') row.cells[col] = text;
    else row.extras.push({ header: col.extra, value: (r.serial?.[i] && isDateHeader(col.extra) && serialDate(text)) || text });
  });
  return row;
}

/**
 * The rows below the header. A row that names an item or a holder is a row of the list; a heading row
 * (`一、生态环境`) sets the heading of the rows below it; blank rows, rows holding only a 序号 (a template's
 * numbered empty lines) and notes (说明：…) are not rows of the list. Anything else cannot be read: a problem
 * names the row and what was expected, so that nothing is skipped silently.
 */
function bodyRows<K extends string>(
  grid: Grid,
  columns: (K | { extra: string } | null)[],
  problems: Problem[],
  layout: TableLayout<K>,
): TableRow<K>[] {
  const rows: TableRow<K>[] = [];
  let headings: readonly string[] = [];
  for (const r of grid) {
    const row = layoutRow(r, columns, headings);
    const c = row.cells as Partial<Record<string, string>>;
    const words = texts(r.cells);
    const m = words.length === 1 ? HEADING.exec(words[0]) : null;
    const forcedHeading = !!m && !!layout.isHeading?.(m[1].trim());
    if (!forcedHeading && layout.itemKeys.some((k) => row.cells[k])) {
      rows.push(row);
      continue;
    }
    if (m) headings = [...headings, m[1].trim()];
    else if (words.length === 0 || (words.length === 1 && (words[0] === c.seq || isNote(words[0])))) continue;
    else {
      problems.push({
        path: `row ${r.row}`,
        message:
          `无法识别此行（"${words.join(' | ').slice(0, 60)}"）：应为${layout.expected.zh} · ` +
          `cannot read this row: expected ${layout.expected.en}`,
      });
    }
  }
  return rows;
}
