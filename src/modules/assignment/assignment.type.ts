import { Node } from '../../graphql/node';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { RelativeHolder, ResponsibilityRole } from '../records/record.enums';

@ObjectType({
  implements: Node,
  description: '责任分配：谁在何处对何事项承担何种责任 · An assignment: who holds what role for an item, where (SPEC §4)',
})
export class Assignment {
  @Field(() => ID, { description: '标识：数据库行号，也是全局标识 · The row id, which is also its global id (Node)' })
  id: string;
  @Field(() => RelativeHolder, {
    nullable: true,
    description: '相对责任主体（与 body 二选一）· Relative holder (instead of body)',
  })
  relative: RelativeHolder | null;
  @Field(() => ResponsibilityRole, { description: '责任角色 · Role' })
  role: ResponsibilityRole;
  @Field(() => String, { nullable: true, description: '职责表述 · The duty as the list words it' })
  duty: string | null;
  @Field(() => DateScalar, { nullable: true, description: '起始日（含）· Valid from' })
  validFrom: string | null;
  @Field(() => DateScalar, { nullable: true, description: '终止日（不含）· Valid to (exclusive)' })
  validTo: string | null;
  @Field(() => [String], { description: '依据 · Basis' })
  basis: string[];
  @Field(() => String, { nullable: true, description: '备注 · Note' })
  note: string | null;
  @Field(() => Int, { description: '版本号 · Row version' })
  rowVersion: number;
}

export const AssignmentConnection = connectionType(Assignment, 'Assignment', '责任分配');

@InputType({ description: '新建责任分配（body 与 relative 二选一）· A new assignment (exactly one of body, relative)' })
export class CreateAssignmentInput {
  @Field({ description: '事项编码 · Item code' }) item: string;
  @Field({ description: '适用范围（区划代码，含下级）· Scope: jurisdiction code, reaching its subtree' }) scope: string;
  @Field(() => String, { nullable: true, description: '责任主体编码 · Body code' }) body?: string | null;
  @Field(() => RelativeHolder, { nullable: true }) relative?: RelativeHolder | null;
  @Field(() => ResponsibilityRole) role: ResponsibilityRole;
  @Field(() => String, { nullable: true }) duty?: string | null;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
  @Field(() => [String], { nullable: true, description: '例外地区 · Carve-outs' }) exceptIn?: string[] | null;
  @Field(() => String, { nullable: true, description: '发布于哪个清单 · Catalogue it is published in' }) catalogue?:
    string | null;
  @Field(() => [String], { nullable: true }) basis?: string[] | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType({ description: '修改责任分配：省略的字段不变，null 清空 · Patch: absent fields keep their value, null clears' })
export class UpdateAssignmentInput {
  @Field(() => String, { nullable: true }) item?: string;
  @Field(() => String, { nullable: true }) scope?: string;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => RelativeHolder, { nullable: true }) relative?: RelativeHolder | null;
  @Field(() => ResponsibilityRole, { nullable: true }) role?: ResponsibilityRole;
  @Field(() => String, { nullable: true }) duty?: string | null;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
  @Field(() => [String], { nullable: true }) exceptIn?: string[] | null;
  @Field(() => String, { nullable: true }) catalogue?: string | null;
  @Field(() => [String], { nullable: true }) basis?: string[] | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}
