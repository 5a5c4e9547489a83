import { enumOf, registerEnumType } from '../../graphql/enums';
import { BODY_KINDS, CATALOGUE_KINDS, CATEGORIES, DUTY_PARTS, RELATIVES, RESPONSIBILITY_ROLES } from './record.kinds';

/** The GraphQL enums of the records' fields, generated from the arrays in record.kinds.ts. */
export const ResponsibilityRole = enumOf(RESPONSIBILITY_ROLES);
export type ResponsibilityRole = (typeof RESPONSIBILITY_ROLES)[number];
export const BodyKind = enumOf(BODY_KINDS);
export type BodyKind = (typeof BODY_KINDS)[number];
export const Category = enumOf(CATEGORIES);
export type Category = (typeof CATEGORIES)[number];
export const CatalogueKind = enumOf(CATALOGUE_KINDS);
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];
export const RelativeHolder = enumOf(RELATIVES);
export type RelativeHolder = (typeof RELATIVES)[number];

registerEnumType(ResponsibilityRole, {
  name: 'Role',
  description: '责任角色 · Role of a holder',
  valuesConfig: {
    PRIMARY: { description: '主体责任 / 牵头 / 主办 · primary responsibility' },
    SUPPORTING: { description: '配合责任 / 协办 · supporting responsibility' },
    SUPERVISING: { description: '指导监督责任 · guidance and supervision' },
  },
});
registerEnumType(BodyKind, {
  name: 'BodyKind',
  description: '责任主体类别 · Kind of body',
  valuesConfig: {
    GOVERNMENT: { description: '人民政府 / 街道办事处 · the government of a jurisdiction' },
    DEPARTMENT: { description: '政府工作部门 · government department' },
    STATIONED: { description: '派驻（派出）机构 · stationed unit of a department' },
    OTHER: { description: '党委部门、事业单位、群团等 · other organ' },
  },
});
registerEnumType(Category, {
  name: 'Category',
  description: '事项类别 · Category of an item',
  valuesConfig: {
    LICENSING: { description: '行政许可' },
    PENALTY: { description: '行政处罚' },
    COERCION: { description: '行政强制' },
    LEVY: { description: '行政征收' },
    BENEFIT: { description: '行政给付' },
    ADJUDICATION: { description: '行政裁决' },
    CONFIRMATION: { description: '行政确认' },
    REWARD: { description: '行政奖励' },
    INSPECTION: { description: '行政检查' },
    OTHER_POWER: { description: '其他行政权力' },
    PUBLIC_SERVICE: { description: '公共服务' },
    TERRITORIAL: { description: '属地管理事项' },
  },
});
registerEnumType(CatalogueKind, {
  name: 'CatalogueKind',
  description: '清单类别 · Kind of catalogue',
  valuesConfig: {
    GUIDING: { description: '指导目录：模板，本身不在任何地方适用 · a guiding template that applies nowhere by itself' },
    LOCAL: { description: '实施清单：适用于所属地全辖区 · a local list applying to its owner’s whole subtree' },
    DUTY: {
      description:
        '乡镇(街道)履行职责事项清单：乡镇自有清单或县级通用清单 · a township duty list: a township’s own, or the common list of a county',
    },
  },
});
registerEnumType(RelativeHolder, {
  name: 'RelativeHolder',
  description: '相对责任主体 · A holder named relative to the place being resolved',
  valuesConfig: {
    TOWNSHIP_GOVERNMENT: {
      description: '属地乡镇（街道）：所解析乡级区划的人民政府/办事处 · the government of the township being resolved',
    },
  },
});

/** The part of a township duty list (SPEC §8), generated from DUTY_PARTS. */
export const DutyPart = enumOf(DUTY_PARTS);
export type DutyPart = (typeof DUTY_PARTS)[number];
registerEnumType(DutyPart, {
  name: 'DutyPart',
  description: '履职事项清单的部分（SPEC §8）· Part of a township duty list',
  valuesConfig: {
    BASIC: { description: '基本履职事项 · the township’s own duty' },
    COOPERATING: { description: '配合履职事项：由牵头部门牵头 · the township helps; a lead body leads' },
    RECLAIMED: { description: '上级部门收回事项：由承接部门承担 · taken back; a body above now does it' },
  },
});
