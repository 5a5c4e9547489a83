import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { types, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, QueryFailedError, QueryRunner, type Logger } from 'typeorm';

// Business dates are calendar days (YYYY-MM-DD), never instants: keep DATE columns as strings.
types.setTypeParser(types.builtins.DATE, (v: string) => v);

/** Per-request (or per-test) statement counter, read by the SQL-count test and the benchmarks. */
export interface StatementScope {
  statements: number;
}
export const statementScope = new AsyncLocalStorage<StatementScope>();

/** TypeORM logger that counts every statement sent, and reports slow ones and failures to `log`. */
export class CountingLogger implements Logger {
  total = 0;
  sink?: (level: 'warn' | 'debug', msg: string, data?: object) => void;
  logQuery(): void {
    this.total++;
    const scope = statementScope.getStore();
    if (scope) scope.statements++;
  }
  logQueryError(error: string | Error, query: string): void {
    this.sink?.('debug', 'query failed', { error: String(error), query: query.slice(0, 500) });
  }
  logQuerySlow(time: number, query: string): void {
    this.sink?.('warn', 'slow query', { ms: time, query: query.slice(0, 500) });
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.sink?.('debug', message);
  }
  log(): void {}
}

/** The PostgreSQL error behind a failed query, if any. */
export interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message: string;
  table?: string;
  column?: string;
}
export function pgError(e: unknown): PgError | null {
  if (e instanceof QueryFailedError) return (e as unknown as { driverError: PgError }).driverError ?? null;
  if (e && typeof e === 'object' && 'code' in e && typeof (e as PgError).code === 'string') return e as PgError;
  return null;
}

/** Per-database settings that travel with a `Db` into its transactions. */
export interface DbSettings {
  /** statement_timeout (ms) an import sets for its own transaction (`set local`); unset: the connection's. */
  importStatementTimeoutMs?: number;
  /** SPEC §10 admission (SHUDI_ADMISSION): `required` refuses an EDITOR's direct township duty outside its lists. */
  admission?: 'advisory' | 'required';
}

/**
 * The one way application code talks to PostgreSQL: parameterised SQL, rows back.
 * A `Db` is either the pool or one transaction (see `transaction`).
 */
/** Called after every committed transaction that wrote the lists (took the writers' lock): see data-version.ts. */
export const writeCommitted = new Set<() => void>();

export class Db {
  /**
   * Set by lockWrites and by a refresh of the maintained store: this transaction changes what queries answer, so
   * caches keyed by the data version must not trust it after commit.
   */
  wrote = false;

  constructor(
    readonly dataSource: DataSource,
    private readonly runner: QueryRunner | null = null,
    readonly settings: DbSettings = {},
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const entry = PREPARED.get(sql);
    if (entry) return this.prepared<T>(entry, sql, params);
    const result = this.runner ? await this.runner.query(sql, params, true) : await this.dataSource.query(sql, params, undefined);
    if (this.runner) return ((result as { records?: T[] }).records ?? []) as T[];
    return normaliseRaw<T>(result);
  }

  /**
   * Hot statements run as named prepared statements on the pg connection, so PostgreSQL plans each once
   * per connection instead of on every call (planning the resolution CTE costs more than running it).
   * A statement registered with `{ plan: 'generic' }` keeps one generic plan: outside a transaction it runs
   * on the generic pool (sessions with plan_cache_mode = force_generic_plan), inside one the setting is
   * switched around the statement (docs/decisions.md, "One plan for the chain statement").
   */
  private async prepared<T>(entry: PreparedEntry, text: string, values: unknown[]): Promise<T[]> {
    const logger = this.dataSource.logger;
    logger.logQuery(text, values);
    const { name, generic } = entry;
    try {
      if (!this.runner) {
        const pool = generic ? genericPool(this.dataSource) : (this.dataSource.driver as unknown as { master: PgQueryable }).master;
        return (await pool.query({ name, text, values })).rows as T[];
      }
      const client = (await this.runner.connect()) as PgQueryable;
      if (!generic) return (await client.query({ name, text, values })).rows as T[];
      await client.query({ text: `select set_config('plan_cache_mode', 'force_generic_plan', true)`, values: [] });
      try {
        return (await client.query({ name, text, values })).rows as T[];
      } finally {
        await client.query({ text: `select set_config('plan_cache_mode', 'auto', true)`, values: [] });
      }
    } catch (e) {
      logger.logQueryError(String(e), text, values);
      throw new QueryFailedError(text, values, e as Error);
    }
  }

