import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import { installShutdown } from '../../src/shutdown';
import { ensureBuilt, ROOT } from '../helpers/build';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { DEMO } from '../helpers/graphql';
import { bearer, TEST_AUTH } from '../helpers/auth';
import { waitFor } from '../helpers/wait';

/**
 * Graceful shutdown (issue 5) of the real process: `node dist/src/main.js` against a test database. A request
 * is held in flight (it waits for the writers' lock, which the test holds), SIGTERM arrives, the listener closes,
 * the request still completes, and the process exits 0.
 */

const MAIN = path.join(ROOT, 'dist/src/main.js');

let t: TestDatabase;
let child: ChildProcess | null = null;
const lines: Record<string, any>[] = [];

beforeAll(async () => {
  ensureBuilt();
  t = await openTestDatabase();
}, 120000);
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await t?.close();
});

/** Starts the server; resolves with its port once it logs that it serves. */
function start(env: Record<string, string>): Promise<number> {
  const { NODE_ENV: _test, ...inherited } = process.env;
  child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      DATABASE_URL: t.url,
      PORT: '0',
      HOST: '127.0.0.1',
      SHUDI_DEMO: 'false',
      SHUDI_JWT_SECRET: TEST_AUTH.secret!,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(text));
      } catch {
        lines.push({ text });
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const serving = lines.find((l) => typeof l.port === 'number');
      if (serving) {
        clearInterval(timer);
        resolve(serving.port);
      } else if (child!.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited ${child!.exitCode}: ${stderr}\n${JSON.stringify(lines)}`));
      }
    }, 20);
  });
}

const until = (what: string, check: () => Promise<boolean> | boolean) =>
  waitFor(what, check, { everyMs: 25, detail: () => `log: ${JSON.stringify(lines.slice(-10))}` });

describe('graceful shutdown (a real child process)', () => {
  it('on SIGTERM stops listening, finishes the in-flight request, closes the pool and exits 0', async () => {
    const port = await start({ SHUDI_SHUTDOWN_TIMEOUT_MS: '20000' });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    // Hold the writers' lock: the import below waits for it, in flight, until the test lets go.
    const holder = new Client({ connectionString: t.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock(7413, 1)');
      const inFlight = fetch(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': 'in-flight',
          authorization: await bearer({ subject: 'test', role: 'ADMIN' }),
        },
        body: JSON.stringify({
          query: 'mutation Load($d: JSON!) { importCatalogue(document: $d) { created problems { path } } }',
          variables: { d: DEMO },
        }),
      });
      await until('the import to wait for the lock', async () => {
        const { rows } = await holder.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`,
        );
        return rows[0].n === 1;
      });

      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      child!.kill('SIGTERM');
      await until('the shutdown to begin', () => lines.some((l) => l.msg?.startsWith('shutting down')));
      // No new connections; the process waits for the request in flight.
      await until('the listener to close', () =>
        fetch(`${base}/healthz`).then(
          () => false,
          () => true,
        ),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(child!.exitCode).toBeNull();

      await holder.query('commit');
      const res = await inFlight;
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.importCatalogue.problems).toEqual([]);
      expect(body.data.importCatalogue.created).toBeGreaterThan(0);

      expect(await exited).toBe(0);
      const messages = lines.map((l) => l.msg);
      expect(messages).toEqual(expect.arrayContaining(['requests drained 请求已处理完毕', 'stopped 已停止']));
      expect(lines.find((l) => l.reqId === 'in-flight')).toMatchObject({ status: 200, operation: 'Load' });
      // The import was committed before the pool closed.
      const [{ n }] = await t.db.query<{ n: number }>('select count(*)::int as n from catalogue');
      expect(n).toBe(1);
    } finally {
      await holder.end();
    }
  });
});

describe('shutdown timeout', () => {
  it('exits 1 when in-flight work outlasts the timeout, and at once on a second signal', async () => {
    const exits: number[] = [];
    const logged: string[] = [];
    const shutdown = installShutdown({
      stopServer: () => new Promise(() => undefined), // never drains
      closeDatabase: async () => undefined,
      log: (_level, msg) => void logged.push(msg),
      timeoutMs: 100,
      exit: (code) => void exits.push(code),
      signals: [],
    });
    void shutdown('SIGTERM');
    await waitFor('the shutdown timeout to exit', () => exits.length > 0, { timeoutMs: 5000, everyMs: 10 });
    expect(exits).toEqual([1]);
    expect(logged.some((m) => m.startsWith('shutdown timed out'))).toBe(true);
    void shutdown('SIGINT');
    expect(exits).toEqual([1, 1]);
  });
});
