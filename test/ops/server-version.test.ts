import { Client } from 'pg';
import { openDatabase } from '../../src/db/bootstrap';
import { ensureDatabase } from '../../src/db/embedded';
import { SUPPORTED_POSTGRES, unsupportedServer, versionName } from '../../src/db/server-version';

/**
 * The PostgreSQL versions shudi runs on (15–17): at start the server's server_version_num is checked and
 * any other version is refused with a bilingual message naming it, before a migration writes anything.
 */

const maintenance = process.env.SHUDI_TEST_MAINTENANCE_URL!;
const name = `shudi_version_${process.pid}`;
const url = maintenance.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);

async function admin<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: maintenance });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await ensureDatabase(maintenance, name);
});
afterAll(async () => {
  await admin(`drop database if exists "${name}" with (force)`);
});

describe('the PostgreSQL version', () => {
  it.each([
    [150018, null],
    [160004, null],
    [170010, null],
    [140012, '14.12'],
    [180001, '18.1'],
    [90624, '9.6.24'],
  ])('server_version_num %d: refused naming %s', (num, named) => {
    const reason = unsupportedServer(num);
    if (named === null) return expect(reason).toBeNull();
    expect(reason).toContain(`不支持的 PostgreSQL 版本 ${named}`);
    expect(reason).toContain(`PostgreSQL ${named} is not supported`);
    expect(reason).toContain(`${SUPPORTED_POSTGRES.min}–${SUPPORTED_POSTGRES.max}`);
  });

  it('the test server is supported, and a server outside the accepted range is refused naming its version, writing nothing', async () => {
    const [{ num }] = await admin<{ num: number }>(`select current_setting('server_version_num')::int as num`);
    expect(unsupportedServer(num)).toBeNull();
    const config = { databaseUrl: url, dataDir: '.' };
    // the same server, refused as if it were too new: nothing is migrated
    await expect(openDatabase(config, { supported: { min: 10, max: 14 } })).rejects.toThrow(
      `PostgreSQL ${versionName(num)} is not supported`,
    );
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const tables = await c.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
    const database = await openDatabase(config, { poolSize: 1 });
    try {
      const [{ n }] = await database.db.query<{ n: number }>(`select count(*)::int as n from typeorm_migration`);
      expect(n).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });
});
