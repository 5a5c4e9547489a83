import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { todayInChina } from '../../dates';
import { listPage } from '../../graphql/connection';
import { keyOf, orNull, registerNode } from '../../graphql/node';
import { DateScalar } from '../../graphql/scalars';
import { adjustmentCutoffs, adjustmentLimits } from './adjustment.limits';
import { requireScope } from '../jurisdiction/jurisdiction.scope';
import * as svc from './adjustment.service';
import * as sql from './adjustment.sql';
import { CatalogueVersion } from '../version/version.type';
import { Flag } from '../resolution/resolution.type';
import type { FlagNode } from '../resolution/resolution.nodes';
import {
  Adjustment,
  AdjustmentConnection,
  AdjustmentImpact,
  AdjustmentInput,
  AdjustmentOpinion,
  AdjustmentState,
  TimeLimit,
} from './adjustment.type';

/** Adjustments carry their type in their global id (`Adjustment:<number>` in base64), never a bare number. */
registerNode<sql.AdjustmentRow>('Adjustment', {
  key: (r) => r.id,
  load: (ctx, keys) => ctx.loaders.adjustmentById.loadMany(keys).then(orNull),
});

const NUMBER = /^\d{1,18}$/;
/** The number an `id` argument names: the global id, or the bare number as cited on paper (unknown: "0"). */
export const adjustmentNumber = (id: string) => keyOf('Adjustment', id, NUMBER) ?? id;

const reasonArg = { nullable: true, description: '说明，记入变更记录 · Why; recorded in the change feed' } as const;
const revisionArg = {
  nullable: true,
  description: '您看到的修订号；已变则返回 CONFLICT · The revision you saw; CONFLICT when it has moved on',
} as const;

