import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { decodeCursor, listPage, pageSize, toPage } from '../../graphql/connection';
import { createRecord, deleteRecord, updateRecord } from '../records/record.mutations';
import { normaliseCode } from '../jurisdiction/jurisdiction.code';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import * as sql from './catalogue.sql';
import {
  Catalogue,
  CatalogueConnection,
  CatalogueEntryConnection,
  CreateCatalogueInput,
  UpdateCatalogueInput,
} from './catalogue.type';
import { orNull, registerNode } from '../../graphql/node';
import { CatalogueKind } from '../records/record.enums';

registerNode<{ code: string }>('Catalogue', {
  key: (r) => r.code,
  load: (ctx, keys) => ctx.loaders.catalogueByCode.loadMany(keys).then(orNull),
});

@Resolver(() => Catalogue)
export class CatalogueResolver {
  @Query(() => Catalogue, { nullable: true, description: '按编码查清单 · A catalogue by code' })
  catalogue(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalogueByCode.load(code.trim());
  }

  @Query(() => CatalogueConnection, { description: '清单列表 · Catalogues, filtered by owner and kind' })
  async catalogues(
    @Arg('ownerCode', () => String, { nullable: true, description: '所属行政区划 · Owner jurisdiction' })
    ownerCode: string | null,
    @Arg('includeSubtree', () => Boolean, { defaultValue: false, description: '含下级区划的清单 · Include the owner’s subtree' })
    includeSubtree: boolean,
    @Arg('kind', () => CatalogueKind, { nullable: true }) kind: CatalogueKind | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const filter = [ownerCode ? normaliseCode(ownerCode, 'ownerCode') : null, includeSubtree, kind];
    return listPage<sql.CatalogueRow>(ctx.db, {
      listSql: sql.LIST_CATALOGUES_SQL,
      countSql: sql.COUNT_CATALOGUES_SQL,
      filter,
      first,
      after,
      key: (r) => r.code,
    });
  }

  @FieldResolver(() => Jurisdiction, { description: '所属行政区划 · Owner jurisdiction' })
  owner(@Root() c: sql.CatalogueRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(c.owner);
  }

  @FieldResolver(() => Catalogue, { nullable: true, description: '所依据的指导目录 · The guiding catalogue it derives from' })
  guiding(@Root() c: sql.CatalogueRow, @Ctx() ctx: RequestContext) {
    return c.guiding ? ctx.loaders.catalogueByCode.load(c.guiding) : null;
  }

  @FieldResolver(() => CatalogueEntryConnection, { description: '条目（按事项编码）· Entries, by item code' })
  async entries(
    @Root() c: sql.CatalogueRow,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const n = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const [rows, total] = await Promise.all([
      ctx.loaders.entryPage.load({ catalogue: c.code, after: (cursor?.[0] as string) ?? null, first: n + 1 }),
      ctx.loaders.entryCountByCatalogue.load(c.code),
    ]);
    return toPage(rows, n, total, (r) => [r.item]);
  }

  @Mutation(() => Catalogue, { description: '新建清单 · Create a catalogue' })
  async createCatalogue(
    @Arg('input', () => CreateCatalogueInput) input: CreateCatalogueInput,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const code = await createRecord(ctx.db, 'catalogue', input, ctx.who(reason));
    return ctx.fresh().catalogueByCode.load(code);
  }

  @Mutation(() => Catalogue, { description: '修改清单 · Update a catalogue' })
  async updateCatalogue(
    @Arg('code', () => String) code: string,
    @Arg('input', () => UpdateCatalogueInput) input: UpdateCatalogueInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | null,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await updateRecord(ctx.db, 'catalogue', [code.trim()], input, { expectedVersion, ...ctx.who(reason) });
    return ctx.fresh().catalogueByCode.load(code.trim());
  }

  @Mutation(() => Boolean, {
    description:
      '删除清单及其条目；有分配引用时须 cascadeAssignments · Delete a catalogue and its entries; its assignments only with cascadeAssignments',
  })
  async deleteCatalogue(
    @Arg('code', () => String) code: string,
    @Arg('cascadeAssignments', () => Boolean, { defaultValue: false }) cascadeAssignments: boolean,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await deleteRecord(ctx.db, 'catalogue', [code.trim()], { cascadeAssignments, ...ctx.who(reason) });
    return true;
  }
}
