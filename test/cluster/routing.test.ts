import 'reflect-metadata';
import { Client } from 'pg';
import { createDataSource } from '../../ormconfig';
import { Db } from '../../src/db/database';
import { formatLsn, parseLsn, requestedLsn } from '../../src/db/lsn';
import { ReplicaDb, ReplicaSet } from '../../src/db/replicas';
import { startServer, stopServer } from '../../src/db/replication';
import { waitFor } from '../helpers/wait';
import { startTopology, type Topology } from './topology';

// Read routing and read-your-writes against a real primary and one streaming replica (src/db/replicas.ts).
let topo: Topology;
let primary: Db;
let set: ReplicaSet;

beforeAll(async () => {
  topo = await startTopology(1);
  const ds = createDataSource({ url: topo.url(topo.primary), poolSize: 4 });
  await ds.initialize();
  primary = new Db(ds);
  await primary.query('create table kv (k text primary key, v int not null)');
  await primary.query(`insert into kv values ('a', 0)`);
  set = new ReplicaSet(primary, [topo.url(topo.replicas[0])], { maxLagMs: 300, pollMs: 50, waitMs: 300, poolSize: 4 });
  await set.start();
  await waitFor('the replica to join the rotation', () => set.replicas[0].inRotation);
});

afterAll(async () => {
  await set?.stop();
  await primary?.dataSource.destroy();
  await topo?.close();
});

const valueOn = async (db: Db) => (await db.query<{ v: number }>(`select v from kv where k = 'a'`))[0].v;

test('positions: parsed, printed, and a malformed header refused naming it', () => {
  expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
  expect(parseLsn('0/0')).toBe(0n);
  expect(parseLsn('x/1')).toBeNull();
  expect(requestedLsn(undefined)).toBeNull();
  expect(() => requestedLsn('yesterday')).toThrow(/x-shudi-wal-position="yesterday" is not a WAL position/);
});

test('a read without a position goes to a replica in the rotation, with no round trip to choose it', async () => {
  const db = await set.forRead(null);
  expect(db).toBeInstanceOf(ReplicaDb);
  const [{ recovery }] = await db.query<{ recovery: boolean }>('select pg_is_in_recovery() as recovery');
  expect(recovery).toBe(true);
});

test('read-your-writes: a read at the position a write returned always sees the write', async () => {
  for (let i = 1; i <= 25; i++) {
    await primary.query(`update kv set v = $1 where k = 'a'`, [i]);
    const at = parseLsn(await set.writePosition());
    const db = await set.forRead(at);
    expect(await valueOn(db)).toBe(i);
  }
});

test('a position no replica reaches within the wait is read on the primary', async () => {
  const beyond = parseLsn(await set.writePosition())! + 10n ** 12n;
  expect(await set.forRead(beyond)).toBe(primary);
});

test('a statement a replica cannot run (a write) runs on the primary', async () => {
  const db = await set.forRead(null);
  expect(db).toBeInstanceOf(ReplicaDb);
  await db.query(`insert into kv values ('w', 1)`);
  expect(await valueOn(primary)).toBeGreaterThanOrEqual(0);
  expect((await primary.query(`select v from kv where k = 'w'`)).length).toBe(1);
});

test('a replica lagging past the threshold leaves the rotation and rejoins once it has caught up', async () => {
  const admin = new Client({ connectionString: topo.url(topo.replicas[0]) });
  await admin.connect();
  try {
    await admin.query('select pg_wal_replay_pause()');
    await primary.query(`update kv set v = v + 1 where k = 'a'`);
    await waitFor('the paused replica to leave the rotation', () => !set.replicas[0].inRotation, { timeoutMs: 30000 });
    expect(set.replicas[0].reason).toMatch(/lagging/);
    expect(await set.forRead(null)).toBe(primary);
    await admin.query('select pg_wal_replay_resume()');
  } finally {
    await admin.end();
  }
  await waitFor('the replica to rejoin the rotation', () => set.replicas[0].inRotation, { timeoutMs: 30000 });
});

test('a replica that dies under a read: the read is run again elsewhere, the replica leaves and rejoins', async () => {
  const db = await set.forRead(null);
  expect(db).toBeInstanceOf(ReplicaDb);
  expect(await valueOn(db)).toBeGreaterThan(0); // the pool holds a connection to the replica now
  const removals = set.replicas[0].removals;
  await stopServer(topo.replicas[0].dir, 'immediate');
  try {
    const expected = await valueOn(primary);
    expect(await valueOn(db)).toBe(expected);
    expect(await db.transaction((tx) => valueOn(tx))).toBe(expected);
    expect(set.replicas[0].inRotation).toBe(false);
    expect(set.replicas[0].removals).toBe(removals + 1);
    expect(await set.forRead(null)).toBe(primary);
  } finally {
    await startServer(topo.replicas[0].dir, topo.replicas[0].port);
  }
  await waitFor('the restarted replica to rejoin the rotation', () => set.replicas[0].inRotation, { timeoutMs: 60000 });
  expect(await set.forRead(null)).toBeInstanceOf(ReplicaDb);
});
