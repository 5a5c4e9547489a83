import { canonicalCode, normaliseCode, TOWNSHIPS_ENDING_000 } from '../../src/modules/jurisdiction/jurisdiction.code';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { graphqlClient } from '../helpers/graphql';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

describe('code normalisation (SPEC §1)', () => {
  it.each([
    ['37', '370000'],
    ['3706', '370600'],
    ['370685', '370685'],
    ['370685004', '370685004'],
    ['370685004000', '370685004'],
    ['370685000000', '370685'],
    ['441900000000', '441900'],
    [' 370685 ', '370685'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalCode(input)).toBe(expected);
  });

  it.each(['', '3', '370', '37068', '3706850', '370685000', '370685004001', 'abc', '37-06', '00', '1234567890123'])(
    'rejects %p, quoting it',
    (input) => {
      expect(canonicalCode(input)).toBeNull();
      expect(() => normaliseCode(input)).toThrow(`"${input}"`);
    },
  );
});

describe('the national tree', () => {
  it('has the counts of SPEC §1 per level', async () => {
    const rows = await t.db.query<{ level: string; n: number }>(
      'select level, count(*)::int as n from jurisdiction group by level',
    );
    expect(Object.fromEntries(rows.map((r) => [r.level, r.n]))).toEqual({
      PROVINCE: 31,
      CITY: 342,
      COUNTY: 2975,
      TOWNSHIP: 41352,
    });
  });

  it('can name every township of the tree, the odd 350527000 (金门县) included', async () => {
    const odd = await t.db.query<{ code: string }>(`select code from jurisdiction where level = 'TOWNSHIP' and code like '%000'`);
    expect(odd.map((r) => r.code).sort()).toEqual([...TOWNSHIPS_ENDING_000].sort());
    for (const { code } of odd) expect(canonicalCode(code)).toBe(code);
  });

  it('creates one GOVERNMENT body per jurisdiction', async () => {
    const [r] = await t.db.query<{ n: number }>(`select count(*)::int as n from body where kind = 'GOVERNMENT'`);
    expect(r.n).toBe(44700);
    const [wq] = await t.db.query<{ name: string }>(`select name from body where code = '370685004-GOV'`);
    expect(wq.name).toBe('温泉街道办事处');
  });

  it('hangs 东莞’s 36 townships directly under the city', async () => {
    const rows = await t.db.query<{ level: string; parent: string }>(
      `select level, parent_code as parent from jurisdiction where path @> array['441900'::varchar] and code <> '441900'`,
    );
    expect(rows).toHaveLength(36);
    expect(new Set(rows.map((r) => `${r.level}:${r.parent}`))).toEqual(new Set(['TOWNSHIP:441900']));
  });

  it('answers the ancestors of 370685004 in one indexed query', async () => {
    const rows = await t.db.query<{ code: string }>(
      `select code from jurisdiction where code = any((select path from jurisdiction where code = '370685004')::varchar[]) order by length(code), code`,
    );
    expect(rows.map((r) => r.code)).toEqual(['370000', '370600', '370685', '370685004']);
  });

  it('loads idempotently: a forced second load changes nothing', async () => {
    const r = await loadTree(t.db, { force: true });
    expect(r).toEqual({ skipped: false, inserted: 0, updated: 0, governments: 0 });
    expect((await loadTree(t.db)).skipped).toBe(true);
  });
});

describe('jurisdiction queries', () => {
  it('lists 招远市’s 14 townships and 东莞 by its statistical code', async () => {
    const gql = await graphqlClient(t.db);
    const a = await gql.ok(`{ jurisdiction(code: "370685") { name level parent { code } children { code name } } }`);
    expect(a.jurisdiction.name).toBe('招远市');
    expect(a.jurisdiction.parent.code).toBe('370600');
    expect(a.jurisdiction.children).toHaveLength(14);
    const b = await gql.ok(`{ jurisdiction(code: "441900000000") { code level children { code } } }`);
    expect(b.jurisdiction.code).toBe('441900');
    expect(b.jurisdiction.level).toBe('CITY');
    expect(b.jurisdiction.children).toHaveLength(36);
    const c = await gql.ok(`{ jurisdiction(code: "370685004000") { code ancestors { code } government { code name } } }`);
    expect(c.jurisdiction.ancestors.map((x: { code: string }) => x.code)).toEqual(['370000', '370600', '370685']);
    expect(c.jurisdiction.government.code).toBe('370685004-GOV');
    await gql.stop();
  });

  it('rejects a malformed code with BAD_USER_INPUT quoting it, and answers null for an unknown one', async () => {
    const gql = await graphqlClient(t.db);
    const bad = await gql.run(`{ jurisdiction(code: "37068") { name } }`);
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toContain('"37068"');
    const none = await gql.ok(`{ jurisdiction(code: "379999") { name } }`);
    expect(none.jurisdiction).toBeNull();
    await gql.stop();
  });

  it('searches by name and level under a scope, paginated', async () => {
    const gql = await graphqlClient(t.db);
    const q = `query($after: String) { jurisdictions(scopeCode: "3706", name: "街道", level: TOWNSHIP, first: 3, after: $after) {
      totalCount edges { cursor node { code name } } pageInfo { hasNextPage endCursor } } }`;
    const p1 = await gql.ok(q);
    expect(p1.jurisdictions.edges).toHaveLength(3);
    expect(p1.jurisdictions.pageInfo.hasNextPage).toBe(true);
    const p2 = await gql.ok(q, { after: p1.jurisdictions.pageInfo.endCursor });
    expect(p2.jurisdictions.edges[0].node.code > p1.jurisdictions.edges[2].node.code).toBe(true);
    expect(p2.jurisdictions.totalCount).toBe(p1.jurisdictions.totalCount);
    const tooMany = await gql.run(`{ jurisdictions(first: 101) { totalCount } }`);
    expect(tooMany.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    await gql.stop();
  });
});
