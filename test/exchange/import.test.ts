import type { Db } from '../../src/db/database';
import { importDocument } from '../../src/modules/exchange/import.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient, type GqlClient } from '../helpers/graphql';
import type { ImportReport } from '../../src/modules/records/records.writer';
import { importClean } from '../helpers/setup';

/**
 * INTERCHANGE.md import of `shudi-catalogue/1` documents against the real database: counts, idempotence,
 * dry runs, atomicity, every problem with its JSON path, references in any order, aliases, updates.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

type Doc = Record<string, any>;

const DEMO_COUNTS = {
  body: { created: 15, updated: 0, unchanged: 0 },
  item: { created: 22, updated: 0, unchanged: 0 },
  catalogue: { created: 1, updated: 0, unchanged: 0 },
  entry: { created: 22, updated: 0, unchanged: 0 },
  assignment: { created: 45, updated: 0, unchanged: 0 },
  empowerment: { created: 0, updated: 0, unchanged: 0 },
};
const DEMO_UNCHANGED = Object.fromEntries(
  Object.entries(DEMO_COUNTS).map(([k, v]) => [k, { created: 0, updated: 0, unchanged: v.created }]),
);

/** The per-entity counts of a report, keyed by entity. */
const countsOf = (r: Pick<ImportReport, 'counts'>) =>
  Object.fromEntries(r.counts.map((c) => [c.entity, { created: c.created, updated: c.updated, unchanged: c.unchanged }]));

const TABLES: [string, string][] = [
  ['body', 'code'],
  ['item', 'code'],
  ['catalogue', 'code'],
  ['catalogue_entry', 'catalogue_code, item_code'],
  ['assignment', 'item_code, scope_code, holder, role, valid_from nulls first'],
];

/** Row counts and a content hash of every table an import writes. */
async function snapshot(db: Db): Promise<Record<string, { n: number; h: string }>> {
  const out: Record<string, { n: number; h: string }> = {};
  for (const [table, order] of TABLES) {
    // the 44,700 untouched GOVERNMENT bodies of the tree are counted, not hashed (any write bumps row_version)
    const hashed = table === 'body' ? `where t.kind <> 'GOVERNMENT' or t.row_version > 1` : '';
    const [r] = await db.query<{ n: number; h: string }>(
      `select (select count(*)::int from ${table}) as n,
              md5(coalesce(string_agg(t::text, ',' order by ${order}), '')) as h from ${table} t ${hashed}`,
    );
    out[table] = r;
  }
  return out;
}

const rowCounts = async (db: Db) => Object.fromEntries(Object.entries(await snapshot(db)).map(([table, { n }]) => [table, n]));

/** Back to the template's state: the national tree and its governments, nothing else. */
async function reset(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('delete from assignment');
    await tx.query('delete from catalogue_entry');
    await tx.query('delete from catalogue');
    await tx.query('delete from item');
    await tx.query(`delete from body where kind <> 'GOVERNMENT'`);
  });
}

const paths = (r: ImportReport) => r.problems.map((p) => p.path);

