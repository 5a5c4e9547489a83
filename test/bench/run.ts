/**
 * `npm run bench -- --scale county|province|nation [--seed N] [--duration S] [--reuse]`: every figure of
 * issue 6 in one run, each printed beside the figure it is compared with and its limit.
 * county: the generated list of 招远市; province: every county of 山东省; nation: every county of China
 * (generate.ts). The database is dropped and rebuilt each run (so the import is a first import) unless
 * --reuse, which keeps the imported data and skips the import figures.
 * Results: .data/bench/results-<scale>.json; the plot docs/scaling.svg is redrawn from every results file.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { createApp } from '../../src/app';
import { projectRoot } from '../../src/config';
import { createContext } from '../../src/context';
import { openDatabase } from '../../src/db/bootstrap';
import { statementScope, type Db } from '../../src/db/database';
import { ensureDatabase, startEmbedded } from '../../src/db/embedded';
import { importDocument } from '../../src/modules/exchange/import.service';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';
import { copyBaseline, HAND_FLAG_COUNTS_SQL } from './baselines';
import { FLAG_STORE_LIMITS, FlagWorker } from '../../src/modules/analysis/flag-store.service';
import { DUTY_FLAG_KINDS } from '../../src/modules/resolution/duty.sql';
import { cursor, drawPairs, mixes, type Mix, type Pair } from './chains';
import { WORKLOAD_SQL } from '../../src/modules/analysis/analysis.sql';
import { LIVE_COVERAGE_SQL } from '../resolution/live-analysis';
import {
  benchDir,
  CHAIN_QUERY,
  COVERAGE_QUERY,
  FLAGS_DATED_QUERY,
  FLAGS_QUERY,
  Figures,
  ImportSteps,
  missedWithWhy,
  type Figure,
  flag,
  freePort,
  opt,
  startChild,
  startShudi,
  stopChild,
  WORKLOAD_QUERY,
  writeJson,
} from './common';
import { writeBenchData } from './generate';
import { conformanceFigures } from './conformance';
import { callFigures } from './calls';
import { drawScalingPlot } from './plot';
import { sampleRss } from './rss';
import { measureCpu } from './cpu';
import { todayInChina } from '../../src/dates';

const scale = opt('scale', 'county');
const seed = Number(opt('seed', '1'));
const duration = Number(opt('duration', '10'));
const reuse = flag('reuse');
/** --pairs N: distinct (item, township) pairs of the uniform and Zipf chain mixes (default 50,000). */
const pairCount = Number(opt('pairs', '50000'));
/** --only import,flags,chains,conformance,calls: run only these sections (the data is always loaded); default all. */
const sections = opt('only', 'import,flags,chains,conformance,calls').split(',');
const only = (s: string) => sections.includes(s);
const log = (s: string) => process.stderr.write(`${s}\n`);
const figures = new Figures();
/** The live coverage/workload baselines are stopped after this many seconds (reported as such). */
const LIVE_LIMIT_S = Number(opt('live-limit', '120'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main() {
  const root = projectRoot();
  const dataDir = path.join(root, '.data', `bench-db-${scale}`);
  const started = Date.now();
  const load0 = os.loadavg();
  log(
    `shudi bench — scale ${scale}, seed ${seed}, data ${dataDir}${reuse ? ' (reuse)' : ''}, load average ${load0[0].toFixed(2)}`,
  );
  const embedded = await startEmbedded({ dir: path.join(dataDir, 'pg') });
  const url = embedded.urlFor('shudi');
  if (!reuse) await recreateDatabase(embedded.urlFor('postgres'), 'shudi');
  else await ensureDatabase(embedded.urlFor('postgres'), 'shudi');
  const database = await openDatabase({ databaseUrl: url, dataDir });
  const { db } = database;
  const date = todayInChina();
  try {
    let t = process.hrtime.bigint();
    const tree = await loadTree(db);
    if (!tree.skipped)
      figures.add({
        figure: 'tree load (44,700 jurisdictions + governments)',
        value: ms(t),
        unit: 'ms',
        target: '< 10,000 ms',
        ok: ms(t) < 10_000,
      });

    const files = writeBenchData(scale, seed, log);
    const [{ n: stored }] = await db.query<{ n: number }>('select count(*)::int as n from catalogue');
    if (stored === 0) await imports(db, url, files);
    else carryImportFigure();
    if (only('import'))
      await reimport(
        db,
        files.find((f) => path.basename(f) === '370000.json')!,
      );

    const data = await dataFacts(db);
    log(`  data: ${JSON.stringify(data)}`);
    if (only('flags')) await inProcess(db, url, date);
    if (only('conformance')) await conformanceFigures(db, figures, scale, date, log);
    if (only('calls')) await callFigures(db, files, figures, date, log);
    if (only('chains')) {
      const hot = await db.query<Pair>(
        `select e.item_code as item, j.code as place from catalogue c join catalogue_entry e on e.catalogue_code = c.code
           join jurisdiction j on j.path @> array[c.owner_code] and j.leaf
          where c.kind = 'LOCAL' order by md5(e.item_code || j.code) limit 500`,
      );
      const drawn = await drawPairs(db, pairCount, seed);
      log(`  chain mixes: ${drawn.length.toLocaleString('en-US')} pairs drawn from every county (seed ${seed}), 500 hot pairs`);
      await overHttp(url, mixes(drawn, hot, seed));
    }

    const load1 = os.loadavg();
    const out = path.join(benchDir(), `results-${scale}.json`);
    writeJson(out, {
      scale,
      seed,
      asOf: date,
      at: new Date().toISOString(),
      wallSeconds: Math.round((Date.now() - started) / 1000),
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        loadAverageAtStart: load0,
        loadAverageAtEnd: load1,
      },
      data,
      figures: figures.all,
    });
    log(`\n${figures.table()}\n`);
    const missed = figures.all.filter((f) => f.ok === false);
    log(`${figures.all.filter((f) => f.ok).length} targets met, ${missed.length} missed${missed.length ? ':' : ''}`);
    if (missed.length) log(missedWithWhy(figures.all));
    log(
      `load average at start ${load0.map((x) => x.toFixed(2)).join(' ')}, at end ${load1.map((x) => x.toFixed(2)).join(' ')} (2 cores: above ~1 means other work shared them)`,
    );
    log(`results written to ${out}`);
    const svg = await drawScalingPlot();
    if (svg) log(`plot written to ${svg}`);
  } finally {
    await database.close();
    await embedded.stop();
  }
}

async function recreateDatabase(maintenanceUrl: string, name: string) {
  const c = new Client({ connectionString: maintenanceUrl });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
}

const readDoc = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

/** First import of every file, beside COPY of the same records. */
async function imports(db: Db, url: string, files: string[]) {
  let records = 0;
  let importMs = 0;
  const steps = new ImportSteps();
  for (const file of files) {
    const doc = readDoc(file);
    const t = process.hrtime.bigint();
    const r = await importDocument(db, doc, { onProgress: steps.progress });
    const took = ms(t);
    steps.end();
    if (r.problems.length) throw new Error(`import problems in ${file}: ${JSON.stringify(r.problems.slice(0, 5))}`);
    records += r.created + r.updated + r.unchanged;
    importMs += took;
    if (path.basename(file) === '370000.json') firstImportMs = took;
    if (files.length > 1) log(`  imported ${path.basename(file)}: ${r.created} records in ${took.toFixed(0)} ms`);
  }
  const copy = await copyBaseline(url, files, readDoc);
  if (copy.rows !== records) throw new Error(`COPY wrote ${copy.rows} rows, the import counted ${records} records`);
  figures.add({
    figure: `import, first time (${files.length} file(s), ${records.toLocaleString('en-US')} records)`,
    value: (records / importMs) * 1000,
    unit: 'records/s',
    detail: `${(importMs / 1000).toFixed(1)} s`,
    baseline: { name: `COPY into a logged table (${(copy.ms / 1000).toFixed(1)} s)`, value: (copy.rows / copy.ms) * 1000 },
    target: 'ratio ≥ 0.3',
    check: (f) => f.ratio! >= 0.3,
    why:
      `where the import's time went: ${steps}. COPY writes each record once, into one table without keys or ` +
      `indexes; the import checks it, then writes it twice: into its table (keys, indexes, the statement-level ` +
      `reference checks) and into the change feed with its before and after images (four indexes)`,
    extra: { importMs, copyMs: copy.ms, records, ...(firstImportMs ? { firstImportOfProvinceMs: firstImportMs } : {}) },
  });
}
let firstImportMs: number | null = null;

/** --reuse: the data was imported by an earlier run; its import figure (and the first import time) are carried over. */
function carryImportFigure() {
  const file = path.join(benchDir(), `results-${scale}.json`);
  const prior = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { at: string; figures: Figure[] }) : null;
  const f = prior?.figures.find((x) => x.figure.startsWith('import, first time'));
  if (!f) return log('  (--reuse: data already imported, no earlier import figure to carry over)');
  firstImportMs = f.extra?.firstImportOfProvinceMs ?? null;
  // the run that imported is named once, however many --reuse runs carried the figure since
  const carried = /; carried over from the run of ([^;]+)/.exec(f.detail ?? '');
  const detail = (f.detail ?? '').replace(/; carried over from the run of [^;]+/g, '');
  figures.add({ ...f, detail: `${detail}; carried over from the run of ${carried ? carried[1] : prior!.at}`, ratio: f.ratio });
}

