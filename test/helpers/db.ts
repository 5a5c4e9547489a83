import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDataSource } from '../../ormconfig';
import { closeGenericPool, CountingLogger, Db } from '../../src/db/database';

export interface TestDatabase {
  db: Db;
  logger: CountingLogger;
  url: string;
  close(): Promise<void>;
}

function maintenanceUrl(): string {
  const url = process.env.SHUDI_TEST_MAINTENANCE_URL;
  if (!url) throw new Error('test database: global setup did not run (SHUDI_TEST_MAINTENANCE_URL unset)');
  return url;
}

/** A fresh database for one test file: a clone of the migrated template holding the national tree. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const name = `shudi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: maintenanceUrl() });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${process.env.SHUDI_TEST_TEMPLATE}"`);
  } finally {
    await admin.end();
  }
  const url = maintenanceUrl().replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const logger = new CountingLogger();
  const ds = createDataSource({ url, logger, poolSize: 4 });
  await ds.initialize();
  return {
    db: new Db(ds),
    logger,
    url,
    close: async () => {
      await closeGenericPool(ds);
      await ds.destroy();
      const c = new Client({ connectionString: maintenanceUrl() });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
