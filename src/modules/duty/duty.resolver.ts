import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { AppError } from '../../errors';
import { DateScalar } from '../../graphql/scalars';
import { Body } from '../body/body.type';
import { Catalogue } from '../catalogue/catalogue.type';
import { Item } from '../item/item.type';
import { normaliseCode } from '../jurisdiction/jurisdiction.code';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import { todayInChina } from '../../dates';
import { conformance, conformanceSummary } from './conformance.service';
import { EmpowermentMutationResolver } from './empowerment.resolver';
import { DUTY_LIST_SQL, EMPOWERMENTS_AT_SQL, type DutyListEntryRow, type EmpowermentRow } from './duty.sql';
import {
  CatalogueConformance,
  ConformanceFinding,
  ConformanceKind,
  ConformanceReport,
  ConformanceSummary,
  DutyList,
  DutyListEntry,
  DutyPart,
  Empowerment,
  EmpowermentMode,
} from './duty.type';

async function requirePlace(ctx: RequestContext, code: string): Promise<string> {
  const c = normaliseCode(code, 'jurisdictionCode');
  if (!(await ctx.loaders.jurisdictionByCode.load(c))) {
    throw new AppError('JURISDICTION_NOT_FOUND', `jurisdictionCode: 行政区划 "${code}" 不存在 · no jurisdiction "${code}"`, [
      { path: 'jurisdictionCode', message: `no jurisdiction "${code}"` },
    ]);
  }
  return c;
}

const PARTS = [DutyPart.BASIC, DutyPart.COOPERATING, DutyPart.RECLAIMED];

@Resolver(() => DutyList)
export class DutyListResolver {
  @Query(() => DutyList, {
    nullable: true,
    description:
      '某地某日有效的履职事项清单（自有清单，否则最近上级的通用清单；无则为 null），可按部分筛选 · ' +
      'The duty list in force at a place on a date (its own, else the nearest common list above; null when none), by part',
  })
  async dutyList(
    @Arg('jurisdictionCode', () => String) jurisdictionCode: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Arg('part', () => DutyPart, { nullable: true, description: '只看此部分 · Only this part' }) part: DutyPart | null,
    @Ctx() ctx: RequestContext,
  ): Promise<DutyList | null> {
    const place = await requirePlace(ctx, jurisdictionCode);
    const date = asOf ?? todayInChina();
    const rows = await ctx.db.query<DutyListEntryRow>(DUTY_LIST_SQL, [date, place]);
    if (rows.length === 0) return null;
    const entries = rows.filter((r) => r.item !== null);
    const listed = entries
      .filter((e) => part == null || e.part === part)
      .map((e) => ({
        part: e.part as DutyPart,
        duty: e.duty,
        validFrom: e.validFrom,
        validTo: e.validTo,
        itemCode: e.item,
        catalogueCode: e.catalogue,
        leadCode: e.lead,
        takenByCode: e.takenBy,
      }));
    return {
      asOf: date,
      own: rows[0].owner === place,
      total: entries.length,
      counts: PARTS.map((p) => ({ part: p, count: entries.filter((e) => e.part === p).length })),
      entries: listed,
      parts: PARTS.filter((p) => part == null || p === part).map((p) => {
        const of = listed.filter((e) => e.part === p);
        return { part: p, count: of.length, entries: of };
      }),
      placeCode: place,
      ownerCode: rows[0].owner,
      catalogueCodes: [...new Set(rows.map((r) => r.catalogue).filter((c): c is string => c !== null))].sort(),
    };
  }

