import { Field, ID, Int, ObjectType } from 'type-graphql';
import { enumOf, registerEnumType } from '../../graphql/enums';
import { EMPOWERMENT_MODES } from '../records/record.kinds';
import { CONFORMANCE_KINDS, type ConformanceKindName } from './conformance.sql';
import { DateScalar } from '../../graphql/scalars';
import { countType } from '../../graphql/counts';

/** The GraphQL enums of §8–9, generated from the arrays that declare their values. */
export { DutyPart } from '../records/record.enums';
import { DutyPart } from '../records/record.enums';

export const EmpowermentMode = enumOf(EMPOWERMENT_MODES);
export type EmpowermentMode = (typeof EMPOWERMENT_MODES)[number];
registerEnumType(EmpowermentMode, {
  name: 'EmpowermentMode',
  description: '赋权方式（SPEC §8）· How a power was given to townships',
  valuesConfig: {
    DELEGATED: { description: '下放 · delegated' },
    ENTRUSTED: { description: '委托 · entrusted' },
    CONCENTRATED: { description: '相对集中行使 · exercised in concentration' },
  },
});

export const ConformanceKind = enumOf(CONFORMANCE_KINDS);
export type ConformanceKind = ConformanceKindName;
registerEnumType(ConformanceKind, {
  name: 'ConformanceKind',
  description: '三级四同比对结果（SPEC §9）· Kind of conformance finding',
  valuesConfig: {
    MISSING: { description: '缺项：指导目录有、本清单无 · in the guiding catalogue, not in this one' },
    EXTRA: { description: '增项：本清单有、指导目录无 · in this catalogue, not in the guiding one' },
    RENAMED: { description: '名称不同 · names differ' },
    RECATEGORISED: { description: '类型不同 · categories differ' },
    REBASED: { description: '依据不同 · basis sets differ' },
  },
});

@ObjectType({ description: '履职事项清单条目 · An entry of a township duty list' })
export class DutyListEntry {
  @Field(() => DutyPart, { description: '部分 · Part' }) part: DutyPart;
  @Field(() => String, { nullable: true, description: '履职内容 · The duty as the list words it' }) duty: string | null;
  @Field(() => DateScalar, { nullable: true, description: '条目起始日（含）· Entry valid from' }) validFrom: string | null;
  @Field(() => DateScalar, { nullable: true, description: '条目终止日（不含）· Entry valid to (exclusive)' }) validTo:
    string | null;
  itemCode: string;
  catalogueCode: string;
  leadCode: string | null;
  takenByCode: string | null;
}

export const DutyPartCount = countType<'part', DutyPart>('DutyPartCount', '各部分事项数 · Entries per part', 'part', DutyPart);
export type DutyPartCount = InstanceType<typeof DutyPartCount>;

@ObjectType({ description: '履职事项清单的一个部分及其条目 · One part of a duty list, with its entries' })
export class DutyListPart {
  @Field(() => DutyPart, { description: '部分 · Part' }) part: DutyPart;
  @Field(() => Int, { description: '本部分事项数 · Entries in this part' }) count: number;
  @Field(() => [DutyListEntry], { description: '本部分条目（按事项编码）· Its entries, by item code' })
  entries: DutyListEntry[];
}

@ObjectType({ description: '某地某日有效的履职事项清单（SPEC §8）· The duty list in force at a place on a date' })
export class DutyList {
  @Field(() => DateScalar, { description: '查询日期 · The date asked about' }) asOf: string;
  @Field({
    description: '是否为本乡镇自有清单（否则为上级通用清单）· Whether it is the place’s own list (else a common list above)',
  })
  own: boolean;
  @Field(() => Int, { description: '事项总数 · Number of entries' }) total: number;
  @Field(() => [DutyPartCount], { description: '各部分事项数 · Entries per part' }) counts: DutyPartCount[];
  @Field(() => [DutyListEntry], { description: '条目（可按部分筛选）· The entries (of the part asked for)' })
  entries: DutyListEntry[];
  @Field(() => [DutyListPart], {
    description:
      '按部分分组：基本、配合、收回依次列出，各附事项数（按部分筛选时只列该部分）· Grouped by part (BASIC, COOPERATING, RECLAIMED), each with its count (only the part asked for, when one is)',
  })
  parts: DutyListPart[];
  placeCode: string;
  ownerCode: string;
  catalogueCodes: string[];
}

