import fs from 'node:fs';
import path from 'node:path';
import { importDocument } from '../../src/modules/exchange/import.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient } from '../helpers/graphql';

/**
 * The GraphQL surface of duty lists beyond the browse queries: entries' part / lead / takenBy (bodies through
 * the loader), the duty list grouped by part, and empowerments written one at a time through the records
 * layer (checks, change feed, atomic failure).
 */
const DUTY_DEMO = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/data/demo-zhaoyuan-duty.json'), 'utf8'));

let t: TestDatabase;
let gql: Awaited<ReturnType<typeof graphqlClient>>;
beforeAll(async () => {
  t = await openTestDatabase();
  expect((await importDocument(t.db, demo())).problems).toEqual([]);
  expect((await importDocument(t.db, DUTY_DEMO)).problems).toEqual([]);
  gql = await graphqlClient(t.db);
});
afterAll(async () => {
  await gql.stop();
  await t.close();
});

describe('CatalogueEntry of a duty list', () => {
  it('exposes part, duty, lead and takenBy as bodies, in one statement for all the bodies', async () => {
    const before = t.logger.total;
    const d: any = await gql.ok(`{ catalogue(code: "370685-DUTY-2025") { entries(first: 100) { edges { node {
      item { code } part duty lead { code name } takenBy { code name } } } } } }`);
    const nodes = d.catalogue.entries.edges.map((e: any) => e.node);
    expect(nodes.find((n: any) => n.item.code === 'ZY-TER-001')).toEqual({
      item: { code: 'ZY-TER-001' },
      part: 'COOPERATING',
      duty: '负责辖区内秸秆禁烧日常巡查，发现问题及时报告',
      lead: { code: '370685-STHJ', name: '烟台市生态环境局招远分局' },
      takenBy: null,
    });
    expect(nodes.find((n: any) => n.item.code === 'ZY-TER-012')).toMatchObject({
      part: 'RECLAIMED',
      lead: null,
      takenBy: { code: '370685-SCJG', name: '招远市市场监督管理局' },
    });
    expect(nodes.find((n: any) => n.item.code === 'ZY-TER-014')).toMatchObject({ part: 'BASIC', lead: null, takenBy: null });
    // catalogue, entries page, items, bodies: a constant number of statements however many entries
    expect(t.logger.total - before).toBeLessThanOrEqual(6);
  });

  it('takes part, lead and duty in createEntry / updateEntry, checked like an import', async () => {
    const created: any = await gql.ok(
      `mutation { createEntry(catalogueCode: "370685004-DUTY-2025", input: { item: "ZY-TER-022", part: COOPERATING,
         lead: "370685-JT2", duty: "配合开展校外培训机构排查" }) { part duty lead { code } takenBy { code } } }`,
    );
    expect(created.createEntry).toEqual({
      part: 'COOPERATING',
      duty: '配合开展校外培训机构排查',
      lead: { code: '370685-JT2' },
      takenBy: null,
    });
    const moved: any = await gql.ok(
      `mutation { updateEntry(catalogueCode: "370685004-DUTY-2025", itemCode: "ZY-TER-022", input: { part: RECLAIMED, lead: null, takenBy: "370685-JT2" }) { part lead { code } takenBy { code } } }`,
    );
    expect(moved.updateEntry).toEqual({ part: 'RECLAIMED', lead: null, takenBy: { code: '370685-JT2' } });
    const bad = await gql.run(
      `mutation { updateEntry(catalogueCode: "370685004-DUTY-2025", itemCode: "ZY-TER-022", input: { part: COOPERATING }) { part } }`,
    );
    expect((bad.errors?.[0].extensions?.problems as { path: string }[]).map((p) => p.path)).toContain('input.lead');
    const local = await gql.run(
      `mutation { updateEntry(catalogueCode: "370685-TER-2020", itemCode: "ZY-TER-001", input: { part: BASIC }) { part } }`,
    );
    expect((local.errors?.[0].extensions?.problems as { path: string }[]).map((p) => p.path)).toContain('input.part');
  });

  it('is null for the entries of a 属地管理 list', async () => {
    const d: any = await gql.ok(
      `{ catalogue(code: "370685-TER-2020") { entries(first: 3) { edges { node { part lead { code } takenBy { code } } } } } }`,
    );
    for (const e of d.catalogue.entries.edges) expect(e.node).toEqual({ part: null, lead: null, takenBy: null });
  });
});

describe('dutyList grouped by part', () => {
  it('lists BASIC, COOPERATING, RECLAIMED in order with their counts and entries', async () => {
    const d: any = await gql.ok(`{ dutyList(jurisdictionCode: "370685101", asOf: "2025-06-01") {
      own total counts { part count } parts { part count entries { item { code } lead { code } takenBy { code } } } } }`);
    const l = d.dutyList;
    expect(l.own).toBe(false);
    expect(l.parts.map((p: any) => p.part)).toEqual(['BASIC', 'COOPERATING', 'RECLAIMED']);
    expect(l.parts.map((p: any) => ({ part: p.part, count: p.count }))).toEqual(l.counts);
    expect(l.parts.reduce((n: number, p: any) => n + p.count, 0)).toBe(l.total);
    for (const p of l.parts) expect(p.entries).toHaveLength(p.count);
    const reclaimed = l.parts.find((p: any) => p.part === 'RECLAIMED');
    expect(reclaimed.entries).toContainEqual({ item: { code: 'ZY-TER-012' }, lead: null, takenBy: { code: '370685-SCJG' } });
  });

  it('gives only the part asked for', async () => {
    const d: any = await gql.ok(`{ dutyList(jurisdictionCode: "370685004", asOf: "2025-06-01", part: BASIC) {
      own counts { part count } parts { part count } entries { part } } }`);
    expect(d.dutyList.own).toBe(true);
    expect(d.dutyList.parts).toEqual([d.dutyList.counts.find((c: any) => c.part === 'BASIC')]);
    expect(new Set(d.dutyList.entries.map((e: any) => e.part))).toEqual(new Set(['BASIC']));
  });
});

