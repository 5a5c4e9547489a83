import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../../graphql/connection';
import { Node } from '../../graphql/node';
import { DateScalar } from '../../graphql/scalars';
import { CALL_STATES, RATINGS, REFERRALS, ROUTE_RULES } from './call.rules';

const enumOf = <T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };

export const CallState = enumOf(CALL_STATES);
registerEnumType(CallState, {
  name: 'CallState',
  description:
    '呼叫状态：已呼叫 → 已派单 → 已响应 → 已反馈 → 已评价，超时为督办中 · State of a call: CALLED → DISPATCHED → ACCEPTED → ANSWERED → RATED, or ESCALATED past a limit',
});
export const RouteRule = enumOf(ROUTE_RULES);
registerEnumType(RouteRule, {
  name: 'CallRouteRule',
  description:
    '派单依据：收回事项承接主体 / 配合事项牵头单位 / 县级以上主体责任部门 / 上级政府兜底 · Why the call went where it did: RECLAIMED taker, COOPERATING lead, PRIMARY holders above township, FALLBACK to the parent government',
});
export const Referral = enumOf(REFERRALS);
registerEnumType(Referral, {
  name: 'CallReferral',
  description: '兜底呼叫转入：职责争议 / 准入 · What an unrouted call feeds: a DISPUTE or an ADMISSION',
});
export const Rating = enumOf(RATINGS);
registerEnumType(Rating, {
  name: 'CallRating',
  description: '评价：满意 / 基本满意 / 不满意 · Rating: SATISFIED, BASICALLY_SATISFIED, UNSATISFIED',
});

@ObjectType({ description: '承办单位及派单理由 · A responder of a call, and why' })
export class CallResponder {
  @Field({ description: '承办单位（主体编码）· The body (code)' })
  body: string;
  @Field({ description: '派单依据（改派为 REASSIGNED）· The rule that chose it (REASSIGNED after a reassignment)' })
  rule: string;
  @Field(() => String, { nullable: true, description: '依据的清单 · The list it came from' })
  catalogue: string | null;
  @Field(() => String, { nullable: true, description: '依据的责任分配编号 · The assignment it came from' })
  assignment: string | null;
  @Field(() => String, {
    nullable: true,
    description: '依据的履职清单条目（事项编码）· The duty-list entry it came from (item code)',
  })
  dutyItem: string | null;
  @Field({ description: '经继任主体 · Resolved via a successor' })
  viaSuccessor: boolean;
  @Field(() => String, { nullable: true, description: '理由 · Why' })
  reason: string | null;
  @Field({ description: '派单时间 · Assigned at' })
  assignedAt: string;
  @Field(() => String, { nullable: true, description: '改派时间（仍承办为空）· Released at (null while current)' })
  releasedAt: string | null;
  @Field(() => String, { nullable: true, description: '改派理由 · Why it was released' })
  releasedReason: string | null;
}

@ObjectType({ description: '呼叫的一步 · One step of a call' })
export class CallStepRecord {
  @Field({ description: '步骤 · Step (call, dispatch, accept, answer, rate, escalate, reassign)' })
  step: string;
  @Field(() => CallState, { nullable: true, description: '原状态 · From' })
  from: string | null;
  @Field(() => CallState, { description: '新状态 · To' })
  to: string;
  @Field(() => String, { nullable: true, description: '操作人 · Actor' })
  actor: string | null;
  @Field(() => String, { nullable: true, description: '说明 · Reason' })
  reason: string | null;
  @Field({ description: '时间 · When' })
  at: string;
}

