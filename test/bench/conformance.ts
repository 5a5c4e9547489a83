import { createApp } from '../../src/app';
import { createContext } from '../../src/context';
import type { Db } from '../../src/db/database';
import type { Figures } from './common';

/** What a province's dashboard asks: the roll-up and the worst catalogues. */
export const CONFORMANCE_SUMMARY_QUERY = `query($scope: String!, $asOf: Date) { conformanceSummary(scopeCode: $scope, asOf: $asOf, limit: 20) {
  total catalogueCount counts { kind count } catalogues { catalogue { code } total counts { kind count } } } }`;

/**
 * The baseline: reading, once, every entry in force the summary compares (each catalogue with a guiding one
 * under the scope, and its guiding catalogue's), with the items they name — the least any comparison must read.
 */
const READ_COMPARED_SQL = `
with compared as materialized (
  select c.code, c.guiding_code from catalogue c join jurisdiction j on j.code = c.owner_code
   where c.guiding_code is not null and ($2::varchar is null or j.path @> array[$2::varchar]))
select count(*)::int as n, count(distinct i.code)::int as items
  from compared p
  join catalogue_entry e on e.catalogue_code in (p.code, p.guiding_code)
   and (e.valid_from is null or e.valid_from <= $1::date) and (e.valid_to is null or $1::date < e.valid_to)
  join item i on i.code = e.item_code`;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `--only conformance`: conformanceSummary (SPEC §9) of the province (and, at --scale nation, of the nation)
 * through GraphQL in process, the median of three runs after a first (cold) one, beside the baseline read.
 * Target: the nation within 2 s.
 */
export async function conformanceFigures(db: Db, figures: Figures, scale: string, date: string, log: (s: string) => void) {
  const app = await createApp({ db, config: { production: true, introspection: false } });
  const ask = async (scope: string) => {
    const t0 = process.hrtime.bigint();
    const res = await app.apollo.executeOperation(
      { query: CONFORMANCE_SUMMARY_QUERY, variables: { scope, asOf: date } },
      { contextValue: createContext(db) },
    );
    const body = res.body.kind === 'single' ? res.body.singleResult : null;
    if (body?.errors) throw new Error(JSON.stringify(body.errors));
    return { ms: ms(t0), data: (body?.data as any).conformanceSummary };
  };
  const scopes: [string, string, number | null][] = [
    scale === 'county' ? ['county', '370685', null] : ['province', '370000', null],
  ];
  if (scale === 'nation') scopes.push(['nation', '000000', 2000]);
  try {
    for (const [name, code, limitMs] of scopes) {
      const cold = await ask(code);
      const warm = median([(await ask(code)).ms, (await ask(code)).ms, (await ask(code)).ms]);
      const read: number[] = [];
      let n = 0;
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        [{ n }] = await db.query<{ n: number }>(READ_COMPARED_SQL, [date, code === '000000' ? null : code]);
        read.push(ms(t0));
      }
      const s = cold.data;
      const kinds = s.counts.map((c: { kind: string; count: number }) => `${c.kind} ${c.count}`).join(', ');
      log(
        `  conformance ${name}: ${s.catalogueCount} catalogues, ${s.total} findings (${kinds}); first ${cold.ms.toFixed(0)} ms`,
      );
      figures.add({
        figure: `conformanceSummary, ${name} (${Number(s.catalogueCount).toLocaleString('en-US')} catalogues, ${n.toLocaleString('en-US')} entries compared), median of 3 warm`,
        value: warm,
        unit: 'ms',
        detail: `${s.total} findings: ${kinds}; first (cold) run ${cold.ms.toFixed(0)} ms`,
        baseline: { name: 'reading the compared entries once (SQL)', value: median(read) },
        ...(limitMs === null ? {} : { target: `≤ ${limitMs} ms`, check: (f) => f.value <= limitMs }),
      });
    }
  } finally {
    await app.stop();
  }
}
