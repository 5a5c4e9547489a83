import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../../context';
import { AppError } from '../../../errors';
import { DateScalar } from '../../../graphql/scalars';
import { ImportReport } from '../exchange.resolver';
import { exportTable, type CsvEncoding } from './table.export';
import { importTable } from './table.import';
import type { TableFormat } from './table.read';
import { CsvEncodingEnum, TableFormatEnum } from './table.enums';
import { CatalogueKind } from '../../records/record.enums';

@InputType({
  description:
    '表格所属的清单：县级实施清单 (LOCAL) 或乡镇履职事项清单 (DUTY) · The catalogue a table is the list of: a LOCAL list or a DUTY township duty list',
})
class CatalogueTableInput {
  @Field({ description: '清单编码 · Catalogue code' })
  code: string;
  @Field(() => CatalogueKind, {
    nullable: true,
    description:
      '新清单的类型：LOCAL（默认）或 DUTY；已有清单按其类型读取 · Kind of a new catalogue: LOCAL (default) or DUTY; a stored one is read in its own layout',
  })
  kind?: CatalogueKind | null;
  @Field(() => String, { nullable: true, description: '所属地（新清单必填）· Owner jurisdiction (required for a new catalogue)' })
  owner?: string | null;
  @Field(() => String, { nullable: true, description: '清单名称（默认取表格标题行）· Name (default: the title row)' })
  name?: string | null;
  @Field(() => String, { nullable: true, description: '所依据的指导目录 · Guiding catalogue it derives from' })
  guiding?: string | null;
  @Field(() => DateScalar, { nullable: true, description: '清单施行日期 · Date the list takes effect' })
  validFrom?: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      '表格新增责任主体的起始日期（默认清单施行日期）· Start of holders the table adds (default: the list’s validFrom)',
  })
  effectiveFrom?: string | null;
}

@ObjectType({ description: '导出的表格文件 · An exported table file' })
class TableFile {
  @Field({ description: '建议文件名 · Suggested file name' })
  filename: string;
  @Field({ description: '媒体类型 · Media type' })
  mediaType: string;
  @Field(() => Int, { description: '事项行数 · Item rows' })
  rows: number;
  @Field({ description: '文件内容（base64）· File content, base64' })
  base64: string;
}

const MAX_BASE64 = 64 * 1024 * 1024;

@Resolver()
export class TableResolver {
  @Mutation(() => ImportReport, {
    description:
      '从 Excel (.xlsx) 或 CSV 导入一份县级实施清单或乡镇履职事项清单（表格格式）：原子、幂等，dryRun 只报告 · Import one LOCAL or DUTY catalogue from an .xlsx or CSV in its table layout: atomic, idempotent; dryRun writes nothing',
  })
  importCatalogueTable(
    @Arg('base64', { description: '文件内容（base64）· The file, base64-encoded' }) base64: string,
    @Arg('catalogue', () => CatalogueTableInput) catalogue: CatalogueTableInput,
    @Arg('format', () => TableFormatEnum, { nullable: true, description: '默认按内容识别 · Default: detected from the content' })
    format: TableFormat | null,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: '表格所述清单的日期（默认今天）· The date the table states the list for (default today)',
    })
    asOf: string | null,
    @Arg('sheet', () => String, {
      nullable: true,
      description: '清单所在的工作表名称（默认第一个可见工作表）· The sheet holding the list (default: the first visible sheet)',
    })
    sheet: string | null,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
    @Arg('reason', () => String, { nullable: true, description: '导入原因，记入变更记录 · Why; recorded in the change feed' })
    reason: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const { code, kind, ...rest } = catalogue;
    if (kind === 'GUIDING') {
      throw new AppError('INPUT_INVALID', '表格只能导入 LOCAL 或 DUTY 清单 · a table imports a LOCAL or a DUTY catalogue', [
        { path: 'catalogue.kind', message: `"${kind}": allowed LOCAL, DUTY` },
      ]);
    }
    return importTable(ctx.db, decodeBase64(base64), {
      ...rest,
      kind,
      catalogue: code,
      format,
      asOf,
      sheet,
      dryRun: dryRun ?? false,
      ...ctx.who(reason),
    });
  }

  @Query(() => TableFile, {
    description:
      '将一份县级实施清单或履职事项清单导出为表格（.xlsx 或 CSV），可原样导入 · One LOCAL or DUTY catalogue as a table (.xlsx or CSV); importing it back changes nothing',
  })
  async exportCatalogueTable(
    @Arg('code', { description: '清单编码 · Catalogue code' }) code: string,
    @Arg('format', () => TableFormatEnum, { defaultValue: TableFormatEnum.XLSX }) format: TableFormat,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '清单日期（默认今天）· Date (default today)' })
    asOf: string | null,
    @Arg('encoding', () => CsvEncodingEnum, { defaultValue: CsvEncodingEnum.UTF8, description: 'CSV 编码 · CSV encoding' })
    encoding: CsvEncoding,
    @Ctx() ctx: RequestContext,
  ): Promise<TableFile> {
    const file = await exportTable(ctx.db, code, { format, asOf, encoding });
    return { filename: file.filename, mediaType: file.mediaType, rows: file.rows, base64: file.bytes.toString('base64') };
  }
}

function decodeBase64(text: string): Buffer {
  const clean = text.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (clean.length === 0 || clean.length > MAX_BASE64 || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) {
    throw new AppError('INPUT_INVALID', '文件内容不是有效的 base64 · base64 is not a valid base64 file (or is empty)', [
      { path: 'base64', message: 'expected base64 (A–Z, a–z, 0–9, +, /, =)' },
    ]);
  }
  return Buffer.from(clean, 'base64');
}
