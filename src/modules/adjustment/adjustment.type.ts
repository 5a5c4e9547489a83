import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../graphql/connection';
import { Node } from '../../graphql/node';
import { DateScalar, JSONScalar } from '../../graphql/scalars';
import { ImportProblem } from '../exchange/exchange.resolver';
import { ADJUSTMENT_STATES, CHANGE_LABELS, TRIGGERS } from './adjustment.rules';

const enumOf = <T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };

export const AdjustmentState = enumOf(ADJUSTMENT_STATES);
export const ChangeLabel = enumOf(CHANGE_LABELS);
export const AdjustmentTrigger = enumOf(TRIGGERS);
registerEnumType(AdjustmentState, {
  name: 'AdjustmentState',
  description:
    '调整申请状态：草稿 → 已提交 → 会商中 → 已批准 → 已实施；或已驳回 / 已撤回 · ' +
    'State of an adjustment: DRAFT → SUBMITTED → CONSULTING → APPROVED → APPLIED; or REJECTED / WITHDRAWN',
});
registerEnumType(ChangeLabel, {
  name: 'ChangeLabel',
  description: '变更类型：新增、取消、下放、收回、变更 · Kind of change: ADD, REMOVE, DELEGATE, RECLAIM, CHANGE',
});
registerEnumType(AdjustmentTrigger, {
  name: 'AdjustmentTrigger',
  description:
    '调整事由：LAW 法律法规“立改废释”，POLICY 上级政策调整，PRACTICE 基层工作实际 · ' +
    'Why: LAW a law made, changed or repealed; POLICY a higher-level policy; PRACTICE the practice of the grassroots',
});

@ObjectType({ description: '一项变更：类型与交换格式记录 · One change: its label and its interchange records' })
export class AdjustmentChange {
  @Field(() => ChangeLabel, { description: '变更类型 · Label' })
  label: string;
  @Field(() => JSONScalar, {
    description: 'shudi-catalogue/1 文档（记录说明变更内容）· The records (a shudi-catalogue/1 document)',
  })
  document: unknown;
}

@ObjectType({ description: '会商意见 · An opinion asked of a consulted body' })
export class AdjustmentOpinion {
  @Field({ description: '会商单位（主体编码）· The body consulted (code)' })
  body: string;
  @Field(() => Boolean, { nullable: true, description: '是否同意；空：尚未答复 · Agrees; null: not answered yet' })
  agrees: boolean | null;
  @Field(() => String, { nullable: true, description: '意见 · Its text' })
  text: string | null;
  @Field(() => String, { nullable: true, description: '答复人 · Who answered' })
  answeredBy: string | null;
  @Field(() => String, { nullable: true, description: '答复时间 · When' })
  answeredAt: string | null;
}

@ObjectType({ description: '受影响的问题标记 · A flag the adjustment adds or removes' })
export class ImpactFlag {
  @Field({ description: '标记类型 · Flag kind' })
  kind: string;
  @Field({ description: '事项编码 · Item code' })
  item: string;
  @Field({ description: '乡镇（末级）代码 · The township (leaf)' })
  place: string;
}

@ObjectType({ description: '按类型统计 · Counts for one flag kind' })
export class ImpactCount {
  @Field() kind: string;
  @Field(() => Int, { description: '新增 · Added' }) added: number;
  @Field(() => Int, { description: '消除 · Removed' }) removed: number;
}

@ObjectType({ description: '三级四同比对结果（SPEC §9）· A conformance finding (SPEC §9)' })
export class ImpactFinding {
  @Field({ description: '被比对的清单 · The catalogue compared' })
  catalogue: string;
  @Field({ description: '事项编码 · Item code' })
  item: string;
  @Field({ description: '比对结果：MISSING 缺项、EXTRA 增项、RENAMED、RECATEGORISED、REBASED · Finding kind' })
  kind: string;
  @Field(() => String, { nullable: true, description: '本清单的值 · This catalogue’s value' })
  value: string | null;
  @Field(() => String, { nullable: true, description: '指导目录的值 · The guiding catalogue’s value' })
  guidingValue: string | null;
}

@ObjectType({
  description:
    '调整影响预览：生效日在清单所属辖区各末级的问题标记，调整前后之差 · ' +
    'Impact: the flags over the owner’s leaves at the effective date, with the adjustment against without it',
})
export class AdjustmentImpact {
  @Field(() => DateScalar, { description: '比较的日期（生效日）· The date compared (effective date)' })
  effectiveFrom: string;
  @Field({ description: '清单所属辖区 · The catalogue owner whose leaves are compared' })
  owner: string;
  @Field(() => [ImpactFlag], { description: '调整后新出现的标记 · Flags the adjustment creates' })
  added: ImpactFlag[];
  @Field(() => [ImpactFlag], { description: '调整后消除的标记 · Flags the adjustment removes' })
  removed: ImpactFlag[];
  @Field(() => [ImpactCount], { description: '按类型 · Per kind' })
  counts: ImpactCount[];
  @Field(() => [ImpactFinding], {
    description:
      '调整后新出现的三级四同比对结果（本清单对其指导目录，及以本清单为指导目录的清单）· Conformance findings the adjustment adds (its catalogue against its guiding one, and those it guides)',
  })
  conformanceAdded: ImpactFinding[];
  @Field(() => [ImpactFinding], { description: '调整后消除的三级四同比对结果 · Conformance findings the adjustment removes' })
  conformanceRemoved: ImpactFinding[];
  @Field(() => [ImportProblem], {
    description: '记录本身的问题（有则无法实施，也无法比较）· Problems of the records (then nothing is compared)',
  })
  problems: ImportProblem[];
}

