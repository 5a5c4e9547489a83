import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { dumpSchema } from './schema-dump';

/**
 * Migration drift: the schema every migration builds, dumped normalised, equals the committed
 * migrations/schema.sql. A new migration changes both; `npm run db:schema` rewrites the file (it runs this
 * test with SHUDI_WRITE_SCHEMA=1), and the diff is reviewed with the migration.
 */
const DUMP = path.join(__dirname, '../../migrations/schema.sql');

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

it('the migrated schema equals migrations/schema.sql', async () => {
  const actual = await dumpSchema(t.db);
  if (process.env.SHUDI_WRITE_SCHEMA === '1') fs.writeFileSync(DUMP, actual);
  const committed = fs.existsSync(DUMP) ? fs.readFileSync(DUMP, 'utf8') : '';
  // A readable failure: the first lines that differ, not two 300-line strings.
  const a = actual.split('\n');
  const c = committed.split('\n');
  const missing = a.filter((l) => !c.includes(l)).slice(0, 10);
  const extra = c.filter((l) => !a.includes(l)).slice(0, 10);
  expect({ inMigrationsNotInDump: missing, inDumpNotInMigrations: extra }).toEqual({
    inMigrationsNotInDump: [],
    inDumpNotInMigrations: [],
  });
  expect(actual).toBe(committed);
});