describe('the demo document (招远市)', () => {
  beforeAll(() => reset(t.db));

  it('imports 105 records, then re-imports as 105 unchanged', async () => {
    const first = await importDocument(t.db, demo());
    expect(first.problems).toEqual([]);
    expect(first).toMatchObject({ dryRun: false, created: 105, updated: 0, unchanged: 0 });
    expect(countsOf(first)).toEqual(DEMO_COUNTS);
    expect(first.counts.map((c) => c.entity)).toEqual(['body', 'item', 'catalogue', 'entry', 'assignment', 'empowerment']);

    const counts = await rowCounts(t.db);
    expect(counts).toEqual({ body: 44700 + 15, item: 22, catalogue: 1, catalogue_entry: 22, assignment: 45 });

    const before = await snapshot(t.db);
    const second = await importDocument(t.db, demo());
    expect(second.problems).toEqual([]);
    expect(second).toMatchObject({ dryRun: false, created: 0, updated: 0, unchanged: 105 });
    expect(countsOf(second)).toEqual(DEMO_UNCHANGED);
    // Unchanged records are not written at all: not even row_version / updated_at move.
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('stores what the document says', async () => {
    const [wq] = await t.db.query<Record<string, unknown>>(
      `select jurisdiction_code, kind, parent_code, serves, valid_from, valid_to, successor_code from body where code = '370685-SCJG-WQ'`,
    );
    expect(wq).toEqual({
      jurisdiction_code: '370685',
      kind: 'STATIONED',
      parent_code: '370685-SCJG',
      serves: ['370685001', '370685002', '370685004'],
      valid_from: null,
      valid_to: null,
      successor_code: null,
    });
    const [ajj] = await t.db.query<Record<string, unknown>>(
      `select valid_to, successor_code from body where code = '370685-AJJ'`,
    );
    expect(ajj).toEqual({ valid_to: '2019-03-01', successor_code: '370685-YJGL' });
    const [entry] = await t.db.query<Record<string, unknown>>(
      `select not_applicable_in, basis from catalogue_entry where catalogue_code = '370685-TER-2020' and item_code = 'ZY-TER-021'`,
    );
    expect(entry).toEqual({ not_applicable_in: ['370685001'], basis: null });
    const rel = await t.db.query<Record<string, unknown>>(
      `select body_code, relative, holder, role, valid_from from assignment where item_code = 'ZY-TER-008' and scope_code = '370685004'`,
    );
    expect(rel).toEqual([
      {
        body_code: null,
        relative: 'TOWNSHIP_GOVERNMENT',
        holder: '@TOWNSHIP_GOVERNMENT',
        role: 'PRIMARY',
        valid_from: '2021-01-01',
      },
    ]);
  });
});

describe('dry run', () => {
  beforeEach(() => reset(t.db));

  it('reports what would be created and writes nothing', async () => {
    const before = await snapshot(t.db);
    const r = await importDocument(t.db, demo(), { dryRun: true });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ dryRun: true, created: 105, updated: 0, unchanged: 0 });
    expect(countsOf(r)).toEqual(DEMO_COUNTS);
    expect(await snapshot(t.db)).toEqual(before);
    expect(await rowCounts(t.db)).toEqual({ body: 44700, item: 0, catalogue: 0, catalogue_entry: 0, assignment: 0 });
  });

  it('of an imported document reports everything unchanged', async () => {
    await importDocument(t.db, demo());
    const r = await importDocument(t.db, demo(), { dryRun: true });
    expect(r).toMatchObject({ dryRun: true, created: 0, updated: 0, unchanged: 105, problems: [] });
    expect(countsOf(r)).toEqual(DEMO_UNCHANGED);
  });

  it('reports updates it would make, and still writes nothing', async () => {
    await importDocument(t.db, demo());
    const before = await snapshot(t.db);
    const doc = demo();
    doc.assignments[0].duty = '负责秸秆禁烧的监督检查';
    doc.items[1].name = '“散乱污”企业综合整治';
    const r = await importDocument(t.db, doc, { dryRun: true });
    expect(r).toMatchObject({ dryRun: true, created: 0, updated: 2, unchanged: 103, problems: [] });
    expect(countsOf(r).assignment).toEqual({ created: 0, updated: 1, unchanged: 44 });
    expect(countsOf(r).item).toEqual({ created: 0, updated: 1, unchanged: 21 });
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('of an invalid document answers the same problems as a real import', async () => {
    const doc = demo();
    doc.assignments[3].scop = doc.assignments[3].scope;
    delete doc.assignments[3].scope;
    const dry = await importDocument(t.db, doc, { dryRun: true });
    const wet = await importDocument(t.db, doc);
    expect(dry.problems).toEqual(wet.problems);
    expect(dry.dryRun).toBe(true);
    expect(wet).toMatchObject({ dryRun: false, created: 0, updated: 0, unchanged: 0 });
    expect(await rowCounts(t.db)).toEqual({ body: 44700, item: 0, catalogue: 0, catalogue_entry: 0, assignment: 0 });
  });
});

describe('atomicity: one invalid record imports nothing', () => {
  beforeAll(async () => {
    await reset(t.db);
    // Some state to keep: an earlier import that a failed one must not touch.
    const base = demo();
    base.assignments = base.assignments.slice(0, 10);
    await importClean(t.db, base);
  });

  it.each<[string, (d: Doc) => void]>([
    ['an unknown key in the last assignment', (d) => (d.assignments[44].scop = '370685')],
    ['a bad date in one body', (d) => (d.bodies[12].validFrom = '2024-02-30')],
    ['an unknown jurisdiction in one entry', (d) => (d.catalogues[0].entries[7].notApplicableIn = ['379999'])],
    ['a dangling reference in one assignment', (d) => (d.assignments[20].body = '370685-NOPE')],
    ['a duplicate assignment at the end', (d) => d.assignments.push({ ...d.assignments[0], duty: '另一种写法' })],
  ])('%s', async (_name, mutate) => {
    const doc = demo();
    // Several valid new and changed records beside the invalid one.
    doc.items.push({ code: 'ZY-TER-NEW', name: '新事项', domain: '应急管理', category: 'TERRITORIAL' });
    doc.bodies[3].name = '招远市综合行政执法局（更名）';
    doc.assignments[1].duty = '改写的职责';
    mutate(doc);
    const before = await snapshot(t.db);
    const r = await importDocument(t.db, doc);
    expect(r.problems).toHaveLength(1);
    expect(r).toMatchObject({ dryRun: false, created: 0, updated: 0, unchanged: 0 });
    expect(r.counts.every((c) => c.created + c.updated + c.unchanged === 0)).toBe(true);
    expect(await snapshot(t.db)).toEqual(before);
  });
});

describe('every problem with its JSON path', () => {
  beforeAll(() => reset(t.db));

  /** [name, mutate the demo document, expected problem paths (exactly, in order), message must contain]. */
  const cases: [string, (d: Doc) => void, string[], string?][] = [
    // document shape
    ['unknown top-level key', (d) => (d.sections = []), ['sections'], '"sections"'],
    ['wrong format string', (d) => (d.format = 'shudi-catalogue/2'), ['format'], 'shudi-catalogue/1'],
    ['missing format', (d) => delete d.format, ['format']],
    [
      'a section that is not a list',
      (d) => {
        for (const k of ['bodies', 'items', 'catalogues', 'assignments']) delete d[k];
        d.items = { code: 'X' };
      },
      ['items'],
    ],
    ['a record that is not an object', (d) => d.bodies.push('370685-STHJ'), ['bodies[15]']],
    // unknown and missing keys
    [
      'misspelt scope (scop) is unknown, and scope is missing',
      (d) => {
        d.assignments[3].scop = d.assignments[3].scope;
        delete d.assignments[3].scope;
      },
      ['assignments[3].scop', 'assignments[3].scope'],
      '"scop"',
    ],
    ['unknown body key', (d) => (d.bodies[12].telephone = '0535-1234567'), ['bodies[12].telephone']],
    [
      'unknown catalogue key',
      (d) => d.catalogues.push({ code: '370685-X', name: '清单', owner: '370685', kind: 'LOCAL', year: 2020 }),
      ['catalogues[1].year'],
    ],
    ['unknown entry key', (d) => (d.catalogues[0].entries[2].scope = '370685'), ['catalogues[0].entries[2].scope']],
    ['missing body name', (d) => delete d.bodies[12].name, ['bodies[12].name'], '"name"'],
    ['blank body name', (d) => (d.bodies[12].name = '  '), ['bodies[12].name']],
    ['missing assignment role', (d) => delete d.assignments[5].role, ['assignments[5].role'], '"role"'],
    ['missing entry item', (d) => delete d.catalogues[0].entries[0].item, ['catalogues[0].entries[0].item']],
    [
      'missing item domain and category',
      (d) => d.items.push({ code: 'ZY-NEW', name: '新事项' }),
      ['items[22].domain', 'items[22].category'],
    ],
    // values
    ['bad date 2024-02-30', (d) => (d.assignments[0].validFrom = '2024-02-30'), ['assignments[0].validFrom'], '2024-02-30'],
    ['date not YYYY-MM-DD', (d) => (d.bodies[12].validFrom = '2024/01/01'), ['bodies[12].validFrom'], '2024/01/01'],
    ['date as a number', (d) => (d.bodies[12].validTo = 20250101), ['bodies[12].validTo']],
    ['validTo = validFrom (assignment)', (d) => (d.assignments[41].validTo = '2015-01-01'), ['assignments[41].validTo']],
    ['validTo = validFrom (body)', (d) => (d.bodies[2].validFrom = '2019-03-01'), ['bodies[2].validTo']],
    ['validTo < validFrom (catalogue)', (d) => (d.catalogues[0].validTo = '2020-01-01'), ['catalogues[0].validTo'], '2020-01-01'],
    [
      'validTo < validFrom (entry)',
      (d) => Object.assign(d.catalogues[0].entries[1], { validFrom: '2021-01-01', validTo: '2020-01-01' }),
      ['catalogues[0].entries[1].validTo'],
    ],
    ['body kind', (d) => (d.bodies[12].kind = 'AGENCY'), ['bodies[12].kind'], '"AGENCY"'],
    ['assignment role', (d) => (d.assignments[1].role = 'LEAD'), ['assignments[1].role'], '"LEAD"'],
    [
      'item category',
      (d) => d.items.push({ code: 'ZY-NEW', name: '新', domain: '农业', category: 'TERRITORY' }),
      ['items[22].category'],
    ],
    [
      'entry category deviation',
      (d) => (d.catalogues[0].entries[3].category = 'PENALTIES'),
      ['catalogues[0].entries[3].category'],
    ],
    [
      'catalogue kind',
      (d) => d.catalogues.push({ code: '370685-X', name: '清单', owner: '370685', kind: 'REGIONAL' }),
      ['catalogues[1].kind'],
      '"REGIONAL"',
    ],
    [
      'assignment relative',
      (d) => (d.assignments[1].relative = 'COUNTY_GOVERNMENT'),
      ['assignments[1].relative'],
      '"COUNTY_GOVERNMENT"',
    ],
    ['basis not a list', (d) => (d.assignments[0].basis = '《大气污染防治法》'), ['assignments[0].basis']],
    ['blank basis element', (d) => (d.assignments[0].basis = ['《法》', ' ']), ['assignments[0].basis[1]']],
    [
      'code with a space',
      (d) => d.items.push({ code: 'ZY NEW', name: '新', domain: '农业', category: 'OTHER_POWER' }),
      ['items[22].code'],
    ],
    // jurisdiction codes
    ['malformed scope, quoted', (d) => (d.assignments[2].scope = '37068'), ['assignments[2].scope'], '"37068"'],
    [
      'malformed 12-digit (village) code, quoted',
      (d) => (d.assignments[2].scope = '370685004001'),
      ['assignments[2].scope'],
      '"370685004001"',
    ],
    ['the nation is not a jurisdiction', (d) => (d.bodies[12].jurisdiction = '000000'), ['bodies[12].jurisdiction'], '"000000"'],
    [
      'malformed serves element',
      (d) => d.bodies.push({ ...d.bodies[14], code: '370685-SCJG-LF', serves: ['370685001', '3706850'] }),
      ['bodies[15].serves[1]'],
      '"3706850"',
    ],
    [
      'malformed exceptIn element',
      (d) => (d.assignments[1].exceptIn = ['370685004', 'abc']),
      ['assignments[1].exceptIn[1]'],
      '"abc"',
    ],
    ['unknown scope 379999', (d) => (d.assignments[0].scope = '379999'), ['assignments[0].scope'], '"379999"'],
    ['unknown body jurisdiction', (d) => (d.bodies[12].jurisdiction = '379999'), ['bodies[12].jurisdiction'], '379999'],
    [
      'unknown catalogue owner',
      (d) => d.catalogues.push({ code: '370699-X', name: '清单', owner: '370699', kind: 'LOCAL' }),
      ['catalogues[1].owner'],
      '370699',
    ],
    [
      'unknown notApplicableIn township',
      (d) => (d.catalogues[0].entries[2].notApplicableIn = ['370685999']),
      ['catalogues[0].entries[2].notApplicableIn[0]'],
      '370685999',
    ],
    // references
    ['unknown body', (d) => (d.assignments[0].body = '370685-NOPE'), ['assignments[0].body'], '370685-NOPE'],
    ['unknown item', (d) => (d.assignments[0].item = 'ZY-TER-999'), ['assignments[0].item'], 'ZY-TER-999'],
    [
      'unknown catalogue',
      (d) => (d.assignments[0].catalogue = '370685-TER-1999'),
      ['assignments[0].catalogue'],
      '370685-TER-1999',
    ],
    [
      'unknown entry item',
      (d) => (d.catalogues[0].entries[0].item = 'ZY-TER-999'),
      ['catalogues[0].entries[0].item'],
      'ZY-TER-999',
    ],
    ['unknown parent', (d) => (d.bodies[14].parent = '370685-NOPE'), ['bodies[14].parent'], '370685-NOPE'],
    ['unknown successor', (d) => (d.bodies[2].successor = '370685-NOPE'), ['bodies[2].successor'], '370685-NOPE'],
    [
      'unknown guiding catalogue',
      (d) => (d.catalogues[0].guiding = '370000-GUIDE-NOPE'),
      ['catalogues[0].guiding'],
      '370000-GUIDE-NOPE',
    ],
    // holders
    ['both body and relative', (d) => (d.assignments[1].body = '370685-STHJ'), ['assignments[1]'], 'relative'],
    ['neither body nor relative', (d) => delete d.assignments[0].body, ['assignments[0]'], 'relative'],
    // duplicate upsert keys
    ['duplicate body code', (d) => d.bodies.push({ ...d.bodies[3] }), ['bodies[15].code'], 'bodies[3]'],
    ['duplicate item code', (d) => d.items.push({ ...d.items[0], name: '另一个' }), ['items[22].code'], 'items[0]'],
    [
      'duplicate catalogue code',
      (d) => d.catalogues.push({ code: '370685-TER-2020', name: '重复', owner: '370685', kind: 'LOCAL' }),
      ['catalogues[1].code'],
      'catalogues[0]',
    ],
    [
      'duplicate entry (catalogue, item)',
      (d) => d.catalogues[0].entries.push({ item: 'ZY-TER-001', notApplicableIn: ['370685004'] }),
      ['catalogues[0].entries[22].item'],
      'catalogues[0].entries[0]',
    ],
    [
      'duplicate assignment key',
      (d) => d.assignments.push({ ...d.assignments[0], duty: '另一种写法' }),
      ['assignments[45]'],
      'assignments[0]',
    ],
    [
      'duplicate assignment key through a scope alias',
      (d) => d.assignments.push({ ...d.assignments[1], scope: '370685000000' }),
      ['assignments[45]'],
      'assignments[1]',
    ],
    // bodies
    ['GOVERNMENT kind with a wrong code', (d) => (d.bodies[12].kind = 'GOVERNMENT'), ['bodies[12].code'], '370685-GOV'],
    [
      'the county government’s code on a department',
      (d) => d.bodies.push({ code: '370685-GOV', name: '招远市人民政府', jurisdiction: '370685', kind: 'DEPARTMENT' }),
      ['bodies[15].kind'],
    ],
    [
      'a township government’s code on a county department',
      (d) => d.bodies.push({ code: '370685004-GOV', name: '温泉街道办事处', jurisdiction: '370685', kind: 'DEPARTMENT' }),
      ['bodies[15].kind'],
      '370685004',
    ],
    ['STATIONED without parent', (d) => delete d.bodies[14].parent, ['bodies[14].parent']],
    [
      'serves outside the body’s jurisdiction',
      (d) => (d.bodies[14].serves = ['370685004', '370602001']),
      ['bodies[14].serves[1]'],
      '370602001',
    ],
    ['serves the body’s own jurisdiction', (d) => (d.bodies[14].serves = ['370685']), ['bodies[14].serves[0]']],
    [
      'serves outside, listed after codes that sort later',
      (d) => (d.bodies[14].serves = ['370685004', '370685001', '370602001']),
      ['bodies[14].serves[2]'],
      '370602001',
    ],
    ['unknown served township', (d) => (d.bodies[14].serves = ['370685004', '370685999']), ['bodies[14].serves[1]'], '370685999'],
    ['parent on a non-STATIONED body', (d) => (d.bodies[3].parent = '370685-SCJG'), ['bodies[3].parent']],
    ['serves on a non-STATIONED body', (d) => (d.bodies[3].serves = ['370685004']), ['bodies[3].serves']],
    ['own parent', (d) => (d.bodies[14].parent = '370685-SCJG-WQ'), ['bodies[14].parent']],
    [
      'successor cycle A→B→A',
      (d) => (d.bodies[1].successor = '370685-AJJ'),
      ['bodies[1].successor', 'bodies[2].successor'],
      '370685-YJGL → 370685-AJJ → 370685-YJGL',
    ],
    [
      'parent cycle through two stationed bodies, named before they are defined',
      (d) =>
        d.bodies.push(
          { code: '370685-PZ1', name: '派驻一', jurisdiction: '370685', kind: 'STATIONED', parent: '370685-PZ2' },
          { code: '370685-PZ2', name: '派驻二', jurisdiction: '370685', kind: 'STATIONED', parent: '370685-PZ1' },
        ),
      ['bodies[15].parent', 'bodies[16].parent'],
      '370685-PZ1 → 370685-PZ2 → 370685-PZ1',
    ],
    [
      'successor cycle A→B→C→A',
      (d) => {
        d.bodies[3].successor = '370685-ZRZY';
        d.bodies[4].successor = '370685-SCJG';
        d.bodies[5].successor = '370685-ZHZF';
      },
      ['bodies[3].successor', 'bodies[4].successor', 'bodies[5].successor'],
    ],
    // catalogues
    [
      'guiding pointing to a LOCAL catalogue',
      (d) =>
        d.catalogues.push({
          code: '370685-TER-2025',
          name: '2025版',
          owner: '370685',
          kind: 'LOCAL',
          guiding: '370685-TER-2020',
        }),
      ['catalogues[1].guiding'],
      '370685-TER-2020',
    ],
    [
      'a GUIDING catalogue with a guiding',
      (d) => {
        d.catalogues.push({ code: '370000-GUIDE', name: '指导目录', owner: '37', kind: 'GUIDING' });
        d.catalogues.push({ code: '370000-GUIDE-2', name: '指导目录2', owner: '37', kind: 'GUIDING', guiding: '370000-GUIDE' });
      },
      ['catalogues[2].guiding'],
    ],
    [
      'notApplicableIn outside the owner',
      (d) => (d.catalogues[0].entries[2].notApplicableIn = ['370685004', '370602001']),
      ['catalogues[0].entries[2].notApplicableIn[1]'],
      '370602001',
    ],
    [
      'notApplicableIn the owner itself',
      (d) => (d.catalogues[0].entries[2].notApplicableIn = ['370685']),
      ['catalogues[0].entries[2].notApplicableIn[0]'],
    ],
    [
      'notApplicableIn outside the owner, listed after codes that sort later',
      (d) => (d.catalogues[0].entries[2].notApplicableIn = ['370685004', '370685002', '370602001']),
      ['catalogues[0].entries[2].notApplicableIn[2]'],
    ],
    // assignments
    [
      'exceptIn not under scope',
      (d) => (d.assignments[43].exceptIn = ['370685001']),
      ['assignments[43].exceptIn[0]'],
      '370685004',
    ],
    ['exceptIn equal to the scope', (d) => (d.assignments[0].exceptIn = ['370685']), ['assignments[0].exceptIn[0]']],
    [
      'exceptIn not under scope, listed after codes that sort later',
      (d) => (d.assignments[0].exceptIn = ['370685004', '370685001', '370602']),
      ['assignments[0].exceptIn[2]'],
    ],
    [
      'assignment scope outside the catalogue owner',
      (d) => (d.assignments[0].scope = '370602'),
      ['assignments[0].scope'],
      '370685',
    ],
    ['assignment scope above the catalogue owner', (d) => (d.assignments[0].scope = '3706'), ['assignments[0].scope']],
  ];

  // Rows as objects: a row's length must not change the arity jest sees (a 4th parameter would be `done`).
  const rows = cases.map(([name, mutate, expected, messagePart]) => ({ name, mutate, expected, messagePart }));
  it.each(rows)('$name', async ({ mutate, expected, messagePart }) => {
    const doc = demo();
    mutate(doc);
    const before = await rowCounts(t.db);
    const r = await importDocument(t.db, doc);
    expect(paths(r)).toEqual(expected);
    if (messagePart) expect(r.problems[0].message).toContain(messagePart);
    for (const p of r.problems) expect(p.message.trim().length).toBeGreaterThan(0);
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('lists the problems record by record, in the order of the document', async () => {
    const doc = demo();
    Object.assign(doc.assignments[5], { validFrom: '2020-01-01', validTo: '2019-01-01' }); // across records (set-based)
    doc.assignments[2].exceptIn = ['370602']; // one record at a time
    doc.bodies[14].parent = '370685-NOPE'; // across records
    doc.bodies[3].serves = ['370685004']; // one record at a time
    doc.bodies[3].successor = '370685-NOPE'; // across records: before the record's own problems
    const r = await importDocument(t.db, doc);
    expect(paths(r)).toEqual([
      'bodies[3].successor',
      'bodies[3].serves',
      'bodies[14].parent',
      'assignments[2].exceptIn[0]',
      'assignments[5].validTo',
    ]);
  });

  it('lists every problem of one document at once, each at its own path', async () => {
    const doc = demo();
    doc.extra = true;
    doc.bodies[12].kind = 'AGENCY';
    doc.assignments[3].scop = '370685';
    doc.assignments[7].validFrom = '2024-02-30';
    doc.assignments[9].scope = '379999';
    doc.catalogues[0].entries[2].notApplicableIn = ['370602001'];
    doc.assignments[43].exceptIn = ['370685001'];
    const r = await importDocument(t.db, doc);
    expect(new Set(paths(r))).toEqual(
      new Set([
        'extra',
        'bodies[12].kind',
        'assignments[3].scop',
        'assignments[7].validFrom',
        'assignments[9].scope',
        'catalogues[0].entries[2].notApplicableIn[0]',
        'assignments[43].exceptIn[0]',
      ]),
    );
  });

  it('checks the entries of a catalogue whose own record is invalid', async () => {
    const doc = demo();
    doc.catalogues[0].kind = 'LOCL';
    doc.catalogues[0].entries[2].scope = '370685';
    doc.catalogues[0].entries[4].validFrom = '2024-02-30';
    const r = await importDocument(t.db, doc);
    expect(paths(r)).toEqual(
      expect.arrayContaining(['catalogues[0].kind', 'catalogues[0].entries[2].scope', 'catalogues[0].entries[4].validFrom']),
    );
  });

  it('rejects a document that is not an object', async () => {
    for (const doc of [null, 'shudi-catalogue/1', [demo()], 42]) {
      const r = await importDocument(t.db, doc);
      expect(paths(r)).toEqual(['$']);
    }
  });

  it('accepts an empty document, and a top-level note', async () => {
    const r = await importDocument(t.db, { format: 'shudi-catalogue/1', note: '空文件' });
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 0, problems: [] });
  });
});

describe('problems against what the database already holds', () => {
  beforeAll(async () => {
    await reset(t.db);
    await importClean(t.db, demo());
  });
  const only = (section: string, records: unknown[]) => ({ format: 'shudi-catalogue/1', [section]: records });

  it('references resolve to the database', async () => {
    const r = await importDocument(
      t.db,
      only('assignments', [
        { item: 'ZY-TER-022', scope: '370685', body: '370685-GA', role: 'SUPPORTING', catalogue: '370685-TER-2020' },
      ]),
      { dryRun: true },
    );
    expect(r).toMatchObject({ created: 1, problems: [] });
  });

  it('a successor cycle closed through stored bodies', async () => {
    // Stored: 370685-AJJ → 370685-YJGL. The document closes the loop.
    const r = await importDocument(
      t.db,
      only('bodies', [
        { code: '370685-YJGL', name: '招远市应急管理局', jurisdiction: '370685', kind: 'DEPARTMENT', successor: '370685-AJJ' },
      ]),
    );
    expect(paths(r)).toEqual(['bodies[0].successor']);
  });

  it('guiding pointing to a stored LOCAL catalogue', async () => {
    const r = await importDocument(
      t.db,
      only('catalogues', [
        { code: '370685-TER-2025', name: '2025版', owner: '370685', kind: 'LOCAL', guiding: '370685-TER-2020' },
      ]),
    );
    expect(paths(r)).toEqual(['catalogues[0].guiding']);
  });

  it('assignment scope outside a stored catalogue’s owner', async () => {
    const r = await importDocument(
      t.db,
      only('assignments', [
        { item: 'ZY-TER-001', scope: '370602', body: '370685-STHJ', role: 'PRIMARY', catalogue: '370685-TER-2020' },
      ]),
    );
    expect(paths(r)).toEqual(['assignments[0].scope']);
  });

  it('a township government cannot be turned into a county department', async () => {
    const r = await importDocument(
      t.db,
      only('bodies', [{ code: '370685004-GOV', name: '温泉街道办事处', jurisdiction: '370685', kind: 'DEPARTMENT' }]),
    );
    expect(paths(r)).toEqual(['bodies[0].kind']);
    const [gov] = await t.db.query<{ kind: string; jurisdiction_code: string }>(
      `select kind, jurisdiction_code from body where code = '370685004-GOV'`,
    );
    expect(gov).toEqual({ kind: 'GOVERNMENT', jurisdiction_code: '370685004' });
  });
});

describe('references in any order', () => {
  beforeEach(() => reset(t.db));

  it.each<[string, (d: Doc) => Doc]>([
    [
      'bodies before the parent and successor they name',
      (d) => {
        // SCJG-WQ (parent SCJG) and AJJ (successor YJGL) first; their targets last.
        const byCode = (c: string) => d.bodies.find((b: Doc) => b.code === c);
        const first = ['370685-SCJG-WQ', '370685-AJJ'].map(byCode);
        const last = ['370685-SCJG', '370685-YJGL'].map(byCode);
        const rest = d.bodies.filter((b: Doc) => !first.includes(b) && !last.includes(b));
        d.bodies = [...first, ...rest, ...last];
        return d;
      },
    ],
    [
      'sections in reverse order, assignments before their items and bodies',
      (d) => ({ assignments: d.assignments, catalogues: d.catalogues, items: d.items, bodies: d.bodies, format: d.format }),
    ],
    [
      'every section reversed',
      (d) => {
        for (const k of ['bodies', 'items', 'catalogues', 'assignments']) d[k].reverse();
        d.catalogues[0].entries.reverse();
        return d;
      },
    ],
  ])('%s', async (_name, reorder) => {
    const r = await importDocument(t.db, reorder(demo()));
    expect(r.problems).toEqual([]);
    expect(countsOf(r)).toEqual(DEMO_COUNTS);
    // Same state as the document in its own order: a second import of the original is all unchanged.
    const again = await importDocument(t.db, demo(), { dryRun: true });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 105 });
  });

  it('a catalogue naming a guiding catalogue defined later in the document', async () => {
    const doc = demo();
    doc.catalogues[0].guiding = '370000-TER-GUIDE-2019';
    doc.catalogues.push({
      code: '370000-TER-GUIDE-2019',
      name: '山东省县乡“属地管理”事项责任清单指导目录',
      owner: '37',
      kind: 'GUIDING',
      entries: [{ item: 'ZY-TER-001' }, { item: 'ZY-TER-002' }],
    });
    const r = await importDocument(t.db, doc);
    expect(r.problems).toEqual([]);
    expect(countsOf(r).catalogue).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(countsOf(r).entry).toEqual({ created: 24, updated: 0, unchanged: 0 });
    const rows = await t.db.query(`select code, owner_code, kind, guiding_code from catalogue order by code`);
    expect(rows).toEqual([
      { code: '370000-TER-GUIDE-2019', owner_code: '370000', kind: 'GUIDING', guiding_code: null },
      { code: '370685-TER-2020', owner_code: '370685', kind: 'LOCAL', guiding_code: '370000-TER-GUIDE-2019' },
    ]);
  });

  it('a successor chain across three bodies written in reverse', async () => {
    const doc = {
      format: 'shudi-catalogue/1',
      bodies: [
        {
          code: '370685-A',
          name: '甲',
          jurisdiction: '370685',
          kind: 'DEPARTMENT',
          validTo: '2010-01-01',
          successor: '370685-B',
        },
        {
          code: '370685-B',
          name: '乙',
          jurisdiction: '370685',
          kind: 'DEPARTMENT',
          validFrom: '2010-01-01',
          validTo: '2019-01-01',
          successor: '370685-C',
        },
        { code: '370685-C', name: '丙', jurisdiction: '370685', kind: 'DEPARTMENT', validFrom: '2019-01-01' },
      ].reverse(),
    };
    const r = await importDocument(t.db, doc);
    expect(r).toMatchObject({ created: 3, problems: [] });
  });
});