/** Re-importing the unchanged province file writes nothing (no row, no generation bump, no change record). */
async function reimport(db: Db, file: string) {
  const doc = readDoc(file);
  const before = await db.one<{ g: string; c: number }>(
    `select (select value from meta where key = 'generation') as g, (select count(*)::int from change) as c`,
  );
  const steps = new ImportSteps();
  const t = process.hrtime.bigint();
  const r = await importDocument(db, doc, { onProgress: steps.progress });
  const took = ms(t);
  steps.end();
  const after = await db.one<{ g: string; c: number }>(
    `select (select value from meta where key = 'generation') as g, (select count(*)::int from change) as c`,
  );
  const wroteNothing = r.created === 0 && r.updated === 0 && before!.g === after!.g && before!.c === after!.c;
  figures.add({
    figure: `re-import unchanged ${path.basename(file)} (${r.unchanged.toLocaleString('en-US')} records)`,
    value: took,
    unit: 'ms',
    detail: wroteNothing
      ? 'wrote nothing'
      : `WROTE: created ${r.created}, updated ${r.updated}, generation ${before!.g}→${after!.g}`,
    ...(firstImportMs ? { baseline: { name: 'first import of the same file', value: firstImportMs } } : {}),
    target: firstImportMs ? 'ratio ≤ 0.30, writes nothing' : 'writes nothing',
    check: (f) => wroteNothing && (firstImportMs ? f.ratio! <= 0.3 : true),
    why: wroteNothing
      ? `where the re-import's time went: ${steps}. It stages and checks every record and compares each with its stored row, as a first import does before writing`
      : 'the re-import wrote rows or change records (see the detail)',
  });
}

