import 'reflect-metadata';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../ormconfig';
import { Db } from '../../src/db/database';
import { ensureDatabase, startEmbedded, type EmbeddedServer } from '../../src/db/embedded';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';

export const TEMPLATE = 'shudi_test_template';

/**
 * Once per `npm test`: start the embedded PostgreSQL (or use TEST_DATABASE_URL's server), build a migrated
 * template database holding the national tree; each test file clones it (CREATE DATABASE … TEMPLATE).
 */
export default async function globalSetup(): Promise<void> {
  let maintenanceUrl = process.env.TEST_DATABASE_URL;
  if (!maintenanceUrl) {
    const server: EmbeddedServer = await startEmbedded({ dir: path.join(__dirname, '../../.data/test-pg'), fast: true });
    (globalThis as { __shudiPg?: EmbeddedServer }).__shudiPg = server;
    maintenanceUrl = server.urlFor('postgres');
  }
  process.env.SHUDI_TEST_MAINTENANCE_URL = maintenanceUrl;
  const admin = new Client({ connectionString: maintenanceUrl });
  await admin.connect();
  try {
    // Leftovers of an interrupted run.
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'shudi_test_%'`);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(maintenanceUrl, TEMPLATE);
  const url = maintenanceUrl.replace(/\/[^/?]*(\?|$)/, `/${TEMPLATE}$1`);
  const ds = createDataSource({ url, poolSize: 2 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await loadTree(new Db(ds));
  await ds.destroy();
}