describe('jurisdiction aliases are stored canonical', () => {
  beforeEach(() => reset(t.db));

  it('normalises 2-, 4- and 12-digit forms everywhere a jurisdiction is named', async () => {
    const doc = {
      format: 'shudi-catalogue/1',
      bodies: [
        { code: '370600-STHJ', name: '烟台市生态环境局', jurisdiction: '3706', kind: 'DEPARTMENT' },
        { code: '370685-SCJG', name: '招远市市场监督管理局', jurisdiction: '370685000000', kind: 'DEPARTMENT' },
        {
          code: '370685-SCJG-WQ',
          name: '温泉市场监管所',
          jurisdiction: '370685',
          kind: 'STATIONED',
          parent: '370685-SCJG',
          serves: ['370685004000', '370685001'],
        },
      ],
      items: [{ code: 'SD-TER-0001', name: '秸秆禁烧', domain: '生态环境', category: 'TERRITORIAL' }],
      catalogues: [
        { code: '370000-GUIDE', name: '指导目录', owner: '37', kind: 'GUIDING', entries: [{ item: 'SD-TER-0001' }] },
        {
          code: '370685-LIST',
          name: '实施清单',
          owner: '370685000000',
          kind: 'LOCAL',
          guiding: '370000-GUIDE',
          entries: [{ item: 'SD-TER-0001', notApplicableIn: ['370685001000'] }],
        },
      ],
      assignments: [
        { item: 'SD-TER-0001', scope: '37', body: '370600-STHJ', role: 'SUPERVISING' },
        {
          item: 'SD-TER-0001',
          scope: '370685000000',
          relative: 'TOWNSHIP_GOVERNMENT',
          role: 'SUPPORTING',
          catalogue: '370685-LIST',
          exceptIn: ['370685004000', '370685001'],
        },
      ],
    };
    const r = await importDocument(t.db, doc);
    expect(r.problems).toEqual([]);
    expect(r.created).toBe(10);

    expect(await t.db.query(`select code, jurisdiction_code, serves from body where kind <> 'GOVERNMENT' order by code`)).toEqual(
      [
        { code: '370600-STHJ', jurisdiction_code: '370600', serves: [] },
        { code: '370685-SCJG', jurisdiction_code: '370685', serves: [] },
        { code: '370685-SCJG-WQ', jurisdiction_code: '370685', serves: ['370685001', '370685004'] },
      ],
    );
    expect(await t.db.query(`select code, owner_code from catalogue order by code`)).toEqual([
      { code: '370000-GUIDE', owner_code: '370000' },
      { code: '370685-LIST', owner_code: '370685' },
    ]);
    expect(await t.db.query(`select not_applicable_in from catalogue_entry where catalogue_code = '370685-LIST'`)).toEqual([
      { not_applicable_in: ['370685001'] },
    ]);
    expect(await t.db.query(`select scope_code, except_in from assignment order by scope_code`)).toEqual([
      { scope_code: '370000', except_in: [] },
      { scope_code: '370685', except_in: ['370685001', '370685004'] },
    ]);

    // The canonical forms name the same records: nothing changes.
    const canonical = JSON.parse(
      JSON.stringify(doc)
        .replace(/"37"/g, '"370000"')
        .replace(/"3706"/g, '"370600"')
        .replace(/"(\d{6})000000"/g, '"$1"')
        .replace(/"(\d{9})000"/g, '"$1"'),
    );
    expect(JSON.stringify(canonical)).not.toMatch(/"\d{12}"/);
    const again = await importDocument(t.db, canonical);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 10, problems: [] });
  });
});

