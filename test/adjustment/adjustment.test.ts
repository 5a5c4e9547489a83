import type { Principal } from '../../src/modules/access/access.rules';
import * as adjustments from '../../src/modules/adjustment/adjustment.service';
import { publishCatalogue } from '../../src/modules/version/version.service';
import { fingerprint } from '../helpers/fingerprint';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient, type GqlClient } from '../helpers/graphql';
import { importClean, closeAll } from '../helpers/setup';

/**
 * SPEC §10 动态调整 on the 招远 demo list: the whole story of a township's application, then the refusals
 * (illegal moves, racing approvals, a stale adjustment, roles) and what a rejected one leaves (nothing).
 */

let t: TestDatabase;
let gql: GqlClient;

const LIST = '370685-TER-2020';
const TOWNSHIP = '370685004';
const GOV = `${TOWNSHIP}-GOV`;
const ITEM = 'ZY-CYYY';
const EFFECTIVE = '2027-01-01';
const SUPPORT = {
  item: ITEM,
  scope: TOWNSHIP,
  relative: 'TOWNSHIP_GOVERNMENT',
  role: 'SUPPORTING',
  duty: '配合开展餐饮油烟日常巡查',
  catalogue: LIST,
  validFrom: '2020-06-01',
};
const PRIMARY = {
  item: ITEM,
  scope: '370685',
  body: '370685-STHJ',
  role: 'PRIMARY',
  duty: '负责餐饮油烟污染监管和依法查处',
  catalogue: LIST,
  validFrom: '2020-06-01',
  // at this 街道 the county department hands the work over; only the 街道's support remains
  exceptIn: [TOWNSHIP],
};

const TOWNSHIP_EDITOR: Principal = { subject: '温泉街道清单编辑', role: 'EDITOR', scope: TOWNSHIP };
const REVIEWER: Principal = { subject: '招远市委编办', role: 'REVIEWER', scope: '370685' };
const as = (body: string): Principal => ({ subject: body, role: 'VIEWER', scope: '370685' });

beforeAll(async () => {
  t = await openTestDatabase();
  const doc = demo();
  doc.items.push({ code: ITEM, name: '餐饮油烟治理', domain: '生态环境', category: 'TERRITORIAL' });
  doc.catalogues[0].entries.push({ item: ITEM });
  doc.assignments.push(SUPPORT, PRIMARY);
  const [gov] = await t.db.query(`select code from body where code = $1`, [GOV]);
  if (!gov) doc.bodies.push({ code: GOV, name: '温泉街道办事处', jurisdiction: TOWNSHIP, kind: 'GOVERNMENT' });
  await importClean(t.db, doc);
  await publishCatalogue(t.db, LIST, { note: '首次发布' });
  gql = await graphqlClient(t.db);
});
afterAll(() => closeAll(gql, t));

/** 取消: the 街道's support ends on the effective date (the past stays as it was). */
const removeSupport = (effective = EFFECTIVE) => ({
  catalogue: LIST,
  applicant: GOV,
  reason: '餐饮油烟治理不再列入本街道配合事项',
  basis: ['《招远市属地管理事项动态调整办法》'],
  trigger: 'PRACTICE',
  triggeredOn: '2026-12-01',
  effectiveFrom: effective,
  changes: [{ label: 'REMOVE', document: { format: 'shudi-catalogue/1', assignments: [{ ...SUPPORT, validTo: effective }] } }],
});

const FIELDS = `id number state revision appliedVersion overrideReason decidedBy
  opinions { body agrees text answeredBy }
  impact { effectiveFrom added { kind item place } removed { kind item place } counts { kind added removed } problems { path message } }`;

const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

async function flagsAt(date: string) {
  const r = await gql.ok(
    `query($d: Date) { responsibilityFlags(scopeCode: "370685", itemCode: "${ITEM}", asOf: $d, first: 100) { edges { node { kind jurisdiction { code } } } } }`,
    { d: date },
  );
  return (r as any).responsibilityFlags.edges.map((e: any) => `${e.node.kind}|${e.node.jurisdiction.code}`).sort();
}