@ObjectType({ description: '赋权记录（SPEC §8）· An empowerment: legal power given to the townships of a scope' })
export class Empowerment {
  @Field(() => ID, { description: '记录编号（修改、删除时使用）· Record id (for updates and deletes)' }) id: string;
  @Field(() => Int, { description: '版本号 · Row version' }) rowVersion: number;
  @Field(() => EmpowermentMode, { description: '赋权方式 · Mode' }) mode: EmpowermentMode;
  @Field(() => [String], { description: '依据 · Basis' }) basis: string[];
  @Field(() => DateScalar, { nullable: true, description: '起始日（含）· Valid from' }) validFrom: string | null;
  @Field(() => DateScalar, { nullable: true, description: '终止日（不含，收回）· Valid to (exclusive; taken back)' })
  validTo: string | null;
  @Field(() => [String], { description: '例外地区 · Carve-outs (jurisdiction codes)' }) exceptIn: string[];
  @Field(() => String, { nullable: true, description: '备注 · Note' }) note: string | null;
  itemCode: string;
  scopeCode: string;
}

export const ConformanceCount = countType<'kind', ConformanceKind>(
  'ConformanceCount',
  '比对结果数 · Findings of one kind',
  'kind',
  ConformanceKind,
);
export type ConformanceCount = InstanceType<typeof ConformanceCount>;

@ObjectType({ description: '三级四同比对结果 · A conformance finding of one item' })
export class ConformanceFinding {
  @Field(() => ConformanceKind, { description: '类别 · Kind' }) kind: ConformanceKind;
  @Field(() => String, { nullable: true, description: '本清单中的值 · The value in this catalogue' }) value: string | null;
  @Field(() => String, { nullable: true, description: '指导目录中的值 · The value in the guiding catalogue' })
  guidingValue: string | null;
  itemCode: string;
}

@ObjectType({ description: '一份清单的三级四同比对（SPEC §9）· Conformance of one catalogue with its guiding catalogue' })
export class ConformanceReport {
  @Field(() => DateScalar) asOf: string;
  @Field(() => Int, { description: '结果总数 · Number of findings' }) total: number;
  @Field(() => [ConformanceCount], { description: '各类结果数 · Findings per kind' }) counts: ConformanceCount[];
  @Field(() => [ConformanceFinding], { description: '逐项结果 · Findings, item by item' }) findings: ConformanceFinding[];
  catalogueCode: string;
  guidingCode: string | null;
}

@ObjectType({ description: '一份清单的比对汇总 · Conformance counts of one catalogue' })
export class CatalogueConformance {
  @Field(() => Int) total: number;
  @Field(() => [ConformanceCount]) counts: ConformanceCount[];
  catalogueCode: string;
}

@ObjectType({ description: '某范围内全部清单的三级四同汇总（SPEC §9）· Conformance of every catalogue under a scope' })
export class ConformanceSummary {
  @Field({ description: '范围（000000 为全国）· Scope (000000: the nation)' }) scopeCode: string;
  @Field(() => DateScalar) asOf: string;
  @Field(() => Int, { description: '结果总数 · Number of findings' }) total: number;
  @Field(() => Int, { description: '参与比对的清单数 · Catalogues compared' }) catalogueCount: number;
  @Field(() => [ConformanceCount], { description: '各类结果数 · Findings per kind' }) counts: ConformanceCount[];
  @Field(() => [CatalogueConformance], { description: '问题最多的清单在前 · Catalogues, the most findings first' })
  catalogues: CatalogueConformance[];
}
