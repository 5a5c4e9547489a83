import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { listPage } from '../../graphql/connection';
import { createRecord, deleteRecord, updateRecord } from '../records/record.mutations';
import * as sql from './item.sql';
import { CreateItemInput, Item, ItemConnection, UpdateItemInput } from './item.type';
import { orNull, registerNode } from '../../graphql/node';
import { Category } from '../records/record.enums';
import { pinyinQuery } from '../jurisdiction/pinyin';

registerNode<{ code: string }>('Item', {
  key: (r) => r.code,
  load: (ctx, keys) => ctx.loaders.itemByCode.loadMany(keys).then(orNull),
});

@Resolver(() => Item)
export class ItemResolver {
  @Query(() => Item, { nullable: true, description: '按编码查事项 · An item by code' })
  item(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemByCode.load(code.trim());
  }

  @Query(() => ItemConnection, { description: '事项列表 · Items, filtered by domain, category and text' })
  async items(
    @Arg('domain', () => String, { nullable: true, description: '领域 · Domain' }) domain: string | null,
    @Arg('category', () => Category, { nullable: true }) category: Category | null,
    @Arg('text', () => String, {
      nullable: true,
      description:
        '编码、名称或说明中的文字，或名称拼音（全拼或首字母）的开头 · Text in code, name or description, or the start of the name’s pinyin (full or initials)',
    })
    text: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const spelled = pinyinQuery(text);
    const filter = [domain?.trim() || null, category, text?.trim() || null, spelled && `${spelled}%`];
    return listPage<sql.ItemRow>(ctx.db, {
      listSql: sql.LIST_ITEMS_SQL,
      countSql: sql.COUNT_ITEMS_SQL,
      filter,
      first,
      after,
      key: (r) => r.code,
    });
  }

  @Mutation(() => Item, { description: '新建事项 · Create an item' })
  async createItem(
    @Arg('input', () => CreateItemInput) input: CreateItemInput,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const code = await createRecord(ctx.db, 'item', input, ctx.who(reason));
    return ctx.fresh().itemByCode.load(code);
  }

  @Mutation(() => Item, { description: '修改事项 · Update an item' })
  async updateItem(
    @Arg('code', () => String) code: string,
    @Arg('input', () => UpdateItemInput) input: UpdateItemInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | null,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await updateRecord(ctx.db, 'item', [code.trim()], input, { expectedVersion, ...ctx.who(reason) });
    return ctx.fresh().itemByCode.load(code.trim());
  }

  @Mutation(() => Boolean, { description: '删除事项（仍被清单或分配引用时拒绝）· Delete an item (refused while referenced)' })
  async deleteItem(
    @Arg('code', () => String) code: string,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await deleteRecord(ctx.db, 'item', [code.trim()], ctx.who(reason));
    return true;
  }
}
