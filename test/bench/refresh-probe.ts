/**
 * Where one refresh of the flag store spends its time: refreshes the given counties (or a seeded random batch of
 * them) of a bench database in one transaction, prints each statement's duration and the rows of every scratch
 * table, and rolls back (nothing is written unless --commit).
 *
 *   npm run bench:probe -- --scale nation --counties 370685
 *   npm run bench:probe -- --scale nation --batch 32 --seed 7 [--repeat 3] [--explain classes|rules|flags|analysis|store --plan FILE]
 *     [--set enable_nestloop=off,work_mem=64MB]   (planner settings for the probe's transaction)
 *
 * The bench database must exist (`npm run bench -- --scale <scale>` made it).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { startEmbedded } from '../../src/db/embedded';
import { refreshCounties } from '../../src/modules/analysis/flag-store.service';
import {
  CLASSES_SQL,
  EVALUATE_SQL,
  FLAGS_SQL,
  STORE_ANALYSIS_SQL,
  STORE_COUNTIES_SQL,
} from '../../src/modules/analysis/flag-store.sql';
import { CLASS_TABLES, RULE_TABLES } from '../../src/modules/resolution/classes.sql';
import { flag, opt } from './common';
import { processCpuMs } from './cpu';

/** The store's tables and the columns that say what a refresh stored (all but ids and stamps). */
const STORED: [string, string][] = [
  ['flag_interval', 'county, item, leaf, kind, bodies::text, during::text'],
  ['flag_count', 'county, kind, during::text, n'],
  ['cover_interval', 'county, leaf, domain, during::text, pairs, applicable, owned'],
  ['work_interval', 'county, body, role, domain, during::text, items::text, pairs, level, kind'],
  ['work_leaf', 'county, body, domain, during::text, leaves'],
];
const SCRATCH = [...CLASS_TABLES, ...RULE_TABLES, 'flag_segment', 'pair_segment', 'hold_segment'];

/** A seeded pick of `n` of `all` (mulberry32, so a batch can be measured again before and after a change). */
function pick(all: string[], n: number, seed: number): string[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const xs = [...all];
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs.slice(0, n).sort();
}

async function main() {
  const scale = opt('scale', 'nation');
  const dataDir = path.join(projectRoot(), '.data', `bench-db-${scale}`);
  const embedded = await startEmbedded({ dir: path.join(dataDir, 'pg') });
  const database = await openDatabase({ databaseUrl: embedded.urlFor('shudi'), dataDir });
  const { db } = database;
  try {
    const all = (await db.query<{ code: string }>('select code from flag_county order by code')).map((r) => r.code);
    const given = opt('counties', '');
    const units = given ? given.split(',') : pick(all, Number(opt('batch', '32')), Number(opt('seed', '1')));
    const repeat = Number(opt('repeat', '1'));
    process.stderr.write(
      `refresh probe — ${scale}, ${units.length} of ${all.length} units (${units.slice(0, 8).join(', ')}${units.length > 8 ? ', …' : ''}), load average ${os.loadavg()[0].toFixed(2)}\n`,
    );
    for (let r = 0; r < repeat; r++) {
      const steps: [string, number, number][] = [];
      const t0 = performance.now();
      let sizes: Record<string, number> = {};
      await db
        .transaction(async (tx) => {
          for (const setting of opt('set', '').split(',').filter(Boolean)) {
            const [k, v] = setting.split('=');
            await tx.query(`select set_config($1, $2, true)`, [k, v]);
          }
          // the backend's own CPU time per statement (from /proc: it stays meaningful on a loaded machine)
          const [{ pid }] = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
          let cpu = processCpuMs(pid);
          const result = await refreshCounties(tx, units, (s, ms) => {
            const now = processCpuMs(pid);
            steps.push([s, ms, now - cpu]);
            cpu = now;
          });
          const counts = await tx.query<Record<string, number>>(
            `select ${SCRATCH.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ')}`,
          );
          sizes = { ...counts[0], ...result };
          // a digest of what the refresh stored for the units, to compare two versions of the code on the same data
          const [{ digest }] = await tx.query<{ digest: string }>(
            `select md5(concat_ws('|', ${STORED.map(
              ([t, cols]) =>
                `(select md5(coalesce(string_agg(concat_ws(',', ${cols}), ';' order by ${cols}), '')) from ${t} where county = any($1::varchar[]))`,
            ).join(', ')})) as digest`,
            [units],
          );
          process.stdout.write(`digest of the stored rows: ${digest}\n`);
          const explain = opt('explain', '');
          if (explain && r === 0) {
            // the same inputs again: one statement re-run under EXPLAIN ANALYZE (a rollback to a savepoint undoes it)
            const [sql, params] = {
              classes: [CLASSES_SQL, [units]],
              rules: [EVALUATE_SQL, []],
              flags: [FLAGS_SQL, []],
              analysis: [STORE_ANALYSIS_SQL, [units]],
              store: [STORE_COUNTIES_SQL, [units]],
            }[explain] as [string, unknown[]];
            if (!sql) throw new Error(`--explain: one of classes, rules, flags, analysis, store (not "${explain}")`);
            await tx.query('savepoint probe');
            if (explain === 'classes') await tx.query(`truncate ${CLASS_TABLES.join(', ')}`);
            if (explain === 'rules') await tx.query(`truncate ${[...RULE_TABLES, 'pair_segment', 'hold_segment'].join(', ')}`);
            if (explain === 'flags') await tx.query('truncate flag_segment');
            if (explain === 'rules') await tx.query(`select set_config('enable_nestloop', 'off', true)`);
            const plan = await tx.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
            await tx.query('rollback to savepoint probe');
            fs.writeFileSync(opt('plan', `refresh-${explain}.plan.txt`), plan.map((p) => p['QUERY PLAN']).join('\n'));
          }
          if (!flag('commit')) throw new RolledBack();
        })
        .catch((e) => {
          if (!(e instanceof RolledBack)) throw e;
        });
      const total = performance.now() - t0;
      process.stdout.write(
        `run ${r + 1}: ${total.toFixed(0)} ms, of which the database's CPU ${steps.reduce((a, [, , c]) => a + c, 0).toFixed(0)} ms — ${steps
          .map(([s, ms, c]) => `${s} ${ms.toFixed(0)} (cpu ${c.toFixed(0)})`)
          .join(' · ')}\n`,
      );
      if (r === 0)
        process.stdout.write(
          `rows: ${Object.entries(sizes)
            .map(([k, v]) => `${k} ${v}`)
            .join(' · ')}\n`,
        );
    }
  } finally {
    await database.close();
    await embedded.stop();
  }
}

class RolledBack extends Error {}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
