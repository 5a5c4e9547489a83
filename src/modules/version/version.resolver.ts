import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { DateScalar } from '../../graphql/scalars';
import type { CatalogueRow } from '../catalogue/catalogue.sql';
import { Catalogue } from '../catalogue/catalogue.type';
import { diffVersions, getVersion, publishCatalogue } from './version.service';
import { CatalogueVersion, CatalogueVersionDiff } from './version.type';
import { registerNode } from '../../graphql/node';
import type { VersionRow } from './version.service';

/** A version is (catalogue, version number), read through the catalogue's versions loader. */
registerNode<VersionRow>('CatalogueVersion', {
  key: (r) => `${r.catalogue}|${r.version}`,
  load: (ctx, keys) =>
    Promise.all(
      keys.map(async (k) => {
        const bar = k.lastIndexOf('|');
        const rows = await ctx.loaders.versionsByCatalogue.load(k.slice(0, bar));
        return rows.find((r) => String(r.version) === k.slice(bar + 1)) ?? null;
      }),
    ),
});

@Resolver(() => Catalogue)
export class VersionResolver {
  @Mutation(() => CatalogueVersion, {
    description:
      '发布清单新版本：冻结当前的清单、条目与分配 · Publish a version: freezes the catalogue, its entries and assignments as they stand',
  })
  publishCatalogue(
    @Arg('code', () => String) code: string,
    @Arg('note', () => String, { nullable: true, description: '版本说明 · Note' }) note: string | null,
    @Arg('publishedOn', () => DateScalar, { nullable: true, description: '发布日期（默认今天）· Date (default today)' })
    publishedOn: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return publishCatalogue(ctx.db, code, { note, publishedOn, ...ctx.who(note) });
  }

  @Query(() => CatalogueVersion, { description: '清单的某一版本 · One version of a catalogue' })
  catalogueVersion(
    @Arg('code', () => String) code: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: RequestContext,
  ) {
    return getVersion(ctx.db, code, version);
  }

  @Query(() => CatalogueVersionDiff, { description: '两个版本之间的差异 · Differences between two versions, field by field' })
  catalogueVersionDiff(
    @Arg('code', () => String) code: string,
    @Arg('from', () => Int) from: number,
    @Arg('to', () => Int) to: number,
    @Ctx() ctx: RequestContext,
  ) {
    return diffVersions(ctx.db, code, from, to);
  }

  @FieldResolver(() => [CatalogueVersion], { description: '已发布的版本 · Published versions' })
  versions(@Root() c: CatalogueRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.versionsByCatalogue.load(c.code);
  }
}
