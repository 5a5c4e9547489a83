import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startCluster, stopCluster, type ClusterState } from '../../src/cli/cluster';
import { LSN_HEADER, parseLsn } from '../../src/db/lsn';
import { startServer, stopServer } from '../../src/db/replication';
import { BENCH_AUTH, benchBearer } from '../bench/common';
import { ensureBuilt } from '../helpers/build';
import { waitFor } from '../helpers/wait';

/**
 * Two API nodes over a primary and two streaming replicas, HAProxy in front (npm run cluster's own code,
 * src/cli/cluster.ts), all real processes on loopback: read-your-writes across nodes, the response cache across
 * nodes, a replica killed under load, the node running the scheduled jobs killed.
 */
let dir: string;
let cluster: ClusterState;
let token: string;
const JOBS_RETRY_MS = 500;

beforeAll(async () => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-nodes-'));
  cluster = await startCluster({
    dir,
    replicas: 2,
    nodes: 2,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SHUDI_DEMO: 'false',
      SHUDI_JWT_SECRET: BENCH_AUTH.secret!,
      SHUDI_RESPONSE_CACHE: 'true',
      SHUDI_REPLICA_POLL_MS: '100',
      SHUDI_REPLICA_MAX_LAG_MS: '3000',
      SHUDI_JOBS_LOCK_RETRY_MS: String(JOBS_RETRY_MS),
    },
  });
  token = await benchBearer();
}, 300_000);

afterAll(async () => {
  if (dir) await stopCluster(dir);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

interface Answer {
  status: number;
  position: string | null;
  body: { data?: any; errors?: { message: string }[]; extensions?: { walPosition?: string } };
}

async function gql(port: number, query: string, variables: object = {}, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, position: res.headers.get(LSN_HEADER), body: (await res.json()) as Answer['body'] };
}

const ITEM = `query($code: String!) { item(code: $code) { name } }`;
const RENAME = `mutation($code: String!, $name: String!) { updateItem(code: $code, input: { name: $name }) { name } }`;
const node = (i: number) => cluster.nodes[i].port;
const readyz = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as any;

test('a write through node A is read back through node B at the returned position: always the new value', async () => {
  const created = await gql(
    node(0),
    `mutation { createItem(input: { code: "CL-RYW", name: "v0", domain: "集群测试", category: TERRITORIAL }) { code } }`,
  );
  expect(created.body.errors).toBeUndefined();
  for (let i = 1; i <= 30; i++) {
    const w = await gql(node(0), RENAME, { code: 'CL-RYW', name: `v${i}` });
    expect(w.body.errors).toBeUndefined();
    expect(w.position).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(w.body.extensions?.walPosition).toBe(w.position);
    // without the position: the old value or the new one, never an error
    const loose = await gql(node(1), ITEM, { code: 'CL-RYW' });
    expect(loose.status).toBe(200);
    expect(loose.body.errors).toBeUndefined();
    expect([`v${i - 1}`, `v${i}`]).toContain(loose.body.data.item.name);
    // with it: the new value
    const r = await gql(node(1), ITEM, { code: 'CL-RYW' }, { [LSN_HEADER]: w.position! });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.item.name).toBe(`v${i}`);
  }
});

test('a malformed position is refused with a 400 naming the header', async () => {
  const r = await gql(node(1), ITEM, { code: 'CL-RYW' }, { [LSN_HEADER]: 'latest' });
  expect(r.status).toBe(400);
  expect(r.body.errors?.[0].message).toMatch(/x-shudi-wal-position="latest" is not a WAL position/);
});

