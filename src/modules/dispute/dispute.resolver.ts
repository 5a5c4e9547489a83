import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { todayInChina } from '../../dates';
import { listPage } from '../../graphql/connection';
import { keyOf, orNull, registerNode } from '../../graphql/node';
import { DateScalar } from '../../graphql/scalars';
import type { AdjustmentRow } from '../adjustment/adjustment.sql';
import { Adjustment, TimeLimit } from '../adjustment/adjustment.type';
import { requireScope } from '../jurisdiction/jurisdiction.scope';
import * as svc from './dispute.service';
import * as sql from './dispute.sql';
import { Dispute, DisputeConnection, DisputeInput, DisputeState, DisputeStatement, RulingInput } from './dispute.type';

/** Disputes carry their type in their global id (`Dispute:<number>` in base64). */
registerNode<sql.DisputeRow>('Dispute', {
  key: (r) => r.id,
  load: (ctx, keys) => ctx.loaders.disputeById.loadMany(keys).then(orNull),
});

const NUMBER = /^\d{1,18}$/;
const disputeNumber = (id: string) => keyOf('Dispute', id, NUMBER) ?? id;

const reasonArg = { nullable: true, description: '说明，记入变更记录 · Why; recorded in the change feed' } as const;
const revisionArg = {
  nullable: true,
  description: '您看到的修订号；已变则返回 CONFLICT · The revision you saw; CONFLICT when it has moved on',
} as const;

@Resolver(() => Dispute)
export class DisputeResolver {
  @Query(() => Dispute, { nullable: true, description: '一项职责争议 · One dispute' })
  dispute(
    @Arg('id', () => ID, { description: '全局标识或争议编号 · Global id, or the number' }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    const n = keyOf('Dispute', id, NUMBER);
    return n ? ctx.loaders.disputeById.load(n) : null;
  }

  @Query(() => DisputeConnection, {
    description:
      '某辖区的职责争议及裁定清单（有地点在辖区内；000000 为全国；states: [RULED] 即裁定清单）· ' +
      'Disputes of a scope and its rulings list (a place in its subtree; 000000: the nation; states: [RULED] is the 裁定清单)',
  })
  async disputes(
    @Arg('scopeCode', () => String) scopeCode: string,
    @Arg('states', () => [DisputeState], { nullable: true, description: '状态 · States' }) states: string[] | null,
    @Arg('itemCode', () => String, { nullable: true, description: '事项 · Item' }) itemCode: string | null,
    @Arg('party', () => String, { nullable: true, description: '当事方（主体编码）· A party (body code)' }) party: string | null,
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
    return listPage<sql.DisputeRow>(
      ctx.db,
      {
        listSql: sql.LIST_DISPUTES_SQL,
        countSql: sql.COUNT_DISPUTES_SQL,
        filter: svc.disputeFilterParams({
          scope: scope === '000000' ? null : scope,
          states,
          item: itemCode?.trim() || null,
          party: party?.trim() || null,
          overdue,
          asOf: asOf ?? todayInChina(),
        }),
        first,
        after,
        key: (r) => r.id,
      },
      (k) => NUMBER.test(String(k[0])),
    );
  }

  @FieldResolver(() => [DisputeStatement], { description: '当事方陈述 · Statements of the parties' })
  statements(@Root() d: sql.DisputeRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.statementsByDispute.load(d.id);
  }

  @FieldResolver(() => Adjustment, {
    nullable: true,
    description: '落实裁定的调整申请 · The adjustment that carries the ruling out',
  })
  adjustment(@Root() d: sql.DisputeRow, @Ctx() ctx: RequestContext) {
    return d.adjustment ? ctx.loaders.adjustmentById.load(d.adjustment) : null;
  }

  @FieldResolver(() => TimeLimit, {
    description: '裁定期限：提出后 15 个工作日 · Ruling limit: 15 working days after it was raised',
  })
  ruleBy(@Root() d: sql.DisputeRow) {
    return svc.disputeLimits(d, todayInChina()).ruleBy;
  }

  @FieldResolver(() => Boolean, {
    description: '是否超期（待裁定且已过期限）· Past its limit (still open after the ruling limit)',
  })
  overdue(
    @Root() d: sql.DisputeRow,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '判断的日期（默认今天）· The day judged (default today)' })
    asOf: string | null,
  ) {
    return svc.disputeLimits(d, asOf ?? todayInChina()).overdue;
  }

  @Mutation(() => Dispute, { description: '提出职责争议（当事方的编辑）· Raise a dispute (an EDITOR of a party)' })
  openDispute(
    @Arg('input', () => DisputeInput) input: DisputeInput,
    @Arg('reason', () => String, reasonArg) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.openDispute(ctx.db, input, ctx.who(reason ?? input.subject));
  }

  @Mutation(() => Dispute, {
    description:
      '当事方陈述（令牌 sub 为该主体编码，或编辑代其所辖主体陈述）· A party’s statement (its token’s sub is the body, or an EDITOR names a body in scope)',
  })
  addDisputeStatement(
    @Arg('id', () => ID) id: string,
    @Arg('text', () => String, { description: '陈述内容 · Text' }) text: string,
    @Arg('body', () => String, { nullable: true, description: '当事方（默认令牌 sub）· The party (default: the token’s sub)' })
    body: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.addStatement(ctx.db, { id: disputeNumber(id), body, text, ...ctx.who(text) });
  }

  @Mutation(() => Dispute, {
    description:
      '裁定（审核人，其权限范围须包含全部地点）：记录结论与依据，并创建落实裁定的调整申请 · ' +
      'Rule (a reviewer whose scope holds every place): records the decision and basis and creates the adjustment carrying it out',
  })
  async ruleDispute(
    @Arg('id', () => ID) id: string,
    @Arg('ruling', () => RulingInput) ruling: RulingInput,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Arg('reason', () => String, reasonArg) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const row = await svc.ruleDispute(ctx.db, disputeNumber(id), ruling, {
      expectedRevision,
      ...ctx.who(reason ?? ruling.decision),
    });
    ctx.fresh();
    return row;
  }

  @Mutation(() => Dispute, { description: '撤回（提出方的编辑）· Withdraw (an EDITOR of the raising party)' })
  withdrawDispute(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Arg('expectedRevision', () => Int, revisionArg) expectedRevision: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return svc.withdrawDispute(ctx.db, disputeNumber(id), { expectedRevision, ...ctx.who(reason) });
  }
}

/** The dispute whose ruling an adjustment carries out (linked both ways). */
@Resolver(() => Adjustment)
export class AdjustmentDisputeResolver {
  @FieldResolver(() => Dispute, { nullable: true, description: '所落实裁定的职责争议 · The dispute whose ruling it carries out' })
  dispute(@Root() a: AdjustmentRow, @Ctx() ctx: RequestContext) {
    return a.dispute ? ctx.loaders.disputeById.load(a.dispute) : null;
  }
}

export const DISPUTE_RESOLVERS = [DisputeResolver, AdjustmentDisputeResolver] as const;
