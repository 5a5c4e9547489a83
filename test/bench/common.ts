/**
 * Shared by the bench (run.ts) and the load test (load.ts): arguments, the figures table, child processes
 * (the shudi server, the raw-pg server) and the GraphQL operations they send.
 */
import type { AuthConfig } from '../../src/auth.config';
import { bearer, hs256Auth } from '../helpers/auth';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';

export const args = process.argv.slice(2);
export const opt = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback;
export const flag = (name: string) => args.includes(`--${name}`);

export const CHAIN_QUERY = `query($item: String!, $place: String!) { responsibleChain(itemCode: $item, jurisdictionCode: $place) {
  asOf applicable flags levels { level jurisdiction { code name } holders { role duty active resolution body { code name } scope { code } } }
  primary { body { code name } active } } }`;
export const FLAGS_QUERY = `query($scope: String!, $after: String) { responsibilityFlags(scopeCode: $scope, first: 20, after: $after) {
  totalCount countsByKind { kind count } pendingCount edges { cursor node { kind item { code } jurisdiction { code } bodies { code } } } } }`;
export const FLAGS_DATED_QUERY = `query($scope: String!, $asOf: Date) { responsibilityFlags(scopeCode: $scope, asOf: $asOf, first: 20) {
  totalCount countsByKind { kind count } pendingCount edges { cursor node { kind item { code } jurisdiction { code } bodies { code } } } } }`;
export const COVERAGE_QUERY = `query($scope: String!, $asOf: Date) { coverage(scopeCode: $scope, asOf: $asOf, first: 20) {
  totalCount edges { node { jurisdiction { code } domain leaves applicable owned flags { kind count } } } } }`;
export const WORKLOAD_QUERY = `query($scope: String!, $asOf: Date) { workload(scopeCode: $scope, asOf: $asOf, first: 20) {
  totalCount edges { node { body { code } level primaryItems supportingItems primaryPairs leaves } } } }`;
export const IMPORT_MUTATION = `mutation($doc: JSON!) { importCatalogue(document: $doc, reason: "load test") { created updated unchanged problems { path message } } }`;

/** One figure: its value, and where it has one, the figure it is compared with and the limit on the ratio. */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  detail?: string;
  /** what the value is compared with, and its value in the same unit */
  baseline?: { name: string; value: number };
  ratio?: number;
  /** e.g. "ratio ≥ 0.5", "≤ 1000 ms" */
  target?: string;
  ok?: boolean;
  /** Why a missed target was missed, from what the run measured (printed only when missed). */
  why?: string;
  /** decides `ok` once the ratio is known */
  check?: (f: Figure) => boolean;
  /** raw numbers for the plot */
  extra?: Record<string, number>;
}

