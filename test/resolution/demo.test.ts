import type { TestDatabase } from '../helpers/db';
import { demo, type GqlClient } from '../helpers/graphql';
import { todayInChina } from '../../src/dates';
import { openSeededGraphql, closeAll } from '../helpers/setup';

/** The demo list (../shared/samples) as SPEC.md reads it. */
let t: TestDatabase;
let gql: GqlClient;
beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([demo()]));
});
afterAll(() => closeAll(gql, t));

const TODAY = '2026-11-23';
const FLAGS = `query($scope: String!, $asOf: Date, $first: Int, $after: String, $kinds: [FlagKind!], $item: String, $body: String,
  $domain: String, $ack: Boolean) {
  responsibilityFlags(scopeCode: $scope, asOf: $asOf, first: $first, after: $after, kinds: $kinds, itemCode: $item,
    bodyCode: $body, domain: $domain, includeAcknowledged: $ack) {
    totalCount countsByKind { kind count }
    edges { cursor node { kind item { code } jurisdiction { code } bodies { code } acknowledged acknowledgement { reason } } }
    pageInfo { hasNextPage endCursor } } }`;

type FlagEdge = { node: { kind: string; item: { code: string }; jurisdiction: { code: string }; bodies: { code: string }[] } };
const key = (e: FlagEdge) =>
  `${e.node.kind} ${e.node.item.code}@${e.node.jurisdiction.code} [${e.node.bodies.map((b) => b.code).join(',')}]`;

async function allFlags(vars: Record<string, unknown>): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    const d: any = await gql.ok(FLAGS, { ...vars, first: 100, after });
    out.push(...d.responsibilityFlags.edges.map(key));
    if (!d.responsibilityFlags.pageInfo.hasNextPage) return out;
    after = d.responsibilityFlags.pageInfo.endCursor;
  }
}

const STREETS = ['370685001', '370685002', '370685003', '370685004', '370685005'];
const ALL14 = [
  ...STREETS,
  '370685101',
  '370685102',
  '370685103',
  '370685104',
  '370685105',
  '370685106',
  '370685108',
  '370685109',
  '370685110',
];

