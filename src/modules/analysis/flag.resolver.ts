import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { loadPresent } from '../../db/loaders';
import { pageSize } from '../../graphql/connection';
import { registerNode } from '../../graphql/node';
import { DateScalar } from '../../graphql/scalars';
import { Body } from '../body/body.type';
import { Item } from '../item/item.type';
import { Level } from '../jurisdiction/jurisdiction.enums';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import { acknowledgeFlag, unacknowledgeFlag } from '../resolution/acknowledgement.service';
import type { FlagNode } from '../resolution/resolution.nodes';
import { Flag, FlagConnection, FlagKind } from '../resolution/resolution.type';
import { responsibilityFlags } from './flags.service';

/**
 * A flag is (kind, item, leaf): the key its acknowledgement has. Refetched by id it answers as of today
 * (the date is a question asked of the list, not part of the flag's identity).
 */
registerNode<FlagNode>('Flag', {
  key: (f) => `${f.kind}|${f.item}|${f.jurisdiction}`,
  load: (ctx, keys) =>
    Promise.all(
      keys.map(async (k) => {
        const [kind, itemCode, jurisdictionCode] = k.split('|');
        if (!kind || !itemCode || !jurisdictionCode || !(kind in FlagKind)) return null;
        const page = await responsibilityFlags(ctx.db, {
          scopeCode: jurisdictionCode,
          kinds: [kind as FlagKind],
          itemCode,
          includeAcknowledged: true,
          first: 1,
          after: null,
        }).catch(() => null);
        return page?.edges.find((e) => e.node.jurisdiction === jurisdictionCode)?.node ?? null;
      }),
    ),
});

@Resolver(() => Flag)
export class FlagResolver {
  @Query(() => FlagConnection, {
    description:
      '某范围内（000000 为全国）所有末级区划的问题标记 · Flags of every (item, leaf) under a scope (000000: the nation) at a date',
  })
  async responsibilityFlags(
    @Arg('scopeCode', () => String) scopeCode: string,
    @Arg('kinds', () => [FlagKind], { nullable: true }) kinds: FlagKind[] | null,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Arg('includeAcknowledged', () => Boolean, { nullable: true, defaultValue: false }) includeAcknowledged: boolean | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('domain', () => String, { nullable: true, description: '事项领域 · Item domain' }) domain: string | null,
    @Arg('itemCode', () => String, { nullable: true }) itemCode: string | null,
    @Arg('bodyCode', () => String, { nullable: true, description: '涉及的责任主体 · A body the flag is about' })
    bodyCode: string | null,
    @Arg('level', () => Level, { nullable: true, description: '被标记区划的层级 · Level of the flagged place' })
    level: Level | null,
    @Ctx() ctx: RequestContext,
  ) {
    const page = await responsibilityFlags(ctx.db, {
      scopeCode,
      kinds,
      asOf,
      includeAcknowledged,
      first: pageSize(first),
      after,
      domain,
      itemCode,
      bodyCode,
      level,
    });
    // the rows the page read anyway: its items, places and bodies need no second round trip
    for (const i of page.rows?.items ?? []) ctx.loaders.itemByCode.prime(i.code, i);
    for (const j of page.rows?.places ?? []) ctx.loaders.jurisdictionByCode.prime(j.code, j);
    for (const b of page.rows?.bodies ?? []) ctx.loaders.bodyByCode.prime(b.code, b);
    return page;
  }

  @Mutation(() => Flag, { description: '确认某标记为合理（仍保留，默认不再列出）· Acknowledge a flag as intended' })
  acknowledgeFlag(
    @Arg('kind', () => FlagKind) kind: FlagKind,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('jurisdictionCode', () => String) jurisdictionCode: string,
    @Arg('reason', () => String, { description: '理由 · Why it is acceptable' }) reason: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '标记存在的日期（默认今天）· Date the flag exists on' })
    asOf: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return acknowledgeFlag(ctx.db, { kind, itemCode, jurisdictionCode, asOf, ...ctx.who(reason), reason });
  }

  @Mutation(() => Boolean, { description: '撤销确认 · Withdraw an acknowledgement' })
  unacknowledgeFlag(
    @Arg('kind', () => FlagKind) kind: FlagKind,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('jurisdictionCode', () => String) jurisdictionCode: string,
    @Arg('reason', () => String, { nullable: true, description: '撤销原因 · Why' }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return unacknowledgeFlag(ctx.db, { kind, itemCode, jurisdictionCode, ...ctx.who(reason) });
  }

  @FieldResolver(() => Item, { description: '事项 · The item' })
  item(@Root() f: FlagNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemByCode.load(f.item);
  }

  @FieldResolver(() => Jurisdiction, { description: '被标记的末级区划 · The leaf jurisdiction flagged' })
  jurisdiction(@Root() f: FlagNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(f.jurisdiction);
  }

  @FieldResolver(() => [Body], { description: '涉及的责任主体 · The bodies the flag is about' })
  async bodies(@Root() f: FlagNode, @Ctx() ctx: RequestContext) {
    return loadPresent(ctx.loaders.bodyByCode, f.bodies);
  }
}
