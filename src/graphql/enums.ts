import { registerEnumType } from 'type-graphql';

export enum Level {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
}
export enum Role {
  PRIMARY = 'PRIMARY',
  SUPPORTING = 'SUPPORTING',
  SUPERVISING = 'SUPERVISING',
}
export enum BodyKind {
  GOVERNMENT = 'GOVERNMENT',
  DEPARTMENT = 'DEPARTMENT',
  STATIONED = 'STATIONED',
  OTHER = 'OTHER',
}
export enum Category {
  LICENSING = 'LICENSING',
  PENALTY = 'PENALTY',
  COERCION = 'COERCION',
  LEVY = 'LEVY',
  BENEFIT = 'BENEFIT',
  ADJUDICATION = 'ADJUDICATION',
  CONFIRMATION = 'CONFIRMATION',
  REWARD = 'REWARD',
  INSPECTION = 'INSPECTION',
  OTHER_POWER = 'OTHER_POWER',
  PUBLIC_SERVICE = 'PUBLIC_SERVICE',
  TERRITORIAL = 'TERRITORIAL',
}
export enum CatalogueKind {
  GUIDING = 'GUIDING',
  LOCAL = 'LOCAL',
  DUTY = 'DUTY',
}
export enum RelativeHolder {
  TOWNSHIP_GOVERNMENT = 'TOWNSHIP_GOVERNMENT',
}

registerEnumType(Level, {
  name: 'Level',
  description: '行政层级 · Administrative level',
  valuesConfig: {
    PROVINCE: { description: '省级 · province' },
    CITY: { description: '市级 · city (prefecture)' },
    COUNTY: { description: '县级 · county' },
    TOWNSHIP: { description: '乡级（乡、镇、街道）· township, town or subdistrict' },
  },
});
registerEnumType(Role, {
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

/** Table files (INTERCHANGE.md table layout): src/modules/exchange/table. */
export enum TableFormatEnum {
  XLSX = 'XLSX',
  CSV = 'CSV',
}
registerEnumType(TableFormatEnum, {
  name: 'TableFormat',
  description: '表格格式 · Table file format',
  valuesConfig: {
    XLSX: { description: 'Excel 工作簿（读第一个可见工作表）· Excel workbook (its first visible sheet)' },
    CSV: { description: 'CSV' },
  },
});
export enum CsvEncodingEnum {
  UTF8 = 'UTF8',
  GB18030 = 'GB18030',
}
registerEnumType(CsvEncodingEnum, {
  name: 'CsvEncoding',
  description: 'CSV 编码 · CSV character encoding',
  valuesConfig: {
    UTF8: { description: 'UTF-8（带 BOM，Excel 可直接打开）· UTF-8 with a BOM, which Excel recognises' },
    GB18030: { description: 'GB18030（旧版中文 Excel 的默认编码）· what older Chinese Excel reads by default' },
  },
});