@ObjectType({ implements: Node, description: '乡呼县应呼叫 · A township’s call (乡呼县应)' })
export class Call {
  @Field({ description: '呼叫编号 · The call’s number' })
  number: string;
  @Field({ description: '事项编码 · The item' })
  item: string;
  @Field({ description: '呼叫乡镇（街道）· The calling township' })
  township: string;
  @Field({ description: '所属县（或不设区的市）· Its county (or city without counties)' })
  county: string;
  @Field({ description: '领域 · Domain of the item' })
  domain: string;
  @Field(() => DateScalar, { description: '依清单的日期 · The day the lists are read at' })
  callDate: string;
  @Field({ description: '呼叫内容 · What is asked' })
  text: string;
  @Field(() => String, { nullable: true, description: '地点 · Location' })
  location: string | null;
  @Field(() => [String], { description: '附件链接 · Attachment links' })
  attachments: string[];
  @Field({ description: '复杂事项（反馈时限 15 个工作日）· Complex (longer answer limit)' })
  complex: boolean;
  @Field(() => String, { nullable: true, description: '平台呼叫编号 · The platform’s own call id' })
  platformCallId: string | null;
  @Field(() => CallState, { description: '状态 · State' })
  state: string;
  @Field(() => RouteRule, { description: '派单依据 · The rule that routed it' })
  routeRule: string;
  @Field(() => Referral, { nullable: true, description: '兜底转入 · What it feeds when unrouted' })
  referral: string | null;
  @Field(() => [String], { description: '当前承办单位 · Current responders (body codes)' })
  responders: string[];
  @Field(() => String, { nullable: true, description: '呼叫人 · Raised by' })
  raisedBy: string | null;
  @Field({ description: '呼叫时间 · Raised at' })
  raisedAt: string;
  @Field(() => String, { nullable: true, description: '派单时间 · Dispatched at' })
  dispatchedAt: string | null;
  @Field({ description: '响应时限 · Accept by' })
  acceptBy: string;
  @Field(() => DateScalar, { nullable: true, description: '反馈时限（最后一日）· Answer by (last day)' })
  answerBy: string | null;
  @Field(() => String, { nullable: true, description: '响应时间 · Accepted at' })
  acceptedAt: string | null;
  @Field(() => Boolean, { nullable: true, description: '按时响应 · Accepted on time' })
  acceptedOnTime: boolean | null;
  @Field(() => String, { nullable: true, description: '反馈时间 · Answered at' })
  answeredAt: string | null;
  @Field(() => Boolean, { nullable: true, description: '按时反馈 · Answered on time' })
  answeredOnTime: boolean | null;
  @Field(() => String, { nullable: true, description: '反馈内容 · The answer' })
  answer: string | null;
  @Field(() => Rating, { nullable: true, description: '评价 · Rating' })
  rating: string | null;
  @Field(() => String, { nullable: true, description: '评价说明 · Rating comment' })
  ratingComment: string | null;
  @Field(() => Int, { description: '督办次数 · Times escalated' })
  escalations: number;
  @Field(() => String, { nullable: true, description: '督办原因 · Why it was escalated' })
  escalationReason: string | null;
  @Field(() => Int, { description: '改派次数 · Times reassigned' })
  reassignments: number;
  @Field(() => Int, { description: '修订号 · Revision (one more per step)' })
  revision: number;
}

export const CallConnection = connectionType(Call, 'Call', '乡呼县应呼叫');

@InputType({ description: '新的呼叫 · A new call' })
export class CallInput {
  @Field({ description: '事项编码 · The item' })
  item: string;
  @Field({ description: '呼叫乡镇（街道）代码（本乡镇）· The calling township (your own)' })
  township: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: '依清单的日期（默认今天）· The day the lists are read at (default today)',
  })
  date?: string | null;
  @Field({ description: '呼叫内容 · What is asked' })
  text: string;
  @Field(() => String, { nullable: true, description: '地点 · Location' })
  location?: string | null;
  @Field(() => [String], { nullable: true, description: '附件链接（http/https）· Attachment links' })
  attachments?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: '复杂事项 · Complex matter' })
  complex?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: '平台呼叫编号：同一编号只建一次呼叫 · The platform’s own call id: one call per id',
  })
  platformCallId?: string | null;
}

@ObjectType({ description: '县级乡呼县应设置 · A county’s call settings' })
export class CallSettings {
  @Field({ description: '县（区划代码）· The county' })
  county: string;
  @Field(() => Int, { description: '响应时限（工作小时）· Accept within (working hours)' })
  acceptHours: number;
  @Field(() => Int, { description: '反馈时限（工作日）· Answer within (working days)' })
  answerDays: number;
  @Field(() => Int, { description: '复杂事项反馈时限（工作日）· Complex answer within (working days)' })
  complexDays: number;
  @Field(() => String, { nullable: true, description: '平台回调地址 · The platform’s webhook URL' })
  webhookUrl: string | null;
}

@InputType({ description: '县级乡呼县应设置 · A county’s call settings' })
export class CallSettingsInput {
  @Field(() => Int, { nullable: true, description: '响应时限（工作小时，默认 24）· Accept within (working hours, default 24)' })
  acceptHours?: number | null;
  @Field(() => Int, { nullable: true, description: '反馈时限（工作日，默认 5）· Answer within (working days, default 5)' })
  answerDays?: number | null;
  @Field(() => Int, { nullable: true, description: '复杂事项反馈时限（工作日，默认 15）· Complex (working days, default 15)' })
  complexDays?: number | null;
  @Field(() => String, { nullable: true, description: '平台回调地址（空串清除）· Webhook URL (empty string clears it)' })
  webhookUrl?: string | null;
  @Field(() => String, { nullable: true, description: '签名密钥（HMAC-SHA256）· Signing secret (HMAC-SHA256)' })
  webhookSecret?: string | null;
}
