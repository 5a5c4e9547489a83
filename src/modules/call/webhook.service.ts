import { createHmac } from 'node:crypto';
import type { Db } from '../../db/database';

/**
 * Outbound webhooks: the worker drains the outbox (call_event) to each county's platform. An event is claimed
 * with a lease (so two instances never post it at once), posted with its idempotency key and an HMAC-SHA256
 * signature, and marked delivered on a 2xx answer; otherwise it is retried with exponential backoff. Events of
 * one county go out in order: after a failure the county's later events wait for the next round. Every attempt
 * is logged in webhook_delivery. A receiver that was down gets everything after it returns, once per key.
 */
export interface WebhookOptions {
  /** Backoff of the first retry (doubles each attempt), and its ceiling. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed event is kept from other workers; the HTTP timeout is kept below it. */
  leaseMs?: number;
  timeoutMs?: number;
  batch?: number;
}
const DEFAULTS: Required<WebhookOptions> = {
  baseDelayMs: 5_000,
  maxDelayMs: 3_600_000,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  batch: 200,
};

/** The events due now, claimed for the lease: the oldest first, skipping those another worker holds. */
const CLAIM_SQL = `
with due as (
  select e.id from call_event e
   where e.delivered_at is null and e.next_attempt_at <= now()
     -- in order per county: not while an earlier event of the county waits for its retry or is out on a lease
     and not exists (select 1 from call_event x
                      where x.county_code = e.county_code and x.delivered_at is null and x.id < e.id
                        and x.next_attempt_at > now())
   order by e.id
   limit $1
   for update skip locked
)
update call_event e set next_attempt_at = now() + ($2::int * interval '1 millisecond')
  from due
 where e.id = due.id
returning e.id::text as id, e.event_key as key, e.county_code as county, e.type, e.payload::text as body, e.attempts,
          (select s.webhook_url from call_setting s where s.county_code = e.county_code) as url,
          (select s.webhook_secret from call_setting s where s.county_code = e.county_code) as secret`;

interface Claimed {
  id: string;
  key: string;
  county: string;
  type: string;
  body: string;
  attempts: number;
  url: string | null;
  secret: string | null;
}

const DELIVERED_SQL = `update call_event set delivered_at = now(), attempts = attempts + 1, last_error = null where id = $1::bigint`;
const FAILED_SQL = `
update call_event set attempts = attempts + 1, last_error = $2,
       next_attempt_at = now() + least($3::bigint * power(2, attempts), $4::bigint) * interval '1 millisecond'
 where id = $1::bigint`;
/** A later event of a county whose earlier one failed waits for that one's retry. */
const HOLD_SQL = `update call_event set next_attempt_at = (select next_attempt_at from call_event where id = $2::bigint) where id = $1::bigint`;
/** Without a webhook (removed meanwhile) an event has nowhere to go: it stays undelivered, unscheduled. */
const PARK_SQL = `update call_event set next_attempt_at = null, last_error = 'no webhook' where id = $1::bigint`;
const LOG_SQL = `
insert into webhook_delivery (event_id, county_code, url, attempt, status, error, ok, duration_ms)
values ($1::bigint, $2, $3, $4, $5, $6, $7, $8)`;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the county's secret>`. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function post(e: Claimed, timeoutMs: number): Promise<{ status: number | null; error: string | null }> {
  const t = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': e.key,
    'x-shudi-event': e.type,
  };
  if (e.secret) headers['x-shudi-signature'] = signature(e.secret, t, e.body);
  try {
    const res = await fetch(e.url!, { method: 'POST', headers, body: e.body, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { status: null, error: cause ?? String((err as Error)?.message ?? err).slice(0, 200) };
  }
}

/** One round: claim what is due, post it county by county in order; how many were delivered and failed. */
export async function deliverDue(db: Db, options: WebhookOptions = {}): Promise<{ delivered: number; failed: number }> {
  const o = { ...DEFAULTS, ...options };
  // claims follow one another (the order check above must not race another instance's claim)
  const claimed = await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(7413, 16)`);
    return tx.query<Claimed>(CLAIM_SQL, [o.batch, o.leaseMs]);
  });
  const byCounty = new Map<string, Claimed[]>();
  for (const e of claimed.sort((a, b) => Number(a.id) - Number(b.id))) {
    (byCounty.get(e.county) ?? byCounty.set(e.county, []).get(e.county)!).push(e);
  }
  let delivered = 0;
  let failed = 0;
  await Promise.all(
    [...byCounty.values()].map(async (events) => {
      let blockedBy: string | null = null;
      for (const e of events) {
        if (blockedBy) {
          await db.query(HOLD_SQL, [e.id, blockedBy]);
          continue;
        }
        if (!e.url) {
          await db.query(PARK_SQL, [e.id]);
          continue;
        }
        const started = Date.now();
        const r = await post(e, Math.min(o.timeoutMs, o.leaseMs / 2));
        const ok = r.error === null;
        await db.query(LOG_SQL, [e.id, e.county, e.url, e.attempts + 1, r.status, r.error, ok, Date.now() - started]);
        if (ok) {
          await db.query(DELIVERED_SQL, [e.id]);
          delivered++;
        } else {
          await db.query(FAILED_SQL, [e.id, r.error, o.baseDelayMs, o.maxDelayMs]);
          failed++;
          blockedBy = e.id;
        }
      }
    }),
  );
  return { delivered, failed };
}

type Log = (level: 'info' | 'warn' | 'error', msg: string, data?: object) => void;

/**
 * The worker: a round when an event is enqueued (NOTIFY shudi_call, any instance) and at least every
 * `pollMs` (retries fall due by the clock); `stop` waits for the round in flight (clean shutdown).
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly opts: WebhookOptions & { pollMs?: number; log?: Log } = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Runs a round now (or right after the one in flight). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = deliverDue(this.db, this.opts)
      .then((r) => {
        if (r.delivered + r.failed > 0) this.again = this.again || r.delivered > 0;
      })
      .catch((e) => this.opts.log?.('warn', 'webhook round failed 回调投递失败', { err: String((e as Error)?.message ?? e) }))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        const next = this.again ? 0 : (this.opts.pollMs ?? 1_000);
        this.again = false;
        this.timer = setTimeout(() => this.kick(), next);
        this.timer.unref();
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

export interface DeliveryRow {
  id: string;
  event: string;
  eventKey: string;
  type: string;
  call: string;
  county: string;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  ok: boolean;
  durationMs: number;
  at: string;
}

/** The delivery log of county $1 (event key $2, ok $3 optional), newest first; keyset page by id (before $4). */
export const DELIVERIES_SQL = `
select d.id::text as id, d.event_id::text as event, e.event_key as "eventKey", e.type, e.call_id::text as call,
       d.county_code as county, d.url, d.attempt, d.status, d.error, d.ok, d.duration_ms as "durationMs",
       to_json(d.at)#>>'{}' as at
  from webhook_delivery d join call_event e on e.id = d.event_id
 where d.county_code = $1 and ($2::text is null or e.event_key = $2::text) and ($3::boolean is null or d.ok = $3::boolean)
   and ($4::bigint is null or d.id < $4::bigint)
 order by d.id desc limit $5`;

/** The outbox of county $1: events waiting for delivery, the oldest one's age, the last error. */
export const OUTBOX_SQL = `
select count(*)::int as pending, to_json(min(created_at))#>>'{}' as "oldest",
       (array_agg(last_error order by id) filter (where last_error is not null))[1] as "lastError"
  from call_event where county_code = $1 and delivered_at is null`;
