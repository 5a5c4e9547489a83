import { createDataSource } from '../../ormconfig';
import type { DataSource } from 'typeorm';
import { closeGenericPool, Db, pgError, type CountingLogger } from './database';
import { dbFailure } from './failures';
import { formatLsn, parseLsn } from './lsn';

export interface ReplicaOptions {
  /** A replica further behind the primary than this (ms) leaves the rotation until it catches up. */
  maxLagMs: number;
  /** How often each replica's replay position (and the primary's) is read, ms. */
  pollMs: number;
  /** A read that asks for a position no replica has replayed waits this long (ms), then goes to the primary. */
  waitMs: number;
  poolSize?: number;
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export const DEFAULT_REPLICA_OPTIONS: ReplicaOptions = { maxLagMs: 5000, pollMs: 250, waitMs: 1000 };

type Log = (level: 'info' | 'warn', msg: string, data?: object) => void;

/** What /readyz and /metrics show of one replica. */
export interface ReplicaStatus {
  name: string;
  /** host:port, never the password. */
  address: string;
  inRotation: boolean;
  reachable: boolean;
  replayPosition: string | null;
  lagBytes: number | null;
  lagMs: number | null;
  /** Why it is out of the rotation (bilingual), null when in. */
  reason: string | null;
  /** Times it left the rotation since this process started. */
  removals: number;
}

/** One streaming replica: its pool and what the last poll saw. */
export class Replica {
  replayLsn: bigint | null = null;
  lagBytes: number | null = null;
  lagMs: number | null = null;
  reachable = false;
  inRotation = false;
  reason: string | null = 'not polled yet 尚未检查';
  removals = 0;
  ds: DataSource | null = null;
  private opening: Promise<DataSource> | null = null;

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly make: () => DataSource,
  ) {}

  get address(): string {
    try {
      const u = new URL(this.url);
      return `${u.hostname}:${u.port || '5432'}`;
    } catch {
      return '(unparsed url)';
    }
  }

  /** The pool, opened on first use (a replica down at startup joins when it answers). */
  async dataSource(): Promise<DataSource> {
    if (this.ds) return this.ds;
    this.opening ??= (async () => {
      const ds = this.make();
      try {
        await ds.initialize();
      } catch (e) {
        this.opening = null;
        throw e;
      }
      this.ds = ds;
      return ds;
    })();
    return this.opening;
  }

  status(): ReplicaStatus {
    return {
      name: this.name,
      address: this.address,
      inRotation: this.inRotation,
      reachable: this.reachable,
      replayPosition: this.replayLsn === null ? null : formatLsn(this.replayLsn),
      lagBytes: this.lagBytes,
      lagMs: this.lagMs,
      reason: this.reason,
      removals: this.removals,
    };
  }
}

const REPLAY_SQL = `select pg_last_wal_replay_lsn()::text as lsn, pg_is_in_recovery() as recovery`;
const PRIMARY_LSN_SQL = `select pg_current_wal_lsn()::text as lsn`;
/** The end of everything inserted into the WAL, the commits just made included (also with synchronous_commit off). */
const WRITE_POSITION_SQL = `select pg_current_wal_insert_lsn()::text as lsn`;

/**
 * The read side of several nodes (docs/deployment.md): the primary's `Db` for writes, and the streaming
 * replicas that GraphQL queries read from. A timer reads every replica's replay position (and the primary's
 * write position), so choosing a replica costs no round trip; only a read that asks for a position (a client
 * sending back its write's position) checks a replica that the cache shows behind it, waits up to `waitMs`,
 * then reads on the primary. A replica that does not answer, is not in recovery, or lags more than
 * `maxLagMs` leaves the rotation and is polled again; it rejoins when it answers and has caught up.
 */
export class ReplicaSet {
  readonly replicas: Replica[];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  /** (time, primary write position) samples of the last minutes: a replica's lag in time is read from them. */
  private samples: { at: number; lsn: bigint }[] = [];
  primaryLsn: bigint | null = null;

