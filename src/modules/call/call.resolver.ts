import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { listPage } from '../../graphql/connection';
import { keyOf, orNull, registerNode } from '../../graphql/node';
import { DateScalar } from '../../graphql/scalars';
import type { AdjustmentRow } from '../adjustment/adjustment.sql';
import { Adjustment } from '../adjustment/adjustment.type';
import type { DisputeRow } from '../dispute/dispute.sql';
import { Dispute } from '../dispute/dispute.type';
import { normaliseCode } from '../jurisdiction/jurisdiction.code';
import { requireScope } from '../jurisdiction/jurisdiction.scope';
import * as svc from './call.service';
import { callSettings, setCallSettings } from './call.settings';
import { CallStatisticsResolver } from './call.stats.resolver';
import { CallSubscriptionResolver } from './call.subscription.resolver';
import { WebhookResolver } from './webhook.resolver';
import * as sql from './call.sql';
import {
  Call,
  CallConnection,
  CallInput,
  CallResponder,
  CallSettings,
  CallSettingsInput,
  CallState,
  CallStepRecord,
  Rating,
} from './call.type';

/** Calls carry their type in their global id (`Call:<number>` in base64). */
registerNode<sql.CallRow>('Call', {
  key: (r) => r.id,
  load: (ctx, keys) => ctx.loaders.callById.loadMany(keys).then(orNull),
});

const NUMBER = /^\d{1,18}$/;
const callNumber = (id: string) => keyOf('Call', id, NUMBER) ?? id;
const revisionArg = {
  nullable: true,
  description: '您看到的修订号；已变则返回 CONFLICT · The revision you saw; CONFLICT when it has moved on',
} as const;
const bodyArg = {
  nullable: true,
  description:
    '承办单位（默认令牌 sub；编辑可代其辖区内的承办单位）· The responder (default: the token’s sub; an EDITOR may act for one in scope)',
} as const;

