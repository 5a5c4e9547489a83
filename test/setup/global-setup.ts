import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataSource } from '../../ormconfig';
import { Db } from '../../src/db/database';
import { ensureDatabase, startEmbedded, type EmbeddedServer } from '../../src/db/embedded';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';

export interface TestRun {
  server: EmbeddedServer | null;
  dir: string | null;
  maintenanceUrl: string;
  template: string;
}

/**
 * Once per `npm test`: start a private embedded PostgreSQL for this run (or use TEST_DATABASE_URL's
 * server), build a migrated template database holding the national tree; each test file clones it
 * (CREATE DATABASE … TEMPLATE). Nothing is shared with another run, so runs may overlap.
 */
export default async function globalSetup(): Promise<void> {
  let run: TestRun;
  const template = `shudi_test_template_${process.pid}`;
  if (process.env.TEST_DATABASE_URL) {
    run = { server: null, dir: null, maintenanceUrl: process.env.TEST_DATABASE_URL, template };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-test-'));
    fs.chmodSync(dir, 0o755); // the postgres OS user must reach its data dir inside
    const server = await startEmbedded({ dir: path.join(dir, 'pg'), fast: true });
    run = { server, dir, maintenanceUrl: server.urlFor('postgres'), template };
  }
  (globalThis as { __shudiTestRun?: TestRun }).__shudiTestRun = run;
  process.env.SHUDI_TEST_MAINTENANCE_URL = run.maintenanceUrl;
  process.env.SHUDI_TEST_TEMPLATE = template;
  await ensureDatabase(run.maintenanceUrl, template);
  const url = run.maintenanceUrl.replace(/\/[^/?]*(\?|$)/, `/${template}$1`);
  const ds = createDataSource({ url, poolSize: 2 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await loadTree(new Db(ds));
  await ds.destroy();
}
