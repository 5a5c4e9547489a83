import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { atLeast, WRITE_ROLE } from './access.rules';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';

@ObjectType({ description: '当前请求者（令牌所示）· Who is asking, as the bearer token says' })
export class Viewer {
  @Field(() => String, { nullable: true, description: '操作人（匿名时为空）· Token subject; null when anonymous' })
  subject: string | null;
  @Field(() => String, { nullable: true, description: '角色 VIEWER/EDITOR/REVIEWER/ADMIN · Role' })
  role: string | null;
  @Field(() => Jurisdiction, { nullable: true, description: '可写范围（空为全部）· Scope of writes; null: everywhere' })
  scope: unknown;
  @Field(() => [String], {
    description: '可写的记录类别（按角色）· Kinds of record the role may write (the scope is checked on top)',
  })
  mayWrite: string[];
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: '当前令牌的身份、角色与范围 · The token’s subject, role and scope' })
  async viewer(@Ctx() ctx: RequestContext) {
    const p = ctx.principal;
    return {
      subject: p.subject,
      role: p.role,
      scope: p.scope ? await ctx.loaders.jurisdictionByCode.load(p.scope) : null,
      mayWrite: Object.entries(WRITE_ROLE)
        .filter(([, min]) => atLeast(p.role, min))
        .map(([entity]) => entity),
    };
  }
}
