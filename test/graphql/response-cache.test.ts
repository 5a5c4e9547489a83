import 'reflect-metadata';
import { createApp, type App } from '../../src/app';
import { createContext } from '../../src/context';
import { DataVersion } from '../../src/db/data-version';
import { statementScope } from '../../src/db/database';
import { importDocument } from '../../src/modules/exchange/import.service';
import { FLAG_STORE_LIMITS, refreshQueued } from '../../src/modules/analysis/flag-store.service';
import { openDatabase } from '../../src/db/bootstrap';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';
import { DEMO } from '../helpers/graphql';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { waitFor } from '../helpers/wait';

/** The response cache keyed by the data version: hits run no SQL, and no write is ever hidden by it. */
let t: TestDatabase;
let app: App;
let version: DataVersion;
beforeAll(async () => {
  t = await openTestDatabase();
  await loadTree(t.db);
  await importDocument(t.db, DEMO);
  version = new DataVersion(t.url);
  await version.start();
  app = await createApp({ db: t.db, config: { production: true, introspection: false }, dataVersion: version });
});
afterAll(async () => {
  await app.stop();
  await version.stop();
  await t.close();
});

const CHAIN = `query { responsibleChain(itemCode: "ZY-TER-001", jurisdictionCode: "370685004", asOf: "2024-06-01") {
  primary { duty body { code } } } }`;
const run = async (query: string) => {
  const scope = { statements: 0 };
  const res = await statementScope.run(scope, () =>
    app.apollo.executeOperation({ query }, { contextValue: createContext(t.db) }),
  );
  if (res.body.kind !== 'single') throw new Error('incremental');
  return { statements: scope.statements, result: res.body.singleResult as any };
};
/** A second connection pool to the test database, as another process would have. */
const openDatabaseAt = (url: string) => openDatabase({ databaseUrl: url, dataDir: '' }, { migrate: false });
const known = () => waitFor('the data version to be known', () => version.current !== null, { timeoutMs: 2000 });

test('a repeated query is answered from the cache, with no SQL', async () => {
  await known();
  const first = await run(CHAIN);
  expect(first.result.errors).toBeUndefined();
  expect(first.statements).toBeGreaterThan(0);
  const again = await run(CHAIN);
  expect(again.statements).toBe(0);
  expect(again.result).toEqual(first.result);
});

test('a write through this server is seen by the next query at once', async () => {
  await known();
  const before = await run(CHAIN);
  const duty = `changed ${Date.now()}`;
  const [a] = await t.db.query<{ id: string }>(
    `select id::text from assignment where item_code = 'ZY-TER-001' and role = 'PRIMARY' order by id limit 1`,
  );
  const m = await app.apollo.executeOperation(
    {
      query: `mutation($id: ID!, $duty: String) { updateAssignment(id: $id, input: { duty: $duty }) { duty } }`,
      variables: { id: a.id, duty },
    },
    { contextValue: createContext(t.db, 'test', { subject: 'test-admin', role: 'ADMIN', scope: null }) },
  );
  expect(m.body.kind === 'single' && m.body.singleResult.errors).toBeFalsy();
  const after = await run(CHAIN); // no waiting: the write invalidated the version on commit
  expect(after.statements).toBeGreaterThan(0);
  expect(JSON.stringify(after.result)).toContain(duty);
  expect(after.result).not.toEqual(before.result);
});

test('a write by another process reaches the cache by notification', async () => {
  await known();
  await run(CHAIN);
  const seen = version.current;
  await t.db.query(`update meta set value = (value::bigint + 1)::text where key = 'generation'`);
  await waitFor('the notification to change the data version', () => version.current !== null && version.current !== seen, {
    timeoutMs: 2000,
  });
  expect(version.current).not.toBe(seen);
  expect((await run(CHAIN)).statements).toBeGreaterThan(0);
});

test('an answer given while a county waited for its refresh is not served after the refresh', async () => {
  await known();
  const COVERAGE = `query { coverage(scopeCode: "370685", asOf: "2024-06-01", first: 50) { pendingCount edges { node { domain owned } } } }`;
  // a write queues 招远's refresh, and this reader does not refresh it itself
  const readLimit = FLAG_STORE_LIMITS.readLimit;
  const writeLimit = FLAG_STORE_LIMITS.writeLimit;
  FLAG_STORE_LIMITS.readLimit = 0;
  FLAG_STORE_LIMITS.writeLimit = 0;
  try {
    const r = await importDocument(t.db, {
      format: 'shudi-catalogue/1',
      assignments: [{ item: 'ZY-TER-004', scope: '370685004', body: '370685-SCJG', role: 'PRIMARY', validFrom: '2024-01-01' }],
    });
    expect(r.problems).toEqual([]);
    await known();
    const pending = await run(COVERAGE);
    expect(pending.result.data.coverage.pendingCount).toBe(1);
    expect((await run(COVERAGE)).statements).toBe(0); // cached while nothing changed
    // the refresh by another process: the notification of its commit changes the data version
    const seen = version.current;
    const other = await openDatabaseAt(t.url);
    try {
      expect(await refreshQueued(other.db, 10)).toBe(1);
    } finally {
      await other.close();
    }
    await waitFor('the refresh to change the data version', () => version.current !== null && version.current !== seen, {
      timeoutMs: 2000,
    });
    const fresh = await run(COVERAGE);
    expect(fresh.statements).toBeGreaterThan(0);
    expect(fresh.result.data.coverage.pendingCount).toBe(0);
    // a refresh in this process forgets the version at its commit, before any notification
    await importDocument(t.db, {
      format: 'shudi-catalogue/1',
      assignments: [{ item: 'ZY-TER-004', scope: '370685005', body: '370685-SCJG', role: 'PRIMARY', validFrom: '2024-01-01' }],
    });
    await known();
    expect((await run(COVERAGE)).result.data.coverage.pendingCount).toBe(1);
    await refreshQueued(t.db, 10);
    const now = await run(COVERAGE); // no waiting
    expect(now.statements).toBeGreaterThan(0);
    expect(now.result.data.coverage.pendingCount).toBe(0);
  } finally {
    FLAG_STORE_LIMITS.readLimit = readLimit;
    FLAG_STORE_LIMITS.writeLimit = writeLimit;
  }
});