@Resolver(() => Call)
export class CallResolver {
  @Query(() => Call, { nullable: true, description: '一次呼叫 · One call' })
  call(
    @Arg('id', () => ID, { description: '全局标识或呼叫编号 · Global id, or the number' }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    const n = keyOf('Call', id, NUMBER);
    return n ? ctx.loaders.callById.load(n) : null;
  }

  @Query(() => CallConnection, {
    description:
      '某辖区的乡呼县应呼叫（呼叫乡镇在辖区内；000000 为全国）· Calls of a scope (the calling township in its subtree; 000000: the nation)',
  })
  async calls(
    @Arg('scopeCode', () => String) scopeCode: string,
    @Arg('states', () => [CallState], { nullable: true, description: '状态 · States' }) states: string[] | null,
    @Arg('itemCode', () => String, { nullable: true, description: '事项 · Item' }) itemCode: string | null,
    @Arg('responder', () => String, { nullable: true, description: '当前承办单位 · A current responder (body code)' })
    responder: string | null,
    @Arg('from', () => DateScalar, { nullable: true, description: '呼叫日起（含）· Raised on or after' }) from: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: '呼叫日止（含）· Raised on or before' }) to: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const scope = await requireScope(ctx.db, scopeCode);
    return listPage<sql.CallRow>(
      ctx.db,
      {
        listSql: sql.LIST_CALLS_SQL,
        countSql: sql.COUNT_CALLS_SQL,
        filter: [
          scope === '000000' ? null : scope,
          states?.length ? states : null,
          itemCode?.trim() || null,
          responder?.trim() || null,
          from,
          to,
        ],
        first,
        after,
        key: (r) => r.id,
      },
      (k) => NUMBER.test(String(k[0])),
    );
  }

  @Query(() => CallSettings, { nullable: true, description: '县级乡呼县应设置 · A county’s call settings' })
  callSettings(@Arg('county', () => String) county: string, @Ctx() ctx: RequestContext) {
    return callSettings(ctx.db, normaliseCode(county, 'county'));
  }

  @FieldResolver(() => [CallResponder], {
    description: '承办单位及派单理由（含已改派的）· Responders and why (released ones included)',
  })
  responderHistory(@Root() c: sql.CallRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.respondersByCall.load(c.id);
  }

  @FieldResolver(() => [CallStepRecord], { description: '每一步（时间、操作人）· Every step, dated, with its actor' })
  steps(@Root() c: sql.CallRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.stepsByCall.load(c.id);
  }

  @FieldResolver(() => Dispute, { nullable: true, description: '转入的职责争议 · The dispute it feeds' })
  dispute(@Root() c: sql.CallRow, @Ctx() ctx: RequestContext) {
    return c.dispute ? ctx.loaders.disputeById.load(c.dispute) : null;
  }

  @FieldResolver(() => Adjustment, { nullable: true, description: '转入的准入申请 · The admission draft it feeds' })
  adjustment(@Root() c: sql.CallRow, @Ctx() ctx: RequestContext) {
    return c.adjustment ? ctx.loaders.adjustmentById.load(c.adjustment) : null;
  }

  @Mutation(() => Call, {
    description:
      '乡呼：乡镇（街道）编辑或其平台发起呼叫，按清单派单（同一平台呼叫编号只建一次）· Raise a call (the township’s EDITOR or its platform); routed by the lists (one call per platform call id)',
  })
  raiseCall(
    @Arg('input', () => CallInput) input: CallInput,
    @Arg('reason', () => String, { nullable: true, description: '说明 · Why' }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.raiseCall(ctx.db, input, ctx.who(reason ?? input.text.slice(0, 200)));
  }

  @Mutation(() => Call, { description: '响应（承办单位）· Accept (a responder)' })
  acceptCall(
    @Arg('id', () => ID) id: string,
    @Arg('body', () => String, bodyArg) body: string | null,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.acceptCall(ctx.db, { id: callNumber(id), body, expectedRevision, ...ctx.who('响应 · accepted') });
  }

  @Mutation(() => Call, { description: '反馈（承办单位）· Answer (a responder)' })
  answerCall(
    @Arg('id', () => ID) id: string,
    @Arg('answer', () => String, { description: '反馈内容 · The answer' }) answer: string,
    @Arg('body', () => String, bodyArg) body: string | null,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.answerCall(ctx.db, { id: callNumber(id), answer, body, expectedRevision, ...ctx.who(answer.slice(0, 200)) });
  }

  @Mutation(() => Call, {
    description:
      '退回（承办单位，须说明理由），待编办改派 · Hand the call back (a responder, with a reason) for the REVIEWER to reassign',
  })
  handBackCall(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { description: '退回理由 · Why' }) reason: string,
    @Arg('body', () => String, bodyArg) body: string | null,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.handBackCall(ctx.db, { ...ctx.who(reason), id: callNumber(id), reason, body, expectedRevision });
  }

  @Mutation(() => Call, { description: '评价（呼叫乡镇）· Rate the answer (the calling township)' })
  rateCall(
    @Arg('id', () => ID) id: string,
    @Arg('rating', () => Rating) rating: string,
    @Arg('comment', () => String, { nullable: true, description: '评价说明 · Comment' }) comment: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.rateCall(ctx.db, { id: callNumber(id), rating, comment, ...ctx.who(comment ?? rating) });
  }

  @Mutation(() => Call, {
    description: '改派（承办单位的审核人，须说明理由）· Reassign (the responder’s REVIEWER, with a reason)',
  })
  reassignCall(
    @Arg('id', () => ID) id: string,
    @Arg('to', () => [String], { description: '新的承办单位 · The new responders (body codes)' }) to: string[],
    @Arg('reason', () => String, { description: '改派理由 · Why' }) reason: string,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.reassignCall(ctx.db, { ...ctx.who(reason), id: callNumber(id), to, reason, expectedRevision });
  }

  @Mutation(() => CallSettings, {
    description: '设置县级时限与回调地址（审核人）· Set a county’s time limits and webhook (a REVIEWER)',
  })
  setCallSettings(
    @Arg('county', () => String) county: string,
    @Arg('input', () => CallSettingsInput) input: CallSettingsInput,
    @Ctx() ctx: RequestContext,
  ) {
    return setCallSettings(ctx.db, normaliseCode(county, 'county'), input, ctx.who('乡呼县应设置 · call settings'));
  }
}

/** The calls behind a dispute (linked both ways). */
@Resolver(() => Dispute)
export class DisputeCallsResolver {
  @FieldResolver(() => [Call], { description: '转入本争议的呼叫 · The calls that fed this dispute' })
  calls(@Root() d: DisputeRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.callsByDispute.load(d.id);
  }
}

/** The calls behind an admission draft (linked both ways). */
@Resolver(() => Adjustment)
export class AdjustmentCallsResolver {
  @FieldResolver(() => [Call], { description: '转入本准入申请的呼叫 · The calls that fed this admission' })
  calls(@Root() a: AdjustmentRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.callsByAdjustment.load(a.id);
  }
}

export const CALL_RESOLVERS = [
  CallResolver,
  DisputeCallsResolver,
  AdjustmentCallsResolver,
  CallStatisticsResolver,
  CallSubscriptionResolver,
  WebhookResolver,
] as const;
