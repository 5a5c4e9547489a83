/**
 * `node dist/test/bench/import-profile.js --scale province [--file 370000]`: where a first import's time goes.
 * Reuses the bench database (.data/bench-db-<scale>, tree loaded), empties the lists and the change feed,
 * imports one file and prints each statement's time (longest first) and each step's ("X at t (+d)": d is the
 * time of the step before X), a digest of the rows and change feed written, and the trigger functions' times.
 * `--keep`: the lists are not emptied first (a re-import). `--explain-checks`: the plan of the checks' statement is printed. `--explain-writes`: the write statements run under EXPLAIN (ANALYZE, BUFFERS) (they still write) and their
 * plans, with each trigger's time, are printed.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { Db } from '../../src/db/database';
import { startEmbedded } from '../../src/db/embedded';
import { importDocument } from '../../src/modules/exchange/import.service';
import { opt } from './common';
import { benchDataDir } from './generate';

async function main() {
  const scale = opt('scale', 'province');
  const file = opt('file', '370000');
  const root = projectRoot();
  const dataDir = path.join(root, '.data', `bench-db-${scale}`);
  const embedded = await startEmbedded({ dir: path.join(dataDir, 'pg') });
  const database = await openDatabase({ databaseUrl: embedded.urlFor('shudi'), dataDir });
  const { db } = database;
  const times = new Map<string, { ms: number; n: number }>();
  const orig = Db.prototype.query;
  // --explain-writes: the write statements run under EXPLAIN ANALYZE (they still write), their plans printed
  const explainWrites = process.argv.includes('--explain-writes');
  // --explain-checks: the set-based checks' statement (staged.check.ts) runs under EXPLAIN ANALYZE too, its plan printed
  const explainChecks = process.argv.includes('--explain-checks');
  const plans: string[] = [];
  /** Adds the time since `t` to the statement's total (statements keyed by their first 110 characters). */
  const timed = (sql: string, t: bigint) => {
    const k = sql.replace(/\s+/g, ' ').trim().slice(0, 110);
    const e = times.get(k) ?? { ms: 0, n: 0 };
    e.ms += Number(process.hrtime.bigint() - t) / 1e6;
    e.n++;
    times.set(k, e);
  };
  Db.prototype.query = async function (this: Db, sql: string, params: unknown[] = []) {
    const t = process.hrtime.bigint();
    try {
      const explained = (explainWrites && /^\s*(with feed|insert into|update)/.test(sql)) || (explainChecks && /select \* from \(select '[a-z]+'::text as kind/.test(sql));
      if (explained && explainChecks && !explainWrites) {
        // a read: its plan printed, then run for its answer
        // --plan-only: the plan without running it under EXPLAIN ANALYZE (a statement too slow to run twice)
        const explain = process.argv.includes('--plan-only') ? 'explain' : 'explain (analyze, buffers)';
        const plan = await orig.call(this, `${explain} ${sql}`, params);
        plans.push(plan.map((r) => Object.values(r as object)[0]).join('\n'));
        if (process.argv.includes('--plan-only')) {
          plans.splice(0).forEach((p) => console.log(p));
          throw new Error('--plan-only: stopped after printing the plan');
        }
        return await orig.call(this, sql, params);
      }
      if (explained) {
        const plan = await orig.call(this, `explain (analyze, buffers) ${sql}`, params);
        plans.push(plan.map((r) => Object.values(r as object)[0]).join('\n'));
        return [];
      }
      return await orig.call(this, sql, params);
    } finally {
      timed(sql, t);
    }
  } as typeof orig;
  // COPY too (the staged batch): the time includes building its CSV, which the stream pulls as it sends
  const origCopy = Db.prototype.copyIn;
  Db.prototype.copyIn = async function (this: Db, sql: string, chunks: Iterable<string>) {
    const t = process.hrtime.bigint();
    try {
      return await origCopy.call(this, sql, chunks);
    } finally {
      timed(sql, t);
    }
  } as typeof origCopy;
  try {
    // the files the bench imports (its data of this scale and seed, with the duty lists)
    const doc = JSON.parse(fs.readFileSync(path.join(benchDataDir(scale, Number(opt('seed', '1'))), `${file}.json`), 'utf8'));
    for (let round = 0; round < Number(opt('rounds', '1')); round++) {
      // --keep: profile a re-import (the stored lists stay; an unchanged file writes nothing)
      if (!process.argv.includes('--keep'))
        await orig.call(
          db,
          'truncate body, item, catalogue, catalogue_entry, assignment, empowerment, change, flag_refresh cascade',
          [],
        );
      times.clear();
      await orig.call(db, "alter system set track_functions = 'pl'", []);
      await orig.call(db, 'select pg_reload_conf()', []);
      await orig.call(db, 'select pg_stat_reset()', []);
      const steps: [string, number][] = [];
      const t0 = process.hrtime.bigint();
      const at = () => Number(process.hrtime.bigint() - t0) / 1e6;
      const r = await importDocument(db, doc, { onProgress: (s) => steps.push([s, at()]) });
      const total = at();
      console.log(`import of ${file}: ${r.created} created, ${r.problems.length} problems, ${total.toFixed(0)} ms`);
      steps.forEach(([s, t], i) =>
        console.log(`  ${s.padEnd(12)} at ${t.toFixed(0).padStart(6)} ms (+${(t - (steps[i - 1]?.[1] ?? 0)).toFixed(0)})`),
      );
      const rows = [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20);
      let sqlMs = 0;
      times.forEach((v) => (sqlMs += v.ms));
      console.log(
        `  SQL ${sqlMs.toFixed(0)} ms in ${[...times.values()].reduce((n, v) => n + v.n, 0)} statements; Node the rest`,
      );
      for (const [k, v] of rows) console.log(`  ${v.ms.toFixed(0).padStart(6)} ms ×${v.n}  ${k}`);
      // a digest of what was written (rows without ids and timestamps, change records without ids and times)
      const digest = await orig.call(
        db,
        `select (select md5(string_agg(x::text, '|' order by x::text)) from (select code, name, jurisdiction_code, kind, parent_code, serves, valid_from, valid_to, successor_code, row_version from body) x) as body,
                (select md5(string_agg(x::text, '|' order by x::text)) from (select code, name, domain, category, basis, description, row_version from item) x) as item,
                (select md5(string_agg(x::text, '|' order by x::text)) from (select code, name, owner_code, kind, guiding_code, valid_from, valid_to, row_version from catalogue) x) as catalogue,
                (select md5(string_agg(x::text, '|' order by x::text)) from (select catalogue_code, item_code, not_applicable_in, valid_from, valid_to, name, category, basis, part, lead_code, taken_by_code, duty, row_version from catalogue_entry) x) as entry,
                (select md5(string_agg(x::text, '|' order by x::text)) from (select item_code, scope_code, body_code, relative, role, duty, valid_from, valid_to, except_in, catalogue_code, basis, note, holder, row_version from assignment) x) as assignment,
                (select md5(string_agg(x::text, '|' order by x::text)) from (select item_code, scope_code, mode, basis, valid_from, valid_to, except_in, note from empowerment) x) as empowerment,
                (select md5(string_agg(x::text, '|' order by x.n)) from (select row_number() over (order by id) as n, entity, key, operation, before, after, scope_code, actor, reason from change) x) as change`,
        [],
      );
      plans.splice(0).forEach((p) => console.log(p));
      console.log(`  digest ${JSON.stringify(digest[0])}`);
      await new Promise((r) => setTimeout(r, 1500));
      const fns = await orig.call(
        db,
        'select funcname, calls, round(total_time) as total, round(self_time) as self from pg_stat_user_functions order by total_time desc limit 12',
        [],
      );
      for (const f of fns as Record<string, unknown>[])
        console.log(`  fn ${f.funcname}: ${f.calls} calls, ${f.total} ms (self ${f.self})`);
    }
    if (process.argv.includes('--explain')) {
      await db
        .transaction(async (tx) => {
          for (const t of ['change', 'catalogue_entry', 'assignment']) {
            await tx.query(`create temp table x_${t} as select * from ${t}`);
            await tx.query(`delete from ${t}`);
            const plan = await tx.query<Record<string, string>>(
              `explain (analyze) insert into ${t} overriding system value select * from x_${t}`,
            );
            console.log(plan.map((r) => Object.values(r)[0]).join('\n'));
          }
          throw new Error('rollback');
        })
        .catch((e) => console.log(String(e)));
    }
  } finally {
    await database.close();
    await embedded.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
