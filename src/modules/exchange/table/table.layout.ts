import { CATEGORIES } from '../../records/record.kinds';

/**
 * The table layout of INTERCHANGE.md (one row per item of one LOCAL catalogue), as data: the columns with
 * the header spellings clerks use, the category labels of SPEC §3, and how a body cell is read and written.
 */
export const COLUMNS = [
  { key: 'seq', header: '序号', aliases: ['编号', '序'] },
  { key: 'domain', header: '领域', aliases: ['所属领域', '事项领域', '行业领域'] },
  { key: 'code', header: '事项编码', aliases: ['编码', '事项代码', '事项编号'] },
  { key: 'name', header: '事项名称', aliases: ['名称', '事项'] },
  { key: 'category', header: '事项类别', aliases: ['类别', '事项类型', '类型'] },
  { key: 'primaryBodies', header: '主体责任单位', aliases: ['主体责任部门', '牵头单位', '主办单位', '责任单位'] },
  {
    key: 'primaryDuty',
    header: '主体责任',
    aliases: [
      '主体责任事项',
      '主体责任内容',
      '主体职责',
      '牵头责任',
      '县级部门主体责任',
      '部门主体责任',
      '县直部门主体责任',
      '部门职责',
    ],
  },
  { key: 'supportBodies', header: '配合责任单位', aliases: ['配合责任部门', '配合单位', '协办单位'] },
  {
    key: 'supportDuty',
    header: '配合责任',
    aliases: ['配合责任事项', '配合责任内容', '配合职责', '协办责任', '乡镇配合责任', '镇街配合责任', '乡镇职责'],
  },
  { key: 'basis', header: '依据', aliases: ['设定依据', '法律依据', '责任依据', '政策依据'] },
  { key: 'notApplicableIn', header: '不适用地区', aliases: ['不适用区域', '不适用乡镇'] },
  { key: 'note', header: '备注', aliases: ['说明'] },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
export const HEADERS: Record<ColumnKey, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header])) as Record<
  ColumnKey,
  string
>;
/** A header row must name at least these. */
export const REQUIRED_COLUMNS: ColumnKey[] = ['name', 'primaryBodies'];

/** Header text as clerks type it: spaces, line breaks and full-width brackets do not matter. */
export const normaliseHeader = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s\u3000*]+/g, '')
    // a bracketed remark does not change the column: 主体责任单位(部门), 依据（法律法规）, 乡镇(街道)配合责任
    .replace(/[(（][^)）]*[)）]/g, '');

/**
 * A table layout as the reader needs it: its columns with their spellings, the columns a header must name,
 * the cells that make a row a row of the list, and what to tell a clerk whose row is neither an item nor a heading.
 */
export interface TableLayout<K extends string> {
  columns: readonly { key: K; header: string; aliases: readonly string[] }[];
  headers: Record<K, string>;
  required: K[];
  columnOf: (header: string) => K | undefined;
  itemKeys: K[];
  expected: { zh: string; en: string };
  /** A row holding one text that is a heading wherever it is typed (a part heading in the 事项名称 column). */
  isHeading?: (text: string) => boolean;
}

export function tableLayout<K extends string>(
  columns: readonly { key: K; header: string; aliases: readonly string[] }[],
  rest: Omit<TableLayout<K>, 'columns' | 'headers' | 'columnOf'>,
): TableLayout<K> {
  const index = new Map<string, K>(
    columns.flatMap((c) => [c.header, ...c.aliases].map((h) => [normaliseHeader(h), c.key] as [string, K])),
  );
  return {
    columns,
    headers: Object.fromEntries(columns.map((c) => [c.key, c.header])) as Record<K, string>,
    columnOf: (header) => index.get(normaliseHeader(header)),
    ...rest,
  };
}

/** The 属地管理 layout (one LOCAL catalogue). */
export const LOCAL_LAYOUT = tableLayout(COLUMNS, {
  required: REQUIRED_COLUMNS,
  itemKeys: ['name', 'code', 'primaryBodies', 'supportBodies'],
  expected: {
    zh: `事项行（填写${HEADERS.name}和${HEADERS.primaryBodies}）或领域标题行（如“一、生态环境”）`,
    en: `an item row (${HEADERS.name}, ${HEADERS.primaryBodies}) or a heading row such as "一、生态环境"`,
  },
});
export const columnOf = LOCAL_LAYOUT.columnOf;

