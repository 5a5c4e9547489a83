import { DUTY_PARTS } from '../../records/record.kinds';
import { tableLayout } from './table.layout';

/**
 * The table layout of a township duty list (a DUTY catalogue, SPEC §8): one row per item, its part given by
 * a heading row (`一、基本履职事项`) or a 部分 column, 牵头部门 / 承接部门 by name. `类别` here is the part (as
 * duty lists print it); the item's category is 事项类别.
 */
export const DUTY_COLUMNS = [
  { key: 'seq', header: '序号', aliases: ['编号', '序'] },
  { key: 'name', header: '事项名称', aliases: ['名称', '事项', '履职事项', '职责事项', '履职事项名称'] },
  { key: 'code', header: '事项编码', aliases: ['编码', '事项代码', '事项编号'] },
  { key: 'part', header: '部分', aliases: ['类别', '清单类别', '事项分类', '所属部分', '分类', '履职类别'] },
  { key: 'domain', header: '领域', aliases: ['所属领域', '事项领域', '行业领域'] },
  { key: 'category', header: '事项类别', aliases: ['事项类型', '权力类别', '权力类型', '职权类别'] },
  {
    key: 'leadOrTakenBy',
    header: '牵头部门/承接部门',
    aliases: ['牵头部门或承接部门', '牵头或承接部门', '牵头/承接部门', '牵头单位/承接单位', '责任部门'],
  },
  { key: 'lead', header: '牵头部门', aliases: ['牵头单位', '牵头责任部门', '牵头责任单位', '县级牵头部门'] },
  { key: 'takenBy', header: '承接部门', aliases: ['承接单位', '收回部门', '承接主体', '收回后承接部门', '收回单位'] },
  {
    key: 'duty',
    header: '履职内容',
    aliases: ['职责内容', '工作内容', '具体内容', '履职要求', '主要职责', '乡镇职责', '配合内容', '履职事项内容'],
  },
  { key: 'basis', header: '依据', aliases: ['设定依据', '法律依据', '责任依据', '政策依据', '履职依据'] },
  { key: 'notApplicableIn', header: '不适用地区', aliases: ['不适用区域', '不适用乡镇'] },
  { key: 'note', header: '备注', aliases: ['说明'] },
] as const;

export type DutyColumnKey = (typeof DUTY_COLUMNS)[number]['key'];

/** Where a row's part is read from: its 部分 / 类别 cell, else the nearest part heading above. */
export const DUTY_LAYOUT = tableLayout(DUTY_COLUMNS, {
  required: ['name'],
  itemKeys: ['name', 'code', 'lead', 'takenBy', 'leadOrTakenBy'],
  expected: {
    zh: '事项行（填写事项名称）或部分标题行（如“一、基本履职事项”）',
    en: 'an item row (事项名称) or a part heading such as "一、基本履职事项"',
  },
  isHeading: (text) => partOf(text) !== null && /事项|职责|清单/.test(text),
});

export type DutyPart = (typeof DUTY_PARTS)[number];

/** The heading export writes above each part, and the number before it. */
export const PART_HEADINGS: Record<DutyPart, string> = {
  BASIC: '一、基本履职事项',
  COOPERATING: '二、配合履职事项',
  RECLAIMED: '三、上级部门收回事项',
};
export const PART_LABELS: Record<DutyPart, string> = { BASIC: '基本', COOPERATING: '配合', RECLAIMED: '收回' };

/**
 * The part a cell or heading names: 基本 / 基本履职事项 / BASIC, 配合 / 配合履职事项 / COOPERATING, 收回 /
 * 上级部门收回事项 / RECLAIMED (a count in brackets, `（117项）`, does not matter); null for anything else.
 */
export function partOf(text: string): DutyPart | null {
  const t = text
    .normalize('NFKC')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/\s+/g, '');
  if ((DUTY_PARTS as readonly string[]).includes(t.toUpperCase())) return t.toUpperCase() as DutyPart;
  if (/收回/.test(t)) return 'RECLAIMED';
  if (/^(?:乡镇|镇街|街道|镇)?(?:\(街道\))?配合/.test(t) || t === '配合') return 'COOPERATING';
  if (/^(?:乡镇|镇街|街道|镇)?(?:\(街道\))?基本/.test(t) || t === '基本') return 'BASIC';
  return null;
}
