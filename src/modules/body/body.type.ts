import { Node } from '../../graphql/node';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { BodyKind } from '../records/record.enums';

@Directive('@key(fields: "code")')
@ObjectType({
  implements: Node,
  description: '责任主体：可以承担责任的机关或单位 · A body that can hold responsibility (SPEC §2)',
  simpleResolvers: true,
})
export class Body {
  @Field({ description: '编码（唯一、稳定；人民政府为 <区划代码>-GOV）· Unique stable code; governments are <code>-GOV' })
  code: string;
  @Field({ description: '名称 · Name' })
  name: string;
  @Field(() => BodyKind, { description: '类别 · Kind' })
  kind: BodyKind;
  @Field(() => DateScalar, { nullable: true, description: '起始日（含）· Valid from (inclusive)' })
  validFrom: string | null;
  @Field(() => DateScalar, { nullable: true, description: '终止日（不含）· Valid to (exclusive)' })
  validTo: string | null;
  @Field(() => Int, { description: '版本号，更新时用于并发校验 · Row version, for optimistic concurrency' })
  rowVersion: number;
}

export const BodyConnection = connectionType(Body, 'Body', '责任主体');

@InputType({ description: '新建责任主体 · A new body' })
export class CreateBodyInput {
  @Field(() => ID) code: string;
  @Field() name: string;
  @Field({ description: '所属行政区划（接受别名）· Jurisdiction code (aliases accepted)' }) jurisdiction: string;
  @Field(() => BodyKind) kind: BodyKind;
  @Field(() => String, { nullable: true, description: '派驻机构的所属部门 · Parent department of a STATIONED body' }) parent?:
    string | null;
  @Field(() => [String], { nullable: true, description: '派驻机构服务的乡镇（街道）· Townships a STATIONED body serves' })
  serves?: string[] | null;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
  @Field(() => String, { nullable: true, description: '机构改革后的承继单位 · Successor after reorganisation' }) successor?:
    string | null;
}

@InputType({ description: '修改责任主体：省略的字段不变，null 清空 · Patch: absent fields keep their value, null clears' })
export class UpdateBodyInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) jurisdiction?: string;
  @Field(() => BodyKind, { nullable: true }) kind?: BodyKind;
  @Field(() => String, { nullable: true }) parent?: string | null;
  @Field(() => [String], { nullable: true }) serves?: string[] | null;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
  @Field(() => String, { nullable: true }) successor?: string | null;
}
