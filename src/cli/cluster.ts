import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { projectRoot } from '../config';
import { openDatabase } from '../db/bootstrap';
import type { Db } from '../db/database';
import { ensureDatabase } from '../db/embedded';
import { importDocument } from '../modules/exchange/import.service';
import { loadTree } from '../modules/jurisdiction/tree.loader';
import { createReplica, initPrimary, localServer, startServer, stopServer, type LocalServer } from '../db/replication';

/**
 * `npm run cluster -- --replicas 2 --nodes 2`: on this machine, a PostgreSQL primary and streaming replicas (from
 * the embedded binaries, src/db/replication.ts), API nodes (dist/src/main.js) reading on the replicas, and HAProxy
 * in front; `npm run cluster -- stop` ends them. The layout of docs/deployment.md, on loopback.
 */

export interface ClusterOptions {
  /** Where the data directories, logs and the state file live (default .data/cluster). */
  dir: string;
  replicas: number;
  nodes: number;
  /** Port of the load balancer (default: a free one); null: no load balancer. */
  port?: number | null;
  /** More environment for the nodes (e.g. SHUDI_RESPONSE_CACHE). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** More data on the primary before the replicas are copied from it (the load bench's data). */
  prepare?: (db: Db) => Promise<void>;
}

export interface ClusterState {
  dir: string;
  password: string;
  primary: { dir: string; port: number };
  replicas: { name: string; dir: string; port: number }[];
  nodes: { name: string; pid: number; port: number; log: string }[];
  balancer: { pid: number; port: number; config: string } | null;
}

const STATE = 'cluster.json';

export const HAPROXY_MISSING =
  'HAProxy is not installed: on Debian/Ubuntu run `apt-get install -y haproxy` (as root), then start the cluster again. ' +
  '未安装 HAProxy：请在 Debian/Ubuntu 上以 root 运行 `apt-get install -y haproxy`，然后重新启动集群。';

export function haproxyPath(): string | null {
  for (const p of ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy']) if (fs.existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function readState(dir: string): ClusterState | null {
  const file = path.join(dir, STATE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ClusterState) : null;
}

async function waitReady(port: number, pid: number, log: string, timeoutMs = 300_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (!alive(pid)) throw new Error(`node on port ${port} exited 节点已退出; its log 日志: ${log}\n${tail(log)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`node on port ${port} not ready after ${timeoutMs} ms 节点未就绪; its log 日志: ${log}`);
}

const tail = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(-2000) : '');

/** Starts an API node (detached: it outlives this process) and waits until its /readyz answers 200. */
export async function startNode(
  state: ClusterState,
  name: string,
  env: Record<string, string> = {},
): Promise<ClusterState['nodes'][number]> {
  const port = await freePort();
  const log = path.join(state.dir, `${name}.log`);
  const out = fs.openSync(log, 'a');
  const url = (p: number) => `postgres://shudi:${encodeURIComponent(state.password)}@127.0.0.1:${p}/shudi`;
  const child = spawn(process.execPath, ['--max-old-space-size=384', path.join(projectRoot(), 'dist', 'src', 'main.js')], {
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url(state.primary.port),
      DATABASE_REPLICA_URLS: state.replicas.map((r) => url(r.port)).join(','),
      SHUDI_DATA_DIR: state.dir,
      ...env,
    },
  });
  child.unref();
  fs.closeSync(out);
  const node = { name, pid: child.pid!, port, log };
  await waitReady(port, node.pid, log);
  return node;
}

function haproxyConfig(state: ClusterState, port: number): string {
  return `# shudi local cluster (npm run cluster): generated, rewritten at every start
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout tunnel 1h
  # a busy node answers /readyz late, not never: without this the check's timeout is its interval
  timeout check 10s
  option redispatch
  retries 2
frontend shudi
  bind 127.0.0.1:${port}
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
${state.nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check inter 2s fall 3 rise 1`).join('\n')}
`;
}

/** Starts (or restarts) HAProxy in front of the state's nodes. */
export async function startBalancer(state: ClusterState, port: number): Promise<NonNullable<ClusterState['balancer']>> {
  const bin = haproxyPath();
  if (!bin) throw new Error(HAPROXY_MISSING);
  const config = path.join(state.dir, 'haproxy.cfg');
  const pidFile = path.join(state.dir, 'haproxy.pid');
  fs.writeFileSync(config, haproxyConfig(state, port));
  fs.rmSync(pidFile, { force: true });
  execFileSync(bin, ['-q', '-f', config, '-D', '-p', pidFile]);
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim().split('\n')[0]);
  for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
  }
  return { pid, port, config };
}

const saveState = (state: ClusterState) => fs.writeFileSync(path.join(state.dir, STATE), JSON.stringify(state, null, 2));

/** Primary, replicas, nodes and (unless port is null) the load balancer; refuses while one is running in `dir`. */
export async function startCluster(opts: ClusterOptions): Promise<ClusterState> {
  const log = opts.log ?? (() => undefined);
  const dir = path.resolve(opts.dir);
  const running = readState(dir);
  if (running && [...running.nodes.map((n) => n.pid), running.balancer?.pid ?? 0].some((p) => p > 0 && alive(p))) {
    throw new Error(`a cluster is running in ${dir}: stop it first (npm run cluster -- stop) 集群已在运行：请先停止`);
  }
  if (running) await stopCluster(dir);
  if (opts.port !== null && !haproxyPath()) throw new Error(HAPROXY_MISSING);
  if (!fs.existsSync(path.join(projectRoot(), 'dist', 'src', 'main.js'))) throw new Error('dist/ is not built: run `npx tsc -p .` 未构建');
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755); // the postgres OS user (when run as root) must reach the data dirs inside
  const pwFile = path.join(dir, 'password');
  if (!fs.existsSync(pwFile)) fs.writeFileSync(pwFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = fs.readFileSync(pwFile, 'utf8').trim();
  const state: ClusterState = { dir, password, primary: { dir: path.join(dir, 'primary'), port: 0 }, replicas: [], nodes: [], balancer: null };
  try {
    if (!fs.existsSync(path.join(state.primary.dir, 'PG_VERSION'))) {
      log('primary: initdb 主库初始化');
      await initPrimary(state.primary.dir, password);
    }
    state.primary.port = await freePort();
    await startServer(state.primary.dir, state.primary.port);
    saveState(state);
    const primary: LocalServer = localServer('primary', state.primary.dir, state.primary.port, password);
    await ensureDatabase(primary.urlFor('postgres'), 'shudi');
    log(`primary 主库: 127.0.0.1:${primary.port}`);
    await prepareDatabase(primary.urlFor('shudi'), opts.env?.SHUDI_DEMO !== 'false', log, opts.prepare);
    for (let i = 1; i <= opts.replicas; i++) {
      const r = await createReplica(primary, password, { name: `replica${i}`, dir: path.join(dir, `replica${i}`), port: await freePort() });
      state.replicas.push({ name: r.name, dir: r.dir, port: r.port });
      saveState(state);
      log(`${r.name} 备库: 127.0.0.1:${r.port} (streaming 流复制)`);
    }
    for (let i = 1; i <= opts.nodes; i++) {
      // one at a time: the first migrates the database and loads the demo, the next find it done
      const node = await startNode(state, `node${i}`, opts.env);
      state.nodes.push(node);
      saveState(state);
      log(`${node.name} 节点: http://127.0.0.1:${node.port}/graphql (pid ${node.pid})`);
    }
    if (opts.port !== null) {
      state.balancer = await startBalancer(state, opts.port ?? (await freePort()));
      saveState(state);
      log(`load balancer 负载均衡 (HAProxy): http://127.0.0.1:${state.balancer.port}/graphql`);
    }
    return state;
  } catch (e) {
    await stopCluster(dir).catch(() => undefined);
    throw e;
  }
}