describe('update detection', () => {
  beforeEach(async () => {
    await reset(t.db);
    await importClean(t.db, demo());
  });

  const version = async (sql: string) => (await t.db.query<{ v: number }>(sql))[0].v;

  it('one assignment’s duty changed → 1 updated, the rest unchanged', async () => {
    const doc = demo();
    doc.assignments[4].duty = '负责畜禽养殖污染防治的监督管理';
    const r = await importDocument(t.db, doc);
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 104, problems: [] });
    expect(countsOf(r)).toEqual({ ...DEMO_UNCHANGED, assignment: { created: 0, updated: 1, unchanged: 44 } });
    const [a] = await t.db.query<{ duty: string; row_version: number }>(
      `select duty, row_version from assignment where item_code = 'ZY-TER-003' and body_code = '370685-NYNC'`,
    );
    expect(a).toEqual({ duty: '负责畜禽养殖污染防治的监督管理', row_version: 2 });
    expect(
      await version(
        `select max(row_version) as v from assignment where not (item_code = 'ZY-TER-003' and body_code = '370685-NYNC')`,
      ),
    ).toBe(1);
  });

  it('removing an optional key is an update: the record is the full state', async () => {
    const doc = demo();
    delete doc.bodies[2].validTo; // 370685-AJJ
    delete doc.assignments[42].note;
    delete doc.catalogues[0].entries[20].notApplicableIn; // ZY-TER-021
    delete doc.items[0].basis;
    const r = await importDocument(t.db, doc);
    expect(r).toMatchObject({ created: 0, updated: 4, unchanged: 101, problems: [] });
    expect(countsOf(r)).toEqual({
      body: { created: 0, updated: 1, unchanged: 14 },
      item: { created: 0, updated: 1, unchanged: 21 },
      catalogue: { created: 0, updated: 0, unchanged: 1 },
      entry: { created: 0, updated: 1, unchanged: 21 },
      assignment: { created: 0, updated: 1, unchanged: 44 },
      empowerment: { created: 0, updated: 0, unchanged: 0 },
    });
    expect(await t.db.query(`select valid_to, successor_code, row_version from body where code = '370685-AJJ'`)).toEqual([
      { valid_to: null, successor_code: '370685-YJGL', row_version: 2 },
    ]);
    expect(await t.db.query(`select note from assignment where body_code = '370685-SCJG-WQ'`)).toEqual([{ note: null }]);
    expect(
      await t.db.query(
        `select not_applicable_in from catalogue_entry where catalogue_code = '370685-TER-2020' and item_code = 'ZY-TER-021'`,
      ),
    ).toEqual([{ not_applicable_in: [] }]);
    expect(await t.db.query(`select basis from item where code = 'ZY-TER-001'`)).toEqual([{ basis: [] }]);
    // And the new state is stable.
    expect(await importDocument(t.db, doc, { dryRun: true })).toMatchObject({ updated: 0, unchanged: 105 });
  });

  it.each<[string, (d: Doc) => void, string]>([
    ['body name', (d) => (d.bodies[0].name = '烟台市生态环境局招远分局（新）'), 'body'],
    ['body serves', (d) => d.bodies[14].serves.push('370685003'), 'body'],
    ['body successor added', (d) => (d.bodies[3].successor = '370685-ZRZY'), 'body'],
    ['item category', (d) => (d.items[5].category = 'INSPECTION'), 'item'],
    ['item description added', (d) => (d.items[5].description = '说明'), 'item'],
    ['catalogue validTo added', (d) => (d.catalogues[0].validTo = '2026-01-01'), 'catalogue'],
    ['entry local name', (d) => (d.catalogues[0].entries[0].name = '秸秆禁烧（本地）'), 'entry'],
    ['entry notApplicableIn', (d) => (d.catalogues[0].entries[0].notApplicableIn = ['370685004']), 'entry'],
    ['assignment validTo', (d) => (d.assignments[0].validTo = '2030-01-01'), 'assignment'],
    ['assignment exceptIn', (d) => (d.assignments[1].exceptIn = ['370685004']), 'assignment'],
    ['assignment catalogue removed', (d) => delete d.assignments[2].catalogue, 'assignment'],
  ])('%s → that entity 1 updated', async (_name, mutate, entity) => {
    const doc = demo();
    mutate(doc);
    const r = await importDocument(t.db, doc);
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 104, problems: [] });
    expect(countsOf(r)[entity].updated).toBe(1);
    expect(await importDocument(t.db, doc, { dryRun: true })).toMatchObject({ updated: 0, unchanged: 105 });
  });

  it('order inside a list (serves, exceptIn) and aliases do not count as a change', async () => {
    const doc = demo();
    doc.bodies[14].serves.reverse();
    doc.bodies[14].serves.push('370685004000');
    doc.assignments[0].scope = '370685000000';
    doc.catalogues[0].entries[5].notApplicableIn.reverse();
    const r = await importDocument(t.db, doc);
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 105, problems: [] });
  });

  it('a changed key field (validFrom, role, holder) is a new assignment, the old one stays', async () => {
    const doc = demo();
    doc.assignments = [
      { ...doc.assignments[0], validFrom: '2024-01-01' },
      { ...doc.assignments[1], role: 'SUPERVISING' },
    ];
    const r = await importDocument(t.db, { format: 'shudi-catalogue/1', assignments: doc.assignments });
    expect(r).toMatchObject({ created: 2, updated: 0, unchanged: 0, problems: [] });
    const [n] = await t.db.query<{ n: number }>(`select count(*)::int as n from assignment`);
    expect(n.n).toBe(47);
  });

  it('an assignment without validFrom is matched on the null key', async () => {
    const one = {
      format: 'shudi-catalogue/1',
      assignments: [{ item: 'ZY-TER-022', scope: '370685', body: '370685-GA', role: 'PRIMARY', duty: '甲' }],
    };
    expect(await importDocument(t.db, one)).toMatchObject({ created: 1, problems: [] });
    expect(await importDocument(t.db, one)).toMatchObject({ created: 0, unchanged: 1 });
    one.assignments[0].duty = '乙';
    expect(await importDocument(t.db, one)).toMatchObject({ created: 0, updated: 1 });
    const rows = await t.db.query(`select duty, valid_from from assignment where body_code = '370685-GA'`);
    expect(rows).toEqual([{ duty: '乙', valid_from: null }]);
  });
});