  constructor(
    readonly primary: Db,
    urls: string[],
    readonly opts: ReplicaOptions = DEFAULT_REPLICA_OPTIONS,
    private readonly log: Log = () => undefined,
    logger?: CountingLogger,
  ) {
    this.replicas = urls.map(
      (url, i) =>
        new Replica(`replica${i + 1}`, url, () =>
          createDataSource({
            url,
            logger,
            poolSize: opts.poolSize,
            statementTimeoutMs: opts.statementTimeoutMs,
            connectTimeoutMs: opts.connectTimeoutMs ?? 10000,
            applicationName: 'shudi-read',
          }),
        ),
    );
  }

  /** Polls once (so a healthy replica is in the rotation before the first request), then every pollMs. */
  async start(): Promise<void> {
    await this.poll();
    const tick = () => {
      this.timer = setTimeout(() => void this.poll().finally(() => this.timer && tick()), this.opts.pollMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = null;
    if (t) clearTimeout(t);
    await this.polling?.catch(() => undefined);
    await Promise.all(
      this.replicas.map(async (r) => {
        if (!r.ds) return;
        await closeGenericPool(r.ds).catch(() => undefined);
        if (r.ds.isInitialized) await r.ds.destroy().catch(() => undefined);
      }),
    );
  }

  /** Reads the primary's position, then every replica's (in parallel), and updates the rotation. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = null));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const now = Date.now();
    try {
      const [row] = await this.primary.query<{ lsn: string }>(PRIMARY_LSN_SQL);
      this.primaryLsn = parseLsn(row.lsn);
      if (this.primaryLsn !== null) {
        const last = this.samples[this.samples.length - 1];
        if (!last || last.lsn !== this.primaryLsn) this.samples.push({ at: now, lsn: this.primaryLsn });
        while (this.samples.length > 2 && (this.samples.length > 4096 || this.samples[1].at < now - 600_000)) this.samples.shift();
      }
    } catch {
      // the primary down: replicas keep serving reads; lag is measured again when it answers
    }
    await Promise.all(this.replicas.map((r) => this.check(r)));
  }

  /** Lag in time: how long ago the primary first had WAL this replica has not replayed (0 when caught up). */
  private lagMsOf(replay: bigint): number {
    if (this.primaryLsn === null || replay >= this.primaryLsn) return 0;
    const first = this.samples.find((s) => s.lsn > replay);
    return first ? Date.now() - first.at : 0;
  }

  private async check(r: Replica): Promise<void> {
    try {
      const ds = await r.dataSource();
      const [row] = (await ds.query(REPLAY_SQL)) as { lsn: string | null; recovery: boolean }[];
      r.reachable = true;
      const replay = parseLsn(row.lsn);
      if (!row.recovery || replay === null) {
        this.leave(r, 'not a streaming replica (not in recovery) 不是流复制备库');
        return;
      }
      if (r.replayLsn === null || replay > r.replayLsn) r.replayLsn = replay;
      r.lagBytes = this.primaryLsn === null ? null : Number(this.primaryLsn > replay ? this.primaryLsn - replay : 0n);
      r.lagMs = this.lagMsOf(replay);
      if (r.lagMs > this.opts.maxLagMs) this.leave(r, `lagging ${r.lagMs} ms behind the primary 落后主库 ${r.lagMs} 毫秒`);
      else this.join(r);
    } catch (e) {
      r.reachable = false;
      this.leave(r, 'unreachable 无法连接');
      void e;
    }
  }

  private join(r: Replica): void {
    if (r.inRotation) return;
    r.inRotation = true;
    r.reason = null;
    this.log('info', 'replica in rotation 备库加入轮询', { replica: r.name, address: r.address });
  }

  /** Takes `r` out of the rotation (a failed read, a poll): the next poll brings it back when it answers. */
  leave(r: Replica, reason: string): void {
    r.reason = reason;
    if (!r.inRotation) return;
    r.inRotation = false;
    r.removals++;
    this.log('warn', 'replica out of rotation 备库移出轮询', { replica: r.name, address: r.address, reason });
  }

  /** The next replica in rotation that has replayed `min` (by the last poll), round robin; null when none. */
  private pick(min: bigint | null, except?: Replica): Replica | null {
    const n = this.replicas.length;
    for (let i = 0; i < n; i++) {
      const r = this.replicas[(this.next + i) % n];
      if (!r.inRotation || r === except || !r.ds) continue;
      if (min !== null && (r.replayLsn === null || r.replayLsn < min)) continue;
      this.next = (this.next + i + 1) % n;
      return r;
    }
    return null;
  }

  /**
   * Where a read runs. No position asked: the next replica in rotation (no round trip), else the primary.
   * A position asked: a replica whose last poll shows it replayed; else each replica in rotation is asked
   * for its replay position until one has it or `waitMs` passed; then the primary (never an older answer).
   */
  async forRead(min: bigint | null): Promise<Db> {
    const r = this.pick(min);
    if (r) return new ReplicaDb(this, r, min ?? r.replayLsn);
    if (min === null || !this.replicas.some((x) => x.inRotation)) return this.primary;
    const deadline = Date.now() + this.opts.waitMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 50)) {
      for (const x of this.replicas) {
        if (!x.inRotation || !x.ds) continue;
        try {
          const [row] = (await x.ds.query(REPLAY_SQL)) as { lsn: string | null }[];
          const replay = parseLsn(row.lsn);
          if (replay !== null && (x.replayLsn === null || replay > x.replayLsn)) x.replayLsn = replay;
          if (replay !== null && replay >= min) return new ReplicaDb(this, x, min);
        } catch {
          this.leave(x, 'unreachable 无法连接');
        }
      }
      if (Date.now() + delay > deadline) return this.primary;
      await new Promise((res) => setTimeout(res, delay));
    }
  }

