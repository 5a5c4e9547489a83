import { Client } from 'pg';
import type { Db } from '../../db/database';
import { afterWriteSteps, type AfterCommit } from '../records/write.protocol';
import {
  ANALYZE_CLASS_TABLES_SQL,
  ANALYZE_RULE_TABLES_SQL,
  ANALYZE_SEGMENT_TABLES_SQL,
  CLASSES_SQL,
  CLEAR_SEGMENT_TABLES_SQL,
  EVALUATE_SQL,
  FLAGS_SQL,
  SEGMENT_TABLES_SQL,
  STORE_ANALYSIS_SQL,
  STORE_COUNTIES_SQL,
} from './flag-store.sql';

/**
 * Keeping the flag store (flag-store.sql.ts) current. Triggers on the list tables queue the counties a write
 * can change, in the writing transaction. Then:
 * - the writer refreshes what it queued itself right after it commits and before it answers, when that is at
 *   most `writeLimit` counties (its next read is fresh; the writers' lock is not held meanwhile);
 * - a reader refreshes the pending counties of its scope first, when they are at most `readLimit`;
 * - anything else (a bulk import, a write to a province-wide assignment) is left to the background worker,
 *   which takes counties off the queue in batches (FOR UPDATE SKIP LOCKED), each batch in its own transaction:
 *   a crash mid-batch rolls the batch back and leaves its counties queued.
 */
/**
 * The units (flag_county rows \`alias\`) of a scope: those at or under the scope \`code\`, or the one a township scope
 * lies in (its \`path\` names its county).
 */
const unitInScope = (alias: string, code: string, path: string) =>
  `(${alias}.path @> array[${code}::varchar] or ${alias}.code = any(${path}::varchar[]))`;

export const FLAG_STORE_LIMITS = { writeLimit: 8, readLimit: 16, batch: 32 };

export interface RefreshResult {
  counties: number;
  intervals: number;
  counts: number;
}

/** Called after each statement of a refresh with its name and duration (the refresh probe's timings). */
export type RefreshStepHook = (step: string, ms: number) => void;

/** Recomputes the flags of `units` (county codes of flag_county) in the current transaction. */
export async function refreshCounties(tx: Db, units: string[], onStep?: RefreshStepHook): Promise<RefreshResult> {
  if (!tx.inTransaction) throw new Error('refreshCounties needs a transaction');
  if (units.length === 0) return { counties: 0, intervals: 0, counts: 0 };
  // what flags, coverage and workload answer changes at this commit: caches keyed by the data version forget it
  tx.wrote = true;
  const sorted = [...new Set(units)].sort();
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await run();
    onStep?.(name, performance.now() - t0);
    return r;
  };
  // one refresh of a county at a time (a writer and the worker never interleave their replacement of its rows)
  await step('lock', () =>
    tx.query('select code from flag_county where code = any($1::varchar[]) order by code for update', [sorted]),
  );
  // Scratch statistics need the row counts and the common values, not fine histograms: ANALYZE samples 300 × the
  // target rows, so the default target of 100 sampled 30,000 rows of each table (0.65 s of a batch's CPU on the
  // national data, against 0.08 s at 10), with the same plans and the same results.
  return withSetting(tx, 'default_statistics_target', '10', () => refreshSteps(tx, sorted, step));
}

/** Runs `run` with the planner setting `name` at `value` in this transaction, then puts back what it was. */
async function withSetting<T>(tx: Db, name: string, value: string, run: () => Promise<T>): Promise<T> {
  const [{ was }] = await tx.query<{ was: string }>('select current_setting($1) as was', [name]);
  await tx.query('select set_config($1, $2, true)', [name, value]);
  const result = await run();
  await tx.query('select set_config($1, $2, true)', [name, was]);
  return result;
}