test('a cache entry invalidated by a write on node A is not served by node B afterwards', async () => {
  await gql(node(0), `mutation { createItem(input: { code: "CL-CACHE", name: "old", domain: "集群测试", category: TERRITORIAL }) { code } }`);
  // node B caches the answer (the same request twice at the same data version)
  await waitFor('node B to answer the old name', async () => (await gql(node(1), ITEM, { code: 'CL-CACHE' })).body.data?.item?.name === 'old');
  await gql(node(1), ITEM, { code: 'CL-CACHE' });
  const w = await gql(node(0), RENAME, { code: 'CL-CACHE', name: 'new' });
  // the writer, sending back its position, never gets the cached old answer
  expect((await gql(node(1), ITEM, { code: 'CL-CACHE' }, { [LSN_HEADER]: w.position! })).body.data.item.name).toBe('new');
  // once the replicas have replayed the write, every answer of node B is the new one
  const at = parseLsn(w.position)!;
  for (const r of cluster.replicas) {
    const c = new Client({ connectionString: `postgres://shudi:${encodeURIComponent(cluster.password)}@127.0.0.1:${r.port}/shudi` });
    await c.connect();
    await waitFor(`${r.name} to replay the write`, async () => {
      const { rows } = await c.query<{ lsn: string }>('select pg_last_wal_replay_lsn()::text as lsn');
      return parseLsn(rows[0].lsn)! >= at;
    });
    await c.end();
  }
  await waitFor('node B to answer the new name', async () => (await gql(node(1), ITEM, { code: 'CL-CACHE' })).body.data?.item?.name === 'new');
  for (let i = 0; i < 20; i++) expect((await gql(node(1), ITEM, { code: 'CL-CACHE' })).body.data.item.name).toBe('new');
});

test('a replica killed during 30 s of mixed load: no read fails, it leaves the rotation and rejoins', async () => {
  const lb = cluster.balancer!.port;
  const victim = cluster.replicas[0];
  const failures: string[] = [];
  let reads = 0;
  let writes = 0;
  const end = Date.now() + 30_000;
  const reader = async () => {
    while (Date.now() < end) {
      const r = await gql(lb, `query { item(code: "CL-RYW") { name } catalogues(first: 5) { totalCount } }`).catch(
        (e) => ({ status: 0, body: { errors: [{ message: String(e) }] } }) as Answer,
      );
      reads++;
      if (r.status !== 200 || r.body.errors) failures.push(`${r.status} ${JSON.stringify(r.body.errors)}`);
    }
  };
  const writer = async () => {
    for (let i = 0; Date.now() < end; i++) {
      await gql(lb, RENAME, { code: 'CL-RYW', name: `load ${i}` });
      writes++;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const chaos = async () => {
    await new Promise((r) => setTimeout(r, 8_000));
    await stopServer(victim.dir, 'immediate');
    await waitFor('both nodes to take the dead replica out', async () =>
      (await Promise.all([node(0), node(1)].map(readyz))).every((z) => z.details.replicas[0].inRotation === false),
    );
    await new Promise((r) => setTimeout(r, 6_000));
    await startServer(victim.dir, victim.port);
  };
  await Promise.all([reader(), reader(), reader(), reader(), writer(), chaos()]);
  expect(failures).toEqual([]);
  expect(reads).toBeGreaterThan(0);
  expect(writes).toBeGreaterThan(0);
  await waitFor(
    'the restarted replica to rejoin the rotation on both nodes',
    async () => (await Promise.all([node(0), node(1)].map(readyz))).every((z) => z.details.replicas[0].inRotation === true),
    { timeoutMs: 60_000 },
  );
  for (const z of await Promise.all([node(0), node(1)].map(readyz))) expect(z.details.replicas[0].removals).toBeGreaterThanOrEqual(1);
});

test('the node running the scheduled jobs is killed: another takes them within the lock timeout', async () => {
  const states = await Promise.all([node(0), node(1)].map(readyz));
  const leaders = states.map((z) => z.details.scheduledJobs === 'this node 本节点');
  expect(leaders.filter(Boolean)).toHaveLength(1); // one node at a time
  const holder = leaders.indexOf(true);
  const other = 1 - holder;
  process.kill(cluster.nodes[holder].pid, 'SIGKILL');
  // the lock is released when the holder's connection ends; the other node tries every JOBS_RETRY_MS
  await waitFor(
    'the other node to take the scheduled jobs',
    async () => (await readyz(node(other))).details.scheduledJobs === 'this node 本节点',
    { timeoutMs: JOBS_RETRY_MS + 15_000 },
  );
});