  /** Where a read that failed on `failed` (connection lost) runs again: another replica as fresh, or the primary. */
  retryTarget(failed: Replica, min: bigint | null): Db {
    const r = this.pick(min, failed);
    return r ? new ReplicaDb(this, r, min ?? r.replayLsn) : this.primary;
  }

  /** The primary's current WAL position, after a write committed: what the write's answer carries. */
  async writePosition(): Promise<string> {
    const [row] = await this.primary.query<{ lsn: string }>(WRITE_POSITION_SQL);
    return row.lsn;
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => r.status());
  }
}

/** SQLSTATEs a replica answers that the primary would not: a write (25006), a conflict with recovery (40001). */
const PRIMARY_ONLY = new Set(['25006', '40001']);

/**
 * A read on one replica. A statement (or a read transaction) that fails because the replica went away is run
 * once more elsewhere (another replica that has the position the request needs, or the primary) and the replica
 * leaves the rotation; one the replica cannot run (a write, a conflict with recovery) runs on the primary.
 */
export class ReplicaDb extends Db {
  constructor(
    private readonly set: ReplicaSet,
    readonly replica: Replica,
    /** The position this read must see (the client's, or the replica's replay position when chosen). */
    readonly readPosition: bigint | null,
  ) {
    super(replica.ds!, null, set.primary.settings);
  }

  override async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return await super.query<T>(sql, params);
    } catch (e) {
      return this.elsewhere(e).query<T>(sql, params);
    }
  }

  override async transaction<T>(fn: (tx: Db) => Promise<T>, isolation?: 'READ COMMITTED' | 'SERIALIZABLE'): Promise<T> {
    try {
      // SERIALIZABLE is not available on a standby: a read-only snapshot (REPEATABLE READ) is what a query needs there
      return await super.transaction(fn, (isolation === 'SERIALIZABLE' ? 'REPEATABLE READ' : isolation) as 'READ COMMITTED');
    } catch (e) {
      return this.elsewhere(e).transaction(fn, isolation);
    }
  }

  private elsewhere(e: unknown): Db {
    const code = pgError(e)?.code;
    if (code && PRIMARY_ONLY.has(code)) return this.set.primary;
    if (dbFailure(e) !== 'unavailable') throw e;
    this.set.leave(this.replica, 'a read failed: connection lost 读取失败：连接中断');
    return this.set.retryTarget(this.replica, this.readPosition);
  }
}