describe('empowerment mutations', () => {
  const held = async (place: string, asOf: string) =>
    ((await gql.ok(`{ empowerments(jurisdictionCode: "${place}", asOf: "${asOf}") { id item { code } mode validTo } }`)) as any)
      .empowerments;
  const changes = async () =>
    (await t.db.query<{ operation: string; key: string; actor: string }>(
      `select operation, key, actor from change where entity = 'empowerment' order by id`,
    )) as { operation: string; key: string; actor: string }[];

  it('creates, ends (takes back) and deletes an empowerment, each a change in the feed', async () => {
    const created: any = await gql.ok(
      `mutation($i: CreateEmpowermentInput!) { createEmpowerment(input: $i, reason: "赋权") { id rowVersion item { code } scope { code } mode basis validFrom validTo exceptIn } }`,
      { i: { item: 'ZY-TER-012', scope: '370685101', mode: 'ENTRUSTED', basis: ['委托书（演示）'], validFrom: '2026-01-01' } },
    );
    const m = created.createEmpowerment;
    expect(m).toMatchObject({
      rowVersion: 1,
      item: { code: 'ZY-TER-012' },
      scope: { code: '370685101' },
      mode: 'ENTRUSTED',
      basis: ['委托书（演示）'],
      validFrom: '2026-01-01',
      validTo: null,
      exceptIn: [],
    });
    expect(await held('370685101', '2026-06-01')).toContainEqual({
      id: m.id,
      item: { code: 'ZY-TER-012' },
      mode: 'ENTRUSTED',
      validTo: null,
    });
    expect(await held('370685102', '2026-06-01')).not.toContainEqual(expect.objectContaining({ id: m.id }));

    const ended: any = await gql.ok(
      `mutation { updateEmpowerment(id: "${m.id}", input: { validTo: "2026-07-01" }, expectedVersion: 1, reason: "收回") { id rowVersion validTo } }`,
    );
    expect(ended.updateEmpowerment).toEqual({ id: m.id, rowVersion: 2, validTo: '2026-07-01' });
    expect(await held('370685101', '2026-08-01')).not.toContainEqual(expect.objectContaining({ id: m.id }));

    const stale = await gql.run(`mutation { updateEmpowerment(id: "${m.id}", input: { note: "x" }, expectedVersion: 1) { id } }`);
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');

    expect(((await gql.ok(`mutation { deleteEmpowerment(id: "${m.id}", reason: "更正") }`)) as any).deleteEmpowerment).toBe(true);
    const feed = (await changes()).filter((c) => c.key.startsWith('ZY-TER-012|370685101'));
    expect(feed.map((c) => c.operation)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await t.db.query(`select (select count(*) from empowerment) n, (select count(*) from change) c`);
    const cases: [Record<string, unknown>, string][] = [
      [{ item: 'NO-SUCH-ITEM', scope: '370685', mode: 'DELEGATED' }, 'input.item'],
      [{ item: 'ZY-PEN-001', scope: '999999', mode: 'DELEGATED' }, 'input.scope'],
      [
        { item: 'ZY-PEN-001', scope: '370685', mode: 'DELEGATED', validFrom: '2026-01-01', validTo: '2025-01-01' },
        'input.validTo',
      ],
      [{ item: 'ZY-PEN-001', scope: '370685', mode: 'DELEGATED', exceptIn: ['370683'] }, 'input.exceptIn[0]'],
    ];
    for (const [i, field] of cases) {
      const r = await gql.run(`mutation($i: CreateEmpowermentInput!) { createEmpowerment(input: $i) { id } }`, { i });
      expect(r.errors?.[0]).toBeDefined();
      const paths = (r.errors![0].extensions?.problems as { path: string }[] | undefined)?.map((p) => p.path) ?? [];
      expect(paths).toContain(field);
      expect(r.errors![0].message).toMatch(/[\u4e00-\u9fff].*·.*[A-Za-z]/);
    }
    // the same natural key twice: ALREADY_EXISTS, the stored record untouched
    const dup = await gql.run(
      `mutation { createEmpowerment(input: { item: "ZY-PEN-001", scope: "370685", mode: DELEGATED, validFrom: "2025-01-01", note: "改" }) { id } }`,
    );
    expect(dup.errors?.[0].extensions?.code).toBe('CONFLICT');
    const missing = await gql.run(`mutation { deleteEmpowerment(id: "987654") }`);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await t.db.query(`select (select count(*) from empowerment) n, (select count(*) from change) c`)).toEqual(before);
  });
});
