import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../src/db/bootstrap';
import { ensureDatabase } from '../../src/db/embedded';
import { startServer, type TestServer } from '../helpers/http';
import { controlledPostgres, type ControlledPostgres } from '../helpers/pg-control';
import { waitFor } from '../helpers/wait';

/**
 * PostgreSQL restarts under a running server (its own embedded cluster, not the suite's): requests fail cleanly
 * (SERVICE_UNAVAILABLE, HTTP 503 with Retry-After, nothing internal shown), /readyz says 503, the process lives
 * on, and once the database is back the same server answers again without a restart.
 */

let dir: string;
let pg: ControlledPostgres;
let database: Database;
let s: TestServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-restart-'));
  fs.chmodSync(dir, 0o755);
  pg = await controlledPostgres(path.join(dir, 'pg'));
  await ensureDatabase(pg.urlFor('postgres'), 'shudi');
  database = await openDatabase({ databaseUrl: pg.urlFor('shudi'), dataDir: dir }, { poolSize: 4, connectTimeoutMs: 2000 });
  s = await startServer(database.db, { production: true });
}, 120000);
afterAll(async () => {
  await s?.stop();
  await database?.close();
  await pg?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const QUERY = 'query Count { items(first: 1) { totalCount } }';
const IMPORT = 'mutation Load($d: JSON!) { importCatalogue(document: $d) { created problems { path } } }';
/** Items need no jurisdictions: this cluster holds no national tree. */
const DEMO = {
  format: 'shudi-catalogue/1',
  items: [1, 2, 3].map((i) => ({ code: `RS-${i}`, name: `重启后事项${i}`, domain: '测试', category: 'TERRITORIAL' })),
};

function expectUnavailable(r: { status: number; headers: Headers; body: any }) {
  expect(r.status).toBe(503);
  expect(r.headers.get('retry-after')).toBe('5');
  const e = r.body.errors[0];
  expect(e.extensions.code).toBe('SERVICE_UNAVAILABLE');
  expect(e.message).toMatch(/数据库暂时不可用.*the database is unavailable/);
  expect(e.extensions.errorId).toMatch(/^err-/);
  expect(JSON.stringify(r.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|terminat|stacktrace|select /i);
}

describe('PostgreSQL restarting under a running server', () => {
  it('fails requests cleanly while the database is down, then answers again without a restart', async () => {
    expect((await s.post(QUERY)).body).toEqual({ data: { items: { totalCount: 0 } } });
    expect((await fetch(`${s.base}/readyz`)).status).toBe(200);

    // An import in flight when the database stops: it waits for the writers' lock, held here.
    const holder = new Client({ connectionString: pg.urlFor('shudi') });
    holder.on('error', () => undefined); // the restart ends this connection too
    await holder.connect();
    await holder.query('begin');
    await holder.query('select pg_advisory_xact_lock(7413, 1)');
    const inFlight = s.post(IMPORT, { d: DEMO });
    await waitFor(
      "the import to wait for the writers' lock",
      async () => {
        const { rows } = await holder.query(`select count(*)::int as n from pg_stat_activity where wait_event = 'advisory'`);
        return rows[0].n === 1;
      },
      { timeoutMs: 5000, everyMs: 25 },
    );

    await pg.stop();
    // Fast shutdown ends both backends at once: usually the import dies with its connection (503), but it may
    // win the race and commit first. Either way the answer is clean.
    const flight = await inFlight;
    if (flight.status === 200) expect(flight.body).toEqual({ data: { importCatalogue: { created: 3, problems: [] } } });
    else expectUnavailable(flight);
    await holder.end().catch(() => undefined);

    // While down: every GraphQL request answers 503 SERVICE_UNAVAILABLE; /readyz 503; /healthz and /metrics answer.
    expectUnavailable(await s.post(QUERY));
    expectUnavailable(await s.post(IMPORT, { d: DEMO }));
    expectUnavailable(await s.post('{ jurisdiction(code: "37") { name } }'));
    const ready = await fetch(`${s.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { problems: string[] }).problems[0]).toMatch(/database unreachable/);
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${s.base}/metrics`)).text()).toMatch(
      /shudi_graphql_errors_total\{code="SERVICE_UNAVAILABLE"\} [1-9]/,
    );
    // Validation still answers without the database.
    expect((await s.post('{ nosuch }')).status).toBe(400);

    // The database comes back on the same port and data directory; the same server recovers by itself.
    await pg.start();
    const answer = await waitFor(
      'the server to answer again',
      async () => {
        const r = await s.post(QUERY);
        return r.status === 200 && r;
      },
      { timeoutMs: 10000, everyMs: 250 },
    );
    expect(answer.body).toEqual({ data: { items: { totalCount: flight.status === 200 ? 3 : 0 } } });
    const loaded = await s.post(IMPORT, { d: DEMO });
    expect(loaded.status).toBe(200);
    expect(loaded.body.data.importCatalogue.problems).toEqual([]);
    expect((await s.post(QUERY)).body.data.items.totalCount).toBeGreaterThan(0);
    expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
    // Every failure was logged with its id; nothing crashed.
    expect(s.logged.filter((l) => l.msg === 'internal error').length).toBeGreaterThanOrEqual(3);
  });
});