/**
 * Migrations, the national tree and (on an empty database) the demo lists, on the primary before the replicas
 * are copied from it: the first load is one large write, cheaper to copy than to stream and replay.
 */
async function prepareDatabase(
  url: string,
  demo: boolean,
  log: (line: string) => void,
  prepare?: (db: Db) => Promise<void>,
): Promise<void> {
  const database = await openDatabase({ databaseUrl: url, dataDir: '' }, { statementTimeoutMs: 0 });
  try {
    const tree = await loadTree(database.db);
    if (!tree.skipped) log('national tree loaded 全国行政区划已加载');
    const [{ n }] = await database.db.query<{ n: number }>('select count(*)::int as n from catalogue');
    if (demo && n === 0) {
      for (const file of ['demo-zhaoyuan.json', 'demo-zhaoyuan-duty.json']) {
        await importDocument(database.db, JSON.parse(fs.readFileSync(path.join(projectRoot(), 'src', 'data', file), 'utf8')));
      }
      log('demo lists imported 演示清单已导入');
    }
    await prepare?.(database.db);
  } finally {
    await database.close();
  }
}

async function endProcess(pid: number, timeoutMs = 15_000): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (!alive(pid)) return;
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** Ends the load balancer, the nodes, the replicas and the primary of the cluster in `dir` (data kept). */
export async function stopCluster(dir: string, log: (line: string) => void = () => undefined): Promise<boolean> {
  const state = readState(path.resolve(dir));
  if (!state) return false;
  if (state.balancer) await endProcess(state.balancer.pid);
  await Promise.all(state.nodes.map((n) => endProcess(n.pid)));
  for (const r of state.replicas) await stopServer(r.dir, 'fast').catch((e) => log(String(e)));
  await stopServer(state.primary.dir, 'fast').catch((e) => log(String(e)));
  fs.rmSync(path.join(state.dir, STATE), { force: true });
  log(`stopped 已停止: ${state.nodes.length} node(s), ${state.replicas.length} replica(s), the primary${state.balancer ? ', HAProxy' : ''}`);
  return true;
}

function option(args: string[], name: string, fallback: number, min: number, max: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const raw = args[i + 1];
  const n = Number(raw);
  if (!/^\d+$/.test(raw ?? '') || n < min || n > max) {
    throw new Error(`--${name}="${raw ?? ''}" is not a whole number between ${min} and ${max} 取值无效（应为 ${min}–${max} 的整数）`);
  }
  return n;
}

async function main(argv: string[]): Promise<void> {
  const dirIndex = argv.indexOf('--dir');
  const dir = dirIndex >= 0 ? path.resolve(argv[dirIndex + 1] ?? '') : path.join(projectRoot(), '.data', 'cluster');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (argv[0] === 'stop') {
    if (!(await stopCluster(dir, say))) say(`no cluster in ${dir} 没有运行中的集群`);
    return;
  }
  if (argv[0] === 'status') {
    const state = readState(dir);
    say(state ? JSON.stringify(state, (k, v) => (k === 'password' ? undefined : v), 2) : `no cluster in ${dir} 没有运行中的集群`);
    return;
  }
  const state = await startCluster({
    dir,
    replicas: option(argv, 'replicas', 2, 0, 16),
    nodes: option(argv, 'nodes', 2, 1, 16),
    port: argv.includes('--port') ? option(argv, 'port', 0, 1, 65535) : undefined,
    log: say,
  });
  say(`cluster running 集群已启动 (${state.nodes.length} node(s), ${state.replicas.length} replica(s)); stop it with: npm run cluster -- stop`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
