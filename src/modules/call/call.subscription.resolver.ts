import { Arg, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../context';
import { AppError } from '../../errors';
import { requireScope } from '../jurisdiction/jurisdiction.scope';
import type { CallHub } from './call.subscription';
import * as sql from './call.sql';
import { Call } from './call.type';

/** The context of a subscription (graphql-ws): a request context, and the instance's hub. */
export type SubscriptionContext = RequestContext & { calls?: CallHub };

@Resolver(() => Call)
export class CallSubscriptionResolver {
  @Subscription(() => Call, {
    description:
      '呼叫有变化（辖区内乡镇的每一步；graphql-ws，同一 /graphql 地址）· A call changed (every step of a call from a township in the scope; graphql-ws on the same /graphql endpoint)',
    subscribe: async ({ args, context }) => {
      const ctx = context as SubscriptionContext;
      const scope = await requireScope(ctx.db, String(args.scopeCode));
      if (!ctx.calls)
        throw new AppError('NOT_FOUND', '订阅需通过 WebSocket（graphql-ws）· subscriptions need a WebSocket (graphql-ws)');
      return ctx.calls.subscribe(scope);
    },
  })
  async callUpdated(
    @Root() number: string,
    @Arg('scopeCode', () => String, { description: '辖区（000000 为全国）· Scope (000000: the nation)' }) _scopeCode: string,
    @Ctx() ctx: RequestContext,
  ): Promise<sql.CallRow | null> {
    // read at delivery, not from a loader cached for the connection: each event shows the call as it is now
    return (await ctx.db.query<sql.CallRow>(sql.CALLS_BY_ID_SQL, [[number]]))[0] ?? null;
  }
}
