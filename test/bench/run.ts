/**
 * `npm run bench -- --scale county|province [--seed N]`: speed of the resolution engine, measured.
 * county: the demo list on 招远市. province: generated lists for every county of 山东省 (generate.ts).
 * Chains go through the full GraphQL stack over HTTP (a separate server process, autocannon) at
 * concurrency 1 and 32; flag listings and SQL statements per request are measured in process.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { createApp } from '../../src/app';
import { projectRoot } from '../../src/config';
import { createContext } from '../../src/context';
import { openDatabase } from '../../src/db/bootstrap';
import { statementScope } from '../../src/db/database';
import { importDocument } from '../../src/modules/exchange/import.service';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';
import { writeBenchData } from './generate';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const scale = opt('scale', 'county');
const seed = Number(opt('seed', '1'));
const duration = Number(opt('duration', '10'));

const CHAIN_QUERY = `query($item: String!, $place: String!) { responsibleChain(itemCode: $item, jurisdictionCode: $place) {
  asOf applicable flags levels { level jurisdiction { code name } holders { role duty active resolution body { code name } scope { code } } }
  primary { body { code name } active } } }`;
const FLAGS_QUERY = `query($scope: String!) { responsibilityFlags(scopeCode: $scope, first: 20) {
  totalCount countsByKind { kind count } edges { node { kind item { code } jurisdiction { code } bodies { code } } } } }`;

const results: { figure: string; value: string; budget?: string; ok?: boolean }[] = [];
const report = (figure: string, value: string, budget?: string, ok?: boolean) => {
  results.push({ figure, value, budget, ok });
  process.stderr.write(`  ${figure}: ${value}${budget ? `  (budget ${budget}: ${ok ? 'met' : 'MISSED'})` : ''}\n`);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const root = projectRoot();
  const dataDir = path.join(root, '.data', `bench-db-${scale}`);
  process.stderr.write(`shudi bench — scale ${scale}, seed ${seed}, data ${dataDir}\n`);
  const database = await openDatabase({ databaseUrl: null, dataDir });
  const { db } = database;
  let t = Date.now();
  const tree = await loadTree(db);
  if (!tree.skipped) report('tree load', `${Date.now() - t} ms (44,700 jurisdictions)`);

  const files =
    scale === 'county'
      ? [path.join(root, 'src', 'data', 'demo-zhaoyuan.json')]
      : writeBenchData(scale, seed, (s) => process.stderr.write(`  ${s}\n`));
  for (const file of files) {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    t = Date.now();
    const first = await importDocument(db, doc);
    const ms1 = Date.now() - t;
    const n = first.created + first.updated + first.unchanged;
    if (first.problems.length) throw new Error(`import problems: ${JSON.stringify(first.problems.slice(0, 5))}`);
    if (first.created > 0)
      report(`import ${path.basename(file)}`, `${n} records in ${ms1} ms (${Math.round((n / ms1) * 1000)} records/s)`);
    t = Date.now();
    const again = await importDocument(db, doc);
    report(
      `re-import unchanged ${path.basename(file)}`,
      `${Date.now() - t} ms (created ${again.created}, updated ${again.updated})`,
    );
  }

  // sample (item, township) pairs that have a list
  const pairs = await db.query<{ item: string; place: string }>(
    `select e.item_code as item, j.code as place from catalogue c join catalogue_entry e on e.catalogue_code = c.code
       join jurisdiction j on j.path @> array[c.owner_code] and j.leaf
      where c.kind = 'LOCAL' order by md5(e.item_code || j.code) limit 2000`,
  );
  const scopes = scale === 'county' ? { county: '370685' } : { county: '370685', province: '370000' };

  // statements per request and in-process timings
  const app = await createApp({ db, config: { production: true, introspection: false } });
  const counted = async (query: string, variables: Record<string, unknown>) => {
    const scope = { statements: 0 };
    const t0 = process.hrtime.bigint();
    const res = await statementScope.run(scope, () =>
      app.apollo.executeOperation({ query, variables }, { contextValue: createContext(db) }),
    );
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const body = res.body.kind === 'single' ? res.body.singleResult : null;
    if (body?.errors) throw new Error(JSON.stringify(body.errors));
    return { statements: scope.statements, ms, data: body?.data as any };
  };
  const c = await counted(CHAIN_QUERY, pairs[0]);
  report('SQL statements per chain request', String(c.statements));
  for (const [name, code] of Object.entries(scopes)) {
    await db.query(`update meta set value = (value::bigint + 1)::text where key = 'generation'`); // force a cold computation
    const cold = await counted(FLAGS_QUERY, { scope: code });
    const warm: number[] = [];
    let statements = 0;
    for (let i = 0; i < 5; i++) {
      const w = await counted(FLAGS_QUERY, { scope: code });
      warm.push(w.ms);
      statements = w.statements;
    }
    const limit = name === 'province' ? 1000 : 1000;
    report(
      `flags ${name} ${code}: totalCount + countsByKind + first page, cold (computed)`,
      `${cold.ms.toFixed(0)} ms, ${cold.data.responsibilityFlags.totalCount} flags, ${cold.statements} statements`,
      `≤ ${limit} ms`,
      cold.ms <= limit,
    );
    report(
      `flags ${name} ${code}: same, warm (snapshot of the current generation)`,
      `${median(warm).toFixed(1)} ms median of 5, ${statements} statements`,
      `≤ ${limit} ms`,
      median(warm) <= limit,
    );
  }
  await app.stop();

  // chains through HTTP, a separate server process
  const port = await freePort();
  const server = await startServer(port, dataDir);
  try {
    const requests = pairs.slice(0, 500).map((p) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: CHAIN_QUERY, variables: p }),
    }));
    for (const connections of [1, 32]) {
      await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: 2, requests }); // warm-up
      const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, requests });
      const errors = r.errors + r.non2xx;
      report(
        `chain over HTTP, concurrency ${connections}`,
        `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${Math.round(r.requests.average)} req/s, ${errors} errors`,
        connections === 1 ? 'p50 ≤ 5 ms' : undefined,
        connections === 1 ? r.latency.p50 <= 5 : undefined,
      );
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  await database.close();
  const out = path.join(root, '.data', 'bench', `results-${scale}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ scale, seed, at: new Date().toISOString(), results }, null, 2));
  process.stderr.write(`results written to ${out}\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        SHUDI_DATA_DIR: dataDir,
        SHUDI_DEMO: 'false',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('shudi serving')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