describe('the 招远 story (动态调整)', () => {
  it('a township applies, two departments are consulted, one disagrees, the reviewer overrides, it applies as version 2', async () => {
    // 申请: the 街道's EDITOR applies for its own support list
    const created = await gql.run(
      `mutation($i: AdjustmentInput!) { createAdjustment(input: $i, submit: true, reason: "街道申请") { ${FIELDS} } }`,
      { i: removeSupport() },
      TOWNSHIP_EDITOR,
    );
    expect(created.errors).toBeUndefined();
    const a = created.data.createAdjustment;
    expect(a.state).toBe('SUBMITTED');

    // 影响预览: the 街道's support was all there was, so the gap changes kind
    const before = await flagsAt(EFFECTIVE);
    expect(a.impact.added).toEqual([{ kind: 'GAP_NO_HOLDER', item: ITEM, place: TOWNSHIP }]);
    expect(a.impact.removed).toEqual([{ kind: 'GAP_SUPPORT_ONLY', item: ITEM, place: TOWNSHIP }]);
    expect(a.impact.counts).toEqual([
      { kind: 'GAP_NO_HOLDER', added: 1, removed: 0 },
      { kind: 'GAP_SUPPORT_ONLY', added: 0, removed: 1 },
    ]);
    // the preview wrote nothing
    expect(await flagsAt(EFFECTIVE)).toEqual(before);

    // 会商: two departments
    const consulted = await gql.run(
      `mutation { consultAdjustment(id: "${a.id}", bodies: ["370685-STHJ", "370685-ZHZF"], reason: "会商") { state opinions { body agrees } } }`,
      {},
      REVIEWER,
    );
    expect(consulted.data.consultAdjustment).toEqual({
      state: 'CONSULTING',
      opinions: [
        { body: '370685-STHJ', agrees: null },
        { body: '370685-ZHZF', agrees: null },
      ],
    });
    const agree = await gql.run(
      `mutation { answerAdjustment(id: "${a.id}", agrees: true, text: "同意") { state } }`,
      {},
      as('370685-STHJ'),
    );
    expect(agree.errors).toBeUndefined();
    const disagree = await gql.run(
      `mutation { answerAdjustment(id: "${a.id}", agrees: false, text: "街道仍应配合巡查") { opinions { body agrees text answeredBy } } }`,
      {},
      as('370685-ZHZF'),
    );
    expect(disagree.data.answerAdjustment.opinions).toEqual([
      { body: '370685-STHJ', agrees: true, text: '同意', answeredBy: '370685-STHJ' },
      { body: '370685-ZHZF', agrees: false, text: '街道仍应配合巡查', answeredBy: '370685-ZHZF' },
    ]);

    // 批准: refused without an override while one disagrees; approved with one
    const refused = await gql.run(`mutation { approveAdjustment(id: "${a.id}") { state } }`, {}, REVIEWER);
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].message).toContain('370685-ZHZF');
    const approved = await gql.run(
      `mutation { approveAdjustment(id: "${a.id}", override: "巡查职责已由综合执法队承担") { state overrideReason decidedBy } }`,
      {},
      REVIEWER,
    );
    expect(approved.data.approveAdjustment).toEqual({
      state: 'APPROVED',
      overrideReason: '巡查职责已由综合执法队承担',
      decidedBy: '招远市委编办',
    });

    // 实施: the records written, version 2 published naming the adjustment, the flags are the preview's
    const applied = await gql.run(
      `mutation { applyAdjustment(id: "${a.id}", reason: "市政府批准") { ${FIELDS} } }`,
      {},
      REVIEWER,
    );
    expect(applied.errors).toBeUndefined();
    expect(applied.data.applyAdjustment).toMatchObject({ state: 'APPLIED', appliedVersion: 2 });
    expect(applied.data.applyAdjustment.impact).toEqual(a.impact);
    const after = await flagsAt(EFFECTIVE);
    const expected = before
      .filter((f: string) => !a.impact.removed.some((r: any) => `${r.kind}|${r.place}` === f))
      .concat(a.impact.added.map((r: any) => `${r.kind}|${r.place}`))
      .sort();
    expect(after).toEqual(expected);
    // the past is unchanged: the day before, the 街道 still supports
    expect(await flagsAt('2026-12-31')).toEqual(before);

    const v = await gql.ok(
      `{ catalogueVersion(code: "${LIST}", version: 2) { version publishedOn adjustment { id state } content } }`,
    );
    expect((v as any).catalogueVersion).toMatchObject({
      version: 2,
      publishedOn: EFFECTIVE,
      adjustment: { id: a.id, state: 'APPLIED' },
    });
    const support = (v as any).catalogueVersion.content.assignments.find((x: any) => x.item === ITEM && x.role === 'SUPPORTING');
    expect(support.validTo).toBe(EFFECTIVE);

    // every step is in the change feed, with actor and reason
    const feed = await t.db.query<{ actor: string; reason: string | null; state: string }>(
      `select actor, reason, after->>'state' as state from change where entity = 'adjustment' and key = $1 order by id`,
      [a.number],
    );
    expect(feed.map((f) => [f.state, f.actor])).toEqual([
      ['DRAFT', '温泉街道清单编辑'],
      ['SUBMITTED', '温泉街道清单编辑'],
      ['CONSULTING', '招远市委编办'],
      ['CONSULTING', '370685-STHJ'],
      ['CONSULTING', '370685-ZHZF'],
      ['APPROVED', '招远市委编办'],
      ['APPLIED', '招远市委编办'],
    ]);
    const [written] = await t.db.query<{ actor: string; reason: string }>(
      `select actor, reason from change where entity = 'assignment' order by id desc limit 1`,
    );
    expect(written.actor).toBe('招远市委编办');
    expect(written.reason).toContain(`#${a.number}`);
    // the global id carries the type: never a bare number an assignment id could be
    expect(a.id).not.toMatch(/^\d+$/);
    expect(Buffer.from(a.id, 'base64').toString()).toBe(`Adjustment:${a.number}`);
  });
});

