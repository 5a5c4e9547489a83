import { responsibleChain } from '../../src/modules/resolution/chain.service';
import { responsibilityFlags } from '../../src/modules/analysis/flags.service';
import type { TestDatabase } from '../helpers/db';
import { openSeeded } from '../helpers/setup';

/**
 * SPEC §4–6 edge cases, one small list each (items are per case, so cases do not see each other).
 * Places: 招远市 370685 (罗峰街道 001, 泉山街道 002, 温泉街道 004, 辛庄镇 101), 莱阳市 370682, 东莞 441900.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await openSeeded({
    format: 'shudi-catalogue/1',
    bodies: [
      { code: 'E-ZY-A', name: '招远市甲局', jurisdiction: '370685', kind: 'DEPARTMENT' },
      { code: 'E-ZY-B', name: '招远市乙局', jurisdiction: '370685', kind: 'DEPARTMENT' },
      {
        code: 'E-ZY-OLD',
        name: '招远市旧局',
        jurisdiction: '370685',
        kind: 'DEPARTMENT',
        validTo: '2020-01-01',
        successor: 'E-ZY-MID',
      },
      {
        code: 'E-ZY-MID',
        name: '招远市过渡局',
        jurisdiction: '370685',
        kind: 'DEPARTMENT',
        validFrom: '2020-01-01',
        validTo: '2021-01-01',
        successor: 'E-ZY-NEW',
      },
      { code: 'E-ZY-NEW', name: '招远市新局', jurisdiction: '370685', kind: 'DEPARTMENT', validFrom: '2022-01-01' },
      { code: 'E-ZY-GONE', name: '招远市撤销局', jurisdiction: '370685', kind: 'DEPARTMENT', validTo: '2023-01-01' },
      { code: 'E-LY-A', name: '莱阳市甲局', jurisdiction: '370682', kind: 'DEPARTMENT' },
      {
        code: 'E-LY-S',
        name: '莱阳市派驻所',
        jurisdiction: '370682',
        kind: 'STATIONED',
        parent: 'E-LY-A',
        serves: ['370682001'],
      },
      {
        code: 'E-ZY-S',
        name: '招远市派驻所',
        jurisdiction: '370685',
        kind: 'STATIONED',
        parent: 'E-ZY-A',
        serves: ['370685004'],
      },
      { code: 'E-SD-A', name: '山东省甲厅', jurisdiction: '370000', kind: 'DEPARTMENT' },
      { code: 'E-DG-A', name: '东莞市甲局', jurisdiction: '441900', kind: 'DEPARTMENT' },
    ],
    items: ['CARVE', 'NA', 'SUCC', 'GONE', 'SAME', 'SUPPORT', 'FOREIGN', 'STATION', 'ABOVE', 'DG', 'WINDOW'].map((c) => ({
      code: `E-${c}`,
      name: `事项${c}`,
      domain: '测试',
      category: 'TERRITORIAL',
    })),
    catalogues: [
      {
        code: 'E-ZY-LIST',
        name: '招远市测试清单',
        owner: '370685',
        kind: 'LOCAL',
        validFrom: '2019-01-01',
        entries: [
          { item: 'E-CARVE' },
          { item: 'E-NA', notApplicableIn: ['370685004'] },
          { item: 'E-SUCC' },
          { item: 'E-GONE' },
          { item: 'E-SAME' },
          { item: 'E-SUPPORT' },
          { item: 'E-FOREIGN' },
          { item: 'E-STATION' },
          { item: 'E-ABOVE' },
          { item: 'E-WINDOW', validFrom: '2024-01-01', validTo: '2025-01-01' },
        ],
      },
      { code: 'E-DG-LIST', name: '东莞测试清单', owner: '441900', kind: 'LOCAL', entries: [{ item: 'E-DG' }] },
    ],
    assignments: [
      // a carve-out: the county bureau leads everywhere but 温泉街道, which leads itself
      { item: 'E-CARVE', scope: '370685', body: 'E-ZY-A', role: 'PRIMARY', exceptIn: ['370685004'] },
      { item: 'E-CARVE', scope: '370685004', relative: 'TOWNSHIP_GOVERNMENT', role: 'PRIMARY' },
      { item: 'E-NA', scope: '370685', body: 'E-ZY-A', role: 'PRIMARY' },
      { item: 'E-NA', scope: '370685', relative: 'TOWNSHIP_GOVERNMENT', role: 'SUPPORTING' },
      { item: 'E-SUCC', scope: '370685', body: 'E-ZY-OLD', role: 'PRIMARY' },
      { item: 'E-GONE', scope: '370685', body: 'E-ZY-GONE', role: 'PRIMARY' },
      { item: 'E-SAME', scope: '370685', body: 'E-ZY-A', role: 'PRIMARY' },
      { item: 'E-SAME', scope: '370685', body: 'E-ZY-B', role: 'PRIMARY', validFrom: '2024-01-01' },
      { item: 'E-SUPPORT', scope: '370685', relative: 'TOWNSHIP_GOVERNMENT', role: 'SUPPORTING' },
      { item: 'E-SUPPORT', scope: '370685', body: 'E-ZY-B', role: 'SUPERVISING' },
      { item: 'E-FOREIGN', scope: '370685', body: 'E-LY-A', role: 'PRIMARY' },
      { item: 'E-STATION', scope: '370685', body: 'E-ZY-A', role: 'PRIMARY' },
      { item: 'E-STATION', scope: '370685', body: 'E-ZY-S', role: 'SUPPORTING' },
      { item: 'E-STATION', scope: '370685', body: 'E-LY-S', role: 'SUPPORTING' },
      { item: 'E-ABOVE', scope: '370000', body: 'E-SD-A', role: 'PRIMARY' },
      { item: 'E-ABOVE', scope: '370685101', relative: 'TOWNSHIP_GOVERNMENT', role: 'PRIMARY' },
      { item: 'E-DG', scope: '441900', body: 'E-DG-A', role: 'PRIMARY' },
      { item: 'E-DG', scope: '441900', relative: 'TOWNSHIP_GOVERNMENT', role: 'SUPPORTING' },
      { item: 'E-WINDOW', scope: '370685', body: 'E-ZY-A', role: 'PRIMARY', validTo: '2024-06-01' },
    ],
  });
});
afterAll(() => t.close());

async function flagsOf(item: string, scope: string, asOf: string): Promise<string[]> {
  const page = await responsibilityFlags(t.db, { scopeCode: scope, itemCode: item, asOf, first: 100 });
  return page.edges.map((e) => `${e.node.kind}@${e.node.jurisdiction}[${e.node.bodies.join(',')}]`);
}
const primaryOf = async (item: string, place: string, asOf: string) =>
  (await responsibleChain(t.db, item, place, asOf)).primary.map((h) => `${h.body}:${h.resolution}`);

describe('SPEC §4 effective assignments and holders', () => {
  it('a carve-out (exceptIn) removes the broad assignment from the place carved out, nowhere else', async () => {
    expect(await primaryOf('E-CARVE', '370685004', '2024-06-01')).toEqual(['370685004-GOV:RELATIVE']);
    expect(await primaryOf('E-CARVE', '370685001', '2024-06-01')).toEqual(['E-ZY-A:DIRECT']);
    expect(await flagsOf('E-CARVE', '370685', '2024-06-01')).toEqual([]);
  });

  it('a successor chain resolves to the first body valid on the date, and is inactive in a gap of the chain', async () => {
    expect(await primaryOf('E-SUCC', '370685001', '2019-06-01')).toEqual(['E-ZY-OLD:DIRECT']);
    expect(await primaryOf('E-SUCC', '370685001', '2020-06-01')).toEqual(['E-ZY-MID:VIA_SUCCESSOR']);
    // 2021: 过渡局 ended, 新局 starts only in 2022 — nobody valid in the chain
    expect(await primaryOf('E-SUCC', '370685001', '2021-06-01')).toEqual(['E-ZY-OLD:INACTIVE']);
    expect(await flagsOf('E-SUCC', '370685001', '2021-06-01')).toEqual(['GAP_INACTIVE_PRIMARY@370685001[E-ZY-OLD]']);
    expect(await primaryOf('E-SUCC', '370685001', '2022-06-01')).toEqual(['E-ZY-NEW:VIA_SUCCESSOR']);
  });

  it('a body valid only part of the time leaves its items with an inactive lead afterwards', async () => {
    expect(await flagsOf('E-GONE', '370685002', '2022-12-31')).toEqual([]);
    expect(await flagsOf('E-GONE', '370685002', '2023-01-01')).toEqual(['GAP_INACTIVE_PRIMARY@370685002[E-ZY-GONE]']);
  });

  it('a relative holder asked at a county stays a template', async () => {
    const c = await responsibleChain(t.db, 'E-SUPPORT', '370685', '2024-06-01');
    expect(c.levels[0].holders.map((h) => `${h.role}:${h.resolution}:${h.body}`)).toEqual([
      'SUPPORTING:TEMPLATE:null',
      'SUPERVISING:DIRECT:E-ZY-B',
    ]);
    expect(c.flags).toEqual([]);
  });

  it('a city without counties has three levels and its townships resolve 属地乡镇', async () => {
    const c = await responsibleChain(t.db, 'E-DG', '441900003', '2024-06-01');
    expect(c.levels.map((l) => `${l.level}:${l.jurisdiction}`)).toEqual(['TOWNSHIP:441900003', 'CITY:441900', 'PROVINCE:440000']);
    expect(c.levels[0].holders.map((h) => h.body)).toEqual(['441900003-GOV']);
    expect(c.levels[1].holders.map((h) => h.body)).toEqual(['E-DG-A']);
    expect(await flagsOf('E-DG', '441900', '2024-06-01')).toEqual([]);
  });
});

describe('SPEC §3 applicability', () => {
  it('notApplicableIn makes a township duty there unlisted', async () => {
    expect(await flagsOf('E-NA', '370685', '2024-06-01')).toEqual(['UNLISTED_TOWNSHIP_DUTY@370685004[370685004-GOV]']);
  });

  it('entry and catalogue windows decide where and when an item applies', async () => {
    expect((await responsibleChain(t.db, 'E-WINDOW', '370685001', '2023-06-01')).applicable).toBe(false);
    expect((await responsibleChain(t.db, 'E-WINDOW', '370685001', '2024-06-01')).applicable).toBe(true);
    expect((await responsibleChain(t.db, 'E-CARVE', '370685001', '2018-06-01')).applicable).toBe(false);
    // the lead ends mid-window: listed and unowned
    expect(await flagsOf('E-WINDOW', '370685001', '2024-07-01')).toEqual(['GAP_NO_HOLDER@370685001[]']);
  });
});

describe('SPEC §6 flags', () => {
  it('OVERLAP_SAME_LEVEL: two county bureaus lead the same item from 2024', async () => {
    expect(await flagsOf('E-SAME', '370685001', '2023-06-01')).toEqual([]);
    expect(await flagsOf('E-SAME', '370685001', '2024-06-01')).toEqual(['OVERLAP_SAME_LEVEL@370685001[E-ZY-A,E-ZY-B]']);
  });

  it('GAP_SUPPORT_ONLY: only support and supervision', async () => {
    expect(await flagsOf('E-SUPPORT', '370685101', '2024-06-01')).toEqual(['GAP_SUPPORT_ONLY@370685101[370685101-GOV]']);
  });

  it('OUT_OF_JURISDICTION: another county’s bureau leads here', async () => {
    const flags = await flagsOf('E-FOREIGN', '370685001', '2024-06-01');
    expect(flags).toEqual(['OUT_OF_JURISDICTION@370685001[E-LY-A]']);
  });

  it('a STATIONED body serving the township is not out of jurisdiction; another county’s is', async () => {
    expect(await flagsOf('E-STATION', '370685004', '2024-06-01')).toEqual(['OUT_OF_JURISDICTION@370685004[E-LY-S]']);
    const chain = await responsibleChain(t.db, 'E-STATION', '370685004', '2024-06-01');
    // a STATIONED body counts at its parent's level
    expect(
      chain.levels
        .find((l) => l.level === 'COUNTY')!
        .holders.map((h) => h.body)
        .sort(),
    ).toEqual(['E-LY-S', 'E-ZY-A', 'E-ZY-S']);
  });

  it('OVERLAP_COUNTY_TOWNSHIP also across province and township', async () => {
    expect(await flagsOf('E-ABOVE', '370685', '2024-06-01')).toEqual(['OVERLAP_COUNTY_TOWNSHIP@370685101[370685101-GOV,E-SD-A]']);
  });
});
