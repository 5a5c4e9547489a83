import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { loadPresent } from '../../db/loaders';
import { listPage } from '../../graphql/connection';
import { Body } from '../body/body.type';
import { Catalogue } from '../catalogue/catalogue.type';
import { createRecord, deleteRecord, updateRecord } from '../records/record.mutations';
import { Item } from '../item/item.type';
import { normaliseCode } from '../jurisdiction/jurisdiction.code';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import * as sql from './assignment.sql';
import { Assignment, AssignmentConnection, CreateAssignmentInput, UpdateAssignmentInput } from './assignment.type';
import { orNull, registerNode } from '../../graphql/node';
import { ResponsibilityRole } from '../records/record.enums';

const ID_RE = /^[0-9]{1,18}$/;

/** Assignments keep the row id they always had as their global id: a bare number, never a base64 id of another family. */
registerNode<{ id: string }>('Assignment', {
  key: (r) => String(r.id),
  load: (ctx, keys) => ctx.loaders.assignmentById.loadMany(keys).then(orNull),
  encode: (key) => key,
  decode: (id) => (ID_RE.test(id) ? id : null),
});

@Resolver(() => Assignment)
export class AssignmentResolver {
  @Query(() => Assignment, { nullable: true, description: '按标识查责任分配 · An assignment by id' })
  assignment(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ID_RE.test(id) ? ctx.loaders.assignmentById.load(id) : null;
  }

  @Query(() => AssignmentConnection, { description: '责任分配列表 · Assignments by item, scope, body, catalogue and role' })
  async assignments(
    @Arg('itemCode', () => String, { nullable: true }) itemCode: string | null,
    @Arg('scopeCode', () => String, {
      nullable: true,
      description: '写在该区划或其下级的分配 · Written at this jurisdiction or under it',
    })
    scopeCode: string | null,
    @Arg('bodyCode', () => String, { nullable: true }) bodyCode: string | null,
    @Arg('catalogueCode', () => String, { nullable: true }) catalogueCode: string | null,
    @Arg('role', () => ResponsibilityRole, { nullable: true }) role: ResponsibilityRole | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const filter = [
      itemCode?.trim() || null,
      scopeCode ? normaliseCode(scopeCode, 'scopeCode') : null,
      bodyCode?.trim() || null,
      catalogueCode?.trim() || null,
      role,
    ];
    return listPage<sql.AssignmentRow>(
      ctx.db,
      { listSql: sql.LIST_ASSIGNMENTS_SQL, countSql: sql.COUNT_ASSIGNMENTS_SQL, filter, first, after, key: (r) => r.id },
      ([id]) => typeof id === 'string' && ID_RE.test(id),
    );
  }

  @FieldResolver(() => Item, { description: '事项 · Item' })
  item(@Root() a: sql.AssignmentRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemByCode.load(a.item);
  }

  @FieldResolver(() => Jurisdiction, { description: '适用范围 · Scope (reaches its whole subtree)' })
  scope(@Root() a: sql.AssignmentRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(a.scope);
  }

  @FieldResolver(() => Body, { nullable: true, description: '责任主体（relative 时为空）· Body (null for a relative holder)' })
  body(@Root() a: sql.AssignmentRow, @Ctx() ctx: RequestContext) {
    return a.body ? ctx.loaders.bodyByCode.load(a.body) : null;
  }

  @FieldResolver(() => [Jurisdiction], { description: '例外地区 · Carve-outs' })
  async exceptIn(@Root() a: sql.AssignmentRow, @Ctx() ctx: RequestContext) {
    return loadPresent(ctx.loaders.jurisdictionByCode, a.exceptIn);
  }

  @FieldResolver(() => Catalogue, { nullable: true, description: '发布于哪个清单 · Catalogue it was published in' })
  catalogue(@Root() a: sql.AssignmentRow, @Ctx() ctx: RequestContext) {
    return a.catalogue ? ctx.loaders.catalogueByCode.load(a.catalogue) : null;
  }

  @Mutation(() => Assignment, { description: '新建责任分配 · Create an assignment' })
  async createAssignment(
    @Arg('input', () => CreateAssignmentInput) input: CreateAssignmentInput,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const id = await createRecord(ctx.db, 'assignment', input, ctx.who(reason));
    return ctx.fresh().assignmentById.load(id);
  }

  @Mutation(() => Assignment, { description: '修改责任分配 · Update an assignment' })
  async updateAssignment(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateAssignmentInput) input: UpdateAssignmentInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | null,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await updateRecord(ctx.db, 'assignment', [id], input, { expectedVersion, ...ctx.who(reason) });
    return ctx.fresh().assignmentById.load(id);
  }

  @Mutation(() => Boolean, { description: '删除责任分配 · Delete an assignment' })
  async deleteAssignment(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await deleteRecord(ctx.db, 'assignment', [id], ctx.who(reason));
    return true;
  }
}
