import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAuthConfig, type AuthConfig } from './auth.config';

/** The project root: the folder holding shudi's package.json (works from src/ and from dist/src/). */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'shudi') return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('shudi: cannot find the project root (package.json named "shudi")');
    dir = up;
  }
}

export interface Config {
  port: number;
  host: string;
  /** null: start the embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** Load the demo list (招远市) when the database holds no catalogue yet. */
  loadDemo: boolean;
  production: boolean;
  logLevel: string;
  introspection: boolean;
  /** Bearer tokens and public reading (src/modules/access). */
  auth: AuthConfig;
  /** Request limits, timeouts, shutdown and metrics (see OpsConfig). */
  ops: OpsConfig;
  /** Cache query responses per data version (SHUDI_RESPONSE_CACHE, default off: see docs/decisions.md). */
  responseCache: boolean;
  /** SPEC §10 admission (SHUDI_ADMISSION): `advisory` flags a township duty outside its lists, `required` refuses it for EDITORs. */
  admission: 'advisory' | 'required';
  /** Streaming read replicas (DATABASE_REPLICA_URLS) and how reads use them (docs/deployment.md). */
  replicas: ReplicaConfig;
}

/** Read replicas: queries read there; writes, imports, uploads and the scheduled jobs use DATABASE_URL. */
export interface ReplicaConfig {
  /** DATABASE_REPLICA_URLS, comma-separated; empty: every read on the primary, as with one server. */
  urls: string[];
  /** SHUDI_REPLICA_MAX_LAG_MS: a replica further behind leaves the rotation until it catches up. */
  maxLagMs: number;
  /** SHUDI_REPLICA_POLL_MS: how often each replica's replay position is read. */
  pollMs: number;
  /** SHUDI_REPLICA_WAIT_MS: how long a read that sent back a write's position waits for a replica, then the primary. */
  waitMs: number;
  /** SHUDI_JOBS_LOCK_RETRY_MS: how often a node that does not run the scheduled jobs tries to take them over. */
  jobsRetryMs: number;
}

/** The only reader of process.env. Validates everything and fails listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = parseIntVar('PORT', env.PORT, 4000, problems);
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}="${raw}" is not a boolean (allowed: true/false, 1/0, yes/no, on/off)`);
    return fallback;
  };
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL.trim() : null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL="${databaseUrl}" is not a postgres:// or postgresql:// URL`);
  }
  const production = env.NODE_ENV === 'production';
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL="${logLevel}" is not one of fatal, error, warn, info, debug, trace, silent`);
  }
  const config: Config = {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(projectRoot(), env.SHUDI_DATA_DIR ?? '.data'),
    loadDemo: flag('SHUDI_DEMO', true),
    production,
    logLevel,
    introspection: flag('SHUDI_INTROSPECTION', true),
    auth: loadAuthConfig(env, path.resolve(projectRoot(), env.SHUDI_DATA_DIR ?? '.data'), problems, flag),
    ops: loadOpsConfig(env, problems, flag),
    responseCache: flag('SHUDI_RESPONSE_CACHE', false),
    admission: admissionMode(env.SHUDI_ADMISSION, problems),
    replicas: loadReplicaConfig(env, problems, databaseUrl),
  };
  if (problems.length > 0) {
    throw new Error(`shudi: invalid configuration 配置错误:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

function loadReplicaConfig(env: NodeJS.ProcessEnv, problems: string[], primary: string | null): ReplicaConfig {
  const urls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\/[^/]/.test(url)) {
      problems.push(`DATABASE_REPLICA_URLS entry "${url}" is not a postgres:// or postgresql:// URL (allowed: comma-separated URLs)`);
    }
  }
  if (urls.length > 0 && !primary) {
    problems.push(`DATABASE_REPLICA_URLS="${env.DATABASE_REPLICA_URLS}" needs DATABASE_URL (the primary the replicas stream from)`);
  }
  const ms = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
      problems.push(`${name}="${raw}" is not a whole number of milliseconds between ${min} and ${max}`);
      return fallback;
    }
    return n;
  };
  return {
    urls,
    maxLagMs: ms('SHUDI_REPLICA_MAX_LAG_MS', 5000, 10, 3_600_000),
    pollMs: ms('SHUDI_REPLICA_POLL_MS', 250, 10, 60_000),
    waitMs: ms('SHUDI_REPLICA_WAIT_MS', 1000, 0, 60_000),
    jobsRetryMs: ms('SHUDI_JOBS_LOCK_RETRY_MS', 5000, 100, 600_000),
  };
}

function admissionMode(raw: string | undefined, problems: string[]): 'advisory' | 'required' {
  if (raw === undefined || raw === '') return 'advisory';
  if (raw === 'advisory' || raw === 'required') return raw;
  problems.push(`SHUDI_ADMISSION="${raw}" is not one of advisory, required`);
  return 'advisory';
}

function parseIntVar(name: string, raw: string | undefined, fallback: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`${name}="${raw}" is not a port number (0–65535)`);
    return fallback;
  }
  return n;
}

/** Limits, timeouts, shutdown and metrics: the operational knobs (README "Limits and operations"). */
export interface OpsConfig {
  /** Deepest selection a query may nest (fields inside fields); deeper is refused before execution. */
  maxDepth: number;
  /** Largest estimated cost of an operation (connections cost `first` × their selection); refused before execution. */
  maxCost: number;
  /** Largest request body in bytes, except imports. */
  bodyLimit: number;
  /** Largest body of a request whose operation only imports (importCatalogue, importCatalogueTable). */
  importBodyLimit: number;
  /** statement_timeout of every pooled connection, ms (0: none). */
  statementTimeoutMs: number;
  /** statement_timeout inside an import's transaction (set local), ms (0: none). */
  importStatementTimeoutMs: number;
  /** After SIGTERM/SIGINT: how long in-flight requests may take before the process exits anyway, ms. */
  shutdownTimeoutMs: number;
  /** Serve Prometheus metrics at /metrics. */
  metrics: boolean;
}