/** The statements of one refresh of `sorted`, each timed by `step`. */
async function refreshSteps(
  tx: Db,
  sorted: string[],
  step: <T>(name: string, run: () => Promise<T>) => Promise<T>,
): Promise<RefreshResult> {
  await step('scratch', async () => {
    for (const sql of SEGMENT_TABLES_SQL) await tx.query(sql);
    await tx.query(CLEAR_SEGMENT_TABLES_SQL);
  });
  await step('classes', () => tx.query(CLASSES_SQL, [sorted]));
  await step('analyze classes', () => tx.query(ANALYZE_CLASS_TABLES_SQL));
  // The rules statement joins sets it computes itself (CTEs, which carry no statistics) on (target, item, date):
  // estimated at a row or two, those joins were planned as nested loops over thousands of rows each (11 s of a
  // batch's 17 s on the national duty-list data); planned with hash joins they take a tenth of that. Its lookups into
  // stored tables are keyed subqueries, which stay index probes (docs/decisions.md, "The rules statement of a refresh
  // is planned without nested loops").
  // Only for a batch on PostgreSQL 17 or later, where it was measured: one or two counties are planned as well either
  // way there, and on PostgreSQL 15 it was not measured to help.
  await step('rules', async () => {
    const [{ modern }] = await tx.query<{ modern: boolean }>(
      `select current_setting('server_version_num')::int >= 170000 as modern`,
    );
    if (sorted.length <= FLAG_STORE_LIMITS.writeLimit || !modern) await tx.query(EVALUATE_SQL);
    else await withSetting(tx, 'enable_nestloop', 'off', () => tx.query(EVALUATE_SQL));
  });
  await step('analyze rules', () => tx.query(ANALYZE_RULE_TABLES_SQL));
  await step('flags', () => tx.query(FLAGS_SQL));
  await step('analyze segments', () => tx.query(ANALYZE_SEGMENT_TABLES_SQL));
  await step('store analysis', () => tx.query(STORE_ANALYSIS_SQL, [sorted]));
  const [r] = await step('store flags', () => tx.query<RefreshResult>(STORE_COUNTIES_SQL, [sorted]));
  return r;
}

/**
 * The write protocol's after-write step (records/write.protocol.ts): before commit it notes the counties this
 * transaction queued; when they are few (see FLAG_STORE_LIMITS) it leaves their refresh for right after the
 * commit, outside the writers' lock, before the writer gets its answer (so its next read is fresh while other
 * writers go on). Until then the counties are queued like any other: a reader sees them pending (or refreshes them
 * itself), a crash leaves them to the worker.
 */
export async function refreshAfterCommit(tx: Db): Promise<AfterCommit | void> {
  const rows = await tx.query<{ county: string }>(
    'select county from flag_refresh where tx = txid_current() order by county limit $1',
    [FLAG_STORE_LIMITS.writeLimit + 1],
  );
  if (rows.length === 0 || rows.length > FLAG_STORE_LIMITS.writeLimit) return;
  const counties = rows.map((r) => r.county);
  return async (db) => {
    try {
      await refreshTheseQueued(db, counties);
    } catch {
      // the write is committed; its counties stay queued for a reader or the worker
    }
  };
}

/** Refreshes the counties of the current transaction's queue now (what a committing writer does, inside it). */
export async function refreshOwnQueue(tx: Db): Promise<void> {
  const next = await refreshAfterCommit(tx);
  if (next) await next(tx);
}

/**
 * Refreshes those of `counties` still queued, in one transaction; waits for a refresh of them already running
 * (it may have begun before the caller's commit), and skips a county it took off the queue.
 */
async function refreshTheseQueued(db: Db, counties: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    const queued = await tx.query<{ county: string }>(
      'select county from flag_refresh where county = any($1::varchar[]) order by county for update',
      [counties],
    );
    if (queued.length > 0) {
      await refreshCounties(
        tx,
        queued.map((q) => q.county),
      );
    }
  });
}

/**
 * Takes up to `limit` queued counties (of scope `scope` and its path, or any) off the queue and refreshes
 * them in one transaction; counties another transaction is refreshing are skipped. Returns their number.
 */
export async function refreshQueued(db: Db, limit: number, scope?: { code: string | null; path: string[] }): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query<{ county: string }>(
      `select r.county from flag_refresh r
        where $2::varchar is null
           or exists (select 1 from flag_county c where c.code = r.county
                       and ${unitInScope('c', '$2', '$3')})
        order by r.queued_at, r.county limit $1 for update skip locked`,
      [limit, scope?.code ?? null, scope?.path ?? []],
    );
    if (claimed.length === 0) return 0;
    await refreshCounties(
      tx,
      claimed.map((c) => c.county),
    );
    return claimed.length;
  });
}