describe('GraphQL importCatalogue', () => {
  const MUTATION = `mutation($document: JSON!, $dryRun: Boolean) {
    importCatalogue(document: $document, dryRun: $dryRun) {
      dryRun created updated unchanged problems { path message } counts { entity created updated unchanged }
    }
  }`;
  const MUTATION_DEFAULT = `mutation($document: JSON!) {
    importCatalogue(document: $document) {
      dryRun created updated unchanged problems { path message } counts { entity created updated unchanged }
    }
  }`;
  let gql: GqlClient;
  beforeAll(async () => {
    await reset(t.db);
    gql = await graphqlClient(t.db);
  });
  afterAll(() => gql.stop());

  it('dry run answers the same report as the service', async () => {
    const viaService = await importDocument(t.db, demo(), { dryRun: true });
    const viaGraphql = await gql.ok(MUTATION, { document: demo(), dryRun: true });
    expect(viaGraphql.importCatalogue).toEqual(viaService);
    expect(viaGraphql.importCatalogue).toMatchObject({ dryRun: true, created: 105 });
    expect(await rowCounts(t.db)).toMatchObject({ item: 0, assignment: 0 });
  });

  it('imports by default (dryRun = false), then reports unchanged', async () => {
    const first = await gql.ok(MUTATION_DEFAULT, { document: demo() });
    expect(first.importCatalogue).toMatchObject({ dryRun: false, created: 105, updated: 0, unchanged: 0, problems: [] });
    expect(countsOf(first.importCatalogue)).toEqual(DEMO_COUNTS);
    const second = await gql.ok(MUTATION, { document: demo(), dryRun: false });
    expect(second.importCatalogue).toMatchObject({ dryRun: false, created: 0, updated: 0, unchanged: 105, problems: [] });
    expect(second.importCatalogue).toEqual(await importDocument(t.db, demo(), { dryRun: false }));
  });

  it('answers problems as data, not as errors', async () => {
    const doc = demo();
    doc.assignments[3].scop = doc.assignments[3].scope;
    delete doc.assignments[3].scope;
    doc.assignments[0].scope = '37068';
    const before = await snapshot(t.db);
    const res = await gql.run(MUTATION, { document: doc });
    expect(res.errors).toBeUndefined();
    const report = res.data!.importCatalogue;
    expect(report).toMatchObject({ dryRun: false, created: 0, updated: 0, unchanged: 0 });
    expect(report.problems.map((p: { path: string }) => p.path)).toEqual([
      'assignments[0].scope',
      'assignments[3].scop',
      'assignments[3].scope',
    ]);
    expect(report.problems[0].message).toContain('"37068"');
    expect(report).toEqual(await importDocument(t.db, doc));
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('accepts any JSON value as the document and reports a non-object as a problem', async () => {
    const res = await gql.run(MUTATION, { document: 'not a document' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.importCatalogue.problems.map((p: { path: string }) => p.path)).toEqual(['$']);
  });
});
