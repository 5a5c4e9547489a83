import { Node } from '../../graphql/node';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar, JSONScalar } from '../../graphql/scalars';

@ObjectType({ implements: Node, description: '清单版本（动态调整后发布）· A published version of a catalogue' })
export class CatalogueVersion {
  @Field(() => Int, { description: '版本号 · Version number' })
  version: number;
  @Field(() => DateScalar, { description: '发布日期 · Date published' })
  publishedOn: string;
  @Field({ description: '发布时间（ISO 8601）· When it was recorded' })
  publishedAt: string;
  @Field(() => String, { nullable: true, description: '说明 · Note' })
  note: string | null;
  @Field(() => String, { nullable: true, description: '发布人 · Who published it' })
  actor: string | null;
  @Field(() => JSONScalar, {
    description: '冻结的内容：清单、条目、分配（交换格式记录）· Frozen content: catalogue, entries, assignments',
  })
  content: unknown;
}

@ObjectType({ description: '字段变化 · A field that differs' })
export class FieldChange {
  @Field() field: string;
  @Field(() => JSONScalar, { nullable: true }) before: unknown;
  @Field(() => JSONScalar, { nullable: true }) after: unknown;
}

@ObjectType({ description: '一条记录的变化 · A record that differs' })
export class RecordChange {
  @Field({ description: '键（条目：事项编码；分配：事项|范围|主体|角色|起始日）· Key' }) key: string;
  @Field(() => [FieldChange]) fields: FieldChange[];
}

@ObjectType({ description: '一类记录的差异 · Differences of one kind of record' })
export class RecordDiff {
  @Field(() => [String], { description: '新增 · Added keys' }) added: string[];
  @Field(() => [String], { description: '删除 · Removed keys' }) removed: string[];
  @Field(() => [RecordChange], { description: '修改 · Changed records, field by field' }) changed: RecordChange[];
}

@ObjectType({ description: '两个版本之间的差异 · Differences between two versions' })
export class CatalogueVersionDiff {
  @Field(() => Int) from: number;
  @Field(() => Int) to: number;
  @Field(() => [FieldChange], { description: '清单本身的字段变化 · Changes of the catalogue record' }) catalogue: FieldChange[];
  @Field(() => RecordDiff, { description: '事项（条目）· Items listed' }) entries: RecordDiff;
  @Field(() => RecordDiff, { description: '责任分配 · Assignments published in it' }) assignments: RecordDiff;
}