describe('flags of the demo list', () => {
  it('flags nothing on 2018-06-01: no list was in force', async () => {
    expect(await allFlags({ scope: '370685', asOf: '2018-06-01' })).toEqual([]);
  });

  it('flags what the list describes today', async () => {
    const expected = [
      // 森林防火 does not apply to the five 街道, yet their offices still have a supporting duty for it
      ...STREETS.map((s) => `UNLISTED_TOWNSHIP_DUTY ZY-TER-006@${s} [${s}-GOV]`),
      // 温泉街道 leads 占道经营治理 itself since 2021 while the county bureau also leads it, and supports it too
      'OVERLAP_COUNTY_TOWNSHIP ZY-TER-008@370685004 [370685-ZHZF,370685004-GOV]',
      'ROLE_CONFLICT ZY-TER-008@370685004 [370685004-GOV]',
      // 罗峰街道: fire inspection is not listed there, yet it leads it (since 2022) beside the fire brigade
      'OVERLAP_COUNTY_TOWNSHIP ZY-TER-021@370685001 [370685-XFJY,370685001-GOV]',
      'UNLISTED_TOWNSHIP_DUTY ZY-TER-021@370685001 [370685001-GOV]',
      'ROLE_CONFLICT ZY-TER-021@370685001 [370685001-GOV]',
      // 电信网络诈骗防范宣传 is listed with nobody assigned
      ...ALL14.map((s) => `GAP_NO_HOLDER ZY-TER-022@${s} []`),
    ];
    const got = await allFlags({ scope: '370685', asOf: TODAY });
    expect([...got].sort()).toEqual([...expected].sort());
    const d: any = await gql.ok(FLAGS, { scope: '370685', asOf: TODAY, first: 1 });
    expect(d.responsibilityFlags.totalCount).toBe(24);
    expect(Object.fromEntries(d.responsibilityFlags.countsByKind.map((c: any) => [c.kind, c.count]))).toEqual({
      OVERLAP_COUNTY_TOWNSHIP: 2,
      OVERLAP_SAME_LEVEL: 0,
      GAP_NO_HOLDER: 14,
      GAP_SUPPORT_ONLY: 0,
      GAP_INACTIVE_PRIMARY: 0,
      UNLISTED_TOWNSHIP_DUTY: 6,
      ROLE_CONFLICT: 2,
      OUT_OF_JURISDICTION: 0,
      RECLAIMED_STILL_ASSIGNED: 0,
      DUTY_NOT_LISTED: 0,
      COOPERATION_WITHOUT_LEAD: 0,
      BASIC_LED_ABOVE: 0,
      POWER_WITHOUT_EMPOWERMENT: 0,
    });
  });

  it('answers the same for the province, the nation and aliases of the scope', async () => {
    const county = await allFlags({ scope: '370685', asOf: TODAY });
    expect(await allFlags({ scope: '37', asOf: TODAY })).toEqual(county);
    expect(await allFlags({ scope: '000000', asOf: TODAY })).toEqual(county);
    expect(await allFlags({ scope: '370685004000', asOf: TODAY })).toEqual(county.filter((k) => k.includes('@370685004 ')));
  });

  it('defaults asOf to today in Asia/Shanghai', async () => {
    const d: any = await gql.ok(`{ responsibleChain(itemCode: "ZY-TER-001", jurisdictionCode: "370685004") { asOf } }`);
    expect(d.responsibleChain.asOf).toBe(todayInChina());
  });

  it('pages in a stable order without skipping or repeating', async () => {
    const all = await allFlags({ scope: '370685', asOf: TODAY });
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const d: any = await gql.ok(FLAGS, { scope: '370685', asOf: TODAY, first: 5, after });
      expect(d.responsibilityFlags.totalCount).toBe(24);
      paged.push(...d.responsibilityFlags.edges.map(key));
      if (!d.responsibilityFlags.pageInfo.hasNextPage) break;
      after = d.responsibilityFlags.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
  });

  it('filters by kind, item, domain, body involved and counts the filtered set', async () => {
    expect(await allFlags({ scope: '370685', asOf: TODAY, kinds: ['ROLE_CONFLICT'] })).toEqual([
      'ROLE_CONFLICT ZY-TER-008@370685004 [370685004-GOV]',
      'ROLE_CONFLICT ZY-TER-021@370685001 [370685001-GOV]',
    ]);
    expect(await allFlags({ scope: '370685', asOf: TODAY, item: 'ZY-TER-006' })).toHaveLength(5);
    expect(await allFlags({ scope: '370685', asOf: TODAY, domain: '消防' })).toHaveLength(3);
    expect(await allFlags({ scope: '370685', asOf: TODAY, body: '370685-ZHZF' })).toEqual([
      'OVERLAP_COUNTY_TOWNSHIP ZY-TER-008@370685004 [370685-ZHZF,370685004-GOV]',
    ]);
    const d: any = await gql.ok(FLAGS, { scope: '370685', asOf: TODAY, kinds: ['GAP_NO_HOLDER'], first: 2 });
    expect(d.responsibilityFlags.totalCount).toBe(14);
    expect(d.responsibilityFlags.countsByKind).toEqual([{ kind: 'GAP_NO_HOLDER', count: 14 }]);
  });

  it('rejects an unknown scope, a malformed one and a foreign cursor with BAD_USER_INPUT', async () => {
    for (const [scope, after] of [
      ['379999', null],
      ['3706851', null],
      ['370685', 'bm9wZQ'],
    ]) {
      const r = await gql.run(FLAGS, { scope, after, first: 5 });
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('responsible chains of the demo list', () => {
  const CHAIN = `query($item: String!, $place: String!, $asOf: Date) {
    responsibleChain(itemCode: $item, jurisdictionCode: $place, asOf: $asOf) {
      asOf applicable flags item { code } jurisdiction { code }
      levels { level jurisdiction { code } holders { role active resolution body { code } namedBody { code } scope { code } duty catalogue { code } assignment { id } } }
      primary { body { code } active resolution }
      flagDetails { kind bodies { code } acknowledged }
      otherHolders { role } } }`;

  it('names who leads 安全生产 before, during and after the 安监局 → 应急管理局 reorganisation', async () => {
    const at = async (asOf: string) =>
      ((await gql.ok(CHAIN, { item: 'ZY-TER-004', place: '370685004', asOf })) as any).responsibleChain;
    const before = await at('2019-01-01');
    expect(before.primary).toEqual([{ body: { code: '370685-AJJ' }, active: true, resolution: 'DIRECT' }]);
    expect(before.applicable).toBe(false);
    const during = await at('2019-06-01');
    expect(during.primary).toEqual([{ body: { code: '370685-YJGL' }, active: true, resolution: 'VIA_SUCCESSOR' }]);
    const county = during.levels.find((l: any) => l.level === 'COUNTY');
    expect(county.holders[0].namedBody).toEqual({ code: '370685-AJJ' });
    const after = await at('2021-01-01');
    expect(after.primary).toEqual([{ body: { code: '370685-YJGL' }, active: true, resolution: 'DIRECT' }]);
    expect(after.applicable).toBe(true);
  });

  it('resolves 属地乡镇 at a township and shows the overlap at 温泉街道', async () => {
    const c: any = (await gql.ok(CHAIN, { item: 'ZY-TER-008', place: '370685004', asOf: TODAY })).responsibleChain;
    expect(c.levels.map((l: any) => `${l.level}:${l.jurisdiction.code}`)).toEqual([
      'TOWNSHIP:370685004',
      'COUNTY:370685',
      'CITY:370600',
      'PROVINCE:370000',
    ]);
    const township = c.levels[0].holders.map((h: any) => `${h.role}:${h.body.code}:${h.resolution}:${h.scope.code}`);
    expect(township.sort()).toEqual(['PRIMARY:370685004-GOV:RELATIVE:370685004', 'SUPPORTING:370685004-GOV:RELATIVE:370685']);
    expect(c.levels[1].holders.map((h: any) => h.body.code)).toEqual(['370685-ZHZF']);
    expect(c.levels[1].holders[0].catalogue.code).toBe('370685-TER-2020');
    expect(c.primary.map((h: any) => h.body.code).sort()).toEqual(['370685-ZHZF', '370685004-GOV']);
    expect(c.flags).toEqual(['OVERLAP_COUNTY_TOWNSHIP', 'ROLE_CONFLICT']);
    expect(c.flagDetails[1].bodies).toEqual([{ code: '370685004-GOV' }]);
  });

  it('keeps 属地乡镇 an unresolved template when asked at the county, with no flags', async () => {
    const c: any = (await gql.ok(CHAIN, { item: 'ZY-TER-001', place: '370685', asOf: TODAY })).responsibleChain;
    expect(c.levels.map((l: any) => l.level)).toEqual(['COUNTY', 'CITY', 'PROVINCE']);
    const template = c.levels[0].holders.find((h: any) => h.resolution === 'TEMPLATE');
    expect(template).toMatchObject({ role: 'SUPPORTING', body: null, active: true });
    expect(c.applicable).toBe(true);
    expect(c.flags).toEqual([]);
  });

  it('answers for a place with aliases and refuses unknown items and places', async () => {
    const c: any = await gql.ok(CHAIN, { item: 'ZY-TER-006', place: '370685001000', asOf: TODAY });
    expect(c.responsibleChain.jurisdiction.code).toBe('370685001');
    expect(c.responsibleChain.applicable).toBe(false);
    expect(c.responsibleChain.flags).toEqual(['UNLISTED_TOWNSHIP_DUTY']);
    for (const [item, place, field] of [
      ['NOPE', '370685001', 'itemCode'],
      ['ZY-TER-006', '379999001', 'jurisdictionCode'],
      ['ZY-TER-006', '37068', 'jurisdictionCode'],
    ]) {
      const r = await gql.run(CHAIN, { item, place, asOf: TODAY });
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].message).toContain(field);
    }
  });

  it('costs one SQL statement', async () => {
    const before = t.logger.total;
    await gql.ok(CHAIN, { item: 'ZY-TER-008', place: '370685004', asOf: TODAY });
    // + the assignment and catalogue fields asked for above, one batched statement each
    expect(t.logger.total - before).toBeLessThanOrEqual(3);
  });
});

describe('acknowledgements', () => {
  const ACK = `mutation($kind: FlagKind!, $item: String!, $place: String!, $reason: String!, $asOf: Date) {
    acknowledgeFlag(kind: $kind, itemCode: $item, jurisdictionCode: $place, reason: $reason, asOf: $asOf) {
      kind acknowledged acknowledgement { reason at } jurisdiction { code } } }`;

  it('acknowledges, hides from listings unless asked, and withdraws', async () => {
    const a: any = await gql.ok(ACK, {
      kind: 'OVERLAP_COUNTY_TOWNSHIP',
      item: 'ZY-TER-008',
      place: '370685004',
      reason: '街道试点',
      asOf: TODAY,
    });
    expect(a.acknowledgeFlag).toMatchObject({
      kind: 'OVERLAP_COUNTY_TOWNSHIP',
      acknowledged: true,
      acknowledgement: { reason: '街道试点' },
    });
    const hidden = await allFlags({ scope: '370685', asOf: TODAY });
    expect(hidden).toHaveLength(23);
    const d: any = await gql.ok(FLAGS, { scope: '370685', asOf: TODAY, ack: true, item: 'ZY-TER-008', first: 10 });
    const node = d.responsibilityFlags.edges.find((e: any) => e.node.kind === 'OVERLAP_COUNTY_TOWNSHIP').node;
    expect(node).toMatchObject({ acknowledged: true, acknowledgement: { reason: '街道试点' } });
    const chain: any = await gql.ok(
      `{ responsibleChain(itemCode: "ZY-TER-008", jurisdictionCode: "370685004", asOf: "${TODAY}") { flags flagDetails { kind acknowledged } } }`,
    );
    expect(chain.responsibleChain.flags).toContain('OVERLAP_COUNTY_TOWNSHIP');
    expect(chain.responsibleChain.flagDetails[0]).toEqual({ kind: 'OVERLAP_COUNTY_TOWNSHIP', acknowledged: true });
    await gql.ok(
      `mutation { unacknowledgeFlag(kind: OVERLAP_COUNTY_TOWNSHIP, itemCode: "ZY-TER-008", jurisdictionCode: "370685004") }`,
    );
    expect(await allFlags({ scope: '370685', asOf: TODAY })).toHaveLength(24);
  });

  it('refuses to acknowledge a flag that does not exist, or without a reason', async () => {
    const none = await gql.run(ACK, { kind: 'GAP_NO_HOLDER', item: 'ZY-TER-001', place: '370685004', reason: 'x', asOf: TODAY });
    expect(none.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const blank = await gql.run(ACK, {
      kind: 'ROLE_CONFLICT',
      item: 'ZY-TER-008',
      place: '370685004',
      reason: '  ',
      asOf: TODAY,
    });
    expect(blank.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const undo = await gql.run(
      `mutation { unacknowledgeFlag(kind: ROLE_CONFLICT, itemCode: "ZY-TER-008", jurisdictionCode: "370685004") }`,
    );
    expect(undo.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('flag listings follow writes at once', () => {
  it('drops the GAP once 电信网络诈骗防范宣传 gets a lead, and brings it back when it is removed', async () => {
    await allFlags({ scope: '370000', asOf: TODAY }); // a province snapshot exists now
    const created: any =
      await gql.ok(`mutation { createAssignment(input: { item: "ZY-TER-022", scope: "370685", body: "370685-GA",
      role: PRIMARY, duty: "负责反诈宣传", catalogue: "370685-TER-2020", validFrom: "2020-06-01" }) { id } }`);
    const after = await allFlags({ scope: '370685', asOf: TODAY });
    expect(after.filter((k) => k.startsWith('GAP_NO_HOLDER'))).toEqual([]);
    expect(await allFlags({ scope: '370000', asOf: TODAY })).toEqual(after);
    await gql.ok(`mutation { deleteAssignment(id: "${created.createAssignment.id}") }`);
    expect(await allFlags({ scope: '370685', asOf: TODAY })).toHaveLength(24);
  });
});

describe('analyst views', () => {
  it('gives the coverage of the county by domain', async () => {
    const d: any = await gql.ok(`{ coverage(scopeCode: "370685", groupBy: COUNTY, asOf: "${TODAY}", first: 100) { totalCount
      edges { node { jurisdiction { code } domain leaves applicable owned flags { kind count } } } } }`);
    const byDomain = Object.fromEntries(d.coverage.edges.map((e: any) => [e.node.domain, e.node]));
    expect(d.coverage.totalCount).toBe(13);
    expect(byDomain['公共安全']).toMatchObject({ jurisdiction: { code: '370685' }, leaves: 14, applicable: 14, owned: 0 });
    expect(byDomain['公共安全'].flags.find((f: any) => f.kind === 'GAP_NO_HOLDER').count).toBe(14);
    // 森林防火 applies at the 9 towns only; 安全生产 and 防汛抗旱 everywhere
    expect(byDomain['应急管理']).toMatchObject({ applicable: 14 + 14 + 9, owned: 37 });
    const leaf: any = await gql.ok(`{ coverage(scopeCode: "370685004", groupBy: LEAF, asOf: "${TODAY}", domain: "综合执法") {
      edges { node { jurisdiction { code } applicable owned flags { kind count } } } } }`);
    expect(leaf.coverage.edges).toHaveLength(1);
    expect(leaf.coverage.edges[0].node).toMatchObject({ jurisdiction: { code: '370685004' }, applicable: 3, owned: 3 });
  });

  it('gives each body’s workload', async () => {
    const d: any = await gql.ok(`{ workload(scopeCode: "370685", asOf: "${TODAY}", level: COUNTY, first: 100) {
      totalCount edges { node { body { code } level primaryItems supportingItems supervisingItems primaryPairs leaves } } } }`);
    const w = Object.fromEntries(d.workload.edges.map((e: any) => [e.node.body.code, e.node]));
    expect(w['370685-ZHZF']).toMatchObject({ level: 'COUNTY', primaryItems: 3, primaryPairs: 42, leaves: 14 });
    expect(w['370685-NYNC']).toMatchObject({ primaryItems: 1, supervisingItems: 1 });
    expect(w['370685-AJJ']).toBeUndefined(); // not active today
    const towns: any = await gql.ok(`{ workload(scopeCode: "370685004", asOf: "${TODAY}", level: TOWNSHIP) {
      edges { node { body { code } primaryItems supportingItems } } } }`);
    expect(towns.workload.edges[0].node).toMatchObject({ body: { code: '370685004-GOV' }, primaryItems: 2 });
  });
});
