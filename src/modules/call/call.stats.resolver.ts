import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { DateScalar } from '../../graphql/scalars';
import { requireScopePath } from '../jurisdiction/jurisdiction.scope';
import { callStatistics, type CallDimension as Dimension } from './call.stats';
import { CallDimension, CallStat, CallStatistics } from './call.stats.type';

@Resolver(() => CallStatistics)
export class CallStatisticsResolver {
  @Query(() => CallStatistics, {
    description:
      '乡呼县应统计：某辖区某时段的呼叫、按时响应与反馈率、反馈用时中位数与 90 分位、满意度、督办；by: ITEM 即被呼叫最多的事项 · ' +
      'Call statistics of a scope over a period: calls, on-time rates, median and p90 time to answer, satisfaction, escalations; by: ITEM gives the items most called about',
  })
  async callStatistics(
    @Arg('scopeCode', () => String, { description: '辖区（000000 为全国）· Scope (000000: the nation)' }) scopeCode: string,
    @Arg('from', () => DateScalar, { description: '呼叫日起（含）· Raised on or after' }) from: string,
    @Arg('to', () => DateScalar, { description: '呼叫日止（含）· Raised on or before' }) to: string,
    @Arg('by', () => CallDimension, { description: '分组口径 · Group by' }) by: Dimension,
    @Arg('top', () => Int, {
      nullable: true,
      description: '最多返回的组数（默认 50，至多 100）· Groups returned (default 50, at most 100)',
    })
    top: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CallStatistics> {
    const { scope, level } = await requireScopePath(ctx.db, scopeCode);
    const s = await callStatistics(ctx.db, { scope, level, from, to, by, first: Math.min(Math.max(top ?? 50, 1), 100) });
    return { ...s, total: new CallStat(s.total), groups: s.groups.map((g) => new CallStat(g)) };
  }
}
