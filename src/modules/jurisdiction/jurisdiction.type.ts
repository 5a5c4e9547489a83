import { Node } from '../../graphql/node';
import { Directive, Field, ObjectType } from 'type-graphql';
import { connectionType } from '../../graphql/connection';
import { Level } from './jurisdiction.enums';

@Directive('@key(fields: "code")')
@ObjectType({ implements: Node, description: '行政区划 · A jurisdiction of the national tree (SPEC §1)', simpleResolvers: true })
export class Jurisdiction {
  @Field({ description: '规范代码：省市县6位，乡级9位 · Canonical code: 6 digits, 9 for townships' })
  code: string;
  @Field({ description: '名称 · Name' })
  name: string;
  @Field(() => Level, { description: '层级 · Level' })
  level: Level;
  @Field({ description: '是否为末级（无下级区划）· Leaf: no children in the loaded tree' })
  leaf: boolean;
}

export const JurisdictionConnection = connectionType(Jurisdiction, 'Jurisdiction', '行政区划');