describe('refusals', () => {
  const draft = async (effective = '2027-02-01') => (await adjustments.createAdjustment(t.db, removeSupportOf(effective))).id;
  /** Each case changes its own record (a distinct validFrom), so cases never go stale because of another. */
  let n = 0;
  function removeSupportOf(effective: string) {
    n++;
    const own = { ...SUPPORT, duty: `配合${n}`, validFrom: `2021-01-${String(n).padStart(2, '0')}` };
    return {
      ...removeSupport(effective),
      changes: [{ label: 'ADD', document: { format: 'shudi-catalogue/1', assignments: [own] } }],
    };
  }

  it('moves only as SPEC §10 allows (CONFLICT otherwise), and nothing of a rejected or withdrawn one reaches a list', async () => {
    const lists = await fingerprint(t.db);
    const a = await draft();
    for (const m of [
      `approveAdjustment(id: "${a}")`,
      `consultAdjustment(id: "${a}", bodies: ["370685-STHJ"])`,
      `applyAdjustment(id: "${a}")`,
    ]) {
      const r = await gql.run(`mutation { ${m} { state } }`, {}, REVIEWER);
      expect(code(r)).toBe('CONFLICT');
      expect(r.errors![0].message).toMatch(/DRAFT/);
    }
    await adjustments.submitAdjustment(t.db, a);
    expect(code(await gql.run(`mutation { submitAdjustment(id: "${a}") { state } }`, {}, REVIEWER))).toBe('CONFLICT');
    await adjustments.rejectAdjustment(t.db, a, { reason: '不符合条件' });
    for (const m of [
      `submitAdjustment(id: "${a}")`,
      `withdrawAdjustment(id: "${a}", reason: "x")`,
      `approveAdjustment(id: "${a}")`,
      `applyAdjustment(id: "${a}")`,
    ]) {
      expect(code(await gql.run(`mutation { ${m} { state } }`, {}, REVIEWER))).toBe('CONFLICT');
    }
    const w = await draft();
    await adjustments.submitAdjustment(t.db, w);
    await adjustments.withdrawAdjustment(t.db, w, { reason: '撤回' });
    expect(code(await gql.run(`mutation { approveAdjustment(id: "${w}") { state } }`, {}, REVIEWER))).toBe('CONFLICT');
    // the lists, versions and flags are as before (only the feed grew, with the adjustments' own steps)
    const now = await fingerprint(t.db);
    expect({ ...now, change: null, meta: null }).toEqual({ ...lists, change: null, meta: null });
  });

  it('an effective date before today is refused, naming the field', async () => {
    const r = await gql.run(
      `mutation($i: AdjustmentInput!) { createAdjustment(input: $i) { id } }`,
      { i: removeSupport('2020-01-01') },
      TOWNSHIP_EDITOR,
    );
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toContain('2020-01-01');
    expect(r.errors![0].message).toContain('effectiveFrom');
  });

  it('racing approvals: one wins, the other gets CONFLICT', async () => {
    const a = await draft();
    await adjustments.submitAdjustment(t.db, a);
    const results = await Promise.all(
      [1, 2].map(() => gql.run(`mutation { approveAdjustment(id: "${a}", reason: "批准") { state } }`, {}, REVIEWER)),
    );
    expect(results.map((r) => (r.errors ? code(r) : r.data.approveAdjustment.state)).sort()).toEqual(['APPROVED', 'CONFLICT']);
    // a stale revision is a CONFLICT too
    const b = await draft();
    const s = await adjustments.submitAdjustment(t.db, b);
    const r = await gql.run(
      `mutation { rejectAdjustment(id: "${b}", reason: "x", expectedRevision: ${s.revision - 1}) { state } }`,
      {},
      REVIEWER,
    );
    expect(code(r)).toBe('CONFLICT');
  });

  it('a stale adjustment (its records changed after submission) is refused, naming them', async () => {
    const a = await adjustments.createAdjustment(t.db, removeSupport('2027-03-01'), { submit: true });
    await adjustments.approveAdjustment(t.db, a.id);
    // meanwhile someone edits the same assignment directly
    const doc = { format: 'shudi-catalogue/1', assignments: [{ ...SUPPORT, duty: '配合开展餐饮油烟巡查（修订）' }] };
    await importClean(t.db, doc, { actor: '另一位编辑' });
    const before = await fingerprint(t.db);
    const r = await gql.run(`mutation { applyAdjustment(id: "${a.id}") { state } }`, {}, REVIEWER);
    expect(code(r)).toBe('CONFLICT');
    expect(r.errors![0].message).toContain(`assignment "${ITEM}|${TOWNSHIP}|@TOWNSHIP_GOVERNMENT|SUPPORTING|2020-06-01"`);
    expect(r.errors![0].message).toContain('另一位编辑');
    expect(await fingerprint(t.db)).toEqual(before);
  });

  it('refuses roles: a viewer applying, a township editor reviewing, a county outside, a body not consulted', async () => {
    const viewer = await gql.run(
      `mutation($i: AdjustmentInput!) { createAdjustment(input: $i) { id } }`,
      { i: removeSupport() },
      as('370685-STHJ'),
    );
    expect(code(viewer)).toBe('FORBIDDEN');
    const laizhou: Principal = { subject: '莱州市编辑', role: 'EDITOR', scope: '370683' };
    expect(
      code(
        await gql.run(`mutation($i: AdjustmentInput!) { createAdjustment(input: $i) { id } }`, { i: removeSupport() }, laizhou),
      ),
    ).toBe('FORBIDDEN');
    const a = await draft();
    expect(code(await gql.run(`mutation { submitAdjustment(id: "${a}") { state } }`, {}, laizhou))).toBe('FORBIDDEN');
    await adjustments.submitAdjustment(t.db, a);
    expect(code(await gql.run(`mutation { approveAdjustment(id: "${a}") { state } }`, {}, TOWNSHIP_EDITOR))).toBe('FORBIDDEN');
    const laizhouReviewer: Principal = { subject: '莱州市委编办', role: 'REVIEWER', scope: '370683' };
    expect(code(await gql.run(`mutation { approveAdjustment(id: "${a}") { state } }`, {}, laizhouReviewer))).toBe('FORBIDDEN');
    await adjustments.consultAdjustment(t.db, a, ['370685-STHJ']);
    expect(code(await gql.run(`mutation { answerAdjustment(id: "${a}", agrees: true) { state } }`, {}, as('370685-ZHZF')))).toBe(
      'FORBIDDEN',
    );
    expect(code(await gql.run(`mutation { answerAdjustment(id: "${a}", agrees: false) { state } }`, {}, as('370685-STHJ')))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('lists a scope’s adjustments by state and applicant, as a connection', async () => {
    const r: any = await gql.ok(
      `{ adjustments(scopeCode: "${TOWNSHIP}", states: [APPLIED], applicant: "${GOV}", first: 5) { totalCount edges { node { state applicant } } } }`,
    );
    expect(r.adjustments.totalCount).toBe(1);
    expect(r.adjustments.edges[0].node).toEqual({ state: 'APPLIED', applicant: GOV });
    const all: any = await gql.ok(
      `{ adjustments(scopeCode: "370685", first: 2) { totalCount pageInfo { hasNextPage endCursor } } }`,
    );
    expect(all.adjustments.totalCount).toBeGreaterThan(2);
    expect(all.adjustments.pageInfo.hasNextPage).toBe(true);
    const none: any = await gql.ok(`{ adjustments(scopeCode: "370683") { totalCount } }`);
    expect(none.adjustments.totalCount).toBe(0);
  });
});

describe('npm run cli -- adjust', () => {
  it('files a document as a submitted adjustment and prints its impact; a bad date exits 2 and writes nothing', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'adjust-')), 'change.json');
    const own = { ...SUPPORT, duty: '配合（命令行）', validFrom: '2022-02-02' };
    fs.writeFileSync(file, JSON.stringify({ format: 'shudi-catalogue/1', assignments: [own] }));
    const args = ['adjust', file, '--catalogue', LIST, '--applicant', GOV, '--reason', '命令行申请', '--trigger', 'POLICY'];
    const env = { DATABASE_URL: t.url };
    const ok = await runCli([...args, '--effective-from', '2027-05-01', '--label', 'ADD', '--basis', '某文件'], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out).toMatchObject({ state: 'SUBMITTED', impact: { effectiveFrom: '2027-05-01', problems: [] } });
    const [row] = await t.db.query<{ state: string; changes: unknown }>(`select state, changes from adjustment where id = $1`, [
      out.id,
    ]);
    expect(row).toEqual({
      state: 'SUBMITTED',
      changes: [{ label: 'ADD', document: { format: 'shudi-catalogue/1', assignments: [own] } }],
    });
    const before = await t.db.query(`select count(*)::int as n from adjustment`);
    const bad = await runCli([...args, '--effective-from', '2001-01-01'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('effectiveFrom');
    expect(await t.db.query(`select count(*)::int as n from adjustment`)).toEqual(before);
  }, 240_000); // two CLI processes transpiling the sources: slow on a loaded machine
});

describe('admission (准入)', () => {
  it('a duty outside the lists names the pending adjustment that would list it, while it is pending', async () => {
    const item = 'ZY-ADMIT';
    const doc = {
      format: 'shudi-catalogue/1',
      items: [{ code: item, name: '燃气安全巡查', domain: '安全生产', category: 'TERRITORIAL' }],
      assignments: [{ ...SUPPORT, item, duty: '配合燃气安全巡查' }],
    };
    await importClean(t.db, doc);
    const FLAG = `{ responsibilityFlags(scopeCode: "${TOWNSHIP}", itemCode: "${item}", kinds: [UNLISTED_TOWNSHIP_DUTY], first: 5) {
      edges { node { kind pendingAdmission { number state } } } } }`;
    const flag = async () => ((await gql.ok(FLAG)) as any).responsibilityFlags.edges.map((e: any) => e.node);
    expect(await flag()).toEqual([{ kind: 'UNLISTED_TOWNSHIP_DUTY', pendingAdmission: null }]);

    const catalogue = demo().catalogues[0];
    delete catalogue.entries;
    const admit = {
      ...removeSupport('2027-06-01'),
      reason: '将燃气安全巡查列入本街道配合事项（准入）',
      changes: [{ label: 'ADD', document: { format: 'shudi-catalogue/1', catalogues: [{ ...catalogue, entries: [{ item }] }] } }],
    };
    const a = await adjustments.createAdjustment(t.db, admit);
    expect(await flag()).toEqual([{ kind: 'UNLISTED_TOWNSHIP_DUTY', pendingAdmission: null }]); // a draft is not pending
    await adjustments.submitAdjustment(t.db, a.id);
    expect(await flag()).toEqual([{ kind: 'UNLISTED_TOWNSHIP_DUTY', pendingAdmission: { number: a.id, state: 'SUBMITTED' } }]);
    await adjustments.withdrawAdjustment(t.db, a.id, { reason: '撤回' });
    expect(await flag()).toEqual([{ kind: 'UNLISTED_TOWNSHIP_DUTY', pendingAdmission: null }]);
  });
});
