import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { decodeCursor, pageSize, toPage } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { Body } from '../body/body.type';
import { NATION } from '../jurisdiction/jurisdiction.code';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import { FLAG_KINDS } from '../resolution/resolution.sql';
import { WORKLOAD_SQL, type CoverageRow, type WorkloadRow } from './analysis.sql';
import { freshScope } from './flag-store.service';
import { STORE_COVERAGE_SQL, STORE_WORKLOAD_SQL } from './flag-store.sql';
import { CoverageCell, CoverageConnection, CoverageGrouping, Workload, WorkloadConnection } from './analysis.type';
import { todayInChina } from '../../dates';
import { Level } from '../jurisdiction/jurisdiction.enums';
import { BodyKind } from '../records/record.enums';
import { requireScopePath } from '../jurisdiction/jurisdiction.scope';

interface PageResult<R> {
  total: number;
  page: R[];
}

@Resolver(() => CoverageCell)
export class CoverageResolver {
  @Query(() => CoverageConnection, {
    description: '覆盖矩阵：区划 × 领域的适用、有主体及问题标记数 · Coverage of a scope: jurisdictions × domains',
  })
  async coverage(
    @Arg('scopeCode', () => String, { description: '范围，000000 为全国 · Scope; 000000 = the nation' }) scopeCode: string,
    @Arg('groupBy', () => CoverageGrouping, { defaultValue: CoverageGrouping.COUNTY }) groupBy: CoverageGrouping,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Arg('domain', () => String, { nullable: true }) domain: string | null,
    @Arg('includeAcknowledged', () => Boolean, { defaultValue: false }) includeAcknowledged: boolean,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const { scope, path, level } = await requireScopePath(ctx.db, scopeCode);
    const n = pageSize(first);
    const cursor = decodeCursor(after, 2);
    // from the maintained store (its pending counties in the scope refreshed first when few)
    const { units, ...freshness } = await freshScope(ctx.db, scope === NATION ? null : scope, path);
    const [row] = await ctx.db.query<PageResult<CoverageRow>>(STORE_COVERAGE_SQL, [
      asOf ?? todayInChina(),
      units,
      level === 'TOWNSHIP' ? scope : null,
      domain?.trim() || null,
      groupBy,
      includeAcknowledged,
      cursor?.[0] ?? null,
      cursor?.[1] ?? null,
      n + 1,
    ]);
    const page = toPage(
      row.page,
      n,
      row.total,
      (r) => [r.jurisdiction, r.domain],
      (r) => ({
        ...r,
        flags: FLAG_KINDS.map((kind) => ({ kind, count: r.flags?.[kind] ?? 0 })),
      }),
    );
    return { ...page, ...freshness };
  }

  @FieldResolver(() => Jurisdiction, { description: '行（末级区划或县）· The row: a leaf or a county' })
  jurisdiction(@Root() c: CoverageRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(c.jurisdiction);
  }
}

@Resolver(() => Workload)
export class WorkloadResolver {
  @Query(() => WorkloadConnection, {
    description: '各责任主体在某范围内承担的事项数（按角色、层级）· Workload of each body within a scope',
  })
  async workload(
    @Arg('scopeCode', () => String) scopeCode: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Arg('level', () => Level, { nullable: true, description: '主体层级 · Level of the body' }) level: Level | null,
    @Arg('kind', () => BodyKind, { nullable: true }) kind: BodyKind | null,
    @Arg('domain', () => String, { nullable: true }) domain: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const place = await requireScopePath(ctx.db, scopeCode);
    const scope = place.scope;
    const n = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const date = asOf ?? todayInChina();
    // from the maintained store, kept per county; a township's own workload is computed live (one leaf)
    const { units, ...freshness } = await freshScope(ctx.db, scope === NATION ? null : scope, place.path);
    const [row] =
      place.level === 'TOWNSHIP'
        ? await ctx.db.query<PageResult<WorkloadRow>>(WORKLOAD_SQL, [
            date,
            null,
            domain?.trim() || null,
            scope,
            null,
            level,
            kind,
            cursor?.[0] ?? null,
            n + 1,
          ])
        : await ctx.db.query<PageResult<WorkloadRow>>(STORE_WORKLOAD_SQL, [
            date,
            units,
            domain?.trim() || null,
            level,
            kind,
            cursor?.[0] ?? null,
            n + 1,
          ]);
    return {
      ...toPage(
        row.page,
        n,
        row.total,
        (r) => [r.body],
        (r) => r,
      ),
      ...freshness,
    };
  }

  @FieldResolver(() => Body, { description: '责任主体 · The body' })
  body(@Root() w: WorkloadRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.bodyByCode.load(w.body);
  }
}
