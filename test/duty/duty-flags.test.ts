import { responsibleChain } from '../../src/modules/resolution/chain.service';
import { responsibilityFlags } from '../../src/modules/analysis/flags.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { importClean } from '../helpers/setup';

/**
 * SPEC §8 edge cases on one small county (招远市 370685, 14 townships): a common duty list of the county,
 * one township (温泉街道 004) with its own list for 2024–2025, and power items with and without empowerment.
 * Every new kind is read back with its exact (item, township, bodies), by the class path (listings), the live
 * path (filter by body) and the chain.
 */
const ALL14 = ['001', '002', '003', '004', '005', '101', '102', '103', '104', '105', '106', '108', '109', '110'].map(
  (s) => `370685${s}`,
);
const NEW_KINDS = [
  'RECLAIMED_STILL_ASSIGNED',
  'DUTY_NOT_LISTED',
  'COOPERATION_WITHOUT_LEAD',
  'BASIC_LED_ABOVE',
  'POWER_WITHOUT_EMPOWERMENT',
];

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  const T = (item: string, role = 'PRIMARY') => ({ item, scope: '370685', relative: 'TOWNSHIP_GOVERNMENT', role });
  const B = (item: string, body: string, role = 'PRIMARY') => ({ item, scope: '370685', body, role });
  await importClean(t.db, {
    format: 'shudi-catalogue/1',
    bodies: [
      { code: 'D-ZY-A', name: '招远市甲局', jurisdiction: '370685', kind: 'DEPARTMENT' },
      { code: 'D-ZY-B', name: '招远市乙局', jurisdiction: '370685', kind: 'DEPARTMENT' },
      {
        code: 'D-ZY-OLD',
        name: '招远市旧局',
        jurisdiction: '370685',
        kind: 'DEPARTMENT',
        validTo: '2020-01-01',
        successor: 'D-ZY-A',
      },
    ],
    items: [
      ...['REC', 'NL', 'COOP1', 'COOP2', 'COOP3', 'BASIC1', 'BASIC2', 'POW3'].map((c) => ({
        code: `D-${c}`,
        name: `事项${c}`,
        domain: '测试',
        category: 'TERRITORIAL',
      })),
      ...['POW', 'POW2', 'POW4'].map((c) => ({ code: `D-${c}`, name: `事项${c}`, domain: '测试', category: 'PENALTY' })),
    ],
    catalogues: [
      {
        code: 'D-ZY-LIST',
        name: '招远市属地管理清单',
        owner: '370685',
        kind: 'LOCAL',
        validFrom: '2020-01-01',
        entries: [
          { item: 'D-POW' },
          { item: 'D-POW2' },
          { item: 'D-POW3', category: 'PENALTY' },
          { item: 'D-POW4', category: 'TERRITORIAL' },
        ],
      },
      {
        code: 'D-ZY-DUTY',
        name: '招远市乡镇(街道)履行职责事项通用清单',
        owner: '370685',
        kind: 'DUTY',
        validFrom: '2024-01-01',
        entries: [
          { item: 'D-REC', part: 'RECLAIMED', takenBy: 'D-ZY-A' },
          { item: 'D-COOP1', part: 'COOPERATING', lead: 'D-ZY-A' },
          { item: 'D-COOP2', part: 'COOPERATING', lead: 'D-ZY-B' },
          { item: 'D-COOP3', part: 'COOPERATING', lead: 'D-ZY-OLD' },
          { item: 'D-BASIC1', part: 'BASIC', notApplicableIn: ['370685002'] },
          { item: 'D-BASIC2', part: 'BASIC', duty: '负责辖区内日常巡查' },
          { item: 'D-POW', part: 'BASIC' },
          { item: 'D-POW2', part: 'BASIC' },
          { item: 'D-POW3', part: 'BASIC' },
          { item: 'D-POW4', part: 'BASIC' },
        ],
      },
      {
        code: 'D-WQ-DUTY',
        name: '温泉街道履行职责事项清单',
        owner: '370685004',
        kind: 'DUTY',
        validFrom: '2024-01-01',
        validTo: '2026-01-01',
        entries: [{ item: 'D-REC', part: 'BASIC' }],
      },
    ],
    assignments: [
      T('D-REC', 'SUPPORTING'),
      T('D-NL'),
      B('D-COOP1', 'D-ZY-A'),
      B('D-COOP2', 'D-ZY-A'),
      B('D-COOP3', 'D-ZY-A'),
      B('D-BASIC1', 'D-ZY-A'),
      B('D-BASIC2', 'D-ZY-A'),
      T('D-BASIC2'),
      T('D-POW'),
      T('D-POW2'),
      T('D-POW3'),
      T('D-POW4'),
    ],
    empowerments: [{ item: 'D-POW2', scope: '370685', mode: 'DELEGATED', basis: ['山东省赋权目录'], exceptIn: ['370685101'] }],
  });
});
afterAll(() => t.close());

