import { Node } from '../../graphql/node';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../graphql/connection';
import { Category } from '../records/record.enums';

@Directive('@key(fields: "code")')
@ObjectType({ implements: Node, description: '事项 · An item (matter) of local government (SPEC §3)', simpleResolvers: true })
export class Item {
  @Field({ description: '事项编码 · Unique code' })
  code: string;
  @Field({ description: '事项名称 · Name' })
  name: string;
  @Field({ description: '领域，如 生态环境、应急管理 · Domain, e.g. 生态环境' })
  domain: string;
  @Field(() => Category, { description: '事项类别 · Category' })
  category: Category;
  @Field(() => [String], { description: '依据 · Legal basis, a list of citations' })
  basis: string[];
  @Field(() => String, { nullable: true, description: '说明 · Description' })
  description: string | null;
  @Field(() => Int, { description: '版本号 · Row version' })
  rowVersion: number;
}

export const ItemConnection = connectionType(Item, 'Item', '事项');

@InputType({ description: '新建事项 · A new item' })
export class CreateItemInput {
  @Field(() => ID) code: string;
  @Field() name: string;
  @Field() domain: string;
  @Field(() => Category) category: Category;
  @Field(() => [String], { nullable: true }) basis?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({ description: '修改事项：省略的字段不变，null 清空 · Patch: absent fields keep their value, null clears' })
export class UpdateItemInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) domain?: string;
  @Field(() => Category, { nullable: true }) category?: Category;
  @Field(() => [String], { nullable: true }) basis?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}