const MB = 1024 * 1024;

/** The defaults, also what createApp uses when a caller (a test) passes no ops config. */
export const DEFAULT_OPS: OpsConfig = {
  maxDepth: 12,
  maxCost: 10000,
  bodyLimit: 1 * MB,
  importBodyLimit: 16 * MB,
  statementTimeoutMs: 30000,
  importStatementTimeoutMs: 600000,
  shutdownTimeoutMs: 25000,
  metrics: true,
};

function loadOpsConfig(
  env: NodeJS.ProcessEnv,
  problems: string[],
  flag: (name: string, fallback: boolean) => boolean,
): OpsConfig {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" is not a whole number between ${min} and ${max}`);
      return fallback;
    }
    return n;
  };
  const size = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const bytes = parseSize(raw);
    if (bytes === null || bytes < 1024 || bytes > 1024 * MB) {
      problems.push(`${name}="${raw}" is not a size between 1kb and 1gb (e.g. 1048576, 512kb, 1mb, 64mb)`);
      return fallback;
    }
    return bytes;
  };
  const ops: OpsConfig = {
    maxDepth: int('SHUDI_MAX_DEPTH', DEFAULT_OPS.maxDepth, 2, 1000),
    maxCost: int('SHUDI_MAX_COST', DEFAULT_OPS.maxCost, 1, 1_000_000_000),
    bodyLimit: size('SHUDI_BODY_LIMIT', DEFAULT_OPS.bodyLimit),
    importBodyLimit: size('SHUDI_IMPORT_BODY_LIMIT', DEFAULT_OPS.importBodyLimit),
    statementTimeoutMs: int('SHUDI_STATEMENT_TIMEOUT_MS', DEFAULT_OPS.statementTimeoutMs, 0, 2_147_483_647),
    importStatementTimeoutMs: int('SHUDI_IMPORT_STATEMENT_TIMEOUT_MS', DEFAULT_OPS.importStatementTimeoutMs, 0, 2_147_483_647),
    shutdownTimeoutMs: int('SHUDI_SHUTDOWN_TIMEOUT_MS', DEFAULT_OPS.shutdownTimeoutMs, 0, 3_600_000),
    metrics: flag('SHUDI_METRICS', DEFAULT_OPS.metrics),
  };
  if (ops.importBodyLimit < ops.bodyLimit) {
    problems.push(
      `SHUDI_IMPORT_BODY_LIMIT (${ops.importBodyLimit} bytes) is smaller than SHUDI_BODY_LIMIT (${ops.bodyLimit} bytes)`,
    );
  }
  return ops;
}

/** "1048576", "512kb", "1mb", "1.5gb" → bytes (1024-based, as body-parser reads them); null when not a size. */
export function parseSize(raw: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(raw);
  if (!m) return null;
  const unit = { b: 1, kb: 1024, mb: MB, gb: 1024 * MB }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}
