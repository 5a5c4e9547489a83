import ExcelJS from 'exceljs';
import type { Principal } from '../../src/modules/access/access.rules';
import * as adjustments from '../../src/modules/adjustment/adjustment.service';
import * as disputes from '../../src/modules/dispute/dispute.service';
import { exportRulings } from '../../src/modules/dispute/dispute.export';
import { importDocument } from '../../src/modules/exchange/import.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient } from '../helpers/graphql';
import { startServer, type TestServer } from '../helpers/http';

/**
 * SPEC §10 职责争议: a dispute between a county department and a 街道 over 餐饮油烟治理 is raised, both state
 * their case, the 编办 rules and the ruling's adjustment is created (linked both ways); then the refusals,
 * the time limit on working days, the rulings list (query and workbook) and the global ids.
 */

let t: TestDatabase;
let gql: Awaited<ReturnType<typeof graphqlClient>>;

const LIST = '370685-TER-2020';
const TOWNSHIP = '370685004';
const GOV = `${TOWNSHIP}-GOV`;
const DEPT = '370685-STHJ';
const ITEM = 'ZY-CYYY';
const SUPPORT = {
  item: ITEM,
  scope: TOWNSHIP,
  relative: 'TOWNSHIP_GOVERNMENT',
  role: 'SUPPORTING',
  duty: '配合开展餐饮油烟日常巡查',
  catalogue: LIST,
  validFrom: '2020-06-01',
};

const EDITOR: Principal = { subject: '生态环境局清单编辑', role: 'EDITOR', scope: '370685' };
const TOWNSHIP_EDITOR: Principal = { subject: '温泉街道清单编辑', role: 'EDITOR', scope: TOWNSHIP };
const REVIEWER: Principal = { subject: '招远市委编办', role: 'REVIEWER', scope: '370685' };
const LAIZHOU_REVIEWER: Principal = { subject: '莱州市委编办', role: 'REVIEWER', scope: '370683' };
const party = (body: string): Principal => ({ subject: body, role: 'VIEWER', scope: '370685' });
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  t = await openTestDatabase();
  const doc = demo();
  doc.items.push({ code: ITEM, name: '餐饮油烟治理', domain: '生态环境', category: 'TERRITORIAL' });
  doc.catalogues[0].entries.push({ item: ITEM });
  doc.assignments.push(SUPPORT);
  const [gov] = await t.db.query(`select code from body where code = $1`, [GOV]);
  if (!gov) doc.bodies.push({ code: GOV, name: '温泉街道办事处', jurisdiction: TOWNSHIP, kind: 'GOVERNMENT' });
  expect((await importDocument(t.db, doc)).problems).toEqual([]);
  gql = await graphqlClient(t.db);
});
afterAll(async () => {
  await gql?.stop();
  await t?.close();
});

const INPUT = {
  item: ITEM,
  subject: '餐饮油烟日常巡查由谁承担',
  places: [TOWNSHIP],
  parties: [DEPT, GOV],
  raisedBy: GOV,
  statement: '街道无执法力量，巡查应由生态环境分局承担',
};
const FIELDS = `id number state item places parties raisedBy scope openedOn decision rulingBasis ruledBy ruledOn revision
  statements { body text madeBy } adjustment { id number state dispute { number } } ruleBy { day provisional }`;

const ruling = (effective = '2027-03-01') => ({
  decision: '巡查由生态环境分局承担，街道不再配合',
  basis: ['《招远市职责争议裁定办法》第五条'],
  adjustment: {
    catalogue: LIST,
    applicant: DEPT,
    reason: '落实职责争议裁定',
    trigger: 'PRACTICE',
    effectiveFrom: effective,
    changes: [{ label: 'REMOVE', document: { format: 'shudi-catalogue/1', assignments: [{ ...SUPPORT, validTo: effective }] } }],
  },
});

