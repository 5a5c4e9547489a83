import type { TestDatabase } from '../helpers/db';
import { demo, type GqlClient } from '../helpers/graphql';
import { openSeededGraphql, closeAll } from '../helpers/setup';

/**
 * Global Object Identification over GraphQL: every family's `id` refetches the same object through
 * `node(id:)` and `nodes(ids:)`, ids are stable across requests, and bad ids answer null (not an error).
 */

let t: TestDatabase;
let gql: GqlClient;

beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([demo()]));
  await gql.ok(`mutation { publishCatalogue(code: "370685-TER-2020", note: "v1") { version } }`);
});
afterAll(() => closeAll(gql, t));

async function refetch(id: string) {
  const d = await gql.ok(
    `query($id: ID!) { node(id: $id) { __typename id
       ... on Jurisdiction { code } ... on Body { code } ... on Item { code } ... on Catalogue { code }
       ... on CatalogueEntry { item { code } } ... on Assignment { role } ... on Flag { kind item { code } jurisdiction { code } }
       ... on CatalogueVersion { version } } }`,
    { id },
  );
  return d.node;
}

describe('node(id:)', () => {
  it('refetches each family by the id its own query showed', async () => {
    const d = await gql.ok(`{
      jurisdiction(code: "370685") { id code }
      body(code: "370685-SCJG-WQ") { id code }
      item(code: "ZY-TER-008") { id code }
      catalogue(code: "370685-TER-2020") { id code versions { id version } entries(first: 1) { edges { node { id item { code } } } } }
      assignments(first: 1, catalogueCode: "370685-TER-2020") { edges { node { id role } } }
      responsibilityFlags(scopeCode: "370685", first: 1) { edges { node { id kind item { code } jurisdiction { code } } } }
    }`);
    const cases: [string, string, Record<string, unknown>][] = [
      [d.jurisdiction.id, 'Jurisdiction', { code: '370685' }],
      [d.body.id, 'Body', { code: '370685-SCJG-WQ' }],
      [d.item.id, 'Item', { code: 'ZY-TER-008' }],
      [d.catalogue.id, 'Catalogue', { code: '370685-TER-2020' }],
      [d.catalogue.versions[0].id, 'CatalogueVersion', { version: 1 }],
      [d.catalogue.entries.edges[0].node.id, 'CatalogueEntry', { item: d.catalogue.entries.edges[0].node.item }],
      [d.assignments.edges[0].node.id, 'Assignment', { role: d.assignments.edges[0].node.role }],
      [d.responsibilityFlags.edges[0].node.id, 'Flag', { kind: d.responsibilityFlags.edges[0].node.kind }],
    ];
    const ids = new Set<string>();
    for (const [id, typename, fields] of cases) {
      expect(typeof id).toBe('string');
      ids.add(id);
      const node = await refetch(id);
      expect(node).toMatchObject({ __typename: typename, id, ...fields });
    }
    expect(ids.size).toBe(cases.length);
  });

  it('gives the same id in every request (derived from the codes)', async () => {
    const a = await gql.ok(`{ body(code: "370685-SCJG-WQ") { id } }`);
    const b = await gql.ok(`{ bodies(jurisdictionCode: "370685", first: 100) { edges { node { code id } } } }`);
    const same = b.bodies.edges.find((e: { node: { code: string } }) => e.node.code === '370685-SCJG-WQ');
    expect(same?.node.id ?? a.body.id).toBe(a.body.id);
  });

  it.each([
    ['garbage', 'not base64 !'],
    ['an unknown typename', Buffer.from('Spaceship:1').toString('base64')],
    ['a code that does not exist', Buffer.from('Body:NOPE').toString('base64')],
    ['an assignment row that does not exist', '999999999'],
    ['a malformed flag key', Buffer.from('Flag:OVERLAP_SAME_LEVEL').toString('base64')],
    ['an empty id', ''],
  ])('answers null for %s', async (_label, id) => {
    expect(await refetch(id)).toBeNull();
  });
});

describe('nodes(ids:)', () => {
  it('answers in the order asked, null where unknown, across families in one request', async () => {
    const d = await gql.ok(`{ item(code: "ZY-TER-008") { id } jurisdiction(code: "370685001") { id } }`);
    const r = await gql.ok(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Item { code } ... on Jurisdiction { code name } } }`,
      { ids: [d.jurisdiction.id, 'nope', d.item.id, d.item.id] },
    );
    expect(r.nodes).toEqual([
      { __typename: 'Jurisdiction', id: d.jurisdiction.id, code: '370685001', name: expect.any(String) },
      null,
      { __typename: 'Item', id: d.item.id, code: 'ZY-TER-008' },
      { __typename: 'Item', id: d.item.id, code: 'ZY-TER-008' },
    ]);
  });

  it('refuses more than 100 ids, naming the argument', async () => {
    const res = await gql.run(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: Array.from({ length: 101 }, (_, i) => String(i)),
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/ids/);
  });
});