@Resolver(() => Adjustment)
export class AdjustmentResolver {
  @Query(() => Adjustment, { nullable: true, description: '一项调整申请 · One adjustment' })
  async adjustment(
    @Arg('id', () => ID, { description: '全局标识或申请编号 · Global id, or the number' }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    const n = keyOf('Adjustment', id, NUMBER);
    return n ? ctx.loaders.adjustmentById.load(String(BigInt(n))) : null;
  }

  @Query(() => AdjustmentConnection, {
    description:
      '某辖区的调整申请（清单所属或申请主体在辖区内；000000 为全国）· Adjustments of a scope (its lists or its applicants; 000000: the nation)',
  })
  async adjustments(
    @Arg('scopeCode', () => String) scopeCode: string,
    @Arg('states', () => [AdjustmentState], { nullable: true, description: '状态 · States' }) states: string[] | null,
    @Arg('applicant', () => String, { nullable: true, description: '申请主体 · Applicant body' }) applicant: string | null,
    @Arg('overdue', () => Boolean, {
      nullable: true,
      description: '仅超期（true）或仅未超期（false）· Only those past their time limit (true) or within it (false)',
    })
    overdue: boolean | null,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: '判断超期的日期（默认今天）· The day overdue is judged on (default today)',
    })
    asOf: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const scope = await requireScope(ctx.db, scopeCode);
    return listPage<sql.AdjustmentRow>(
      ctx.db,
      {
        listSql: sql.LIST_ADJUSTMENTS_SQL,
        countSql: sql.COUNT_ADJUSTMENTS_SQL,
        filter: [
          scope === '000000' ? null : scope,
          states?.length ? states : null,
          applicant?.trim() || null,
          overdue,
          ...adjustmentCutoffs(asOf ?? todayInChina()),
        ],
        first,
        after,
        key: (r) => r.id,
      },
      (k) => /^\d{1,18}$/.test(String(k[0])),
    );
  }

  @FieldResolver(() => TimeLimit, {
    nullable: true,
    description:
      '申请期限：事由发生后 10 个工作日 · Application limit: 10 working days after the trigger (null without a trigger date)',
  })
  applyBy(@Root() a: sql.AdjustmentRow) {
    return adjustmentLimits(a, todayInChina()).applyBy;
  }

  @FieldResolver(() => TimeLimit, {
    nullable: true,
    description: '审核期限：提交后 15 个工作日 · Review limit: 15 working days after submission (null before it)',
  })
  reviewBy(@Root() a: sql.AdjustmentRow) {
    return adjustmentLimits(a, todayInChina()).reviewBy;
  }

  @FieldResolver(() => Boolean, {
    description:
      '是否超期：草稿超过申请期限，或审核中超过审核期限 · Past its limit: a draft past the application limit, or under review past the review limit',
  })
  overdue(
    @Root() a: sql.AdjustmentRow,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '判断的日期（默认今天）· The day judged (default today)' })
    asOf: string | null,
  ) {
    return adjustmentLimits(a, asOf ?? todayInChina()).overdue;
  }

  @FieldResolver(() => [AdjustmentOpinion], { description: '会商意见 · Opinions asked' })
  async opinions(@Root() a: sql.AdjustmentRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.opinionsByAdjustment.load(a.id);
  }

  @FieldResolver(() => AdjustmentImpact, {
    description:
      '影响预览：调整前后的问题标记之差（已实施的为实施时的结果）· Impact: flags with and without it (for an applied one, as measured when applied)',
  })
  impact(@Root() a: sql.AdjustmentRow, @Ctx() ctx: RequestContext) {
    return svc.adjustmentImpact(ctx.db, a);
  }

  @Mutation(() => Adjustment, {
    description: '提出调整申请（草稿，或 submit 时直接提交）· Create an adjustment (a draft, or submitted)',
  })
  createAdjustment(
    @Arg('input', () => AdjustmentInput) input: AdjustmentInput,
    @Arg('submit', () => Boolean, { nullable: true, defaultValue: false, description: '同时提交 · Submit at once' })
    submit: boolean,
    @Arg('reason', () => String, reasonArg) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.createAdjustment(ctx.db, input, { submit, ...ctx.who(reason) });
  }

  @Mutation(() => Adjustment, { description: '提交（申请人）· Submit (the applicant)' })
  submitAdjustment(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, reasonArg) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.submitAdjustment(ctx.db, adjustmentNumber(id), ctx.who(reason));
  }

  @Mutation(() => Adjustment, { description: '撤回（申请人）· Withdraw (the applicant)' })
  withdrawAdjustment(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return svc.withdrawAdjustment(ctx.db, adjustmentNumber(id), ctx.who(reason));
  }

  @Mutation(() => Adjustment, { description: '会商：征求所列主体意见（审核人）· Consult the named bodies (the reviewer)' })
  consultAdjustment(
    @Arg('id', () => ID) id: string,
    @Arg('bodies', () => [String], { description: '会商单位编码 · Bodies to consult' }) bodies: string[],
    @Arg('reason', () => String, reasonArg) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.consultAdjustment(ctx.db, adjustmentNumber(id), bodies, ctx.who(reason));
  }

  @Mutation(() => Adjustment, {
    description: '会商单位答复（令牌 sub 为该主体编码）· A consulted body answers (its token’s sub is the body code)',
  })
  answerAdjustment(
    @Arg('id', () => ID) id: string,
    @Arg('agrees', () => Boolean) agrees: boolean,
    @Arg('text', () => String, { nullable: true, description: '意见（不同意时必填）· Text (required to disagree)' })
    text: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.answerAdjustment(ctx.db, { id: adjustmentNumber(id), agrees, text, ...ctx.who(text) });
  }

  @Mutation(() => Adjustment, {
    description:
      '批准（审核人）：意见未齐或有异议时需 override 理由 · Approve (the reviewer); with missing or disagreeing opinions an override reason is needed',
  })
  approveAdjustment(
    @Arg('id', () => ID) id: string,
    @Arg('override', () => String, {
      nullable: true,
      description: '不待全部同意而批准的理由 · Why approve without every agreement',
    })
    override: string | null,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Arg('reason', () => String, reasonArg) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.approveAdjustment(ctx.db, adjustmentNumber(id), { override, expectedRevision, ...ctx.who(reason ?? override) });
  }

  @Mutation(() => Adjustment, { description: '驳回（审核人）· Reject (the reviewer)' })
  rejectAdjustment(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.rejectAdjustment(ctx.db, adjustmentNumber(id), { expectedRevision, ...ctx.who(reason) });
  }

  @Mutation(() => Adjustment, {
    description:
      '实施（审核人）：原子写入记录并发布清单新版本；已过时的申请被拒绝 · Apply (the reviewer): writes the records atomically and publishes the next version; a stale adjustment is refused',
  })
  async applyAdjustment(
    @Arg('id', () => ID) id: string,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Arg('reason', () => String, reasonArg) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const row = await svc.applyAdjustment(ctx.db, adjustmentNumber(id), { expectedRevision, ...ctx.who(reason) });
    ctx.fresh();
    return row;
  }
}

/** The adjustment an applied version carries out (null: published directly). */
@Resolver(() => CatalogueVersion)
export class VersionAdjustmentResolver {
  @FieldResolver(() => Adjustment, {
    nullable: true,
    description: '发布此版本的调整申请 · The adjustment that published this version',
  })
  async adjustment(@Root() v: { catalogue: string; version: number }, @Ctx() ctx: RequestContext) {
    const id = await ctx.loaders.adjustmentByVersion.load(`${v.catalogue}|${v.version}`);
    return id ? ctx.loaders.adjustmentById.load(id) : null;
  }
}

/** Kinds of flag an admission answers (a township duty outside its lists). */
const ADMISSION_KINDS = new Set(['UNLISTED_TOWNSHIP_DUTY', 'DUTY_NOT_LISTED']);

@Resolver(() => Flag)
export class FlagAdmissionResolver {
  @FieldResolver(() => Adjustment, {
    nullable: true,
    description:
      '待准入：将把该事项列入此地清单、尚在审批中的调整申请（仅清单外事项标记）· ' +
      'Pending admission: the adjustment under review that would list the item here (duty-outside-the-list flags only)',
  })
  async pendingAdmission(@Root() f: FlagNode, @Ctx() ctx: RequestContext) {
    if (!ADMISSION_KINDS.has(f.kind)) return null;
    const id = await ctx.loaders.pendingAdmissionByPair.load(`${f.item}|${f.jurisdiction}`);
    return id ? ctx.loaders.adjustmentById.load(id) : null;
  }
}