describe('a dispute from raising to ruling', () => {
  it('is raised, stated, ruled; the ruling creates the adjustment that carries it out, linked both ways', async () => {
    const opened = await gql.run(
      `mutation($i: DisputeInput!) { openDispute(input: $i) { ${FIELDS} } }`,
      { i: INPUT },
      TOWNSHIP_EDITOR,
    );
    expect(opened.errors).toBeUndefined();
    const d = opened.data.openDispute;
    expect(d).toMatchObject({ state: 'OPEN', item: ITEM, places: [TOWNSHIP], parties: [DEPT, GOV].sort(), scope: TOWNSHIP });
    expect(d.statements).toEqual([{ body: GOV, text: INPUT.statement, madeBy: '温泉街道清单编辑' }]);
    expect(d.adjustment).toBeNull();

    // the other party answers with its own token
    const stated = await gql.run(
      `mutation { addDisputeStatement(id: "${d.id}", text: "巡查属街道属地责任") { statements { body text } } }`,
      {},
      party(DEPT),
    );
    expect(stated.errors).toBeUndefined();
    expect(stated.data.addDisputeStatement.statements.map((s: any) => s.body)).toEqual([GOV, DEPT]);
    // a body that is not a party may not
    const stranger = await gql.run(
      `mutation { addDisputeStatement(id: "${d.id}", text: "x") { state } }`,
      {},
      party('370685-ZHZF'),
    );
    expect(code(stranger)).toBe('FORBIDDEN');

    // while open, the existing division stands: nothing of the lists changed
    const [support] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from assignment where item_code = $1 and role = 'SUPPORTING' and valid_to is null`,
      [ITEM],
    );
    expect(support.n).toBe(1);

    const ruled = await gql.run(
      `mutation($r: RulingInput!) { ruleDispute(id: "${d.id}", ruling: $r, reason: "编办裁定") { ${FIELDS} } }`,
      { r: ruling() },
      REVIEWER,
    );
    expect(ruled.errors).toBeUndefined();
    const r = ruled.data.ruleDispute;
    expect(r).toMatchObject({
      state: 'RULED',
      decision: ruling().decision,
      rulingBasis: ruling().basis,
      ruledBy: '招远市委编办',
      adjustment: { state: 'SUBMITTED', dispute: { number: d.number } },
    });
    // the adjustment takes the normal road: approve and apply it; the list changes only then
    const a = r.adjustment;
    await adjustments.approveAdjustment(t.db, a.number, { actor: '招远市委编办' });
    const applied = await adjustments.applyAdjustment(t.db, a.number, { actor: '招远市委编办' });
    expect(applied.state).toBe('APPLIED');
    expect(applied.dispute).toBe(d.number);

    // every state change in the feed with actor and reason
    const feed = await t.db.query<{ actor: string; reason: string; state: string }>(
      `select actor, reason, after->>'state' as state from change where entity = 'dispute' and key = $1 order by id`,
      [d.number],
    );
    expect(feed.map((f) => [f.state, f.actor])).toEqual([
      ['OPEN', '温泉街道清单编辑'],
      ['OPEN', DEPT],
      ['RULED', '招远市委编办'],
    ]);
    expect(feed[2].reason).toBe('编办裁定');
    expect(feed[0].reason).toBe(INPUT.subject);

    // illegal moves: nothing leaves RULED
    for (const m of [
      `withdrawDispute(id: "${d.id}", reason: "x")`,
      `addDisputeStatement(id: "${d.id}", text: "x")`,
      `ruleDispute(id: "${d.id}", ruling: { decision: "再裁" })`,
    ]) {
      const again = await gql.run(`mutation { ${m} { state } }`, {}, m.startsWith('add') ? party(DEPT) : REVIEWER);
      expect(code(again)).toBe('CONFLICT');
      expect(again.errors![0].message).toContain('已裁定');
    }
  });

  it('refuses what is not allowed, and a refused ruling writes nothing', async () => {
    const d = await disputes.openDispute(t.db, { ...INPUT, statement: null });
    // the reviewer of another county may not rule
    const elsewhere = await gql.run(
      `mutation { ruleDispute(id: "${d.id}", ruling: { decision: "x" }) { state } }`,
      {},
      LAIZHOU_REVIEWER,
    );
    expect(code(elsewhere)).toBe('FORBIDDEN');
    // an EDITOR may not rule
    expect(code(await gql.run(`mutation { ruleDispute(id: "${d.id}", ruling: { decision: "x" }) { state } }`, {}, EDITOR))).toBe(
      'FORBIDDEN',
    );
    // a ruling whose adjustment is bad leaves the dispute open and writes no adjustment
    const before = await t.db.query(`select count(*)::int as n from adjustment`);
    const badRuling = ruling('2020-01-01');
    const bad = await gql.run(
      `mutation($r: RulingInput!) { ruleDispute(id: "${d.id}", ruling: $r) { state } }`,
      { r: badRuling },
      REVIEWER,
    );
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'ruling.adjustment.effectiveFrom' })]),
    );
    expect(await t.db.query(`select count(*)::int as n from adjustment`)).toEqual(before);
    expect((await gql.ok(`{ dispute(id: "${d.id}") { state revision } }`)).dispute).toEqual({ state: 'OPEN', revision: 1 });
    // a stale revision is a CONFLICT
    const stale = await gql.run(
      `mutation { withdrawDispute(id: "${d.id}", reason: "x", expectedRevision: 7) { state } }`,
      {},
      TOWNSHIP_EDITOR,
    );
    expect(code(stale)).toBe('CONFLICT');
    // withdrawn by the raising party's EDITOR, and then nothing moves
    const w = await gql.run(`mutation { withdrawDispute(id: "${d.id}", reason: "已协商一致") { state } }`, {}, TOWNSHIP_EDITOR);
    expect(w.data.withdrawDispute.state).toBe('WITHDRAWN');
    const after = await gql.run(`mutation { ruleDispute(id: "${d.id}", ruling: { decision: "x" }) { state } }`, {}, REVIEWER);
    expect(code(after)).toBe('CONFLICT');
  });

  it.each([
    [{ parties: [DEPT] }, 'input.parties'],
    [{ raisedBy: '370685-ZHZF' }, 'input.raisedBy'],
    [{ places: [] }, 'input.places'],
    [{ places: ['999999999'] }, 'input.places[0]'],
    [{ item: 'NO-SUCH' }, 'input.item'],
    [{ subject: ' ' }, 'input.subject'],
  ])('refuses a bad dispute %j naming %s', async (change, path) => {
    const r = await gql.run(
      `mutation($i: DisputeInput!) { openDispute(input: $i) { state } }`,
      { i: { ...INPUT, ...change } },
      EDITOR,
    );
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('racing rulings: one wins, the other gets CONFLICT and writes nothing', async () => {
    const d = await disputes.openDispute(t.db, { ...INPUT, statement: null });
    const who = { actor: REVIEWER.subject, principal: REVIEWER };
    const results = await Promise.allSettled([
      disputes.ruleDispute(t.db, d.id, { decision: '甲' }, who),
      disputes.ruleDispute(t.db, d.id, { decision: '乙' }, who),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason.code).toBe('DISPUTE_STATE');
    const feed = await t.db.query(`select count(*)::int as n from change where entity = 'dispute' and key = $1`, [d.id]);
    expect(feed).toEqual([{ n: 2 }]); // opened, ruled once
  });

  it('a dispute across two counties is ruled only by a reviewer whose scope holds both', async () => {
    const d = await disputes.openDispute(t.db, { ...INPUT, places: [TOWNSHIP, '370683001'] });
    expect(d.scope).toBe('370600');
    const r = await gql.run(
      `mutation { ruleDispute(id: "${d.number}", ruling: { decision: "维持原分工" }) { state } }`,
      {},
      REVIEWER,
    );
    expect(code(r)).toBe('FORBIDDEN');
    const city: Principal = { subject: '烟台市委编办', role: 'REVIEWER', scope: '370600' };
    const ok = await gql.run(
      `mutation { ruleDispute(id: "${d.number}", ruling: { decision: "维持原分工" }) { state adjustment { id } } }`,
      {},
      city,
    );
    expect(ok.data.ruleDispute).toEqual({ state: 'RULED', adjustment: null });
  });
});

describe('time limits on working days', () => {
  it('an open dispute is overdue after 15 working days (国庆 2025 and its 调休 Saturday counted)', async () => {
    const d = await disputes.openDispute(t.db, { ...INPUT, subject: '超期测试' });
    await t.db.query(`update dispute set opened_on = '2025-09-26' where id = $1`, [d.id]);
    const q = (asOf: string) =>
      gql.ok(
        `{ disputes(scopeCode: "370685", overdue: true, asOf: "${asOf}") { totalCount edges { node { number ruleBy { day provisional } overdue(asOf: "${asOf}") } } } }`,
      );
    // 28 Sep (调休) 29 30 | 1–8 Oct holiday | 9 10 11 (调休) 13–17 20–23: the 15th working day is 23 October
    expect(((await q('2025-10-23')) as any).disputes.edges.map((e: any) => e.node.number)).not.toContain(d.number);
    const late = (await q('2025-10-24')) as any;
    expect(late.disputes.edges).toContainEqual({
      node: { number: d.number, ruleBy: { day: '2025-10-23', provisional: false }, overdue: true },
    });
    const within = (await gql.ok(
      `{ disputes(scopeCode: "370685", overdue: false, asOf: "2025-10-24") { edges { node { number } } } }`,
    )) as any;
    expect(within.disputes.edges.map((e: any) => e.node.number)).not.toContain(d.number);
  });

  it('a draft adjustment is overdue 10 working days after its trigger; under review, 15 after submission', async () => {
    const a = await adjustments.createAdjustment(t.db, {
      ...ruling().adjustment,
      triggeredOn: '2025-09-26',
      effectiveFrom: '2027-04-01',
    });
    const q = async (asOf: string) =>
      (
        (await gql.ok(
          `{ adjustments(scopeCode: "370685", overdue: true, asOf: "${asOf}") { edges { node { number applyBy { day } } } } }`,
        )) as any
      ).adjustments.edges.map((e: any) => e.node);
    expect(await q('2025-10-16')).not.toContainEqual(expect.objectContaining({ number: a.number }));
    expect(await q('2025-10-17')).toContainEqual({ number: a.number, applyBy: { day: '2025-10-16' } });
    // submitted: the application limit no longer runs; the review limit counts from the day it was submitted
    await adjustments.submitAdjustment(t.db, a.number);
    await t.db.query(`update adjustment set submitted_at = '2025-09-30 10:00+08' where id = $1`, [a.number]);
    expect(await q('2025-10-28')).not.toContainEqual(expect.objectContaining({ number: a.number }));
    expect(await q('2025-10-29')).toContainEqual(expect.objectContaining({ number: a.number }));
    const one = (await gql.ok(`{ adjustment(id: "${a.number}") { reviewBy { day } overdue(asOf: "2025-10-29") } }`)) as any;
    expect(one.adjustment).toEqual({ reviewBy: { day: '2025-10-28' }, overdue: true });
  });
});

describe('the rulings list (裁定清单)', () => {
  let server: TestServer;
  afterAll(() => server?.stop());

  it('is a connection of the RULED disputes of a scope, and a workbook with bilingual headers', async () => {
    const list = (await gql.ok(
      `{ disputes(scopeCode: "370685", states: [RULED], first: 50) { totalCount edges { node { number state decision } } } }`,
    )) as any;
    expect(list.disputes.totalCount).toBeGreaterThanOrEqual(2);
    expect(list.disputes.edges.every((e: any) => e.node.state === 'RULED')).toBe(true);
    // the township's list holds the disputes about it; another county's holds none of them
    const laizhou = (await gql.ok(`{ disputes(scopeCode: "370683", states: [RULED]) { totalCount } }`)) as any;
    expect(laizhou.disputes.totalCount).toBe(1); // the one across both counties

    const file = await exportRulings(t.db, '370685', { asOf: '2026-12-06' });
    expect(file.filename).toBe('370685-裁定清单-2026-12-06.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as never);
    const ws = wb.getWorksheet('裁定清单')!;
    expect(ws.getRow(1).getCell(1).value).toBe('争议编号 · No.');
    expect(ws.getRow(1).getCell(12).value).toBe('裁定结论 · Decision');
    expect(ws.rowCount - 1).toBe(list.disputes.totalCount);
    const first = ws.getRow(2).values as unknown[];
    expect(first).toContain('巡查由生态环境分局承担，街道不再配合');
    expect(first).toContain(`${GOV} 温泉街道办事处`);

    server = await startServer(t.db);
    const res = await fetch(`${server.base}/rulings/370685.xlsx?asOf=2026-12-06`, { headers: { authorization: server.admin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const badState = await fetch(`${server.base}/rulings/370685.xlsx?states=DONE`, { headers: { authorization: server.admin } });
    expect(badState.status).toBe(400);
    expect(((await badState.json()) as any).error.message).toContain('"DONE"');
  });

  it('gives disputes and adjustments global ids that carry their type (never an assignment id)', async () => {
    const r = (await gql.ok(
      `{ disputes(scopeCode: "370685", states: [RULED], first: 1) { edges { node { id number adjustment { id number } } } } }`,
    )) as any;
    const d = r.disputes.edges[0].node;
    expect(Buffer.from(d.id, 'base64').toString()).toBe(`Dispute:${d.number}`);
    expect(Buffer.from(d.adjustment.id, 'base64').toString()).toBe(`Adjustment:${d.adjustment.number}`);
    const nodes = (await gql.ok(
      `{ nodes(ids: ["${d.id}", "${d.adjustment.id}", "${d.adjustment.number}"]) { __typename id } }`,
    )) as any;
    // the bare number is an assignment's id (or nothing), never the adjustment
    expect(nodes.nodes[0]).toEqual({ __typename: 'Dispute', id: d.id });
    expect(nodes.nodes[1]).toEqual({ __typename: 'Adjustment', id: d.adjustment.id });
    expect(nodes.nodes[2]?.__typename ?? null).not.toBe('Adjustment');
  });
});
