import fs from 'node:fs';
import path from 'node:path';
import { exportDocument } from '../../src/modules/exchange/export.service';
import { importDocument } from '../../src/modules/exchange/import.service';
import type { TestDatabase } from '../helpers/db';
import { demo, type GqlClient } from '../helpers/graphql';
import { openSeededGraphql, closeAll } from '../helpers/setup';

/**
 * The demo's duty lists (src/data/demo-zhaoyuan-duty.json, imported after the demo list): the county's common
 * list (招远市, for 13 townships) and 温泉街道's own list, in force from 2025-01-01, and one empowerment. Each
 * new flag kind is read back through GraphQL with its exact (item, township) pairs and bodies.
 */
const DUTY_DEMO = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/data/demo-zhaoyuan-duty.json'), 'utf8'));
const ALL14 = ['001', '002', '003', '004', '005', '101', '102', '103', '104', '105', '106', '108', '109', '110'].map(
  (s) => `370685${s}`,
);
const COMMON = ALL14.filter((t) => t !== '370685004');
const NEW_KINDS = [
  'RECLAIMED_STILL_ASSIGNED',
  'DUTY_NOT_LISTED',
  'COOPERATION_WITHOUT_LEAD',
  'BASIC_LED_ABOVE',
  'POWER_WITHOUT_EMPOWERMENT',
];

let t: TestDatabase;
let gql: GqlClient;
beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([demo(), DUTY_DEMO]));
});
afterAll(() => closeAll(gql, t));

const FLAGS = `query($asOf: Date, $kinds: [FlagKind!]) {
  responsibilityFlags(scopeCode: "370685", asOf: $asOf, kinds: $kinds, first: 100) {
    totalCount countsByKind { kind count }
    edges { node { kind item { code } jurisdiction { code } bodies { code } } } } }`;

describe('the demo duty lists (招远市, 2025)', () => {
  it('reads back each new flag kind with its exact (item, township) pairs', async () => {
    const d: any = await gql.ok(FLAGS, { asOf: '2025-06-01', kinds: NEW_KINDS });
    const got = d.responsibilityFlags.edges
      .map(
        (e: any) =>
          `${e.node.kind} ${e.node.item.code}@${e.node.jurisdiction.code} [${e.node.bodies.map((b: any) => b.code).join(',')}]`,
      )
      .sort();
    const want = [
      ...COMMON.map((x) => `RECLAIMED_STILL_ASSIGNED ZY-TER-012@${x} [370685-SCJG,${x}-GOV]`),
      ...COMMON.map((x) => `DUTY_NOT_LISTED ZY-TER-019@${x} [${x}-GOV]`),
      'DUTY_NOT_LISTED ZY-TER-008@370685004 [370685004-GOV]',
      ...COMMON.map((x) => `COOPERATION_WITHOUT_LEAD ZY-TER-002@${x} [370685-STHJ,370685-ZRZY]`),
      ...COMMON.map((x) => `BASIC_LED_ABOVE ZY-TER-018@${x} [370685-JT]`),
      // 温泉街道 lists 爱国卫生运动 as its own BASIC duty, yet only the county's 卫生健康局 is PRIMARY for it
      'BASIC_LED_ABOVE ZY-TER-019@370685004 [370685-WJ]',
      'POWER_WITHOUT_EMPOWERMENT ZY-PEN-001@370685110 [370685110-GOV]',
    ].sort();
    expect(got).toEqual(want);
    expect(Object.fromEntries(d.responsibilityFlags.countsByKind.map((c: any) => [c.kind, c.count]))).toMatchObject({
      RECLAIMED_STILL_ASSIGNED: 13,
      DUTY_NOT_LISTED: 14,
      COOPERATION_WITHOUT_LEAD: 13,
      BASIC_LED_ABOVE: 14,
      POWER_WITHOUT_EMPOWERMENT: 1,
    });
  });

  it('flags none of the new kinds before the lists and the power were in force', async () => {
    const d: any = await gql.ok(FLAGS, { asOf: '2024-06-01', kinds: NEW_KINDS });
    expect(d.responsibilityFlags.totalCount).toBe(0);
  });

  it('shows a township its own list, another the common list, by part with counts', async () => {
    const Q = `query($j: String!, $part: DutyPart) { dutyList(jurisdictionCode: $j, asOf: "2025-06-01", part: $part) {
      own total owner { code } catalogues { code kind } counts { part count }
      entries { part item { code } lead { code } takenBy { code } } } }`;
    const own: any = await gql.ok(Q, { j: '370685004' });
    expect(own.dutyList).toMatchObject({ own: true, total: 21, owner: { code: '370685004' } });
    expect(own.dutyList.catalogues).toEqual([{ code: '370685004-DUTY-2025', kind: 'DUTY' }]);
    expect(own.dutyList.counts).toEqual([
      { part: 'BASIC', count: 3 },
      { part: 'COOPERATING', count: 18 },
      { part: 'RECLAIMED', count: 0 },
    ]);
    const common: any = await gql.ok(Q, { j: '370685101', part: 'RECLAIMED' });
    expect(common.dutyList).toMatchObject({ own: false, total: 21, owner: { code: '370685' } });
    expect(common.dutyList.entries).toEqual([
      { part: 'RECLAIMED', item: { code: 'ZY-TER-012' }, lead: null, takenBy: { code: '370685-SCJG' } },
    ]);
    const before: any = await gql.ok(`{ dutyList(jurisdictionCode: "370685004", asOf: "2024-06-01") { total } }`);
    expect(before.dutyList).toBeNull();
  });

  it('answers what powers a township holds at a date', async () => {
    const Q = `query($j: String!, $d: Date) { empowerments(jurisdictionCode: $j, asOf: $d) { item { code } scope { code } mode basis } }`;
    const held: any = await gql.ok(Q, { j: '370685004', d: '2025-06-01' });
    expect(held.empowerments).toEqual([
      { item: { code: 'ZY-PEN-001' }, scope: { code: '370685' }, mode: 'DELEGATED', basis: DUTY_DEMO.empowerments[0].basis },
    ]);
    expect((await gql.ok(Q, { j: '370685110', d: '2025-06-01' })).empowerments).toEqual([]);
    expect((await gql.ok(Q, { j: '370685004', d: '2024-12-31' })).empowerments).toEqual([]);
  });

  it('export → import changes nothing (duty lists, parts, leads and empowerments included)', async () => {
    const doc = await exportDocument(t.db, '370685');
    expect(doc.empowerments).toHaveLength(1);
    const r = await importDocument(t.db, doc);
    expect(r).toMatchObject({ created: 0, updated: 0, problems: [] });
  });
});