export class Figures {
  readonly all: Figure[] = [];
  add(f: Figure): Figure {
    if (f.baseline && f.ratio === undefined) f.ratio = f.baseline.value ? f.value / f.baseline.value : undefined;
    if (f.check) f.ok = f.check(f);
    delete f.check;
    this.all.push(f);
    const base = f.baseline
      ? `  | ${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}, ratio ${f.ratio?.toFixed(2) ?? '—'}`
      : '';
    const target = f.target ? `  | target ${f.target}: ${f.ok ? 'met' : 'MISSED'}` : '';
    const why = f.ok === false && f.why ? `\n    why: ${f.why}` : '';
    process.stderr.write(`  ${f.figure}: ${fmt(f.value)} ${f.unit}${f.detail ? ` (${f.detail})` : ''}${base}${target}${why}\n`);
    return f;
  }
  table(): string {
    const rows = this.all.map((f) => [
      f.figure,
      `${fmt(f.value)} ${f.unit}`,
      f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}` : '',
      f.ratio !== undefined ? f.ratio.toFixed(2) : '',
      f.target ?? '',
      f.ok === undefined ? '' : f.ok ? 'met' : 'MISSED',
    ]);
    const head = ['figure', 'value', 'beside', 'ratio', 'target', ''];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join(' │ ')).join('\n');
  }
}

/** Each missed target with why, one per line (the end of a run). */
export function missedWithWhy(all: Figure[]): string {
  return all
    .filter((f) => f.ok === false)
    .map((f) => `  MISSED ${f.figure}: ${fmt(f.value)} ${f.unit} (target ${f.target})${f.why ? `\n    why: ${f.why}` : ''}`)
    .join('\n');
}

/**
 * Where an import's time went, by step (the writer's progress events): checks (staging the batch, the set-based
 * and the per-record checks), plan, writes (rows and change feed, kind by kind), commit (deferred checks, the
 * after-write steps). Add up several imports by passing the same object.
 */
export class ImportSteps {
  readonly ms: Record<'parse' | 'checks' | 'plan' | 'writes' | 'commit', number> = { parse: 0, checks: 0, plan: 0, writes: 0, commit: 0 };
  private last: { phase: keyof ImportSteps['ms']; at: bigint } | null = null;
  /** The writer's onProgress for one import; call `end` after it. */
  progress = (step: string): void => {
    const phase = step === 'parsing' ? 'parse' : step === 'checking' ? 'checks' : step === 'planning' ? 'plan' : step === 'commit' || step === 'done' ? 'commit' : 'writes';
    this.close();
    this.last = step === 'done' ? null : { phase, at: process.hrtime.bigint() };
  };
  end(): void {
    this.close();
    this.last = null;
  }
  private close(): void {
    if (this.last) this.ms[this.last.phase] += Number(process.hrtime.bigint() - this.last.at) / 1e6;
  }
  /** "checks 12.3 s (11%), plan …" */
  toString(): string {
    const total = Object.values(this.ms).reduce((a, b) => a + b, 0) || 1;
    return Object.entries(this.ms)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s (${Math.round((100 * v) / total)}%)`)
      .join(', ');
  }
}

export const fmt = (n: number) =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2);

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node <script>` with `env`, resolved once it prints `ready` on stdout. */
export function startChild(
  script: string,
  env: Record<string, string>,
  /** A line the child prints when ready, or a probe that answers true once it is. */
  ready: string | (() => Promise<boolean>),
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let done = false;
    const succeed = () => {
      if (done) return;
      done = true;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      resolve(child);
    };
    const onData = (b: Buffer) => {
      out += b.toString();
      if (typeof ready === 'string' && out.includes(ready)) succeed();
    };
    child.stdout!.on('data', onData);
    if (typeof ready !== 'string') {
      const poll = async () => {
        while (!done && child.exitCode === null) {
          if (await ready().catch(() => false)) return succeed();
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      void poll();
    }
    child.once('exit', (code) => {
      done = true;
      reject(new Error(`${path.basename(script)} exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}

/** The shudi server (dist/src/main.js) in production mode on `databaseUrl`. */
export function startShudi(
  port: number,
  databaseUrl: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  return startChild(
    path.join(projectRoot(), 'dist', 'src', 'main.js'),
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SHUDI_DEMO: 'false',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SHUDI_JWT_SECRET: BENCH_AUTH.secret!,
      ...env,
    },
    // ready when /readyz says so (at LOG_LEVEL=warn the server prints no "serving" line)
    async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
    [...SERVER_NODE_ARGS, ...nodeArgs],
  );
}

/** Writes through the API need a token: the bench's server verifies HS256 tokens with this secret. */
export const BENCH_AUTH: AuthConfig = hs256Auth('shudi-bench-secret-0123456789abcdef0123456789');
/** `Bearer …` of an ADMIN token for the bench's writes. */
export const benchBearer = () => bearer({ subject: 'bench', role: 'ADMIN' }, { expires: '1d', auth: BENCH_AUTH });

/** As `npm start` runs the server: the V8 heap capped so the process stays small under load (docs/decisions.md). */
export const SERVER_NODE_ARGS = ['--max-old-space-size=384'];

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
}

export const benchDir = () => path.join(projectRoot(), '.data', 'bench');
