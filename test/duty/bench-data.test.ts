import { importDocument } from '../../src/modules/exchange/import.service';
import { generateProvince } from '../bench/generate';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { graphqlClient } from '../helpers/graphql';

/**
 * The bench data of SPEC §8–9 (test/bench/generate-duty.ts) on the 27 list holders of 烟台市: every township
 * has a duty list in force, some their own; power items are empowered but for a few; each new flag kind and
 * each conformance finding occurs, on a few per cent of what could carry it — what `npm run bench` measures at
 * national scale.
 */
const NEW_KINDS = [
  'RECLAIMED_STILL_ASSIGNED',
  'DUTY_NOT_LISTED',
  'COOPERATION_WITHOUT_LEAD',
  'BASIC_LED_ABOVE',
  'POWER_WITHOUT_EMPOWERMENT',
];
const AS_OF = '2026-01-01';

let t: TestDatabase;
let gql: Awaited<ReturnType<typeof graphqlClient>>;
beforeAll(async () => {
  t = await openTestDatabase();
  const g = generateProvince('370000', 1, '370600');
  const r = await importDocument(t.db, g.document as Record<string, unknown>);
  expect(r.problems).toEqual([]);
  gql = await graphqlClient(t.db);
}, 300_000);
afterAll(async () => {
  await gql?.stop();
  await t?.close();
});

test('every township of 烟台市 has a duty list in force; some have their own', async () => {
  const [row] = await t.db.query<{ townships: number; without: number; own: number }>(
    `select count(*)::int townships,
            count(*) filter (where not exists (select 1 from catalogue c where c.kind = 'DUTY' and c.owner_code = any(j.path)))::int "without",
            count(*) filter (where exists (select 1 from catalogue c where c.kind = 'DUTY' and c.owner_code = j.code))::int own
       from jurisdiction j where j.path @> array['370600'::varchar] and j.level = 'TOWNSHIP' and j.code not like '%000'`,
  );
  expect(row.without).toBe(0);
  expect(row.own).toBeGreaterThan(0);
  expect(row.own / row.townships).toBeLessThan(0.1);
  const [m] = await t.db.query<{ powers: number; empowered: number }>(
    `select (select count(distinct item_code)::int from catalogue_entry where catalogue_code like '%-PWR-2024') powers,
            (select count(distinct item_code)::int from empowerment) empowered`,
  );
  expect(m.empowered).toBeGreaterThan(0);
  expect(m.empowered).toBeLessThan(m.powers + 1);
});

test('each new flag kind occurs, on a few per cent of the (item, township) pairs of the duty lists', async () => {
  const d: any = await gql.ok(
    `query($k: [FlagKind!]) { responsibilityFlags(scopeCode: "370600", asOf: "${AS_OF}", kinds: $k, first: 1) { countsByKind { kind count } } }`,
    { k: NEW_KINDS },
  );
  const counts = Object.fromEntries(d.responsibilityFlags.countsByKind.map((c: any) => [c.kind, c.count]));
  const [{ pairs }] = await t.db.query<{ pairs: number }>(
    `select count(*)::int pairs from jurisdiction j
       join catalogue c on c.kind = 'DUTY' and c.owner_code = any(j.path)
       join catalogue_entry e on e.catalogue_code = c.code
      where j.path @> array['370600'::varchar] and j.level = 'TOWNSHIP'
        and not exists (select 1 from catalogue o where o.kind = 'DUTY' and o.owner_code = j.code and o.code <> c.code)`,
  );
  for (const kind of NEW_KINDS) {
    expect({ kind, present: (counts[kind] ?? 0) > 0 }).toEqual({ kind, present: true });
    expect({ kind, share: counts[kind] / pairs < 0.08 }).toEqual({ kind, share: true });
  }
});

test('conformance of the counties’ 赋权 lists with the province’s guide finds each kind on a few per cent of the entries', async () => {
  const d: any = await gql.ok(
    `{ conformanceSummary(scopeCode: "370600", asOf: "${AS_OF}") { total catalogueCount counts { kind count } } }`,
  );
  const s = d.conformanceSummary;
  const [{ entries }] = await t.db.query<{ entries: number }>(
    `select count(*)::int entries from catalogue c join catalogue_entry e on e.catalogue_code = c.code where c.guiding_code is not null`,
  );
  expect(s.catalogueCount).toBeGreaterThan(0);
  for (const c of s.counts) {
    expect({ kind: c.kind, present: c.count > 0, few: c.count / entries < 0.08 }).toEqual({
      kind: c.kind,
      present: true,
      few: true,
    });
  }
});
