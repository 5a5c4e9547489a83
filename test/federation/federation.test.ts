import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { printShudiSchema } from '../../src/schema';
import type { TestDatabase } from '../helpers/db';
import { demo, type GqlClient } from '../helpers/graphql';
import { openSeededGraphql, closeAll } from '../helpers/setup';

/** A stand-in provincial platform: dispatches (乡呼县应) that point at shudi's places and items. */
const PLATFORM = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Jurisdiction @key(fields: "code") {
    code: String!
    hotline: String!
  }
  type Item @key(fields: "code", resolvable: false) {
    code: String!
  }
  type Dispatch {
    id: ID!
    place: Jurisdiction!
    item: Item!
  }
  type Query {
    dispatches: [Dispatch!]!
  }
`;
const platformResolvers = {
  Query: {
    dispatches: () => [
      { id: 'D1', place: { code: '370685004' }, item: { code: 'ZY-TER-008' } },
      { id: 'D2', place: { code: '370685101' }, item: { code: 'ZY-TER-001' } },
    ],
  },
  Jurisdiction: {
    __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
    hotline: (j: { code: string }) => `12345-${j.code.slice(-3)}`,
  },
};

let t: TestDatabase;
let gqlClient: GqlClient;
beforeAll(async () => {
  ({ t, gql: gqlClient } = await openSeededGraphql([demo()]));
});
afterAll(() => closeAll(gqlClient, t));

describe('Apollo Federation 2 subgraph', () => {
  it('answers _service { sdl } with the entities keyed by code', async () => {
    const d: any = await gqlClient.ok(`{ _service { sdl } }`);
    for (const type of ['Jurisdiction', 'Body', 'Item', 'Catalogue']) {
      expect(d._service.sdl).toMatch(new RegExp(`type ${type}(?: implements Node)?\\s+@key\\(fields: "code"\\)`));
    }
    expect(d._service.sdl).toContain('https://specs.apollo.dev/federation/v2');
  });

  it('resolves 100 _entities with a constant number of SQL statements', async () => {
    const codes = (
      await t.db.query<{ code: string }>(
        `select code from jurisdiction where path @> array['370600'::varchar] order by code limit 50`,
      )
    ).map((r) => r.code);
    const reps = [
      ...codes.map((code) => ({ __typename: 'Jurisdiction', code })),
      ...codes.map((code) => ({ __typename: 'Body', code: `${code}-GOV` })),
    ];
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Jurisdiction { code name } ... on Body { code name jurisdiction { code } } } }`;
    const before = t.logger.total;
    const d: any = await gqlClient.ok(q, { r: reps });
    expect(d._entities).toHaveLength(100);
    expect(d._entities[50]).toEqual({ code: `${codes[0]}-GOV`, name: expect.any(String), jurisdiction: { code: codes[0] } });
    expect(t.logger.total - before).toBeLessThanOrEqual(3);
  });

  it('composes with another subgraph, and a gateway answers a query that crosses them', async () => {
    const shudi = await gqlClient.app.listen(0, '127.0.0.1');
    const platform = new ApolloServer({
      schema: buildSubgraphSchema({ typeDefs: PLATFORM, resolvers: platformResolvers as never }),
    });
    const { url: platformUrl } = await startStandaloneServer(platform, { listen: { port: 0, host: '127.0.0.1' } });
    const composed = composeServices([
      { name: 'shudi', typeDefs: gql(printShudiSchema()), url: `http://127.0.0.1:${shudi}/graphql` },
      { name: 'platform', typeDefs: PLATFORM, url: platformUrl },
    ]);
    expect(composed.errors ?? []).toEqual([]);
    const gateway = new ApolloGateway({ supergraphSdl: composed.supergraphSdl! });
    const server = new ApolloServer({ gateway });
    await server.start();
    try {
      const res = await server.executeOperation({
        query: `{ dispatches { id place { code name hotline parent { name } } item { code name domain } } }`,
      });
      const body = res.body.kind === 'single' ? res.body.singleResult : null;
      expect(body?.errors).toBeUndefined();
      expect((body?.data as any).dispatches).toEqual([
        {
          id: 'D1',
          place: { code: '370685004', name: '温泉街道', hotline: '12345-004', parent: { name: '招远市' } },
          item: { code: 'ZY-TER-008', name: '无证无照占道经营治理', domain: '综合执法' },
        },
        {
          id: 'D2',
          place: { code: '370685101', name: '辛庄镇', hotline: '12345-101', parent: { name: '招远市' } },
          item: { code: 'ZY-TER-001', name: '秸秆禁烧', domain: '生态环境' },
        },
      ]);
    } finally {
      await server.stop();
      await platform.stop();
    }
  });
});
