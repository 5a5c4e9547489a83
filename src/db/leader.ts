import { Client } from 'pg';

/** The scheduled jobs' lock: the writers' lock family 7413, key 20 (held by one node's session at a time). */
export const JOBS_LOCK = [7413, 20] as const;

type Log = (level: 'info' | 'warn', msg: string, data?: object) => void;

/**
 * Scheduled jobs on one node at a time (docs/deployment.md): a session-level advisory lock on the primary,
 * held on a connection of its own. The node that takes it starts the jobs (`lead` returns how to stop them);
 * the others try again every `retryMs`. When the holder dies its connection ends, PostgreSQL releases the lock,
 * and the next try of another node takes the jobs over. The holder checks its connection at the same pace and
 * stops its jobs when the connection is lost (the lock then is no longer its own).
 */
export class JobLeader {
  leading = false;
  /** Times this node took the jobs. */
  terms = 0;
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopJobs: (() => Promise<void>) | null = null;
  private stopped = false;
  private busy: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly lead: () => Promise<() => Promise<void>>,
    private readonly opts: { retryMs: number; log?: Log; name?: string },
  ) {}

  start(): Promise<void> {
    this.stopped = false;
    return this.tick();
  }

  private tick(): Promise<void> {
    this.busy ??= this.attempt().finally(() => {
      this.busy = null;
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.tick(), this.opts.retryMs);
      this.timer.unref();
    });
    return this.busy;
  }

  private async attempt(): Promise<void> {
    try {
      if (!this.client) {
        const client = new Client({ connectionString: this.url, application_name: 'shudi-jobs', keepAlive: true });
        client.on('error', () => void this.lost('the jobs lock connection failed'));
        await client.connect();
        this.client = client;
      }
      if (this.leading) {
        await this.client.query('select 1');
        return;
      }
      const [{ ok }] = (await this.client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [...JOBS_LOCK]))
        .rows;
      if (!ok || this.stopped) return;
      this.leading = true;
      this.terms++;
      this.opts.log?.('info', 'scheduled jobs taken by this node 本节点接管定时任务', { node: this.opts.name });
      this.stopJobs = await this.lead();
    } catch (e) {
      await this.lost(String((e as Error)?.message ?? e));
    }
  }

  private async lost(why: string): Promise<void> {
    const c = this.client;
    this.client = null;
    c?.end().catch(() => undefined);
    if (!this.leading) return;
    this.leading = false;
    this.opts.log?.('warn', 'scheduled jobs released: lock connection lost 定时任务锁连接中断，已停止本节点的定时任务', { why });
    const stop = this.stopJobs;
    this.stopJobs = null;
    await stop?.().catch(() => undefined);
  }

  /** Stops the jobs (waiting for a running one), then ends the connection, which releases the lock. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.busy?.catch(() => undefined);
    const stop = this.stopJobs;
    this.stopJobs = null;
    this.leading = false;
    await stop?.().catch(() => undefined);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