@ObjectType({ implements: Node, description: '调整申请（动态调整）· An adjustment of a catalogue (动态调整)' })
export class Adjustment {
  @Field({
    description: '申请编号（纸面上引用的号码；全局标识见 id）· The adjustment’s number as cited on paper (the global id is `id`)',
  })
  number: string;
  @Field({ description: '被调整的清单编码 · The catalogue adjusted' })
  catalogue: string;
  @Field({ description: '清单所属辖区 · The catalogue’s owner' })
  owner: string;
  @Field({ description: '申请主体编码 · The applicant body' })
  applicant: string;
  @Field(() => AdjustmentState, { description: '状态 · State' })
  state: string;
  @Field({ description: '调整理由 · Reason' })
  reason: string;
  @Field(() => [String], { description: '依据 · Basis (citations)' })
  basis: string[];
  @Field(() => AdjustmentTrigger, { description: '调整事由 · Trigger' })
  trigger: string;
  @Field(() => DateScalar, { nullable: true, description: '事由发生日 · When the trigger happened' })
  triggeredOn: string | null;
  @Field(() => DateScalar, { description: '生效日期（不早于实施当日）· Effective date (never before the day it is applied)' })
  effectiveFrom: string;
  @Field(() => [AdjustmentChange], { description: '各项变更 · The changes' })
  changes: AdjustmentChange[];
  @Field(() => String, { nullable: true, description: '提交时间 · When submitted' })
  submittedAt: string | null;
  @Field(() => String, { nullable: true, description: '未获全部同意时批准的理由 · Why it was approved without every agreement' })
  overrideReason: string | null;
  @Field(() => String, { nullable: true, description: '审核人 · Who decided' })
  decidedBy: string | null;
  @Field(() => String, {
    nullable: true,
    description: '批准、驳回或撤回的说明 · Reason given when approved, rejected or withdrawn',
  })
  decisionReason: string | null;
  @Field(() => Int, { nullable: true, description: '实施后发布的清单版本号 · The catalogue version its application published' })
  appliedVersion: number | null;
  @Field(() => String, { nullable: true, description: '创建人 · Who created it' })
  createdBy: string | null;
  @Field({ description: '创建时间 · Created' })
  createdAt: string;
  @Field({ description: '最后修改时间 · Last changed' })
  updatedAt: string;
  @Field(() => Int, { description: '修订号（每一步加一，用于并发检查）· Revision (one more per step; for expectedRevision)' })
  revision: number;
}

@ObjectType({ description: '期限 · A time limit' })
export class TimeLimit {
  @Field(() => DateScalar, { description: '期限的最后一天（工作日计）· The last day of the limit (counted in working days)' })
  day: string;
  @Field({
    description:
      '所跨年份的节假日安排尚未收录（仅按周末计）· The limit reaches a year whose holiday schedule is not yet shipped (weekends only there)',
  })
  provisional: boolean;
}

export const AdjustmentConnection = connectionType(Adjustment, 'Adjustment', '调整申请');

@InputType({ description: '一项变更 · One change' })
export class AdjustmentChangeInput {
  @Field(() => ChangeLabel, { description: '变更类型 · Label' })
  label: string;
  @Field(() => JSONScalar, { description: 'shudi-catalogue/1 文档 · The records, as a shudi-catalogue/1 document' })
  document: unknown;
}

@InputType({ description: '新的调整申请 · A new adjustment' })
export class AdjustmentInput {
  @Field({ description: '被调整的清单编码 · The catalogue to adjust' })
  catalogue: string;
  @Field({ description: '申请主体编码（部门或乡镇）· The applicant body (a department or a township)' })
  applicant: string;
  @Field({ description: '调整理由 · Reason' })
  reason: string;
  @Field(() => [String], { nullable: true, description: '依据 · Basis (citations)' })
  basis?: string[] | null;
  @Field(() => AdjustmentTrigger, { description: '调整事由 · Trigger' })
  trigger: string;
  @Field(() => DateScalar, { nullable: true, description: '事由发生日 · When the trigger happened' })
  triggeredOn?: string | null;
  @Field(() => DateScalar, { description: '生效日期 · Effective date' })
  effectiveFrom: string;
  @Field(() => [AdjustmentChangeInput], { description: '各项变更 · The changes' })
  changes: AdjustmentChangeInput[];
}