// every write through the write protocol refreshes what it queued, when few, right after it commits
afterWriteSteps.add(refreshAfterCommit);

export interface Freshness {
  /** When the most recent county of the scope was computed (null: none ever). */
  computedAt: string | null;
  /** Counties of the scope whose flags still wait for a refresh. */
  pendingCount: number;
  pendingCounties: string[];
  /** The counties (units of the store) of the scope; null for the nation (all of them). */
  units: string[] | null;
}

const PENDING_SQL = `
select (select to_json(max(c.computed_at))#>>'{}' from flag_county c
         where $1::varchar is null or ${unitInScope('c', '$1', '$2')}) as "computedAt",
       (select coalesce(array_agg(r.county order by r.county), '{}') from flag_refresh r join flag_county c on c.code = r.county
         where $1::varchar is null or ${unitInScope('c', '$1', '$2')}) as pending,
       (select array_agg(c.code order by c.code) from flag_county c
         where $1::varchar is not null and ${unitInScope('c', '$1', '$2')}) as units`;

/**
 * Freshness of a scope (code null: the nation; path: the scope's path, so a township finds its county),
 * refreshing its pending counties first when they are few.
 */
export async function freshScope(db: Db, code: string | null, path: string[]): Promise<Freshness> {
  let [row] = await db.query<{ computedAt: string | null; pending: string[]; units: string[] | null }>(PENDING_SQL, [code, path]);
  if (row.pending.length > 0 && row.pending.length <= FLAG_STORE_LIMITS.readLimit) {
    await refreshQueued(db, FLAG_STORE_LIMITS.readLimit, { code, path });
    [row] = await db.query(PENDING_SQL, [code, path]);
  }
  return {
    computedAt: row.computedAt,
    pendingCount: row.pending.length,
    pendingCounties: row.pending.slice(0, 100),
    // a scope with no county in the store (none of its leaves is a unit's) has no flags
    units: code === null ? null : (row.units ?? []),
  };
}

export interface WorkerStats {
  refreshed: number;
  pending: number;
  running: boolean;
}

/**
 * The background worker of one server: drains the queue batch by batch, woken by NOTIFY on shudi_flags (and
 * every `pollMs` in case a notification was missed). Progress goes to the log; stats() feeds /metrics.
 */
export class FlagWorker {
  private client: Client | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  refreshed = 0;
  pending = 0;

  constructor(
    private readonly db: Db,
    private readonly url: string,
    private readonly log: (level: 'info' | 'warn', msg: string, data?: object) => void = () => undefined,
    private readonly pollMs = 30_000,
  ) {}

  async start(): Promise<void> {
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'shudi-flags' });
    client.on('notification', () => this.wake());
    client.on('error', (e) => {
      this.log('warn', 'flag worker listener lost', { error: String(e) });
      this.client = null;
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query('listen shudi_flags');
    this.client = client;
  }

  /** Runs the drain loop (once at a time; a wake during a run runs it again). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    let started = 0;
    let done = 0;
    let lastLog = Date.now();
    try {
      for (;;) {
        if (this.stopped) return;
        const [{ n }] = await this.db.query<{ n: number }>('select count(*)::int as n from flag_refresh');
        this.pending = n;
        if (n === 0) break;
        if (!started) {
          started = Date.now();
          this.log('info', 'flag store: refreshing', { pending: n });
        }
        const k = await refreshQueued(this.db, FLAG_STORE_LIMITS.batch);
        if (k === 0) break; // all queued counties are being refreshed elsewhere
        done += k;
        this.refreshed += k;
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          this.log('info', 'flag store: progress', { refreshed: done, pending: n - k });
        }
      }
      if (started) this.log('info', 'flag store: refreshed', { counties: done, ms: Date.now() - started });
    } catch (e) {
      if (!this.stopped) this.log('warn', 'flag store: refresh failed (counties stay queued)', { error: String(e) });
    }
  }

  /** Resolves when the queue was empty at some point after the call (for tests and the bench). */
  async idle(): Promise<void> {
    for (;;) {
      this.wake();
      await this.running;
      const [{ n }] = await this.db.query<{ n: number }>('select count(*)::int as n from flag_refresh');
      if (n === 0 || this.stopped) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  stats(): WorkerStats {
    return { refreshed: this.refreshed, pending: this.pending, running: this.running !== null };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
