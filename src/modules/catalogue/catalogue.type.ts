import { Node } from '../../graphql/node';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { CatalogueKind, Category } from '../records/record.enums';
import { DutyPart } from '../records/record.enums';

@Directive('@key(fields: "code")')
@ObjectType({ implements: Node, description: '清单 / 目录 · A catalogue: a guiding template or a local list (SPEC §3)' })
export class Catalogue {
  @Field({ description: '清单编码 · Unique code' })
  code: string;
  @Field({ description: '清单名称 · Name' })
  name: string;
  @Field(() => CatalogueKind, { description: '类别 · Kind' })
  kind: CatalogueKind;
  @Field(() => DateScalar, { nullable: true, description: '施行日（含）· In force from (inclusive)' })
  validFrom: string | null;
  @Field(() => DateScalar, { nullable: true, description: '废止日（不含）· In force until (exclusive)' })
  validTo: string | null;
  @Field(() => Int, { description: '版本号 · Row version' })
  rowVersion: number;
}

@ObjectType({ implements: Node, description: '清单条目 · An entry: an item listed in a catalogue, with local deviations' })
export class CatalogueEntry {
  @Field(() => DateScalar, { nullable: true, description: '条目起始日（含）· Entry valid from' })
  validFrom: string | null;
  @Field(() => DateScalar, { nullable: true, description: '条目终止日（不含）· Entry valid to (exclusive)' })
  validTo: string | null;
  @Field(() => String, { nullable: true, description: '本地名称（与事项不同时）· Local name, when it deviates' })
  name: string | null;
  @Field(() => Category, { nullable: true, description: '本地类别（与事项不同时）· Local category, when it deviates' })
  category: Category | null;
  @Field(() => [String], { nullable: true, description: '本地依据（与事项不同时）· Local basis, when it deviates' })
  basis: string[] | null;
  @Field(() => DutyPart, {
    nullable: true,
    description: '部分（仅履职事项清单 DUTY）：基本 / 配合 / 收回 · Part (DUTY lists only): BASIC, COOPERATING, RECLAIMED',
  })
  part: DutyPart | null;
  @Field(() => String, { nullable: true, description: '履职内容（仅履职事项清单）· The duty as the duty list words it' })
  duty: string | null;
  @Field(() => Int, { description: '版本号 · Row version' })
  rowVersion: number;
}

export const CatalogueConnection = connectionType(Catalogue, 'Catalogue', '清单');
export const CatalogueEntryConnection = connectionType(CatalogueEntry, 'CatalogueEntry', '清单条目');

@InputType({ description: '新建清单 · A new catalogue' })
export class CreateCatalogueInput {
  @Field(() => ID) code: string;
  @Field() name: string;
  @Field({ description: '所属行政区划 · Owner jurisdiction' }) owner: string;
  @Field(() => CatalogueKind) kind: CatalogueKind;
  @Field(() => String, { nullable: true, description: '所依据的指导目录 · Guiding catalogue it derives from' }) guiding?:
    string | null;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
}

@InputType({ description: '修改清单：省略的字段不变，null 清空 · Patch: absent fields keep their value, null clears' })
export class UpdateCatalogueInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) owner?: string;
  @Field(() => CatalogueKind, { nullable: true }) kind?: CatalogueKind;
  @Field(() => String, { nullable: true }) guiding?: string | null;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
}

@InputType({ description: '新建清单条目 · A new entry' })
export class CreateEntryInput {
  @Field({ description: '事项编码 · Item code' }) item: string;
  @Field(() => [String], { nullable: true, description: '不适用地区 · Jurisdictions whose subtrees the item does not apply to' })
  notApplicableIn?: string[] | null;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Category, { nullable: true }) category?: Category | null;
  @Field(() => [String], { nullable: true }) basis?: string[] | null;
  @Field(() => DutyPart, { nullable: true, description: '部分（仅履职事项清单）· Part (DUTY lists only)' })
  part?: DutyPart | null;
  @Field(() => String, { nullable: true, description: '牵头部门编码（配合事项）· Lead body code (COOPERATING)' })
  lead?: string | null;
  @Field(() => String, {
    nullable: true,
    description: '承接部门编码（收回事项）· Code of the body that took it back (RECLAIMED)',
  })
  takenBy?: string | null;
  @Field(() => String, { nullable: true, description: '履职内容 · The duty as the list words it' }) duty?: string | null;
}

@InputType({ description: '修改清单条目 · Patch an entry' })
export class UpdateEntryInput {
  @Field(() => [String], { nullable: true }) notApplicableIn?: string[] | null;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Category, { nullable: true }) category?: Category | null;
  @Field(() => [String], { nullable: true }) basis?: string[] | null;
  @Field(() => DutyPart, { nullable: true, description: '部分（仅履职事项清单）· Part (DUTY lists only)' })
  part?: DutyPart | null;
  @Field(() => String, { nullable: true, description: '牵头部门编码（配合事项）· Lead body code (COOPERATING)' })
  lead?: string | null;
  @Field(() => String, {
    nullable: true,
    description: '承接部门编码（收回事项）· Code of the body that took it back (RECLAIMED)',
  })
  takenBy?: string | null;
  @Field(() => String, { nullable: true, description: '履职内容 · The duty as the list words it' }) duty?: string | null;
}
