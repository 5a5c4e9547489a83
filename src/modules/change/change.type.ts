import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from '../../graphql/connection';
import { JSONScalar } from '../../graphql/scalars';

@ObjectType({ description: '一次变更（SPEC §7）· One recorded write' })
export class Change {
  @Field({ description: '游标（按提交顺序）· Cursor, in commit order' })
  cursor: string;
  @Field({ description: 'body / item / catalogue / entry / assignment / empowerment / acknowledgement / version' })
  entity: string;
  @Field({
    description:
      '记录的键（分配为 事项|范围|主体|角色|起始日）· Key of the record (assignments: item|scope|holder|role|validFrom)',
  })
  key: string;
  @Field({ description: 'CREATE / UPDATE / DELETE' })
  operation: string;
  @Field({ description: '时间（ISO 8601）· When' })
  at: string;
  @Field(() => String, { nullable: true, description: '操作人 · Who' })
  actor: string | null;
  @Field(() => String, { nullable: true, description: '原因 · Why' })
  reason: string | null;
  @Field(() => JSONScalar, { nullable: true, description: '变更前（交换格式记录）· The record before (interchange form)' })
  before: unknown;
  @Field(() => JSONScalar, { nullable: true, description: '变更后 · The record after' })
  after: unknown;
}

@ObjectType({ description: '变更（边）· An edge of ChangeConnection' })
export class ChangeEdge {
  @Field() cursor: string;
  @Field(() => Change) node: Change;
}

@ObjectType({ description: '变更记录，按提交顺序 · The change feed, in commit order' })
export class ChangeConnection {
  @Field(() => [ChangeEdge]) edges: ChangeEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}
