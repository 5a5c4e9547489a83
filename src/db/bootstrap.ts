import * as path from 'node:path';
import { createDataSource } from '../../ormconfig';
import type { Config } from '../config';
import { closeGenericPool, CountingLogger, Db } from './database';
import { ensureDatabase, startEmbedded, type EmbeddedServer } from './embedded';
import { SUPPORTED_POSTGRES, unsupportedServer } from './server-version';

export interface Database {
  db: Db;
  logger: CountingLogger;
  url: string;
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

export const DATABASE_NAME = 'shudi';

/**
 * DATABASE_URL set: use that server. Unset: start (or attach to) the embedded PostgreSQL under the
 * data dir. A server outside SUPPORTED_POSTGRES is refused, naming its version; then pending migrations
 * are applied (synchronize is never used).
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  opts: {
    log?: (msg: string) => void;
    poolSize?: number;
    statementTimeoutMs?: number;
    importStatementTimeoutMs?: number;
    admission?: 'advisory' | 'required';
    migrate?: boolean;
    /** Start the embedded cluster on this port (default: a free one). */
    port?: number;
    connectTimeoutMs?: number;
    /** The PostgreSQL majors accepted (default SUPPORTED_POSTGRES); another server is refused before migrating. */
    supported?: { min: number; max: number };
  } = {},
): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded({ dir: path.join(config.dataDir, 'pg'), log: opts.log, port: opts.port });
    await ensureDatabase(embedded.urlFor('postgres'), DATABASE_NAME);
    url = embedded.urlFor(DATABASE_NAME);
  }
  const logger = new CountingLogger();
  const dataSource = createDataSource({
    url,
    logger,
    poolSize: opts.poolSize,
    statementTimeoutMs: opts.statementTimeoutMs,
    connectTimeoutMs: opts.connectTimeoutMs,
  });
  try {
    await dataSource.initialize();
    const [{ num }] = await dataSource.query<{ num: number }[]>(`select current_setting('server_version_num')::int as num`);
    const refused = unsupportedServer(num, opts.supported ?? SUPPORTED_POSTGRES);
    if (refused) throw new Error(refused);
    if (opts.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw e;
  }
  return {
    db: new Db(dataSource, null, { importStatementTimeoutMs: opts.importStatementTimeoutMs, admission: opts.admission }),
    logger,
    url,
    embedded,
    close: async () => {
      await closeGenericPool(dataSource);
      if (dataSource.isInitialized) await dataSource.destroy();
      if (embedded?.owned) await embedded.stop();
    },
  };
}
