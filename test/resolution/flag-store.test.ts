import * as fs from 'node:fs';
import * as path from 'node:path';
import { Db } from '../../src/db/database';
import { FLAG_STORE_LIMITS, FlagWorker, refreshCounties } from '../../src/modules/analysis/flag-store.service';
import { EVALUATE_SQL } from '../../src/modules/analysis/flag-store.sql';
import { importDocument } from '../../src/modules/exchange/import.service';
import { FLAG_PAGE_SQL } from '../../src/modules/resolution/flags.sql';
import { responsibilityFlags } from '../../src/modules/analysis/flags.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { graphqlClient } from '../helpers/graphql';

/**
 * The maintained flag store around the demo list of 招远市: what a write queues, who refreshes it (the writer,
 * a reader, the background worker), that a refresh that fails leaves its counties queued and their rows as they
 * were, and that the store's answers equal the rules computed live.
 */
let t: TestDatabase;
const original = Db.prototype.query;
const demo = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/data/demo-zhaoyuan.json'), 'utf8'));
const pending = async () =>
  (await t.db.query<{ county: string }>('select county from flag_refresh order by county')).map((r) => r.county);
/** Totals of the rules computed live over a scope at a date (no store involved). */
const live = async (scope: string | null, asOf: string) => {
  const [row] = await t.db.query<{ total: number; counts: { kind: string; count: number }[] }>(FLAG_PAGE_SQL, [
    asOf,
    null,
    null,
    scope,
    null,
    null,
    true,
    null,
    null,
    null,
    null,
    1,
  ]);
  return { total: row.total, counts: Object.fromEntries(row.counts.map((c) => [c.kind, c.count])) };
};
const stored = async (scopeCode: string, asOf: string) => {
  const p = await responsibilityFlags(t.db, { scopeCode, asOf, first: 1, includeAcknowledged: true });
  return {
    total: p.totalCount,
    counts: Object.fromEntries(p.countsByKind.filter((c) => c.count > 0).map((c) => [c.kind, c.count])),
    pendingCount: p.pendingCount,
  };
};

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('flag store', () => {
  it('a write reaching many counties queues them; the county asked about is refreshed by its reader; the worker drains the rest', async () => {
    // the demo list reaches one county: its writer refreshes it
    const report = await importDocument(t.db, demo);
    expect(report.problems).toEqual([]);
    expect(await pending()).toEqual([]);
    // an assignment at the city reaches each of its counties: too many for the writer, they are queued
    const city = await importDocument(t.db, {
      format: 'shudi-catalogue/1',
      assignments: [{ item: 'ZY-TER-004', scope: '370600', body: '370600-GOV', role: 'PRIMARY', validFrom: '2019-03-01' }],
    });
    expect(city.problems).toEqual([]);
    const queued = await pending();
    expect(queued.length).toBeGreaterThan(FLAG_STORE_LIMITS.writeLimit);
    expect(queued).toContain('370685');

    const county = await stored('370685', '2026-06-01');
    expect(county.pendingCount).toBe(0);
    expect({ total: county.total, counts: county.counts }).toEqual(await live('370685', '2026-06-01'));

    // a reader of a scope with more pending counties than it refreshes itself is told which
    const readLimit = FLAG_STORE_LIMITS.readLimit;
    FLAG_STORE_LIMITS.readLimit = 2;
    const nationBefore = await responsibilityFlags(t.db, { scopeCode: '000000', first: 1 }).finally(
      () => (FLAG_STORE_LIMITS.readLimit = readLimit),
    );
    expect(nationBefore.pendingCount).toBe(queued.length - 1);
    expect(nationBefore.computedAt).not.toBeNull();
    expect(nationBefore.pendingCounties).not.toContain('370685');
    // coverage and workload answer from the same store: they say the same of the pending counties
    FLAG_STORE_LIMITS.readLimit = 0;
    const gql = await graphqlClient(t.db);
    const views: any = await gql
      .ok(
        `{ coverage(scopeCode: "000000", first: 1) { pendingCount pendingCounties computedAt }
           workload(scopeCode: "370600", first: 1) { pendingCount pendingCounties computedAt }
           responsibilityFlags(scopeCode: "370600", first: 1) { pendingCount pendingCounties } }`,
      )
      .finally(() => (FLAG_STORE_LIMITS.readLimit = readLimit));
    expect(views.coverage).toMatchObject({ pendingCount: nationBefore.pendingCount, pendingCounties: nationBefore.pendingCounties });
    expect(views.coverage.computedAt).not.toBeNull();
    await gql.stop();
    expect(views.workload.pendingCount).toBeGreaterThan(0);
    expect(views.workload).toMatchObject({ pendingCount: views.responsibilityFlags.pendingCount, pendingCounties: views.responsibilityFlags.pendingCounties });

    const worker = new FlagWorker(t.db, t.url);
    await worker.start();
    try {
      await worker.idle();
    } finally {
      await worker.stop();
    }
    expect(await pending()).toEqual([]);
    for (const asOf of ['2018-12-31', '2019-03-01', '2026-06-01', '2030-01-01']) {
      const nation = await stored('000000', asOf);
      expect(nation.pendingCount).toBe(0);
      expect({ total: nation.total, counts: nation.counts }).toEqual(await live(null, asOf));
    }
  });

  it('a one-county write is refreshed by the writer right after it commits, before it answers', async () => {
    const r = await importDocument(t.db, {
      format: 'shudi-catalogue/1',
      assignments: [{ item: 'ZY-TER-004', scope: '370685101', body: '370685-SCJG', role: 'PRIMARY', validFrom: '2027-01-01' }],
    });
    expect(r.problems).toEqual([]);
    expect(await pending()).toEqual([]);
    for (const asOf of ['2026-12-31', '2027-01-01']) {
      const county = await stored('370685', asOf);
      expect({ total: county.total, counts: county.counts }).toEqual(await live('370685', asOf));
    }
  });

  it('a writer whose refresh after the commit fails keeps its write; the county stays queued for the next reader', async () => {
    const spy = jest.spyOn(Db.prototype, 'query').mockImplementation(async function (this: Db, sql: unknown, params?: unknown[]) {
      if (sql === EVALUATE_SQL) throw new Error('killed mid-refresh');
      return original.call(this, sql as string, params);
    });
    let r;
    try {
      r = await importDocument(t.db, {
        format: 'shudi-catalogue/1',
        assignments: [{ item: 'ZY-TER-004', scope: '370685102', body: '370685-SCJG', role: 'PRIMARY', validFrom: '2027-02-01' }],
      });
    } finally {
      spy.mockRestore();
    }
    expect(r.problems).toEqual([]);
    expect(r.created).toBe(1);
    expect(await pending()).toEqual(['370685']);
    const county = await stored('370685', '2027-02-01');
    expect(county.pendingCount).toBe(0);
    expect({ total: county.total, counts: county.counts }).toEqual(await live('370685', '2027-02-01'));
  });

  it('a refresh that fails leaves its county queued and its stored flags as they were', async () => {
    const rows = async () =>
      t.db.query<{ n: number }>(`select count(*)::int as n from flag_interval where county = '370685'`).then((x) => x[0].n);
    const n = await rows();
    expect(n).toBeGreaterThan(0);
    await t.db.query(`insert into flag_refresh (county) values ('370685')`);
    await expect(
      t.db.transaction(async (tx) => {
        await refreshCounties(tx, ['370685']);
        throw new Error('killed mid-refresh');
      }),
    ).rejects.toThrow('killed mid-refresh');
    expect(await pending()).toEqual(['370685']);
    expect(await rows()).toBe(n);
    // the next reader (or the worker after a restart) finishes it
    const county = await stored('370685', '2026-06-01');
    expect(county.pendingCount).toBe(0);
    expect(await pending()).toEqual([]);
  });
});
