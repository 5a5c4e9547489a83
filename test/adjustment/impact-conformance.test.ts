import * as adjustments from '../../src/modules/adjustment/adjustment.service';
import { importDocument } from '../../src/modules/exchange/import.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient } from '../helpers/graphql';

/** SPEC §10: an adjustment's impact includes the §9 conformance findings it adds or removes. */

let t: TestDatabase;
let gql: Awaited<ReturnType<typeof graphqlClient>>;
const GUIDE = '3706-GUIDE';
const ITEM = 'YT-SLAQ';

beforeAll(async () => {
  t = await openTestDatabase();
  const doc = demo();
  const list = doc.catalogues[0];
  doc.items.push({ code: ITEM, name: '水路交通安全', domain: '交通运输', category: 'TERRITORIAL' });
  // the city's guiding catalogue lists everything the county lists, and one item more
  doc.catalogues.unshift({
    code: GUIDE,
    name: '烟台市属地管理事项指导目录',
    owner: '370600',
    kind: 'GUIDING',
    entries: [...list.entries.map((e: { item: string }) => ({ item: e.item })), { item: ITEM }],
  });
  list.guiding = GUIDE;
  expect((await importDocument(t.db, doc)).problems).toEqual([]);
  gql = await graphqlClient(t.db);
});
afterAll(async () => {
  await gql?.stop();
  await t?.close();
});

it('adding the missing item under another name removes MISSING and adds RENAMED; the preview writes nothing', async () => {
  const list = demo().catalogues[0];
  delete list.entries;
  const a = await adjustments.createAdjustment(
    t.db,
    {
      catalogue: list.code,
      applicant: '370685-STHJ',
      reason: '按指导目录补充水路交通安全',
      trigger: 'POLICY',
      effectiveFrom: '2027-07-01',
      changes: [
        {
          label: 'ADD',
          document: {
            format: 'shudi-catalogue/1',
            catalogues: [{ ...list, guiding: GUIDE, entries: [{ item: ITEM, name: '水上交通安全', validFrom: '2027-07-01' }] }],
          },
        },
      ],
    },
    { submit: true },
  );
  const r = (await gql.ok(
    `{ adjustment(id: "${a.id}") { impact { conformanceAdded { catalogue item kind value guidingValue } conformanceRemoved { catalogue item kind } problems { path } } } }`,
  )) as any;
  expect(r.adjustment.impact).toEqual({
    conformanceAdded: [
      { catalogue: list.code, item: ITEM, kind: 'RENAMED', value: '水上交通安全', guidingValue: '水路交通安全' },
    ],
    conformanceRemoved: [{ catalogue: list.code, item: ITEM, kind: 'MISSING' }],
    problems: [],
  });
  const [entry] = await t.db.query(`select 1 from catalogue_entry where catalogue_code = $1 and item_code = $2`, [
    list.code,
    ITEM,
  ]);
  expect(entry).toBeUndefined();
});