const gov = (t: string) => `${t}-GOV`;
function expected(asOf: string): string[] {
  const own = asOf >= '2024-01-01' && asOf < '2026-01-01';
  const lists = asOf >= '2024-01-01';
  const out: string[] = [];
  for (const t of ALL14) {
    const common = lists && !(own && t === '370685004');
    if (common) out.push(`RECLAIMED_STILL_ASSIGNED D-REC@${t} [${[gov(t), 'D-ZY-A'].sort().join(',')}]`);
    if (lists) out.push(`DUTY_NOT_LISTED D-NL@${t} [${gov(t)}]`);
    if (lists && !common)
      for (const i of ['D-POW', 'D-POW2', 'D-POW3', 'D-POW4', 'D-BASIC2']) out.push(`DUTY_NOT_LISTED ${i}@${t} [${gov(t)}]`);
    if (common) out.push(`COOPERATION_WITHOUT_LEAD D-COOP2@${t} [D-ZY-A,D-ZY-B]`);
    if (common && t !== '370685002') out.push(`BASIC_LED_ABOVE D-BASIC1@${t} [D-ZY-A]`);
    out.push(`POWER_WITHOUT_EMPOWERMENT D-POW@${t} [${gov(t)}]`, `POWER_WITHOUT_EMPOWERMENT D-POW3@${t} [${gov(t)}]`);
    if (t === '370685101') out.push(`POWER_WITHOUT_EMPOWERMENT D-POW2@${t} [${gov(t)}]`);
  }
  return out.sort();
}

async function listed(asOf: string, bodyCode?: string): Promise<string[]> {
  const page = await responsibilityFlags(t.db, { scopeCode: '370685', asOf, kinds: NEW_KINDS, first: 1000, bodyCode });
  return page.edges.map((e) => `${e.node.kind} ${e.node.item}@${e.node.jurisdiction} [${e.node.bodies.join(',')}]`).sort();
}

describe('SPEC §8 flags', () => {
  it.each(['2023-06-01', '2025-06-01', '2026-06-01'])('lists exactly the expected flags on %s', async (asOf) => {
    expect(await listed(asOf)).toEqual(expected(asOf));
  });

  it('the live path (filter by body) agrees with the listing', async () => {
    const all = expected('2025-06-01');
    expect(await listed('2025-06-01', 'D-ZY-B')).toEqual(all.filter((f) => f.includes('D-ZY-B')));
    expect(await listed('2025-06-01', '370685101-GOV')).toEqual(all.filter((f) => f.includes('370685101-GOV')));
  });

  it('the chain carries the new kinds of its pair', async () => {
    const chain = await responsibleChain(t.db, 'D-COOP2', '370685003', '2025-06-01');
    expect(chain.flagDetails.map((f) => [f.kind, f.bodies])).toEqual([['COOPERATION_WITHOUT_LEAD', ['D-ZY-A', 'D-ZY-B']]]);
    const rec = await responsibleChain(t.db, 'D-REC', '370685004', '2026-06-01');
    // (D-REC is in no 属地管理 list: §6 flags the township holder too)
    expect(rec.flagDetails.map((f) => f.kind)).toEqual(['UNLISTED_TOWNSHIP_DUTY', 'RECLAIMED_STILL_ASSIGNED']);
    const own = await responsibleChain(t.db, 'D-REC', '370685004', '2025-06-01');
    expect(own.flagDetails.map((f) => f.kind)).toEqual(['UNLISTED_TOWNSHIP_DUTY']);
  });
});
