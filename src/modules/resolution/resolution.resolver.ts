import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { DateScalar } from '../../graphql/scalars';
import { Assignment } from '../assignment/assignment.type';
import { Body } from '../body/body.type';
import { Catalogue } from '../catalogue/catalogue.type';
import { Item } from '../item/item.type';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import { ChainLevel, Holder, ResponsibleChain } from './resolution.type';
import { responsibleChain } from './chain.service';
import type { ChainNode, HolderNode } from './resolution.nodes';

@Resolver(() => ResponsibleChain)
export class ChainResolver {
  @Query(() => ResponsibleChain, {
    description:
      '责任链：某事项在某地某日（默认今天，北京时间）由谁负责 · Who is responsible for an item at a place on a date (default: today, Asia/Shanghai)',
  })
  async responsibleChain(
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('jurisdictionCode', () => String) jurisdictionCode: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const chain = await responsibleChain(ctx.db, itemCode, jurisdictionCode, asOf);
    // The chain statement already read the rows its fields show: no further round trips for them.
    ctx.loaders.itemByCode.prime(chain.rows.item.code, chain.rows.item);
    for (const j of chain.rows.places) ctx.loaders.jurisdictionByCode.prime(j.code, j);
    for (const b of chain.rows.bodies) ctx.loaders.bodyByCode.prime(b.code, b);
    return chain;
  }

  @FieldResolver(() => Item, { description: '事项 · The item' })
  item(@Root() c: ChainNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemByCode.load(c.item);
  }

  @FieldResolver(() => Jurisdiction, { description: '所查区划 · The place asked about' })
  jurisdiction(@Root() c: ChainNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(c.jurisdiction);
  }
}

@Resolver(() => ChainLevel)
export class ChainLevelResolver {
  @FieldResolver(() => Jurisdiction, { description: '该层级的区划 · The jurisdiction at this level' })
  jurisdiction(@Root() l: { jurisdiction: string }, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(l.jurisdiction);
  }
}

@Resolver(() => Holder)
export class HolderResolver {
  @FieldResolver(() => Body, {
    nullable: true,
    description: '责任主体（属地模板未解析时为空）· The body; null only for an unresolved TOWNSHIP_GOVERNMENT template',
  })
  body(@Root() h: HolderNode, @Ctx() ctx: RequestContext) {
    return h.body ? ctx.loaders.bodyByCode.load(h.body) : null;
  }

  @FieldResolver(() => Body, {
    nullable: true,
    description: '分配中写明的单位（承继前）· The body the assignment names, before successors',
  })
  namedBody(@Root() h: HolderNode, @Ctx() ctx: RequestContext) {
    return h.namedBody ? ctx.loaders.bodyByCode.load(h.namedBody) : null;
  }

  @FieldResolver(() => Jurisdiction, { description: '分配写在哪一级 · Where the assignment was written' })
  scope(@Root() h: HolderNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(h.scope);
  }

  @FieldResolver(() => Assignment, { description: '来源分配 · The assignment it comes from' })
  assignment(@Root() h: HolderNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.assignmentById.load(h.assignment);
  }

  @FieldResolver(() => Catalogue, { nullable: true, description: '来源清单 · The catalogue it was published in' })
  catalogue(@Root() h: HolderNode, @Ctx() ctx: RequestContext) {
    return h.catalogue ? ctx.loaders.catalogueByCode.load(h.catalogue) : null;
  }
}
