/**
 * `node dist/test/bench/explain.js --scale province [--scope 370000] [--engine pairs|classes|hand]`:
 * EXPLAIN (ANALYZE, BUFFERS) of one flag computation over a scope on the bench database of the scale (run
 * the bench first), written to docs/measurements/explain-<engine>-<scale>-<scope>.txt. pairs: the per-(item,
 * leaf) CTE of resolution.sql.ts at one date; classes: the flag store's dated evaluation of every county of the
 * scope (classes.sql.ts, every segment of every pair); hand: the hand-written aggregate of baselines.ts.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { startEmbedded } from '../../src/db/embedded';
import {
  ANALYZE_CLASS_TABLES_SQL,
  CLASSES_SQL,
  EVALUATE_SQL,
  SEGMENT_TABLES_SQL,
} from '../../src/modules/analysis/flag-store.sql';
import { LEAVES_UNDER_SCOPE, resolutionCte } from '../../src/modules/resolution/resolution.sql';
import { HAND_FLAG_COUNTS_SQL } from './baselines';
import { opt } from './common';
import { todayInChina } from '../../src/dates';

const scale = opt('scale', 'province');
const scope = opt('scope', '370000');
const engine = opt('engine', 'classes');

const SQL: Record<string, string> = {
  pairs: `with recursive ${resolutionCte(LEAVES_UNDER_SCOPE)} select kind, count(*) from flag group by kind`,
  // the flag store's evaluation (its first statement and ANALYZE run first, unexplained)
  classes: EVALUATE_SQL,
};

async function main() {
  const dataDir = path.join(projectRoot(), '.data', `bench-db-${scale}`);
  const embedded = await startEmbedded({ dir: path.join(dataDir, 'pg') });
  const database = await openDatabase({ databaseUrl: embedded.urlFor('shudi'), dataDir });
  try {
    const params = [todayInChina(), null, null, scope === '000000' ? null : scope, null];

    const used = engine === 'hand' ? [params[0], params[3]] : engine === 'classes' ? [] : params;
    const text = engine === 'hand' ? HAND_FLAG_COUNTS_SQL : SQL[engine];
    // --set "enable_mergejoin=off,…": planner settings for this one statement (in a transaction, set local)
    const settings = opt('set', '')
      .split(',')
      .filter(Boolean)
      .map((kv) => kv.split('='));
    const rows = await database.db.transaction(async (tx) => {
      for (const [k, v] of settings) await tx.query(`select set_config($1, $2, true)`, [k, v]);
      if (engine === 'classes') {
        const units = await tx.query<{ code: string }>(
          `select code from flag_county where $1::varchar is null or path @> array[$1::varchar]`,
          [scope === '000000' ? null : scope],
        );
        for (const sql of SEGMENT_TABLES_SQL) await tx.query(sql);
        await tx.query(CLASSES_SQL, [units.map((u) => u.code)]);
        await tx.query(ANALYZE_CLASS_TABLES_SQL);
      }
      return tx.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers, timing ${process.argv.includes('--timing') ? 'on' : 'off'}) ${text}`,
        used,
      );
    });
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const out = path.join(projectRoot(), 'docs', 'measurements', `explain-${engine}-${scale}-${scope}.txt`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const head = `-- ${engine} flags over ${scope} on the ${scale} bench data${settings.length ? ` (set ${opt('set', '')})` : ''}, ${new Date().toISOString()}, load average ${os.loadavg()[0].toFixed(2)} (2 cores)\n`;
    fs.writeFileSync(out, head + plan + '\n');
    process.stderr.write(`${plan.split('\n').slice(-3).join('\n')}\n→ ${out}\n`);
  } finally {
    await database.close();
    await embedded.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
