import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../graphql/connection';
import { Node } from '../../graphql/node';
import { DateScalar } from '../../graphql/scalars';
import { AdjustmentInput } from '../adjustment/adjustment.type';
import { DISPUTE_STATES } from './dispute.rules';

export const DisputeState = Object.fromEntries(DISPUTE_STATES.map((v) => [v, v])) as {
  [K in (typeof DISPUTE_STATES)[number]]: K;
};
registerEnumType(DisputeState, {
  name: 'DisputeState',
  description: '职责争议状态：待裁定 → 已裁定 / 已撤回 · State of a dispute: OPEN → RULED or WITHDRAWN',
});

@ObjectType({ description: '当事方陈述 · A party’s statement' })
export class DisputeStatement {
  @Field({ description: '当事方（主体编码）· The party (body code)' })
  body: string;
  @Field({ description: '陈述内容 · Text' })
  text: string;
  @Field(() => String, { nullable: true, description: '陈述人 · Who wrote it' })
  madeBy: string | null;
  @Field({ description: '时间 · When' })
  madeAt: string;
}

@ObjectType({ implements: Node, description: '职责争议（及其裁定）· A dispute over who is responsible, and its ruling' })
export class Dispute {
  @Field({ description: '争议编号（纸面上引用的号码）· The dispute’s number (as cited on paper)' })
  number: string;
  @Field({ description: '事项编码 · The item disputed' })
  item: string;
  @Field({ description: '争议事由 · What is disputed' })
  subject: string;
  @Field(() => [String], { description: '涉及的地点（区划代码）· Places concerned (jurisdiction codes)' })
  places: string[];
  @Field(() => [String], { description: '当事方（主体编码）· Parties (body codes)' })
  parties: string[];
  @Field({ description: '提出方 · The party that raised it' })
  raisedBy: string;
  @Field({ description: '归属辖区：包含全部地点的最低一级 · Filed under: the lowest jurisdiction holding every place' })
  scope: string;
  @Field(() => DisputeState, { description: '状态 · State' })
  state: string;
  @Field(() => DateScalar, { description: '提出日期 · Raised on' })
  openedOn: string;
  @Field(() => String, { nullable: true, description: '裁定结论 · The ruling’s decision' })
  decision: string | null;
  @Field(() => [String], { description: '裁定依据 · Basis of the ruling' })
  rulingBasis: string[];
  @Field(() => String, { nullable: true, description: '裁定人（审核人）· Who ruled (the reviewer)' })
  ruledBy: string | null;
  @Field(() => DateScalar, { nullable: true, description: '裁定日期 · Ruled on' })
  ruledOn: string | null;
  @Field(() => String, { nullable: true, description: '撤回理由 · Why it was withdrawn' })
  withdrawReason: string | null;
  @Field(() => String, { nullable: true, description: '创建人 · Who created it' })
  createdBy: string | null;
  @Field({ description: '创建时间 · Created' })
  createdAt: string;
  @Field({ description: '最后修改时间 · Last changed' })
  updatedAt: string;
  @Field(() => Int, { description: '修订号（每一步加一）· Revision (one more per step; for expectedRevision)' })
  revision: number;
}

export const DisputeConnection = connectionType(Dispute, 'Dispute', '职责争议');

@InputType({ description: '新的职责争议 · A new dispute' })
export class DisputeInput {
  @Field({ description: '事项编码 · The item disputed' })
  item: string;
  @Field({ description: '争议事由 · What is disputed' })
  subject: string;
  @Field(() => [String], { description: '涉及的地点（区划代码）· Places concerned' })
  places: string[];
  @Field(() => [String], { description: '当事方（至少两个主体）· Parties (at least two bodies)' })
  parties: string[];
  @Field({ description: '提出方（当事方之一）· The party raising it (one of the parties)' })
  raisedBy: string;
  @Field(() => String, { nullable: true, description: '提出方的陈述 · The raising party’s statement' })
  statement?: string | null;
}

@InputType({ description: '裁定 · A ruling' })
export class RulingInput {
  @Field({ description: '裁定结论 · The decision' })
  decision: string;
  @Field(() => [String], { nullable: true, description: '裁定依据 · Basis' })
  basis?: string[] | null;
  @Field(() => AdjustmentInput, {
    nullable: true,
    description:
      '落实裁定的调整申请（维持原分工时可省略）· The adjustment that carries the ruling out (omit when the existing division stands)',
  })
  adjustment?: AdjustmentInput | null;
}