  /**
   * `COPY … FROM STDIN` inside this transaction: `text` is the COPY statement, `chunks` the data in its format
   * (sent as they come). Returns the rows copied. Only in a transaction: what is copied is staging for its writes.
   */
  async copyIn(text: string, chunks: Iterable<string>): Promise<number> {
    if (!this.runner) throw new Error('copyIn needs a transaction');
    const logger = this.dataSource.logger;
    logger.logQuery(text);
    const client = (await this.runner.connect()) as PoolClient;
    const stream = client.query(copyFrom(text));
    try {
      await pipeline(Readable.from(chunks), stream);
    } catch (e) {
      logger.logQueryError(String(e), text);
      throw new QueryFailedError(text, [], e as Error);
    }
    return Number(stream.rowCount);
  }

  async one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | null> {
    const rows = await this.query<T>(sql, params);
    return rows[0] ?? null;
  }

  get inTransaction(): boolean {
    return this.runner !== null;
  }

  /** Runs `fn` in one transaction (reusing the current one when already inside). */
  async transaction<T>(fn: (tx: Db) => Promise<T>, isolation: 'READ COMMITTED' | 'SERIALIZABLE' = 'READ COMMITTED'): Promise<T> {
    if (this.runner) return fn(this);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction(isolation);
      const tx = new Db(this.dataSource, runner, this.settings);
      const result = await fn(tx);
      await runner.commitTransaction();
      if (tx.wrote) writeCommitted.forEach((f) => f());
      return result;
    } catch (e) {
      // A lost connection fails the rollback too: report what failed first.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }
}

interface PgQueryable {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface PreparedEntry {
  name: string;
  generic: boolean;
}

/** SQL text → prepared statement name (and plan), for the statements registered with `prepare`. */
const PREPARED = new Map<string, PreparedEntry>();

/**
 * Registers `sql` to run as a named prepared statement (see Db.prepared). Returns the SQL unchanged.
 * `plan: 'generic'`: PostgreSQL keeps one generic plan for it instead of planning each call with its values
 * (for statements whose planning costs more than their run and whose best plan does not depend on the values).
 */
export function prepare(name: string, sql: string, opts: { plan?: 'generic' } = {}): string {
  PREPARED.set(sql, { name: `shudi_${name}`, generic: opts.plan === 'generic' });
  return sql;
}

interface PgPool extends PgQueryable {
  options: Record<string, unknown>;
  end(): Promise<void>;
  on(event: 'error', f: (e: Error) => void): void;
}

const GENERIC_POOLS = new WeakMap<DataSource, PgPool>();

/**
 * The data source's second pool, for statements registered with `plan: 'generic'`: the same connection
 * settings as TypeORM's pool plus plan_cache_mode = force_generic_plan, which must not reach the other
 * statements (it applies to unnamed ones too). Created on first use; closed by `closeGenericPool`.
 */
function genericPool(dataSource: DataSource): PgPool {
  let pool = GENERIC_POOLS.get(dataSource);
  if (pool) return pool;
  const master = (dataSource.driver as unknown as { master: PgPool }).master;
  const Pool = master.constructor as new (options: Record<string, unknown>) => PgPool;
  const options = master.options;
  pool = new Pool({
    ...options,
    application_name: `${String(options.application_name ?? 'shudi')}-generic`,
    options: `${String(options.options ?? '')} -c plan_cache_mode=force_generic_plan`.trim(),
    allowExitOnIdle: true,
  });
  // an idle connection's error (the server restarted) must not crash the process: the next query reconnects
  pool.on('error', () => undefined);
  GENERIC_POOLS.set(dataSource, pool);
  return pool;
}

/** Ends the generic pool of `dataSource`, if it was opened (call before destroying the data source). */
export async function closeGenericPool(dataSource: DataSource): Promise<void> {
  const pool = GENERIC_POOLS.get(dataSource);
  GENERIC_POOLS.delete(dataSource);
  await pool?.end().catch(() => undefined);
}

function normaliseRaw<T>(raw: unknown): T[] {
  // TypeORM answers UPDATE/DELETE with [rows, count]; everything else with rows.
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return raw[0] as T[];
  }
  return (raw ?? []) as T[];
}
