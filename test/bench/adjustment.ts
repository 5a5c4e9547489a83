/**
 * `npm run bench:adjust [-- --items 300]`: the impact preview of an adjustment (SPEC §10) over one county,
 * on its own embedded database (.data/bench-db-adjust). The county's list has N items, each with a county
 * PRIMARY department and every township SUPPORTING. Times, median of 5: the baseline (the rule engine's flags
 * of the whole county at one date, nothing written), the preview of an adjustment of one item (only that item
 * is evaluated), and of one that also changes a body (every item of the county is evaluated).
 */
import 'reflect-metadata';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { adjustmentImpact, createAdjustment } from '../../src/modules/adjustment/adjustment.service';
import { OWNER_FLAGS_SQL } from '../../src/modules/adjustment/adjustment.sql';
import { importDocument } from '../../src/modules/exchange/import.service';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';

const args = process.argv.slice(2);
const itemCount = Number(args.includes('--items') ? args[args.indexOf('--items') + 1] : 300);
const OWNER = '370685';
const LIST = `${OWNER}-BENCH-ADJ`;
const EFFECTIVE = '2030-01-01';

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main() {
  const database = await openDatabase({ databaseUrl: null, dataDir: path.join(projectRoot(), '.data', 'bench-db-adjust') });
  const { db } = database;
  try {
    await loadTree(db);
    const items = Array.from({ length: itemCount }, (_, i) => ({
      code: `BA-${String(i).padStart(4, '0')}`,
      name: `事项${i}`,
      domain: '测试',
      category: 'TERRITORIAL',
    }));
    const doc = {
      format: 'shudi-catalogue/1',
      bodies: [{ code: `${OWNER}-BA`, name: '招远市测试局', jurisdiction: OWNER, kind: 'DEPARTMENT' }],
      items,
      catalogues: [
        {
          code: LIST,
          name: '性能测试清单',
          owner: OWNER,
          kind: 'LOCAL',
          validFrom: '2025-01-01',
          entries: items.map((i) => ({ item: i.code })),
        },
      ],
      assignments: items.flatMap((i) => [
        {
          item: i.code,
          scope: OWNER,
          body: `${OWNER}-BA`,
          role: 'PRIMARY',
          duty: '主责',
          catalogue: LIST,
          validFrom: '2025-01-01',
        },
        {
          item: i.code,
          scope: OWNER,
          relative: 'TOWNSHIP_GOVERNMENT',
          role: 'SUPPORTING',
          duty: '配合',
          catalogue: LIST,
          validFrom: '2025-01-01',
        },
      ]),
    };
    const r = await importDocument(db, doc);
    if (r.problems.length) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    await db.query('analyze');
    const [{ n }] = await db.query<{ n: number }>(
      `select count(*)::int as n from jurisdiction where leaf and path @> array[$1::varchar]`,
      [OWNER],
    );
    const base = {
      catalogue: LIST,
      applicant: `${OWNER}-BA`,
      reason: '性能测试',
      trigger: 'PRACTICE',
      effectiveFrom: EFFECTIVE,
    };
    const end = { ...doc.assignments[0], validTo: EFFECTIVE };
    const oneItem = await createAdjustment(db, {
      ...base,
      changes: [{ label: 'REMOVE', document: { format: 'shudi-catalogue/1', assignments: [end] } }],
    });
    const withBody = await createAdjustment(db, {
      ...base,
      changes: [
        {
          label: 'CHANGE',
          document: {
            format: 'shudi-catalogue/1',
            bodies: [{ ...doc.bodies[0], name: '招远市测试局（更名）' }],
            assignments: [end],
          },
        },
      ],
    });
    const baseline = await median(5, () => db.query(OWNER_FLAGS_SQL, [EFFECTIVE, null, null, OWNER, null]));
    const one = await median(5, () => adjustmentImpact(db, oneItem));
    const all = await median(5, () => adjustmentImpact(db, withBody));
    const impact = await adjustmentImpact(db, oneItem);
    process.stdout.write(
      `shudi adjustment impact bench — county ${OWNER}: ${itemCount} items × ${n} leaves, median of 5\n` +
        `  baseline: the county's flags at one date (nothing written)   ${baseline.toFixed(0)} ms\n` +
        `  impact preview, one item (${impact.added.length} added, ${impact.removed.length} removed)      ${one.toFixed(0)} ms\n` +
        `  impact preview, a body changed (every item evaluated twice) ${all.toFixed(0)} ms   (target ≤ 1000 ms)\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
