import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { loadPresent } from '../../db/loaders';
import { listPage } from '../../graphql/connection';
import { createRecord, deleteRecord, updateRecord } from '../records/record.mutations';
import { governmentCode, normaliseCode } from '../jurisdiction/jurisdiction.code';
import type { JurisdictionRow } from '../jurisdiction/jurisdiction.sql';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import * as sql from './body.sql';
import { Body, BodyConnection, CreateBodyInput, UpdateBodyInput } from './body.type';
import { orNull, registerNode } from '../../graphql/node';
import { Level } from '../jurisdiction/jurisdiction.enums';
import { BodyKind } from '../records/record.enums';

registerNode<{ code: string }>('Body', {
  key: (r) => r.code,
  load: (ctx, keys) => ctx.loaders.bodyByCode.loadMany(keys).then(orNull),
});

@Resolver(() => Body)
export class BodyResolver {
  @Query(() => Body, { nullable: true, description: '按编码查责任主体 · A body by code' })
  body(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext) {
    return ctx.loaders.bodyByCode.load(code.trim());
  }

  @Query(() => BodyConnection, { description: '责任主体列表 · Bodies, filtered' })
  async bodies(
    @Arg('jurisdictionCode', () => String, { nullable: true, description: '所属行政区划 · Jurisdiction' })
    jurisdictionCode: string | null,
    @Arg('includeSubtree', () => Boolean, {
      defaultValue: false,
      description: '含下级区划的主体 · Include bodies of the whole subtree',
    })
    includeSubtree: boolean,
    @Arg('kind', () => BodyKind, { nullable: true }) kind: BodyKind | null,
    @Arg('name', () => String, { nullable: true, description: '名称片段 · Name fragment' }) name: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const filter = [
      jurisdictionCode ? normaliseCode(jurisdictionCode, 'jurisdictionCode') : null,
      includeSubtree,
      kind,
      name?.trim() || null,
    ];
    return listPage<sql.BodyRow>(ctx.db, {
      listSql: sql.LIST_BODIES_SQL,
      countSql: sql.COUNT_BODIES_SQL,
      filter,
      first,
      after,
      key: (r) => r.code,
    });
  }

  @FieldResolver(() => Jurisdiction, { description: '所属行政区划 · Jurisdiction whose government it belongs to' })
  jurisdiction(@Root() b: sql.BodyRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(b.jurisdiction);
  }

  @FieldResolver(() => Level, { description: '层级：所属区划的层级（派驻机构取所属部门的）· Level (STATIONED: its parent’s)' })
  async level(@Root() b: sql.BodyRow, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.levelByBody.load(b.code))?.level ?? null;
  }

  @FieldResolver(() => Body, { nullable: true, description: '所属部门（派驻机构）· Parent department (STATIONED)' })
  parent(@Root() b: sql.BodyRow, @Ctx() ctx: RequestContext) {
    return b.parent ? ctx.loaders.bodyByCode.load(b.parent) : null;
  }

  @FieldResolver(() => Body, { nullable: true, description: '承继单位 · Successor' })
  successor(@Root() b: sql.BodyRow, @Ctx() ctx: RequestContext) {
    return b.successor ? ctx.loaders.bodyByCode.load(b.successor) : null;
  }

  @FieldResolver(() => [Jurisdiction], { description: '服务的乡镇（街道）· Townships served (STATIONED)' })
  async serves(@Root() b: sql.BodyRow, @Ctx() ctx: RequestContext) {
    return loadPresent(ctx.loaders.jurisdictionByCode, b.serves);
  }

  @Mutation(() => Body, { description: '新建责任主体 · Create a body' })
  async createBody(
    @Arg('input', () => CreateBodyInput) input: CreateBodyInput,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const code = await createRecord(ctx.db, 'body', input, ctx.who(reason));
    return ctx.fresh().bodyByCode.load(code);
  }

  @Mutation(() => Body, { description: '修改责任主体 · Update a body' })
  async updateBody(
    @Arg('code', () => String) code: string,
    @Arg('input', () => UpdateBodyInput) input: UpdateBodyInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: '期望的当前版本号 · Expected rowVersion' })
    expectedVersion: number | null,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await updateRecord(ctx.db, 'body', [code.trim()], input, { expectedVersion, ...ctx.who(reason) });
    return ctx.fresh().bodyByCode.load(code.trim());
  }

  @Mutation(() => Boolean, { description: '删除责任主体（仍被引用时拒绝）· Delete a body (refused while referenced)' })
  async deleteBody(
    @Arg('code', () => String) code: string,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await deleteRecord(ctx.db, 'body', [code.trim()], ctx.who(reason));
    return true;
  }
}

/** Jurisdiction.government: the body named by the `-GOV` convention (declared here, beside the Body it returns). */
@Resolver(() => Jurisdiction)
export class JurisdictionGovernmentResolver {
  @FieldResolver(() => Body, {
    nullable: true,
    description: '本级人民政府（街道办事处）· The GOVERNMENT body of this jurisdiction',
  })
  government(@Root() j: JurisdictionRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.bodyByCode.load(governmentCode(j.code));
  }
}
