import 'reflect-metadata';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { buildSchemaSync, createResolversMap, type PubSub } from 'type-graphql';
import type { RequestContext } from './context';
import { guardEntities } from './graphql/input-guards';
import { idResolver, NodeResolver, nodeTypenames } from './graphql/node';
import { CoverageResolver, WorkloadResolver } from './modules/analysis/analysis.resolver';
import { AssignmentResolver } from './modules/assignment/assignment.resolver';
import { BodyResolver, JurisdictionGovernmentResolver } from './modules/body/body.resolver';
import { CatalogueResolver } from './modules/catalogue/catalogue.resolver';
import { EntryResolver } from './modules/catalogue/entry.resolver';
import { ChangeResolver } from './modules/change/change.resolver';
import { ExchangeResolver } from './modules/exchange/exchange.resolver';
import { TableResolver } from './modules/exchange/table/table.resolver';
import { ItemResolver } from './modules/item/item.resolver';
import { JurisdictionResolver } from './modules/jurisdiction/jurisdiction.resolver';
import { ChainLevelResolver, ChainResolver, HolderResolver } from './modules/resolution/resolution.resolver';
import { FlagResolver } from './modules/analysis/flag.resolver';
import { ViewerResolver } from './modules/access/viewer.resolver';
import { VersionResolver } from './modules/version/version.resolver';
import { AdjustmentResolver, FlagAdmissionResolver, VersionAdjustmentResolver } from './modules/adjustment/adjustment.resolver';
import { DUTY_RESOLVERS } from './modules/duty/duty.resolver';
import { DISPUTE_RESOLVERS } from './modules/dispute/dispute.resolver';
import { CALL_RESOLVERS } from './modules/call/call.resolver';

export const RESOLVERS = [
  JurisdictionResolver,
  JurisdictionGovernmentResolver,
  BodyResolver,
  ItemResolver,
  CatalogueResolver,
  EntryResolver,
  AssignmentResolver,
  ExchangeResolver,
  TableResolver,
  ChainResolver,
  ChainLevelResolver,
  HolderResolver,
  FlagResolver,
  CoverageResolver,
  WorkloadResolver,
  ChangeResolver,
  VersionResolver,
  NodeResolver,
  ViewerResolver,
  AdjustmentResolver,
  VersionAdjustmentResolver,
  FlagAdmissionResolver,
  ...DUTY_RESOLVERS,
  ...DISPUTE_RESOLVERS,
  ...CALL_RESOLVERS,
] as const;

/** Federation 2: the entities other subgraphs may extend or reference, resolved through the request's loaders. */
const ENTITY_RESOLVERS: GraphQLResolverMap<RequestContext> = {
  Jurisdiction: {
    __resolveReference: (ref: { code: string }, ctx: RequestContext) => ctx.loaders.jurisdictionByCode.load(ref.code),
  },
  Body: { __resolveReference: (ref: { code: string }, ctx: RequestContext) => ctx.loaders.bodyByCode.load(ref.code) },
  Item: { __resolveReference: (ref: { code: string }, ctx: RequestContext) => ctx.loaders.itemByCode.load(ref.code) },
  Catalogue: { __resolveReference: (ref: { code: string }, ctx: RequestContext) => ctx.loaders.catalogueByCode.load(ref.code) },
};

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])`;

let cached: GraphQLSchema | null = null;

const NO_PUB_SUB: PubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error('no pubSub: every subscription declares its own subscribe function');
  },
};

/**
 * The executable schema, an Apollo Federation 2 subgraph (also usable standalone): type-graphql builds the
 * schema, it is printed with its directives (@key) and handed to buildSubgraphSchema with the same resolvers.
 */
export function buildShudiSchema(): GraphQLSchema {
  if (cached) return cached;
  // subscriptions bring their own source (callUpdated: LISTEN/NOTIFY via the call hub), never a pubSub
  const base = buildSchemaSync({ resolvers: [...RESOLVERS], validate: false, pubSub: NO_PUB_SUB });
  const typeDefs = gql(`${FEDERATION_LINK}\n${printSchemaWithDirectives(base)}`);
  const resolvers = createResolversMap(base) as GraphQLResolverMap<RequestContext>;
  for (const [type, fields] of Object.entries(ENTITY_RESOLVERS)) {
    resolvers[type] = { ...(resolvers[type] as object), ...(fields as object) } as never;
  }
  for (const type of nodeTypenames()) {
    const own = resolvers[type] as Record<string, unknown> | undefined;
    resolvers[type] = { ...own, id: idResolver(type) } as never;
  }
  cached = guardEntities(buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }));
  return cached;
}

/** The SDL committed as schema/schema.graphql: the subgraph SDL, federation directives included. */
export function printShudiSchema(): string {
  return `${printSubgraphSchema(buildShudiSchema())}\n`;
}