async function dataFacts(db: Db) {
  const [row] = await db.query<Record<string, number>>(`select
    (select count(*)::int from catalogue where kind = 'LOCAL') as lists,
    (select count(*)::int from jurisdiction j where j.leaf and exists (select 1 from catalogue c where c.kind = 'LOCAL' and j.path @> array[c.owner_code])) as leaves_with_a_list,
    (select count(*)::int from body where kind <> 'GOVERNMENT') as bodies,
    (select count(*)::int from item) as items,
    (select count(*)::int from catalogue_entry) as entries,
    (select count(*)::int from assignment) as assignments`);
  return row;
}

/** Statements per request, and flag listings (cold and warm) beside the hand-written aggregate. */
/** The counts of the SPEC §6 kinds (those the hand-written aggregate computes); the §8 kinds are compared by the tests. */
function section6Counts(countsByKind: { kind: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(
    countsByKind
      .filter((c) => c.count > 0 && !(DUTY_FLAG_KINDS as readonly string[]).includes(c.kind))
      .map((c) => [c.kind, c.count]),
  );
}

async function inProcess(db: Db, url: string, date: string) {
  const app = await createApp({ db, config: { production: true, introspection: false } });
  const run = async (query: string, variables: Record<string, unknown>) => {
    const scope = { statements: 0 };
    const t0 = process.hrtime.bigint();
    const res = await statementScope.run(scope, () =>
      app.apollo.executeOperation({ query, variables }, { contextValue: createContext(db) }),
    );
    const body = res.body.kind === 'single' ? res.body.singleResult : null;
    if (body?.errors) throw new Error(JSON.stringify(body.errors));
    return { statements: scope.statements, ms: ms(t0), data: body?.data as any };
  };
  const [pair] = await db.query<{ item: string; place: string }>(
    `select e.item_code as item, j.code as place from catalogue_entry e join catalogue c on c.code = e.catalogue_code
       join jurisdiction j on j.path @> array[c.owner_code] and j.leaf order by 1, 2 limit 1`,
  );
  const chain = await run(CHAIN_QUERY, pair);
  figures.add({
    figure: 'SQL statements per chain request',
    value: chain.statements,
    unit: 'statements',
    target: '1',
    ok: chain.statements === 1,
  });

  // The maintained flag store: built in the background after the import (the worker drains the queue).
  // (a full build: every county with lists in reach queued afresh, also on --reuse)
  await db.query(`truncate flag_interval, flag_count`);
  await db.query(`insert into flag_refresh (county) select c.code from flag_county c where shudi_flag_unit_has_data(c.code, c.path)
                  on conflict do nothing`);
  const worker = new FlagWorker(db, url, () => undefined);
  let t = process.hrtime.bigint();
  await worker.start();
  await worker.idle();
  const buildMs = ms(t);
  await worker.stop();
  const store = await db.one<{ bytes: string; intervals: number; counts: number; counties: number }>(
    `select (select sum(pg_total_relation_size(c))::bigint
               from unnest(array['flag_interval','flag_count','flag_county','cover_interval','work_interval','work_leaf']::regclass[]) c) as bytes,
            (select count(*)::int from flag_interval) as intervals, (select count(*)::int from flag_count) as counts,
            (select count(*)::int from flag_county where computed_at is not null) as counties`,
  );
  const scopeTop = scale === 'nation' ? null : scale === 'province' ? '370000' : '370685';
  t = process.hrtime.bigint();
  await db.query(HAND_FLAG_COUNTS_SQL, [date, scopeTop]);
  const handTopMs = ms(t);
  figures.add({
    figure: `analysis store (flags, coverage, workload): full build after the import (${scale}, ${store!.counties.toLocaleString('en-US')} counties), in the background`,
    value: buildMs,
    unit: 'ms',
    detail: `${store!.intervals.toLocaleString('en-US')} intervals, ${store!.counts.toLocaleString('en-US')} count rows, ${(Number(store!.bytes) / 2 ** 20).toFixed(1)} MB with indexes`,
    baseline: { name: 'hand-written SQL aggregate, one date', value: handTopMs },
    target: 'ratio ≤ 2',
    check: (f) => f.ratio! <= 2,
    why:
      `the store evaluates every segment of every (item, leaf) pair between its change points, for all dates at once, ` +
      `and writes ${store!.intervals.toLocaleString('en-US')} flag intervals, ${store!.counts.toLocaleString('en-US')} count rows and the coverage ` +
      `and workload intervals (${(Number(store!.bytes) / 2 ** 20).toFixed(0)} MB with indexes); the hand-written aggregate counts one date's flags and writes nothing`,
    extra: { storeBytes: Number(store!.bytes), intervals: store!.intervals, countRows: store!.counts },
  });

  const scopes: [string, string, number][] = [['county', '370685', 20]];
  if (scale !== 'county') scopes.push(['province', '370000', 100]);
  if (scale === 'nation') scopes.push(['nation', '000000', 1000]);
  const randomDates = ['2015-03-01', '2019-03-01', '2023-12-31', '2024-01-01', '2027-06-30', '2030-12-31'];
  // The process answers one flags query of another county first (its first GraphQL request pays for loading
  // and connecting); every figure below is then the first call for its own scope after the store was built.
  const [other] = await db.query<{ code: string }>(
    `select code from flag_county where code <> '370685' and computed_at is not null order by code limit 1`,
  );
  if (other) await run(FLAGS_QUERY, { scope: other.code });
  for (const [name, code, limitMs] of scopes) {
    const first = await run(FLAGS_QUERY, { scope: code });
    const at: number[] = [];
    for (const asOf of randomDates) at.push((await run(FLAGS_DATED_QUERY, { scope: code, asOf })).ms);
    const t = process.hrtime.bigint();
    const [hand] = await db.query<{ total: number; counts: Record<string, number> }>(HAND_FLAG_COUNTS_SQL, [
      date,
      code === '000000' ? null : code,
    ]);
    const handMs = ms(t);
    const engine = first.data.responsibilityFlags;
    // the hand-written aggregate counts the kinds of SPEC §6; the §8 kinds (duty lists) are compared by the tests
    const engineCounts = section6Counts(engine.countsByKind);
    const engineTotal = Object.values(engineCounts).reduce((a: number, n) => a + (n as number), 0);
    const agree = engineTotal === hand.total && JSON.stringify(sortKeys(engineCounts)) === JSON.stringify(sortKeys(hand.counts));
    if (!agree)
      log(
        `  DISAGREE at ${code}: store (§6 kinds) ${engineTotal} ${JSON.stringify(engineCounts)} vs hand-written ${hand.total} ${JSON.stringify(hand.counts)}`,
      );
    figures.add({
      figure: `flags ${name} ${code}: totalCount + countsByKind + first page, first call`,
      value: first.ms,
      unit: 'ms',
      detail: `${engine.totalCount.toLocaleString('en-US')} flags, ${first.statements} statements, ${agree ? 'counts of the §6 kinds agree with the hand-written aggregate' : 'COUNTS DISAGREE'}, ${engine.pendingCount} counties pending`,
      baseline: { name: 'hand-written SQL aggregate', value: handMs },
      target: `≤ ${limitMs.toLocaleString('en-US')} ms`,
      check: () => agree && first.ms <= limitMs,
    });
    figures.add({
      figure: `flags ${name} ${code}: same at 6 dates 2015–2030 (slowest)`,
      value: Math.max(...at),
      unit: 'ms',
      detail: `median ${median(at).toFixed(1)} ms`,
      target: `≤ ${limitMs.toLocaleString('en-US')} ms`,
      ok: Math.max(...at) <= limitMs,
    });
  }

  // Coverage (by county) and workload from the same store, beside the live computation over the rule CTE (the
  // way both were computed before the store; not run for the nation, where it takes minutes)
  for (const [name, code, limitMs] of scopes) {
    for (const [what, query, live] of [
      ['coverage', COVERAGE_QUERY, LIVE_COVERAGE_SQL],
      ['workload', WORKLOAD_QUERY, WORKLOAD_SQL],
    ] as const) {
      const first = await run(query, { scope: code });
      const at: number[] = [];
      for (const asOf of randomDates) at.push((await run(query, { scope: code, asOf })).ms);
      // the live computation, stopped after LIVE_LIMIT_S: on the duty-list data a province's ran for over 11 minutes
      const baseline =
        name === 'nation'
          ? null
          : await db
              .transaction(async (tx) => {
                await tx.query(`set local statement_timeout = '${LIVE_LIMIT_S}s'`);
                const t0 = process.hrtime.bigint();
                const params =
                  what === 'coverage'
                    ? [date, null, null, code, null, 'COUNTY', false]
                    : [date, null, null, code, null, null, null, null, 21];
                const rows = await tx.query<{ total?: number }>(live, params);
                return { ms: ms(t0), total: what === 'coverage' ? rows.length : rows[0].total! };
              })
              .catch((e: Error) => {
                if (!/statement timeout/.test(String(e.message))) throw e;
                return 'stopped' as const;
              });
      const total = first.data[what].totalCount;
      const measured = baseline !== null && baseline !== 'stopped' ? baseline : null;
      const agree = measured === null || measured.total === total;
      figures.add({
        figure: `${what} ${name} ${code}: totalCount + first page, first call (slowest of 6 dates after it)`,
        value: first.ms,
        unit: 'ms',
        detail: `${total.toLocaleString('en-US')} rows; at 6 dates 2015–2030 slowest ${Math.max(...at).toFixed(0)} ms, median ${median(at).toFixed(1)} ms${measured ? `; ${agree ? 'row count agrees with' : 'ROW COUNT DIFFERS FROM'} the live computation` : ''}${baseline === 'stopped' ? `; the live computation over the rule CTE (before the store) was stopped after ${LIVE_LIMIT_S} s` : ''}`,
        ...(measured ? { baseline: { name: 'live computation over the rule CTE (before the store)', value: measured.ms } } : {}),
        target: `≤ ${limitMs.toLocaleString('en-US')} ms`,
        check: () => agree && first.ms <= limitMs && Math.max(...at) <= limitMs,
        why: !agree
          ? 'the row count differs from the live computation'
          : `the answer sums the store's intervals in force at the date asked into ${total.toLocaleString('en-US')} rows ` +
            `(first call ${first.ms.toFixed(0)} ms, later dates median ${median(at).toFixed(0)} ms): it grows with the intervals in scope ` +
            `(workload merges each body's item lists across counties), not with the rules`,
      });
    }
  }

  // A one-county write (an import of one assignment at 370685): with the writer's refresh before commit, beside
  // the same write with the refresh left to the queue (the write as it was before the store).
  const [listed] = await db.query<{ item: string }>(
    `select e.item_code as item from catalogue c join catalogue_entry e on e.catalogue_code = c.code
      where c.owner_code = '370685' order by e.item_code limit 1`,
  );
  const writeOnce = async (validFrom: string) => {
    const t0 = process.hrtime.bigint();
    const r = await importDocument(db, {
      format: 'shudi-catalogue/1',
      assignments: [{ item: listed.item, scope: '370685', body: '370685-GOV', role: 'PRIMARY', validFrom }],
    });
    if (r.problems.length) throw new Error(JSON.stringify(r.problems));
    // (an identical record already there would be a write of nothing: each write must create one)
    if (r.created !== 1) throw new Error(`the bench write of ${validFrom} created ${r.created} records, not 1`);
    return ms(t0);
  };
  // dates no earlier run of the bench wrote (with --reuse the database keeps them)
  const [{ last }] = await db.query<{ last: string | null }>(
    `select max(valid_from)::text as last from assignment where scope_code = '370685' and body_code = '370685-GOV' and item_code = $1`,
    [listed.item],
  );
  const day = (i: number) =>
    new Date(Date.parse(`${last && last >= '2026-03-01' ? last : '2026-02-28'}T00:00:00Z`) + i * 86_400_000)
      .toISOString()
      .slice(0, 10);
  const limit = FLAG_STORE_LIMITS.writeLimit;
  FLAG_STORE_LIMITS.writeLimit = 0; // the write queues its county and returns
  const without = [await writeOnce(day(1)), await writeOnce(day(2)), await writeOnce(day(3))];
  FLAG_STORE_LIMITS.writeLimit = limit;
  await db.query(`delete from flag_refresh`); // (refreshed below by the writes with the hook: same county)
  const withHook = [await writeOnce(day(4)), await writeOnce(day(5)), await writeOnce(day(6))];
  const after = await run(FLAGS_QUERY, { scope: scale === 'nation' ? '000000' : code0(scale) });
  const live = await db.query<{ n: number }>(`select count(*)::int as n from flag_refresh`);
  const fresh = await db.query<{ total: number; counts: Record<string, number> }>(HAND_FLAG_COUNTS_SQL, [date, '370685']);
  const county = await run(FLAGS_QUERY, { scope: '370685' });
  // the hand-written aggregate counts the kinds of SPEC §6 only
  const countyTotal = Object.values(section6Counts(county.data.responsibilityFlags.countsByKind)).reduce((a, n) => a + n, 0);
  const reflects = countyTotal === fresh[0].total && live[0].n === 0;
  figures.add({
    figure: "one-county write (import of one assignment at 370685): with the writer's refresh (right after its commit)",
    value: median(withHook),
    unit: 'ms',
    detail: `next read of ${scale === 'nation' ? 'the nation' : code0(scale)} ${after.ms.toFixed(0)} ms, ${after.data.responsibilityFlags.pendingCount} counties pending; county counts ${reflects ? 'equal' : 'DIFFER FROM'} a fresh recomputation`,
    baseline: { name: 'same write, refresh left to the queue', value: median(without) },
    target: '≤ baseline + 500 ms, reflected on the next read',
    check: () => reflects && median(withHook) <= median(without) + 500,
  });
  await app.stop();
}

const code0 = (s: string) => (s === 'province' ? '370000' : '370685');
const sortKeys = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** The server variants every chain mix is driven against, in one run. */
type Variant = 'cache' | 'nocache' | 'raw';
const VARIANT_NAME: Record<Variant, string> = {
  cache: 'shudi, response cache on',
  nocache: 'shudi, response cache off',
  raw: 'raw pg',
};

/**
 * Chains over HTTP at concurrency 1 and 64, for each mix (uniform and Zipf over ≥ 50,000 pairs from every
 * county, and the 500-pair cache-hit case), against shudi with the response cache on, with it off, and the
 * raw-pg server, all in this run. Each mix starts fresh servers, so the cache starts empty; each concurrency
 * starts at its own offset of the mix's sequence, the same for every server.
 */
async function overHttp(url: string, mixes: Mix[]) {
  /** nodeMs, dbMs: CPU per request of the server process and of its database backends (/proc, test/bench/cpu.ts). */
  type Result = { rps: number; p50: number; p99: number; errors: number; requests: number; nodeMs: number; dbMs: number };
  const admin = new Client({ connectionString: url, application_name: 'bench-admin' });
  await admin.connect();
  const drive = async (port: number, pid: number, variant: Variant, mix: Mix, connections: number): Promise<Result> => {
    const requests = cursor(mix, connections === 1 ? 0 : Math.floor(mix.bodies.length / 2));
    const target = { url: `http://127.0.0.1:${port}`, connections, requests };
    await autocannon({ ...target, duration: 2 }); // warm-up (the cursor moves on: measured requests are new ones)
    const { result: r, nodeMs, dbMs } = await measureCpu(admin, pid, variant === 'raw' ? 'shudi-raw' : 'shudi', () =>
      autocannon({ ...target, duration }),
    );
    const n = Math.max(1, r.requests.total);
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.non2xx + r.timeouts,
      requests: r.requests.total,
      nodeMs: nodeMs / n,
      dbMs: dbMs / n,
    };
  };
  const results = new Map<string, Result>();
  const key = (v: Variant, m: string, c: number) => `${v}/${m}/${c}`;
  let rss = { maxMb: 0, lastMb: 0, samples: 0 };
  // The three servers run side by side and each (mix, concurrency) drives them one after the other, so the
  // ratio compares runs seconds apart: on a shared machine the load drifts over minutes.
  for (const mix of mixes) {
    const variants: Variant[] = mix.name === 'hot500' ? ['cache', 'raw'] : ['nocache', 'cache', 'raw'];
    const servers = new Map<Variant, { port: number; child: ChildProcess }>();
    try {
      for (const variant of variants) {
        const port = await freePort();
        const child =
          variant === 'raw'
            ? await startChild(
                path.join(projectRoot(), 'dist', 'test', 'bench', 'raw-server.js'),
                { DATABASE_URL: url, PORT: String(port) },
                'raw ready',
              )
            : await startShudi(port, url, { SHUDI_RESPONSE_CACHE: variant === 'cache' ? 'true' : 'false' });
        servers.set(variant, { port, child });
      }
      for (const c of [1, 64]) {
        for (const variant of variants) {
          const { port, child } = servers.get(variant)!;
          const sampler = variant === 'raw' ? null : sampleRss(child.pid!);
          const r = await drive(port, child.pid!, variant, mix, c);
          const s = sampler?.stop();
          if (s) rss = { maxMb: Math.max(rss.maxMb, s.maxMb), lastMb: s.lastMb, samples: rss.samples + s.samples };
          results.set(key(variant, mix.name, c), r);
          log(
            `  ${VARIANT_NAME[variant]}, ${mix.label}, concurrency ${c}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors; CPU per request: server ${r.nodeMs.toFixed(2)} ms, database ${r.dbMs.toFixed(2)} ms`,
          );
        }
      }
    } finally {
      for (const { child } of servers.values()) await stopChild(child);
    }
  }
  await admin.end();
  for (const mix of mixes) {
    for (const c of [1, 64]) {
      const raw = results.get(key('raw', mix.name, c))!;
      for (const variant of ['nocache', 'cache'] as Variant[]) {
        const s = results.get(key(variant, mix.name, c));
        if (!s) continue;
        const graded = mix.name === 'uniform' && variant === 'nocache';
        const what = `chain over HTTP, ${mix.label}, ${VARIANT_NAME[variant]}, concurrency ${c}`;
        // the reason a throughput or latency target is missed, from the CPU each request cost both servers
        const cpu = s.nodeMs + s.dbMs;
        const rawCpu = raw.nodeMs + raw.dbMs;
        const why =
          `each chain cost ${cpu.toFixed(2)} ms of CPU (server ${s.nodeMs.toFixed(2)} + database ${s.dbMs.toFixed(2)}) against ` +
          `${rawCpu.toFixed(2)} ms for raw pg (${raw.nodeMs.toFixed(2)} + ${raw.dbMs.toFixed(2)}): ${(cpu / rawCpu).toFixed(1)}× the CPU on the same ` +
          `${os.cpus().length} cores, which bound both at this concurrency. The chain statement applies SPEC §4–10 (successors, ` +
          `applicability, flags, duty lists) where raw pg reads the holders only, and the server runs GraphQL over it`;
        figures.add({
          figure: `${what}: throughput`,
          value: s.rps,
          unit: 'req/s',
          detail:
            `p50 ${s.p50} ms, p99 ${s.p99} ms, ${s.errors} errors, ${s.requests.toLocaleString('en-US')} requests, CPU per request server ${s.nodeMs.toFixed(2)} ms + database ${s.dbMs.toFixed(2)} ms; ` +
            `raw pg p50 ${raw.p50} ms, p99 ${raw.p99} ms, CPU per request ${raw.nodeMs.toFixed(2)} ms + ${raw.dbMs.toFixed(2)} ms`,
          baseline: { name: 'raw pg, same mix', value: raw.rps },
          ...(graded && c === 64 ? { target: 'ratio ≥ 0.6', check: (f: Figure) => f.ratio! >= 0.6 && s.errors === 0, why } : {}),
          extra: {
            p50: s.p50,
            p99: s.p99,
            rawP50: raw.p50,
            rawP99: raw.p99,
            errors: s.errors,
            cpuMsServer: s.nodeMs,
            cpuMsDatabase: s.dbMs,
            cpuMsRawServer: raw.nodeMs,
            cpuMsRawDatabase: raw.dbMs,
          },
        });
        if (graded && c === 64)
          figures.add({
            figure: `${what}: p99 latency`,
            value: s.p99,
            unit: 'ms',
            baseline: { name: 'raw pg', value: raw.p99 },
            target: '≤ 100 ms',
            ok: s.p99 <= 100,
            why: `64 requests queue for the same CPU: ${why}`,
          });
        if (graded && c === 1)
          figures.add({
            figure: `${what}: p50 latency`,
            value: s.p50,
            unit: 'ms',
            baseline: { name: 'raw pg', value: raw.p50 },
            target: '≤ 3 ms',
            ok: s.p50 <= 3,
          });
      }
    }
  }
  figures.add({
    figure: 'server RSS under the chain load (max)',
    value: rss.maxMb,
    unit: 'MB',
    detail: `${rss.samples} samples of /proc/<pid>/status`,
    target: '≤ 256 MB',
    ok: rss.maxMb <= 256,
  });
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
