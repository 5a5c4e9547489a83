/**
 * `npm run load -- --cluster [--scale county] [--duration 30] [--connections 32] [--nodes 2]`: the load against the
 * local cluster of `npm run cluster` (src/cli/cluster.ts): HAProxy in front of `--nodes` API nodes, over a primary
 * with 0, 1 and 2 streaming replicas in turn, the same mix as `npm run load` (80% chains, 15% flag pages, 5% writes).
 * First, on the cluster with no replica, each kind alone (chains, flag pages, writes) measures the per-request
 * costs of the capacity model of docs/deployment.md: CPU ms per request on the nodes and on the database servers,
 * from /proc (the processes' user + system time, the PostgreSQL backends included, over the run, divided by the
 * requests answered). Results: .data/bench/load-cluster-<scale>.json; docs/measurements/ keeps the printed figures.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCluster, stopCluster, type ClusterState } from '../../src/cli/cluster';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { importDocument } from '../../src/modules/exchange/import.service';
import { drawPairs, rng, shuffle } from './chains';
import {
  BENCH_AUTH,
  benchBearer,
  benchDir,
  CHAIN_QUERY,
  Figures,
  FLAGS_DATED_QUERY,
  IMPORT_MUTATION,
  opt,
  writeJson,
} from './common';
import { writeBenchData } from './generate';
import { processCpuMs, serverCpuMs } from './cpu';

const scale = opt('scale', 'county');
const duration = Number(opt('duration', '30'));
const phase = Number(opt('phase', '10'));
const connections = Number(opt('connections', '32'));
const nodes = Number(opt('nodes', '2'));
const log = (s: string) => process.stderr.write(`${s}\n`);
const postmasterOf = (dir: string) => Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);

function cpuSnapshot(state: ClusterState): { nodes: number; primary: number; replicas: number } {
  return {
    nodes: state.nodes.reduce((s, n) => s + processCpuMs(n.pid), 0),
    primary: serverCpuMs(postmasterOf(state.primary.dir)),
    replicas: state.replicas.reduce((s, r) => s + serverCpuMs(postmasterOf(r.dir)), 0),
  };
}

type Kind = 'chain' | 'flags' | 'write';

async function main() {
  const dir = path.join(projectRoot(), '.data', `cluster-load-${scale}`);
  const figures = new Figures();
  const load0 = os.loadavg();
  log(
    `shudi cluster load — scale ${scale}, ${nodes} nodes behind HAProxy, ${connections} connections, mixed runs of ${duration} s`,
  );
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SHUDI_DEMO: 'false',
    SHUDI_JWT_SECRET: BENCH_AUTH.secret!,
  };
  const prepare = async (db: import('../../src/db/database').Db) => {
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from catalogue');
    if (n > 0) return;
    log('  empty database: importing the bench data first');
    for (const f of writeBenchData(scale, 1, log)) await importDocument(db, JSON.parse(fs.readFileSync(f, 'utf8')));
  };
  await stopCluster(dir);
  let state = await startCluster({ dir, replicas: 0, nodes, env, prepare, log: (l) => log(`  ${l}`) });
  const database = await openDatabase({
    databaseUrl: `postgres://shudi:${encodeURIComponent(state.password)}@127.0.0.1:${state.primary.port}/shudi`,
    dataDir: dir,
  });
  const pairs = await drawPairs(database.db, 20000, 1);
  const writes = shuffle(
    await database.db.query<{ item: string; place: string; catalogue: string }>(
      `select distinct on (c.owner_code) e.item_code as item, j.code as place, c.code as catalogue
         from catalogue c join catalogue_entry e on e.catalogue_code = c.code
         join jurisdiction j on j.path @> array[c.owner_code] and j.leaf and j.level = 'TOWNSHIP'
        where c.kind = 'LOCAL' order by c.owner_code, md5(e.item_code || j.code)`,
    ),
    rng(2),
  ).slice(0, 300);
  const units = (await database.db.query<{ code: string }>(`select code from flag_county where computed_at is not null`)).map(
    (r) => r.code,
  );
  const scopes = [...shuffle(units, rng(3)).slice(0, 2000), ...(scale === 'county' ? ['370685'] : ['370000'])];
  await database.close();
  log(`  ${pairs.length} chain pairs, ${writes.length} write targets, ${scopes.length} flag scopes`);
  const authorization = await benchBearer();
  let next = 0;
  const body = (query: string, variables: object) => JSON.stringify({ query, variables });
  const requestOf = (kind: Kind) => {
    const k = next++;
    if (kind === 'chain') {
      const p = pairs[(k * 7919) % pairs.length];
      return body(CHAIN_QUERY, { item: p.item, place: p.place });
    }
    if (kind === 'flags') {
      const asOf = `${2015 + (k % 16)}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`;
      return body(FLAGS_DATED_QUERY, { scope: scopes[(k * 104729) % scopes.length], asOf });
    }
    const w = writes[k % writes.length];
    const doc = {
      format: 'shudi-catalogue/1',
      assignments: [
        {
          item: w.item,
          scope: w.place,
          relative: 'TOWNSHIP_GOVERNMENT',
          role: 'PRIMARY',
          duty: `负责本辖区该事项（集群负载测试 ${k}）`,
          catalogue: w.catalogue,
          validFrom: '2025-01-01',
        },
      ],
    };
    return body(IMPORT_MUTATION, { doc });
  };
  const run = async (kinds: (i: number) => Kind, seconds: number, conns: number) => {
    const errors = { count: 0, samples: [] as string[] };
    const requests = Array.from({ length: 20 }, (_, i) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization },
      setupRequest: (req: any) => ({ ...req, body: requestOf(kinds(i)) }),
      onResponse: (status: number, resBody: string) => {
        if (status !== 200 || resBody.includes('"errors"') || resBody.includes('"problems":[{')) {
          errors.count++;
          if (errors.samples.length < 3) errors.samples.push(`${status} ${resBody.slice(0, 200)}`);
        }
      },
    }));
    const before = cpuSnapshot(state);
    const r = await autocannon({
      url: `http://127.0.0.1:${state.balancer!.port}`,
      connections: conns,
      duration: seconds,
      requests,
      timeout: 60,
    });
    const after = cpuSnapshot(state);
    const n = r.requests.total;
    return {
      r,
      errors: errors.count + r.errors + r.timeouts + r.non2xx,
      samples: errors.samples,
      perRequest: {
        nodes: (after.nodes - before.nodes) / n,
        primary: (after.primary - before.primary) / n,
        replicas: (after.replicas - before.replicas) / n,
      },
    };
  };
  const out: Record<string, unknown> = { scale, nodes, connections, duration, phase, at: new Date().toISOString() };
  try {
    // the capacity model's per-request costs: each kind alone, no replica (every statement on the primary)
    const costs: Record<string, { nodes: number; db: number; rps: number }> = {};
    for (const [kind, conns] of [
      ['chain', connections],
      ['flags', connections],
      ['write', 4],
    ] as [Kind, number][]) {
      const m = await run(() => kind, phase, conns);
      costs[kind] = { nodes: m.perRequest.nodes, db: m.perRequest.primary, rps: m.r.requests.average };
      figures.add({
        figure: `cost of a ${kind === 'flags' ? 'flag page' : kind} (alone, ${conns} connections, 0 replicas)`,
        value: m.perRequest.nodes + m.perRequest.primary,
        unit: 'CPU ms',
        detail: `node ${m.perRequest.nodes.toFixed(2)} ms + database ${m.perRequest.primary.toFixed(2)} ms; ${Math.round(m.r.requests.average)} req/s, p99 ${m.r.latency.p99} ms, ${m.errors} errors`,
      });
    }
    out.costs = costs;
    const mix = (i: number): Kind => (i % 20 === 19 ? 'write' : [3, 9, 15].includes(i % 20) ? 'flags' : 'chain');
    const runs: Record<string, unknown>[] = [];
    for (const replicas of [0, 1, 2]) {
      if (replicas > 0) {
        await stopCluster(dir);
        state = await startCluster({ dir, replicas, nodes, env, log: (l) => log(`  ${l}`) });
      }
      const m = await run(mix, duration, connections);
      const model =
        0.8 * (costs.chain.nodes + costs.chain.db) +
        0.15 * (costs.flags.nodes + costs.flags.db) +
        0.05 * (costs.write.nodes + costs.write.db);
      figures.add({
        figure: `mixed load, ${replicas} replica(s): throughput`,
        value: Math.round(m.r.requests.average),
        unit: 'req/s',
        detail: `p50 ${m.r.latency.p50} ms, p99 ${m.r.latency.p99} ms, ${m.errors} errors${m.samples.length ? `: ${m.samples.join(' | ')}` : ''}; CPU per request: nodes ${m.perRequest.nodes.toFixed(2)} ms, primary ${m.perRequest.primary.toFixed(2)} ms, replicas ${m.perRequest.replicas.toFixed(2)} ms (model: ${model.toFixed(2)} ms)`,
      });
      figures.add({ figure: `mixed load, ${replicas} replica(s): latency p99`, value: m.r.latency.p99, unit: 'ms' });
      runs.push({
        replicas,
        rps: m.r.requests.average,
        p50: m.r.latency.p50,
        p99: m.r.latency.p99,
        errors: m.errors,
        perRequest: m.perRequest,
      });
    }
    out.runs = runs;
  } finally {
    await stopCluster(dir);
  }
  const load1 = os.loadavg();
  out.loadAverage = [load0, load1];
  out.figures = figures.all;
  log(`\n${figures.table()}\n`);
  log(
    `machine: ${os.cpus().length} cores; load average at start ${load0.map((x) => x.toFixed(2)).join(' ')}, at end ${load1.map((x) => x.toFixed(2)).join(' ')}`,
  );
  const file = path.join(benchDir(), `load-cluster-${scale}.json`);
  writeJson(file, out);
  log(`results written to ${file}`);
}

export function loadCluster(): Promise<void> {
  return main();
}
