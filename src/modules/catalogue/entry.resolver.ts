import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { loadPresent } from '../../db/loaders';
import { createRecord, deleteRecord, updateRecord } from '../records/record.mutations';
import { Body } from '../body/body.type';
import { Item } from '../item/item.type';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import type { EntryRow } from './catalogue.sql';
import { Catalogue, CatalogueEntry, CreateEntryInput, UpdateEntryInput } from './catalogue.type';
import { orNull, registerNode } from '../../graphql/node';

/** An entry is (catalogue, item): the key the entryByKey loader takes. */
registerNode<{ catalogue: string; item: string }>('CatalogueEntry', {
  key: (r) => `${r.catalogue}|${r.item}`,
  load: (ctx, keys) => ctx.loaders.entryByKey.loadMany(keys).then(orNull),
});

@Resolver(() => CatalogueEntry)
export class EntryResolver {
  @FieldResolver(() => Catalogue, { description: '所属清单 · The catalogue' })
  catalogue(@Root() e: EntryRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalogueByCode.load(e.catalogue);
  }

  @FieldResolver(() => Item, { description: '事项 · The item' })
  item(@Root() e: EntryRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemByCode.load(e.item);
  }

  @FieldResolver(() => Body, {
    nullable: true,
    description: '牵头部门（履职事项清单的配合事项）· The lead body (COOPERATING entries of a duty list)',
  })
  lead(@Root() e: EntryRow, @Ctx() ctx: RequestContext) {
    return e.lead ? ctx.loaders.bodyByCode.load(e.lead) : null;
  }

  @FieldResolver(() => Body, {
    nullable: true,
    description: '承接部门（履职事项清单的收回事项）· The body that took it back (RECLAIMED entries of a duty list)',
  })
  takenBy(@Root() e: EntryRow, @Ctx() ctx: RequestContext) {
    return e.takenBy ? ctx.loaders.bodyByCode.load(e.takenBy) : null;
  }

  @FieldResolver(() => [Jurisdiction], { description: '不适用地区 · Jurisdictions whose subtrees the item does not apply to' })
  async notApplicableIn(@Root() e: EntryRow, @Ctx() ctx: RequestContext) {
    return loadPresent(ctx.loaders.jurisdictionByCode, e.notApplicableIn);
  }

  @Mutation(() => CatalogueEntry, { description: '向清单添加事项 · Add an item to a catalogue' })
  async createEntry(
    @Arg('catalogueCode', () => String) catalogueCode: string,
    @Arg('input', () => CreateEntryInput) input: CreateEntryInput,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const item = await createRecord(ctx.db, 'entry', input, { catalogue: catalogueCode.trim(), ...ctx.who(reason) });
    return ctx.fresh().entryByKey.load(`${catalogueCode.trim()}|${item}`);
  }

  @Mutation(() => CatalogueEntry, { description: '修改清单条目 · Update an entry' })
  async updateEntry(
    @Arg('catalogueCode', () => String) catalogueCode: string,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('input', () => UpdateEntryInput) input: UpdateEntryInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | null,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await updateRecord(ctx.db, 'entry', [catalogueCode.trim(), itemCode.trim()], input, { expectedVersion, ...ctx.who(reason) });
    return ctx.fresh().entryByKey.load(`${catalogueCode.trim()}|${itemCode.trim()}`);
  }

  @Mutation(() => Boolean, { description: '从清单移除事项 · Remove an item from a catalogue' })
  async deleteEntry(
    @Arg('catalogueCode', () => String) catalogueCode: string,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('reason', () => String, { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    await deleteRecord(ctx.db, 'entry', [catalogueCode.trim(), itemCode.trim()], ctx.who(reason));
    return true;
  }
}
