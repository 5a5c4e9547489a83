import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { loadPresent } from '../../db/loaders';
import { listPage } from '../../graphql/connection';
import { NATION, normaliseCode, normaliseScope } from './jurisdiction.code';
import * as sql from './jurisdiction.sql';
import { Jurisdiction, JurisdictionConnection } from './jurisdiction.type';
import { orNull, registerNode } from '../../graphql/node';
import { Level } from './jurisdiction.enums';
import { pinyinQuery } from './pinyin';

registerNode<sql.JurisdictionRow>('Jurisdiction', {
  key: (r) => r.code,
  load: (ctx, keys) => ctx.loaders.jurisdictionByCode.loadMany(keys).then(orNull),
});

@Resolver(() => Jurisdiction)
export class JurisdictionResolver {
  @Query(() => Jurisdiction, {
    nullable: true,
    description: '按代码查行政区划（接受 37、3706、12位统计代码等别名）· A jurisdiction by code; aliases accepted',
  })
  jurisdiction(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext) {
    return ctx.loaders.jurisdictionByCode.load(normaliseCode(code, 'code'));
  }

  @Query(() => JurisdictionConnection, {
    description: '在某辖区内按名称、层级搜索行政区划 · Search jurisdictions under a scope by name and level',
  })
  async jurisdictions(
    @Arg('scopeCode', () => String, { defaultValue: NATION, description: '范围，000000 为全国 · Scope; 000000 = the nation' })
    scopeCode: string,
    @Arg('name', () => String, {
      nullable: true,
      description:
        '名称片段，或拼音全拼、首字母的开头（zy → 招远，wqjd → 温泉街道）· Name fragment, or the start of its pinyin, full or initials',
    })
    name: string | null,
    @Arg('level', () => Level, { nullable: true }) level: Level | null,
    @Arg('first', () => Int, { nullable: true, description: '每页数量（≤100）· Page size (≤ 100)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const scope = normaliseScope(scopeCode);
    // letters only: pinyin, full or initials (place names are all Han), matched as a prefix
    const spelled = pinyinQuery(name);
    const filter = [
      scope === NATION ? null : scope,
      spelled ? null : name?.trim() || null,
      level ?? null,
      spelled && `${spelled}%`,
    ];
    return listPage<sql.JurisdictionRow>(ctx.db, {
      listSql: sql.SEARCH_JURISDICTIONS_SQL,
      countSql: sql.COUNT_JURISDICTIONS_SQL,
      filter,
      first,
      after,
      key: (r) => r.code,
    });
  }

  @FieldResolver(() => Jurisdiction, { nullable: true, description: '上级区划 · Parent jurisdiction' })
  parent(@Root() j: sql.JurisdictionRow, @Ctx() ctx: RequestContext) {
    return j.parent ? ctx.loaders.jurisdictionByCode.load(j.parent) : null;
  }

  @FieldResolver(() => [Jurisdiction], { description: '直接下级区划（按代码）· Direct children, by code' })
  children(@Root() j: sql.JurisdictionRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.childrenByJurisdiction.load(j.code);
  }

  @FieldResolver(() => [Jurisdiction], { description: '各级上级，从省级起 · Ancestors, from the province down (self excluded)' })
  async ancestors(@Root() j: sql.JurisdictionRow, @Ctx() ctx: RequestContext) {
    return loadPresent(ctx.loaders.jurisdictionByCode, j.path.slice(0, -1));
  }
}
