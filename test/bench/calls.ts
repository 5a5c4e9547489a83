/**
 * The calls section of `npm run bench` (`--only calls`): loads the year of calls bench:data wrote (once per
 * database), then measures routing (SQL per call, beside the chain statement on the same pairs), the call
 * statistics of the nation, a province and a county over the year (beside a plain count of the same calls), and
 * webhook delivery through the outbox against a local receiver (beside plain POSTs to the same receiver).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../src/db/database';
import { ROUTE_SQL } from '../../src/modules/call/call.sql';
import { CALL_DIMENSIONS, callStatistics } from '../../src/modules/call/call.stats';
import { deliverDue } from '../../src/modules/call/webhook.service';
import { CHAIN_SQL } from '../../src/modules/resolution/resolution.sql';
import type { Figures } from './common';
import { CALL_YEAR, loadCalls } from './generate-calls';
import { callsFile } from './generate';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

export async function callFigures(
  db: Db,
  files: string[],
  figures: Figures,
  date: string,
  log: (s: string) => void,
): Promise<void> {
  const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from call where raised_by = 'bench'`);
  let calls = n;
  if (n === 0) {
    const t = process.hrtime.bigint();
    calls = await loadCalls(db, files.map(callsFile));
    figures.add({
      figure: 'calls: load a year of generated calls',
      value: ms(t),
      unit: 'ms',
      detail: `${calls.toLocaleString('en-US')} calls`,
    });
  }
  log(`  calls: ${calls.toLocaleString('en-US')} generated calls of ${CALL_YEAR}`);
  await routing(db, figures, date);
  await statistics(db, figures);
  await webhooks(db, figures);
}

/** SPEC §11 routing: ROUTE_SQL per call on 300 drawn (item, township) pairs, beside CHAIN_SQL on the same pairs. */
async function routing(db: Db, figures: Figures, date: string) {
  const pairs = await db.query<{ item: string; township: string }>(
    `select item_code as item, township_code as township from call where raised_by = 'bench' order by md5(id::text) limit 320`,
  );
  const time = async (sql: string) => {
    const out: number[] = [];
    for (const [i, p] of pairs.entries()) {
      const t = process.hrtime.bigint();
      await db.query(sql, [date, [p.item], null, p.township, null]);
      if (i >= 20) out.push(ms(t)); // the first 20 warm the plan cache
    }
    return out;
  };
  const chain = await time(CHAIN_SQL);
  const route = await time(ROUTE_SQL);
  figures.add({
    figure: 'calls: routing SQL per call (median of 300 pairs)',
    value: median(route),
    unit: 'ms',
    detail: `p95 ${p95(route).toFixed(2)} ms`,
    baseline: { name: 'chain statement, same pairs', value: median(chain) },
    target: '≤ 5 ms',
    ok: median(route) <= 5,
  });
}

/** Statistics over the year: nation, the province and the county with most calls, by every dimension. */
async function statistics(db: Db, figures: Figures) {
  const [top] = await db.query<{ province: string; county: string }>(
    `select j.path[1] as province, c.county_code as county from call c join jurisdiction j on j.code = c.county_code
      where c.raised_by = 'bench' group by 1, 2 order by count(*) desc limit 1`,
  );
  if (!top) return;
  const from = `${CALL_YEAR}-01-01`;
  const to = `${CALL_YEAR}-12-31`;
  const scopes: [string, string, string | null][] = [
    ['nation', '000000', null],
    [`province ${top.province}`, top.province, 'PROVINCE'],
    [`county ${top.county}`, top.county, 'COUNTY'],
  ];
  for (const [name, scope, level] of scopes) {
    // the baseline: counting the same calls, nothing else
    const tb = process.hrtime.bigint();
    await db.query(
      `select count(*) from call_fact f join jurisdiction j on j.code = f.township_code
        where f.lead and f.raised_on between $1 and $2 and ($3::varchar = '000000' or j.path @> array[$3::varchar])`,
      [from, to, scope],
    );
    const base = ms(tb);
    for (const by of CALL_DIMENSIONS) {
      const t = process.hrtime.bigint();
      const s = await callStatistics(db, { scope, level, from, to, by, now: new Date(`${CALL_YEAR + 1}-06-30T00:00:00Z`) });
      const took = ms(t);
      figures.add({
        figure: `calls: statistics of a year, ${name}, by ${by}`,
        value: took,
        unit: 'ms',
        detail: `${s.total.calls.toLocaleString('en-US')} calls`,
        baseline: { name: 'count of the same calls', value: base },
        target: '≤ 1,000 ms',
        ok: took <= 1000,
        why:
          `counting the same ${s.total.calls.toLocaleString('en-US')} calls alone takes ${base.toFixed(0)} ms; the rest is ` +
          `the two percentiles of answer times per group (an ordered aggregate sorts each group's calls) and the ` +
          `groups' names; the fact table holds one row per call, not per-day summaries`,
      });
    }
  }
}

/** Webhooks: 2,000 events of 10 counties drained through the outbox to a local receiver, beside plain POSTs. */
async function webhooks(db: Db, figures: Figures) {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const counties = (
    await db.query<{ county: string }>(
      `select county_code as county from call where raised_by = 'bench' group by 1 order by count(*) desc limit 10`,
    )
  ).map((r) => r.county);
  const EVENTS = 2000;
  try {
    await db.query(
      `insert into call_setting (county_code, webhook_url, webhook_secret) select unnest($1::varchar[]), $2, 'bench-secret'
       on conflict (county_code) do update set webhook_url = excluded.webhook_url, webhook_secret = excluded.webhook_secret`,
      [counties, url],
    );
    const events = await db.query<{ body: string; county: string }>(
      `insert into call_event (event_key, call_id, county_code, township_code, type, payload, next_attempt_at)
       select 'bench:' || c.id || ':' || g, c.id, c.county_code, c.township_code, 'call.bench',
              jsonb_build_object('key', 'bench:' || c.id || ':' || g, 'call', jsonb_build_object('number', c.id::text, 'state', c.state)), now()
         from (select * from call where raised_by = 'bench' and county_code = any($1::varchar[]) order by id limit $2) c,
              generate_series(1, 1) g
       returning payload::text as body, county_code as county`,
      [counties, EVENTS],
    );
    // baseline: the same bodies POSTed straight, one sequence per county (as the worker sends them)
    const tb = process.hrtime.bigint();
    await Promise.all(
      counties.map(async (county) => {
        for (const e of events.filter((x) => x.county === county))
          await (
            await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: e.body })
          ).arrayBuffer();
      }),
    );
    const base = (events.length / ms(tb)) * 1000;
    received = 0;
    const t = process.hrtime.bigint();
    for (;;) {
      const r = await deliverDue(db, { batch: 500 });
      if (r.delivered + r.failed === 0) break;
    }
    const rate = (received / ms(t)) * 1000;
    figures.add({
      figure: 'calls: webhook delivery through the outbox (signed, logged)',
      value: rate,
      unit: 'events/s',
      detail: `${received.toLocaleString('en-US')} events, ${counties.length} counties`,
      baseline: { name: 'plain POSTs to the same receiver', value: base },
    });
  } finally {
    await db.query(`delete from call_event where type = 'call.bench'`);
    await db.query(`delete from call_setting where county_code = any($1::varchar[])`, [counties]);
    await new Promise<void>((r) => server.close(() => r()));
  }
}