  @Query(() => [Empowerment], {
    description:
      '某乡镇某日拥有的赋权（即其获得的法定职权）· The empowerments in force at a date that reach a place (the powers it holds)',
  })
  async empowerments(
    @Arg('jurisdictionCode', () => String) jurisdictionCode: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Empowerment[]> {
    const place = await requirePlace(ctx, jurisdictionCode);
    const rows = await ctx.db.query<EmpowermentRow>(EMPOWERMENTS_AT_SQL, [asOf ?? todayInChina(), place]);
    return rows.map((r) => ({ ...r, mode: r.mode as EmpowermentMode, itemCode: r.item, scopeCode: r.scope }));
  }

  @Query(() => ConformanceReport, {
    description: '清单与其指导目录的三级四同比对（SPEC §9）· Conformance of a catalogue with its guiding catalogue',
  })
  async conformance(
    @Arg('catalogueCode', () => String) catalogueCode: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ConformanceReport> {
    const r = await conformance(ctx.db, catalogueCode, asOf);
    return {
      asOf: r.asOf,
      total: r.total,
      counts: r.counts.map((c) => ({ kind: c.kind as ConformanceKind, count: c.count })),
      findings: r.findings.map((f) => ({ ...f, kind: f.kind as ConformanceKind, itemCode: f.item })),
      catalogueCode: r.catalogue,
      guidingCode: r.guiding,
    };
  }

  @Query(() => ConformanceSummary, {
    description:
      '范围内全部清单的三级四同汇总，问题最多的在前（000000 为全国）· Conformance of every catalogue under a scope, worst first',
  })
  async conformanceSummary(
    @Arg('scopeCode', () => String) scopeCode: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Arg('limit', () => Int, {
      nullable: true,
      description: '列出的清单数（默认 100，至多 1000）· Catalogues listed (default 100, at most 1,000)',
    })
    first: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ConformanceSummary> {
    const s = await conformanceSummary(ctx.db, scopeCode, asOf, first);
    const counts = (cs: { kind: string; count: number }[]) =>
      cs.map((c) => ({ kind: c.kind as ConformanceKind, count: c.count }));
    return {
      scopeCode: s.scope,
      asOf: s.asOf,
      total: s.total,
      catalogueCount: s.catalogueCount,
      counts: counts(s.counts),
      catalogues: s.catalogues.map((c) => ({ catalogueCode: c.catalogue, total: c.total, counts: counts(c.counts) })),
    };
  }

  @FieldResolver(() => Jurisdiction, { description: '所查地点 · The place asked about' })
  jurisdiction(@Root() l: DutyList, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(l.placeCode);
  }

  @FieldResolver(() => Jurisdiction, { description: '清单所属地（本地或上级）· Whose list it is (the place or an ancestor)' })
  owner(@Root() l: DutyList, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(l.ownerCode);
  }

  @FieldResolver(() => [Catalogue], { description: '构成该清单的履职事项清单 · The DUTY catalogues that form it' })
  async catalogues(@Root() l: DutyList, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.catalogueByCode.loadMany(l.catalogueCodes)).filter((c) => c && !(c instanceof Error));
  }
}

@Resolver(() => DutyListEntry)
export class DutyListEntryResolver {
  @FieldResolver(() => Item, { description: '事项 · The item' })
  item(@Root() e: DutyListEntry, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemByCode.load(e.itemCode);
  }
  @FieldResolver(() => Catalogue, { description: '所在清单 · The catalogue it is listed in' })
  catalogue(@Root() e: DutyListEntry, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalogueByCode.load(e.catalogueCode);
  }
  @FieldResolver(() => Body, { nullable: true, description: '牵头部门（配合事项）· The lead body (COOPERATING)' })
  lead(@Root() e: DutyListEntry, @Ctx() ctx: RequestContext) {
    return e.leadCode ? ctx.loaders.bodyByCode.load(e.leadCode) : null;
  }
  @FieldResolver(() => Body, { nullable: true, description: '承接部门（收回事项）· The body that took it back (RECLAIMED)' })
  takenBy(@Root() e: DutyListEntry, @Ctx() ctx: RequestContext) {
    return e.takenByCode ? ctx.loaders.bodyByCode.load(e.takenByCode) : null;
  }
}

@Resolver(() => Empowerment)
export class EmpowermentResolver {
  @FieldResolver(() => Item, { description: '事项 · The item' })
  item(@Root() m: Empowerment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemByCode.load(m.itemCode);
  }
  @FieldResolver(() => Jurisdiction, { description: '赋权范围 · The scope it reaches (and its subtree)' })
  scope(@Root() m: Empowerment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(m.scopeCode);
  }
}

@Resolver(() => ConformanceFinding)
export class ConformanceFindingResolver {
  @FieldResolver(() => Item, { description: '事项 · The item' })
  item(@Root() f: ConformanceFinding, @Ctx() ctx: RequestContext) {
    return ctx.loaders.itemByCode.load(f.itemCode);
  }
}

@Resolver(() => ConformanceReport)
export class ConformanceReportResolver {
  @FieldResolver(() => Catalogue, { description: '被比对的清单 · The catalogue compared' })
  catalogue(@Root() r: ConformanceReport, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalogueByCode.load(r.catalogueCode);
  }
  @FieldResolver(() => Catalogue, { nullable: true, description: '指导目录（无则为 null）· Its guiding catalogue (null: none)' })
  guiding(@Root() r: ConformanceReport, @Ctx() ctx: RequestContext) {
    return r.guidingCode ? ctx.loaders.catalogueByCode.load(r.guidingCode) : null;
  }
}

@Resolver(() => CatalogueConformance)
export class CatalogueConformanceResolver {
  @FieldResolver(() => Catalogue, { description: '清单 · The catalogue' })
  catalogue(@Root() r: CatalogueConformance, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalogueByCode.load(r.catalogueCode);
  }
}

export const DUTY_RESOLVERS = [
  DutyListResolver,
  EmpowermentMutationResolver,
  DutyListEntryResolver,
  EmpowermentResolver,
  ConformanceFindingResolver,
  ConformanceReportResolver,
  CatalogueConformanceResolver,
] as const;
