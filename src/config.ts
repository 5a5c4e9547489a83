import * as fs from 'node:fs';
import * as path from 'node:path';

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
  /** Cache query responses per data version (SHUDI_RESPONSE_CACHE, default on). */
  responseCache: boolean;
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
    responseCache: flag('SHUDI_RESPONSE_CACHE', true),
  };
  if (problems.length > 0) {
    throw new Error(`shudi: invalid configuration 配置错误:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
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