describe('duty list checks (SPEC §8), each with its JSON path', () => {
  const base = (entries: unknown[], extra: Record<string, unknown> = {}) => ({
    format: 'shudi-catalogue/1',
    catalogues: [{ code: 'X-DUTY', name: '测试履职清单', owner: '370685', kind: 'DUTY', ...extra, entries }],
  });

  it('an item in two of an owner’s duty lists: named with both lists and the date they meet, only where the windows meet', async () => {
    // the stored list 370685-DUTY-2025 holds ZY-TER-001 from 2025-01-01
    const before = base([{ item: 'ZY-TER-001', part: 'BASIC' }], { validFrom: '2024-01-01', validTo: '2025-01-01' });
    expect((await importDocument(t.db, before, { dryRun: true })).problems).toEqual([]);
    const entryUntil = base([{ item: 'ZY-TER-001', part: 'BASIC', validTo: '2025-01-01' }], { validFrom: '2024-01-01' });
    expect((await importDocument(t.db, entryUntil, { dryRun: true })).problems).toEqual([]);
    const meets = base([{ item: 'ZY-TER-001', part: 'BASIC' }], { validFrom: '2024-01-01', validTo: '2025-03-01' });
    const r = await importDocument(t.db, meets, { dryRun: true });
    expect(r.problems).toEqual([
      {
        path: 'catalogues[0].entries[0].item',
        message: expect.stringContaining('"370685-DUTY-2025"'),
      },
    ]);
    expect(r.problems[0].message).toContain('"X-DUTY"');
    expect(r.problems[0].message).toContain('2025-01-01');
    // the same list of a township that has no duty list yet is no conflict
    const other = { ...meets, catalogues: [{ ...meets.catalogues[0], owner: '370685001' }] };
    expect((await importDocument(t.db, other, { dryRun: true })).problems).toEqual([]);
    // the stored entry is the later one here: reported on the document's entry all the same
    const earlier = base([{ item: 'ZY-TER-001', part: 'BASIC' }], { validFrom: '2024-01-01' });
    expect((await importDocument(t.db, earlier, { dryRun: true })).problems.map((p) => p.path)).toEqual([
      'catalogues[0].entries[0].item',
    ]);
  });

  it.each([
    ['a DUTY entry without part', base([{ item: 'ZY-TER-001' }]), 'catalogues[0].entries[0].part'],
    ['COOPERATING without lead', base([{ item: 'ZY-TER-001', part: 'COOPERATING' }]), 'catalogues[0].entries[0].lead'],
    ['RECLAIMED without takenBy', base([{ item: 'ZY-TER-001', part: 'RECLAIMED' }]), 'catalogues[0].entries[0].takenBy'],
    [
      'lead on a BASIC entry',
      base([{ item: 'ZY-TER-001', part: 'BASIC', lead: '370685-STHJ' }]),
      'catalogues[0].entries[0].lead',
    ],
    [
      'a lead from another county',
      base([{ item: 'ZY-TER-001', part: 'COOPERATING', lead: '370682-GOV' }]),
      'catalogues[0].entries[0].lead',
    ],
    ['an unknown part', base([{ item: 'ZY-TER-001', part: 'OWN' }]), 'catalogues[0].entries[0].part'],
    ['a DUTY list owned by a city with counties', base([], { owner: '370600' }), 'catalogues[0].owner'],
    ['a DUTY list with a guiding catalogue', base([], { guiding: '370685-TER-2020' }), 'catalogues[0].guiding'],
    [
      'an item in two of the county’s lists in force together',
      base([{ item: 'ZY-TER-001', part: 'BASIC' }], { validFrom: '2025-06-01' }),
      'catalogues[0].entries[0].item',
    ],
    [
      'part on a LOCAL entry',
      {
        format: 'shudi-catalogue/1',
        catalogues: [
          { code: 'X-L', name: '测试', owner: '370685', kind: 'LOCAL', entries: [{ item: 'ZY-TER-001', part: 'BASIC' }] },
        ],
      },
      'catalogues[0].entries[0].part',
    ],
    [
      'an empowerment carving out a place outside its scope',
      {
        format: 'shudi-catalogue/1',
        empowerments: [{ item: 'ZY-PEN-001', scope: '370685', mode: 'DELEGATED', exceptIn: ['370682001'] }],
      },
      'empowerments[0].exceptIn[0]',
    ],
    [
      'an unknown lead (no such body in the document or the database)',
      base([{ item: 'ZY-TER-001', part: 'COOPERATING', lead: '370685-NOPE' }]),
      'catalogues[0].entries[0].lead',
    ],
    [
      'an unknown takenBy',
      base([{ item: 'ZY-TER-001', part: 'RECLAIMED', takenBy: '370685-NOPE' }]),
      'catalogues[0].entries[0].takenBy',
    ],
    [
      'the same empowerment twice',
      {
        format: 'shudi-catalogue/1',
        empowerments: [
          { item: 'ZY-PEN-001', scope: '370685', mode: 'DELEGATED' },
          { item: 'ZY-PEN-001', scope: '370685', mode: 'DELEGATED' },
        ],
      },
      'empowerments[1]',
    ],
    [
      'an empowerment whose validTo is not after its validFrom',
      {
        format: 'shudi-catalogue/1',
        empowerments: [{ item: 'ZY-PEN-001', scope: '370685', mode: 'DELEGATED', validFrom: '2025-01-01', validTo: '2024-01-01' }],
      },
      'empowerments[0].validTo',
    ],
    [
      'an empowerment of an unknown item',
      { format: 'shudi-catalogue/1', empowerments: [{ item: 'ZY-NOPE', scope: '370685', mode: 'DELEGATED' }] },
      'empowerments[0].item',
    ],
    [
      'an empowerment of an unknown place',
      { format: 'shudi-catalogue/1', empowerments: [{ item: 'ZY-PEN-001', scope: '379999', mode: 'DELEGATED' }] },
      'empowerments[0].scope',
    ],
    [
      'an empowerment of an unknown mode',
      { format: 'shudi-catalogue/1', empowerments: [{ item: 'ZY-PEN-001', scope: '370685', mode: 'GIVEN' }] },
      'empowerments[0].mode',
    ],
  ])('refuses %s, writing nothing', async (_what, doc, at) => {
    const before = await t.db.query(`select count(*)::int as n from change`);
    const r = await importDocument(t.db, doc);
    expect(r.problems.map((p) => p.path)).toContain(at);
    expect(await t.db.query(`select count(*)::int as n from change`)).toEqual(before);
  });
});
