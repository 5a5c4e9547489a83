/**
 * `npm run load -- [--scale province] [--duration 60] [--connections 64] [--pairs 50000]`: a mixed workload
 * against the server process, through the API: 80% responsible chains over ≥ 50,000 (item, township) pairs drawn
 * from every county, 15% flag pages (a random county, a province or the nation, at a random date 2015–2030), 5%
 * writes to random counties (importCatalogue of one assignment: a township lead on top of the department's, its
 * duty changing each time, so every write changes the data and the flags of that place). Reports throughput,
 * p50/p99, errors (HTTP and GraphQL), the server's RSS; afterwards the flags of every county a write touched, read
 * through the API, must equal a fresh recomputation by the hand-written aggregate. Uses the bench database of the
 * scale (imports it if empty).
 * Results: .data/bench/load-<scale>.json. `npm run load -- --cluster`: against the local cluster (load-cluster.ts).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { ensureDatabase, startEmbedded } from '../../src/db/embedded';
import { importDocument } from '../../src/modules/exchange/import.service';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';
import { HAND_FLAG_COUNTS_SQL } from './baselines';
import {
  benchDir,
  CHAIN_QUERY,
  Figures,
  FLAGS_DATED_QUERY,
  FLAGS_QUERY,
  freePort,
  IMPORT_MUTATION,
  benchBearer,
  flag,
  opt,
  startShudi,
  stopChild,
  writeJson,
} from './common';
import { writeBenchData } from './generate';
import { sampleRss } from './rss';
import { drawPairs, rng, shuffle } from './chains';
import { todayInChina } from '../../src/dates';
import { loadCluster } from './load-cluster';

const scale = opt('scale', 'province');
const duration = Number(opt('duration', '60'));
const connections = Number(opt('connections', '64'));
const pairCount = Number(opt('pairs', '50000'));
const log = (s: string) => process.stderr.write(`${s}\n`);

async function main() {
  // --cluster: the same mix through HAProxy over several nodes and 0, 1, 2 replicas (test/bench/load-cluster.ts)
  if (flag('cluster')) return loadCluster();
  const dataDir = path.join(projectRoot(), '.data', `bench-db-${scale}`);
  const load0 = os.loadavg();
  log(`shudi load — scale ${scale}, ${connections} connections, ${duration} s, load average ${load0[0].toFixed(2)}`);
  const embedded = await startEmbedded({ dir: path.join(dataDir, 'pg') });
  await ensureDatabase(embedded.urlFor('postgres'), 'shudi');
  const url = embedded.urlFor('shudi');
  const database = await openDatabase({ databaseUrl: url, dataDir });
  const { db } = database;
  const figures = new Figures();
  try {
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from catalogue');
    if (n === 0) {
      log('  empty database: loading the tree and importing the bench data first');
      await loadTree(db);
      for (const f of writeBenchData(scale, 1, log)) await importDocument(db, JSON.parse(fs.readFileSync(f, 'utf8')));
    }
    const pairs = await drawPairs(db, pairCount, 1);
    // one write target (a listed item at a township) in each of up to 300 random counties
    const writes = shuffle(
      await db.query<{ item: string; place: string; catalogue: string; county: string }>(
        `select distinct on (c.owner_code) e.item_code as item, j.code as place, c.code as catalogue, c.owner_code as county
           from catalogue c join catalogue_entry e on e.catalogue_code = c.code
           join jurisdiction j on j.path @> array[c.owner_code] and j.leaf and j.level = 'TOWNSHIP'
          where c.kind = 'LOCAL' order by c.owner_code, md5(e.item_code || j.code)`,
      ),
      rng(2),
    ).slice(0, 300);
    // flag pages: a random county of the store, a province, or the nation
    const units = (await db.query<{ code: string }>(`select code from flag_county where computed_at is not null`)).map((r) => r.code);
    const provinces = (await db.query<{ code: string }>(`select code from jurisdiction where level = 'PROVINCE'`)).map((r) => r.code);
    const scopes = [...shuffle(units, rng(3)).slice(0, 2000), ...provinces, '000000'];
    const touched = new Set<string>();
    log(`  ${pairs.length.toLocaleString('en-US')} chain pairs, ${writes.length} write targets, ${scopes.length} flag scopes`);
    let next = 0;
    const body = (query: string, variables: object) => JSON.stringify({ query, variables });
    const kindOf = (i: number) => (i % 20 === 19 ? 'write' : [3, 9, 15].includes(i % 20) ? 'flags' : 'chain');
    const errors = { http: 0, graphql: 0, samples: [] as string[] };
    const authorization = await benchBearer();
    const requests = Array.from({ length: 100 }, (_, i) => ({
      method: 'POST' as const,
      path: '/graphql',
      // every request carries an ADMIN token (writes need one; reads are the same either way)
      headers: { 'content-type': 'application/json', authorization },
      setupRequest: (req: any) => {
        const k = next++;
        const kind = kindOf(i);
        if (kind === 'chain') {
          const p = pairs[(k * 7919) % pairs.length];
          return { ...req, body: body(CHAIN_QUERY, { item: p.item, place: p.place }) };
        }
        if (kind === 'flags') {
          // a county, a province or the nation, at a date 2015–2030
          const asOf = `${2015 + (k % 16)}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`;
          return { ...req, body: body(FLAGS_DATED_QUERY, { scope: scopes[(k * 104729) % scopes.length], asOf }) };
        }
        const w = writes[k % writes.length];
        touched.add(w.county);
        const doc = {
          format: 'shudi-catalogue/1',
          assignments: [
            {
              item: w.item,
              scope: w.place,
              relative: 'TOWNSHIP_GOVERNMENT',
              role: 'PRIMARY',
              duty: `负责本辖区该事项（负载测试 ${k}）`,
              catalogue: w.catalogue,
              validFrom: '2025-01-01',
            },
          ],
        };
        return { ...req, body: body(IMPORT_MUTATION, { doc }) };
      },
      onResponse: (status: number, resBody: string) => {
        if (status !== 200) errors.http++;
        else if (resBody.includes('"errors"') || resBody.includes('"problems":[{')) {
          errors.graphql++;
          if (errors.samples.length < 5) errors.samples.push(resBody.slice(0, 300));
        }
      },
    }));

    const port = await freePort();
    const server = await startShudi(port, url);
    const sampler = sampleRss(server.pid!);
    let r: autocannon.Result;
    let rss: ReturnType<ReturnType<typeof sampleRss>['stop']>;
    try {
      r = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, requests });
    } finally {
      rss = sampler.stop();
    }
    const total = r.errors + r.timeouts + r.non2xx + errors.http + errors.graphql;
    figures.add({
      figure: 'requests',
      value: r.requests.total,
      unit: 'requests',
      detail: `${Math.round(r.requests.average)} req/s over ${duration} s`,
    });
    figures.add({ figure: 'latency p50', value: r.latency.p50, unit: 'ms' });
    figures.add({ figure: 'latency p99', value: r.latency.p99, unit: 'ms', target: '≤ 300 ms', ok: r.latency.p99 <= 300 });
    figures.add({
      figure: 'errors (connection, timeout, non-2xx, GraphQL)',
      value: total,
      unit: 'errors',
      detail: `${r.errors}/${r.timeouts}/${r.non2xx}/${errors.graphql}${errors.samples.length ? `: ${errors.samples.join(' | ')}` : ''}`,
      target: '0',
      ok: total === 0,
    });
    figures.add({ figure: 'server RSS (max)', value: rss.maxMb, unit: 'MB', target: '≤ 256 MB', ok: rss.maxMb <= 256 });

    // After the run: the flags read through the API equal a fresh recomputation, for every county a write touched
    // (and the province, below the nation)
    const date = todayInChina();
    let agreeing = 0;
    const checked = [...(scale === 'nation' ? [] : [scale === 'county' ? '370685' : '370000']), ...[...touched].sort()];
    for (const scope of checked) {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(FLAGS_QUERY, { scope }),
      });
      const api = ((await res.json()) as any).data.responsibilityFlags;
      const [hand] = await db.query<{ total: number; counts: Record<string, number> }>(HAND_FLAG_COUNTS_SQL, [date, scope]);
      const apiCounts = Object.fromEntries(api.countsByKind.filter((c: any) => c.count > 0).map((c: any) => [c.kind, c.count]));
      const same =
        api.totalCount === hand.total &&
        Object.entries(hand.counts).every(([k, v]) => apiCounts[k] === v) &&
        Object.keys(apiCounts).length === Object.keys(hand.counts).length;
      if (same) agreeing++;
      else log(`  DISAGREE at ${scope}: API ${JSON.stringify(apiCounts)} vs ${JSON.stringify(hand.counts)}`);
    }
    figures.add({
      figure: 'flags after the run, API vs fresh recomputation (every county a write touched)',
      value: agreeing,
      unit: 'scopes agree',
      detail: `of ${checked.length}: ${checked.slice(0, 8).join(', ')}${checked.length > 8 ? ', …' : ''}`,
      target: 'all',
      ok: agreeing === checked.length,
    });
    await stopChild(server);
    const load1 = os.loadavg();
    log(`\n${figures.table()}\n`);
    log(`load average at start ${load0.map((x) => x.toFixed(2)).join(' ')}, at end ${load1.map((x) => x.toFixed(2)).join(' ')}`);
    const out = path.join(benchDir(), `load-${scale}.json`);
    writeJson(out, {
      scale,
      connections,
      duration,
      mix: `80% chains over ${pairs.length} pairs, 15% flag pages over ${scopes.length} scopes, 5% writes to ${writes.length} counties`,
      at: new Date().toISOString(),
      loadAverage: [load0, load1],
      figures: figures.all,
    });
    log(`results written to ${out}`);
    if (figures.all.some((f) => f.ok === false)) process.exitCode = 1;
  } finally {
    await database.close();
    await embedded.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`load failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
