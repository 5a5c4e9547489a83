import type { Db } from '../../src/db/database';
import { exportDocument } from '../../src/modules/exchange/export.service';
import { importDocument } from '../../src/modules/exchange/import.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { fingerprint } from '../helpers/fingerprint';
import { FIXTURE, PRINCIPALS } from './fixture';
import { openSeededGraphql, closeAll } from '../helpers/setup';
import { type GqlClient } from '../helpers/graphql';

/**
 * Concurrency: an update carrying a stale version fails cleanly (CONFLICT, nothing written); two
 * updates racing on one version end with exactly one winner; patches of different fields never lose one
 * another; two overlapping imports at the same time end exactly as if run one after the other.
 */

let t: TestDatabase;
let gql: GqlClient;
const { EDITOR, REVIEWER } = PRINCIPALS;

beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([FIXTURE]));
});
afterAll(() => closeAll(gql, t));

const UPDATE = `mutation($i: UpdateBodyInput!, $v: Int) { updateBody(code: "IN-DEPT", input: $i, expectedVersion: $v) { name validTo rowVersion } }`;
const version = async () => ((await gql.ok(`{ body(code: "IN-DEPT") { rowVersion } }`)) as any).body.rowVersion as number;

describe('optimistic concurrency (expectedVersion)', () => {
  it('refuses a stale version with CONFLICT and writes nothing', async () => {
    const v = await version();
    expect((await gql.run(UPDATE, { i: { name: '第一次' }, v }, EDITOR)).errors).toBeUndefined();
    const before = await fingerprint(t.db);
    const r = await gql.run(UPDATE, { i: { name: '基于旧版本' }, v }, EDITOR);
    expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });
    expect(r.errors![0].message).toContain(`version ${v + 1}, you sent ${v}`);
    expect(await fingerprint(t.db)).toEqual(before);
  });

  it('lets exactly one of two racing updates of the same version win', async () => {
    const v = await version();
    const results = await Promise.all([
      gql.run(UPDATE, { i: { name: '甲' }, v }, EDITOR),
      gql.run(UPDATE, { i: { name: '乙' }, v }, REVIEWER),
    ]);
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.errors![0].extensions?.code)).toEqual(['CONFLICT']);
    const d: any = await gql.ok(`{ body(code: "IN-DEPT") { name rowVersion } }`);
    expect(d.body).toEqual({ name: (won[0].data as any).updateBody.name, rowVersion: v + 1 });
  });

  it('keeps both of two racing patches of different fields (no lost update)', async () => {
    await Promise.all([
      gql.run(UPDATE, { i: { name: '并发改名' } }, EDITOR),
      gql.run(UPDATE, { i: { validTo: '2040-01-01' } }, REVIEWER),
    ]);
    const d: any = await gql.ok(`{ body(code: "IN-DEPT") { name validTo } }`);
    expect(d.body).toEqual({ name: '并发改名', validTo: '2040-01-01' });
  });
});

/** An import document over 招远: items from..to, their entries in IN-CAT, one assignment each at a township, bodies. */
function document(label: string, from: number, to: number): Record<string, unknown> {
  const n = (i: number) => String(i).padStart(4, '0');
  const range = Array.from({ length: to - from + 1 }, (_, k) => from + k);
  const townships = ['370685001', '370685002', '370685003', '370685004', '370685101', '370685102'];
  return {
    format: 'shudi-catalogue/1',
    bodies: range
      .filter((i) => i % 10 === 0)
      .map((i) => ({ code: `CC-B${n(i)}`, name: `并发机构${n(i)}（${label}）`, jurisdiction: '370685', kind: 'OTHER' })),
    items: range.map((i) => ({
      code: `CC-${n(i)}`,
      name: `并发事项${n(i)}（${label}）`,
      domain: '测试',
      category: 'TERRITORIAL',
    })),
    catalogues: [{ ...FIXTURE.catalogues[0], entries: range.map((i) => ({ item: `CC-${n(i)}`, name: `本地名称（${label}）` })) }],
    assignments: range.map((i) => ({
      item: `CC-${n(i)}`,
      scope: townships[i % townships.length],
      body: 'IN-DEPT',
      role: 'SUPPORTING',
      duty: `配合（${label}）`,
      catalogue: 'IN-CAT',
    })),
  };
}

describe('two overlapping imports at the same time', () => {
  const A = document('甲', 1, 240);
  const B = document('乙', 121, 360);

  /** Polls pg_locks until `done`: was a writer ever waiting for the writers' lock (7413, 1)? */
  async function sawWaitingWriter(db: Db, done: () => boolean): Promise<boolean> {
    let seen = false;
    while (!done()) {
      const [r] = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
          where l.locktype = 'advisory' and l.classid = 7413 and l.objid = 1 and not l.granted and d.datname = current_database()`,
      );
      if (r.n > 0) seen = true;
      await new Promise((res) => setTimeout(res, 5));
    }
    return seen;
  }

  it('end in the state of running them one after the other, in commit order, never a mix', async () => {
    let finished = 0;
    const run = (doc: Record<string, unknown>, reason: string) =>
      importDocument(t.db, doc, { reason, principal: EDITOR, actor: EDITOR.subject }).finally(() => finished++);
    const [ra, rb, contended] = await Promise.all([run(A, '甲'), run(B, '乙'), sawWaitingWriter(t.db, () => finished === 2)]);
    expect(ra.problems).toEqual([]);
    expect(rb.problems).toEqual([]);
    expect(contended).toBe(true); // they did overlap: one waited for the other

    // the feed: one import's changes, then the other's, never interleaved
    const feed = await t.db.query<{ reason: string }>(`select reason from change where reason in ('甲', '乙') order by id`);
    const first = feed[0].reason;
    const switches = feed.filter((c, i) => i > 0 && c.reason !== feed[i - 1].reason).length;
    expect(switches).toBe(1);
    // the first creates all of its 24 bodies and 240 items, entries and assignments; the second only the 120 beyond the overlap
    expect(first === '甲' ? [ra.created, rb.created] : [rb.created, ra.created]).toEqual([24 + 240 * 3, 12 + 120 * 3]);

    // the state: what the same two imports give run one after the other, in that order, on a fresh copy
    const seq = await openTestDatabase();
    try {
      await importDocument(seq.db, FIXTURE);
      const bodyNow: any = await gql.ok(`{ body(code: "IN-DEPT") { name validTo } }`);
      await seq.db.query(`update body set name = $1, valid_to = $2 where code = 'IN-DEPT'`, [
        bodyNow.body.name,
        bodyNow.body.validTo,
      ]);
      for (const [doc, reason] of first === '甲'
        ? ([
            [A, '甲'],
            [B, '乙'],
          ] as const)
        : ([
            [B, '乙'],
            [A, '甲'],
          ] as const)) {
        expect((await importDocument(seq.db, doc, { reason })).problems).toEqual([]);
      }
      expect(await exportDocument(t.db, '370685')).toEqual(await exportDocument(seq.db, '370685'));
    } finally {
      await seq.close();
    }
    // and the overlap holds the later import's values throughout
    const later = first === '甲' ? '乙' : '甲';
    const duties = await t.db.query<{ duty: string; n: number }>(
      `select duty, count(*)::int as n from assignment where item_code between 'CC-0121' and 'CC-0240' group by duty`,
    );
    expect(duties).toEqual([{ duty: `配合（${later}）`, n: 120 }]);
  });
});
