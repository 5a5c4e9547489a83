import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { CountingLogger } from './src/db/database';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  logger?: CountingLogger;
  /** Per-statement limit in ms (0: none). */
  statementTimeoutMs?: number;
  applicationName?: string;
  /** How long to wait for a connection (a new one, or a free one from a busy pool), ms. */
  connectTimeoutMs?: number;
}

/**
 * The one TypeORM DataSource definition shared by the app, the CLI, the migrations and the tests.
 * shudi's schema lives in hand-written SQL migrations (docs/decisions.md): no entities, and
 * `synchronize` is never on.
 */
export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
    migrationsTransactionMode: 'each',
    entities: [],
    logger: opts.logger ?? new CountingLogger(),
    maxQueryExecutionTime: 2000,
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? 'shudi',
    // A database that does not answer fails requests cleanly (SERVICE_UNAVAILABLE) instead of holding them.
    connectTimeoutMS: opts.connectTimeoutMs ?? 10000,
    // Analyses aggregate hundreds of thousands of (item, place) rows: let them hash in memory.
    extra: {
      options: '-c work_mem=256MB',
      ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
    },
  });
}

/** For TypeORM's own CLI (`npx typeorm -d dist/ormconfig.js migration:show`): needs DATABASE_URL. */
export default createDataSource({ url: process.env.DATABASE_URL ?? 'postgres://localhost/shudi' });
