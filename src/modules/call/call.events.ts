import type { Db } from '../../db/database';
import type { CallRow } from './call.sql';

/**
 * The outbox: every state change of a call becomes one event in call_event, in the step's own transaction (so
 * an event exists exactly when its step committed). Its key `<county>:call:<number>:r<revision>` is the
 * idempotency key the receiver sees; the webhook worker (webhook.service.ts) drains events of counties with a
 * webhook, and subscribers hear each insert at commit (LISTEN shudi_call).
 */
export interface CallEventPayload {
  key: string;
  type: string;
  call: Record<string, unknown>;
  from: string | null;
  to: string;
  at: string;
  actor: string | null;
  reason: string | null;
}

export const eventKey = (c: Pick<CallRow, 'county' | 'id' | 'revision'>) => `${c.county}:call:${c.id}:r${c.revision}`;

const ENQUEUE_SQL = `
insert into call_event (event_key, call_id, county_code, township_code, type, payload, next_attempt_at)
select $1, $2::bigint, $3::varchar, $4, $5, $6::jsonb,
       case when exists (select 1 from call_setting s where s.county_code = $3::varchar and s.webhook_url is not null) then now() end
on conflict (event_key) do nothing`;

export async function enqueueCallEvent(
  tx: Db,
  c: CallRow,
  e: { step: string; from: string | null; at: Date; actor: string | null; reason: string | null },
): Promise<void> {
  const key = eventKey(c);
  const payload: CallEventPayload = {
    key,
    type: `call.${e.step}`,
    call: {
      number: c.number,
      item: c.item,
      township: c.township,
      county: c.county,
      state: c.state,
      routeRule: c.routeRule,
      referral: c.referral,
      responders: c.responders,
      platformCallId: c.platformCallId,
      revision: c.revision,
      acceptBy: c.acceptBy,
      answerBy: c.answerBy,
      rating: c.rating,
    },
    from: e.from,
    to: c.state,
    at: e.at.toISOString(),
    actor: e.actor,
    reason: e.reason,
  };
  await tx.query(ENQUEUE_SQL, [key, c.id, c.county, c.township, payload.type, JSON.stringify(payload)]);
}