export const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  LICENSING: '行政许可',
  PENALTY: '行政处罚',
  COERCION: '行政强制',
  LEVY: '行政征收',
  BENEFIT: '行政给付',
  ADJUDICATION: '行政裁决',
  CONFIRMATION: '行政确认',
  REWARD: '行政奖励',
  INSPECTION: '行政检查',
  OTHER_POWER: '其他行政权力',
  PUBLIC_SERVICE: '公共服务',
  TERRITORIAL: '属地管理事项',
};
const CATEGORY_BY_LABEL = new Map<string, string>([
  ...Object.entries(CATEGORY_LABELS).flatMap(([k, v]) => [
    [v, k],
    [k, k],
    [v.replace(/^行政/, ''), k],
  ]),
  ['属地管理', 'TERRITORIAL'],
  ['其他权力', 'OTHER_POWER'],
] as [string, string][]);
/** The category a cell names (a SPEC §3 label such as 行政许可, or the enum value), or null. */
export const categoryOf = (cell: string): string | null => CATEGORY_BY_LABEL.get(cell.replace(/\s+/g, '')) ?? null;

/** What a body cell writes for `relative: TOWNSHIP_GOVERNMENT`. */
export const TOWNSHIP_LABEL = '乡镇(街道)';

/**
 * 乡镇(街道), 乡镇（街道）, 各镇街, 属地乡镇(街道), 镇(街道), 乡镇人民政府(街道办事处)…: "the township
 * government wherever the item applies" (INTERCHANGE.md). Prefixes and the words for government are
 * dropped; what remains must name townships in general, not one township.
 */
export function isTownshipRelative(token: string): boolean {
  const core = token
    .replace(/[\s\u3000()（）【】[\]]/g, '')
    .replace(/^(属地|各|所在地?|辖区|相关|当地)+/, '')
    .replace(/(人民政府|政府|办事处|党委|党工委)/g, '');
  return /^(乡镇?|镇|镇街|乡镇街|乡镇街道|镇街道|乡街道|街道|乡镇区|镇区)$/.test(core);
}

/** Several bodies or jurisdictions in one cell (INTERCHANGE.md: 、 or ;; line breaks and commas too). */
export const splitList = (cell: string): string[] =>
  cell
    .split(/[、;；,，\n\r]+/)
    .map((s) => s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((s) => s !== '');

/**
 * Citations in one 依据 cell: one per line (as export writes them); a one-line cell may separate them by
 * ；/; instead (never by 、, which citations use inside).
 */
export const splitBasis = (cell: string): string[] =>
  cell
    .split(/[\r\n]/.test(cell) ? /[\r\n]+/ : /[;；]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Names compare without spaces (clerks pad cells). */
export const normaliseName = (s: string): string => s.normalize('NFKC').replace(/[\s\u3000\u200b-\u200d\u2060\ufeff]+/g, '');

/**
 * A duty or remark cell for several holders: one text when all share it, else one `单位：文本` line per
 * holder (read back by `readPerHolder`), so export → import changes nothing.
 */
export function writePerHolder(values: { holder: string; text: string | null }[]): string {
  const distinct = new Set(values.map((v) => v.text ?? ''));
  if (distinct.size <= 1) return values[0]?.text ?? '';
  return values
    .filter((v) => v.text)
    .map((v) => `${v.holder}：${v.text}`)
    .join('\n');
}

/** The text for each holder: per-holder lines when every line names one of `holders`, else the whole cell. */
export function readPerHolder(cell: string, holders: string[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const lines = cell.split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = new Map(holders.map((h) => [normaliseName(h), h]));
  const parsed = lines
    .map((l) => /^(.+?)[：:](.+)$/s.exec(l))
    .map((m) => (m ? ([names.get(normaliseName(m[1])), m[2].trim()] as const) : null));
  if (holders.length > 1 && lines.length > 0 && parsed.every((p) => p && p[0] !== undefined)) {
    for (const h of holders) out.set(h, null);
    for (const p of parsed) out.set(p![0]!, p![1]);
    return out;
  }
  const text = cell.trim() === '' ? null : cell.trim();
  for (const h of holders) out.set(h, text);
  return out;
}

/** What an exported sheet holds: its columns, and its rows (item rows by column key, or heading rows). */
export interface Sheet {
  columns: { key: string; header: string; width: number }[];
  rows: (Record<string, string> | { heading: string })[];
}
