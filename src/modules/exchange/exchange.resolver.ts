import { Arg, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { JSONScalar } from '../../graphql/scalars';
import { exportDocument } from './export.service';
import { importDocument } from './import.service';
import { requireScope } from '../jurisdiction/jurisdiction.scope';

@ObjectType({ description: '导入问题：位置与可操作的说明 · An import problem: where, and what to do' })
export class ImportProblem {
  @Field({ description: 'JSON 路径，如 assignments[12].scope · JSON path' })
  path: string;
  @Field({ description: '说明（中文 · English）· Message' })
  message: string;
  @Field(() => String, {
    nullable: true,
    description:
      'FORBIDDEN：记录超出调用者的权限范围；空：记录本身有误 · FORBIDDEN: outside the caller’s scope; null: the record itself is wrong',
  })
  code?: string | null;
}

@ObjectType({ description: '按记录类型的统计 · Counts for one kind of record' })
export class ImportCount {
  @Field({ description: 'body / item / catalogue / entry / assignment' })
  entity: string;
  @Field(() => Int) created: number;
  @Field(() => Int) updated: number;
  @Field(() => Int) unchanged: number;
}

@ObjectType({ description: '导入结果 · Import report' })
export class ImportReport {
  @Field({ description: '是否为试运行（未写入）· Whether nothing was written on purpose' })
  dryRun: boolean;
  @Field(() => Int, { description: '新建（或将新建）的记录数 · Records created (or that would be)' })
  created: number;
  @Field(() => Int, { description: '更新（或将更新）的记录数 · Records updated (or that would be)' })
  updated: number;
  @Field(() => Int, { description: '未变的记录数 · Records already as in the document' })
  unchanged: number;
  @Field(() => [ImportProblem], {
    description: '全部问题；有问题时不写入任何内容 · Every problem; any problem means nothing was written',
  })
  problems: ImportProblem[];
  @Field(() => [ImportCount], { description: '按记录类型 · Per kind of record' })
  counts: ImportCount[];
}

@Resolver()
export class ExchangeResolver {
  @Query(() => JSONScalar, {
    description:
      '导出某辖区（000000 为全国）的清单为 shudi-catalogue/1 文档，可原样导入 · A scope (000000: the nation) as a shudi-catalogue/1 document; export → import changes nothing',
  })
  async exportCatalogues(@Arg('scopeCode', () => String) scopeCode: string, @Ctx() ctx: RequestContext) {
    return exportDocument(ctx.db, await requireScope(ctx.db, scopeCode));
  }

  @Mutation(() => ImportReport, {
    description:
      '导入 shudi-catalogue/1 文档：原子、幂等，dryRun 只报告不写入 · Import a shudi-catalogue/1 document: atomic, idempotent; dryRun writes nothing',
  })
  importCatalogue(
    @Arg('document', () => JSONScalar) document: unknown,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
    @Arg('reason', () => String, { nullable: true, description: '导入原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return importDocument(ctx.db, document, { dryRun: dryRun ?? false, ...ctx.who(reason) });
  }
}
