import type { Db } from '../../db/database';
import { chinaDay } from '../../workdays';
import { escalateCall } from './call.service';
import { OVERDUE_CALLS_SQL } from './call.sql';

/** The sweep's lock (one runner among all instances): the writers' lock family 7413, key 15 (乡呼县应). */
const SWEEP_LOCK_SQL = `select pg_try_advisory_xact_lock(7413, 15) as ok`;

/**
 * 督办 sweep: every call past a limit at `now` is escalated, in one transaction that holds a PostgreSQL
 * advisory lock, so with several instances one runs the sweep and the others skip it (`ran: false`).
 */
export async function escalateOverdue(
  db: Db,
  now: Date = new Date(),
  limit = 500,
): Promise<{ ran: boolean; escalated: string[] }> {
  return db.transaction(async (tx) => {
    const [{ ok }] = await tx.query<{ ok: boolean }>(SWEEP_LOCK_SQL);
    if (!ok) return { ran: false, escalated: [] };
    const due = await tx.query<{ id: string }>(OVERDUE_CALLS_SQL, [now.toISOString(), chinaDay(now), limit]);
    const escalated: string[] = [];
    for (const { id } of due) {
      const c = await escalateCall(tx, id, now);
      if (c) escalated.push(c.id);
    }
    return { ran: true, escalated };
  });
}

type Log = (level: 'info' | 'warn' | 'error', msg: string, data?: object) => void;

/**
 * The scheduled job inside the service: a sweep every `intervalMs` (default a minute), never two at once in
 * this process; `stop` cancels the timer and waits for a running sweep (clean shutdown).
 */
export class EscalationJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly opts: { intervalMs?: number; log?: Log } = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = escalateOverdue(this.db)
        .then((r) => r.escalated.length && this.opts.log?.('info', 'calls escalated 呼叫已督办', { calls: r.escalated }))
        .catch((e) =>
          this.opts.log?.('warn', 'escalation sweep failed 督办扫描失败', { err: String((e as Error)?.message ?? e) }),
        )
        .finally(() => {
          this.running = null;
          this.schedule(this.opts.intervalMs ?? 60_000);
        });
    }, ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
