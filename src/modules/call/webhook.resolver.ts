import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { normaliseCode } from '../jurisdiction/jurisdiction.code';
import { DELIVERIES_SQL, OUTBOX_SQL, type DeliveryRow } from './webhook.service';

@ObjectType({ description: '一次回调投递 · One webhook delivery attempt' })
export class WebhookDelivery {
  @Field({ description: '投递编号 · Attempt id' })
  id: string;
  @Field({ description: '事件幂等键 · The event’s idempotency key' })
  eventKey: string;
  @Field({ description: '事件类型 · Event type (call.accept …)' })
  type: string;
  @Field({ description: '呼叫编号 · The call' })
  call: string;
  @Field({ description: '地址 · URL' })
  url: string;
  @Field(() => Int, { description: '第几次尝试 · Attempt number' })
  attempt: number;
  @Field(() => Int, { nullable: true, description: 'HTTP 状态 · HTTP status (null: no answer)' })
  status: number | null;
  @Field(() => String, { nullable: true, description: '错误 · Error' })
  error: string | null;
  @Field({ description: '成功 · Delivered' })
  ok: boolean;
  @Field(() => Int, { description: '用时（毫秒）· Duration (ms)' })
  durationMs: number;
  @Field({ description: '时间 · When' })
  at: string;
}

@ObjectType({ description: '回调待投递队列 · The webhook outbox of a county' })
export class WebhookOutbox {
  @Field(() => Int, { description: '待投递事件数 · Events waiting' })
  pending: number;
  @Field(() => String, { nullable: true, description: '最早的待投递事件时间 · Oldest waiting event' })
  oldest: string | null;
  @Field(() => String, { nullable: true, description: '最近错误 · Last error' })
  lastError: string | null;
}

@Resolver()
export class WebhookResolver {
  @Query(() => [WebhookDelivery], {
    description: '县级平台回调投递记录（新的在前）· A county platform’s webhook delivery log (newest first)',
  })
  webhookDeliveries(
    @Arg('county', () => String) county: string,
    @Arg('eventKey', () => String, { nullable: true, description: '事件幂等键 · An event’s idempotency key' })
    eventKey: string | null,
    @Arg('ok', () => Boolean, { nullable: true, description: '仅成功或仅失败 · Only delivered (true) or failed (false)' })
    ok: boolean | null,
    @Arg('before', () => String, { nullable: true, description: '此编号之前 · Attempts before this id (paging)' })
    before: string | null,
    @Arg('limit', () => Int, { nullable: true, description: '条数（默认 50，至多 100）· How many (default 50, at most 100)' })
    limit: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliveryRow[]> {
    const rows = Math.min(Math.max(limit ?? 50, 1), 100);
    return ctx.db.query<DeliveryRow>(DELIVERIES_SQL, [
      normaliseCode(county, 'county'),
      eventKey,
      ok,
      before && /^\d{1,18}$/.test(before) ? before : null,
      rows,
    ]);
  }

  @Query(() => WebhookOutbox, { description: '县级平台回调待投递队列 · A county’s webhook outbox' })
  async webhookOutbox(@Arg('county', () => String) county: string, @Ctx() ctx: RequestContext) {
    return (await ctx.db.query(OUTBOX_SQL, [normaliseCode(county, 'county')]))[0];
  }
}
