import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { CoverageResolver, WorkloadResolver } from '../modules/analysis/analysis.resolver';
import { ChangeResolver } from '../modules/change/change.resolver';
import { VersionResolver } from '../modules/version/version.resolver';
import { AssignmentResolver } from '../modules/assignment/assignment.resolver';
import { BodyResolver } from '../modules/body/body.resolver';
import { CatalogueResolver } from '../modules/catalogue/catalogue.resolver';
import { EntryResolver } from '../modules/catalogue/entry.resolver';
import { ExchangeResolver } from '../modules/exchange/exchange.resolver';
import { ItemResolver } from '../modules/item/item.resolver';
import { JurisdictionResolver } from '../modules/jurisdiction/jurisdiction.resolver';
import { ChainLevelResolver, ChainResolver, FlagResolver, HolderResolver } from '../modules/resolution/resolution.resolver';
import { DateScalar } from './scalars';

export const RESOLVERS = [
  JurisdictionResolver,
  BodyResolver,
  ItemResolver,
  CatalogueResolver,
  EntryResolver,
  AssignmentResolver,
  ExchangeResolver,
  ChainResolver,
  ChainLevelResolver,
  HolderResolver,
  FlagResolver,
  CoverageResolver,
  WorkloadResolver,
  ChangeResolver,
  VersionResolver,
] as const;

let cached: GraphQLSchema | null = null;

/** The executable schema (built once per process). */
export function buildShudiSchema(): GraphQLSchema {
  cached ??= buildSchemaSync({
    resolvers: [...RESOLVERS],
    scalarsMap: [],
    validate: false,
  });
  return cached;
}

/** The SDL committed as schema/schema.graphql. */
export function printShudiSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildShudiSchema()))}\n`;
}
