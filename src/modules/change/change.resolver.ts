import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { AppError } from '../../errors';
import { decodeCursor, encodeCursor, pageSize } from '../../graphql/connection';
import { Jurisdiction } from '../jurisdiction/jurisdiction.type';
import { NATION } from '../jurisdiction/jurisdiction.code';
import { LIST_CHANGES_SQL, type ChangeRow } from './change.sql';
import { Change, ChangeConnection } from './change.type';
import { requireScope } from '../jurisdiction/jurisdiction.scope';

const ENTITIES = ['body', 'item', 'catalogue', 'entry', 'assignment', 'empowerment', 'acknowledgement', 'version'];
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function instant(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new AppError('INPUT_INVALID', `${field}: "${value}" 不是日期或时间 · "${value}" is not an ISO date or date-time`, [
      { path: field, message: 'expected YYYY-MM-DD or an ISO 8601 date-time' },
    ]);
  }
  return value;
}

@Resolver(() => Change)
export class ChangeResolver {
  @Query(() => ChangeConnection, {
    description:
      '变更记录：每次写入，按提交顺序；游标不跳过也不重复 · Every write, in commit order; cursors never skip or repeat',
  })
  async changes(
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('entity', () => String, { nullable: true, description: ENTITIES.join(' / ') }) entity: string | null,
    @Arg('scopeCode', () => String, {
      nullable: true,
      description: '记录所属区划在此范围内（全国性记录如事项总在内）· Records of this scope (national ones always)',
    })
    scopeCode: string | null,
    @Arg('from', () => String, { nullable: true, description: '起（含），ISO 日期或时间 · From (inclusive)' })
    from: string | null,
    @Arg('to', () => String, { nullable: true, description: '止（不含）· To (exclusive)' }) to: string | null,
    @Arg('actor', () => String, { nullable: true, description: '操作人 · Who' }) actor: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const n = pageSize(first);
    const cursor = decodeCursor(after, 1, 'after', ([id]) => typeof id === 'string' && /^[0-9]{1,18}$/.test(id));
    if (entity !== null && entity !== undefined && !ENTITIES.includes(entity)) {
      throw new AppError(
        'INPUT_INVALID',
        `entity: "${entity}" 不是允许的值（${ENTITIES.join(', ')}）· "${entity}" is not one of ${ENTITIES.join(', ')}`,
        [{ path: 'entity', message: `allowed: ${ENTITIES.join(', ')}` }],
      );
    }
    const scope = scopeCode ? await requireScope(ctx.db, scopeCode) : NATION;
    const rows = await ctx.db.query<ChangeRow>(LIST_CHANGES_SQL, [
      cursor ? String(cursor[0]) : null,
      entity ?? null,
      scope === NATION ? null : scope,
      instant(from, 'from'),
      instant(to, 'to'),
      actor ?? null,
      n + 1,
    ]);
    const edges = rows.slice(0, n).map((r) => {
      const c = encodeCursor([r.id]);
      return { cursor: c, node: { ...r, cursor: c } };
    });
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > n, endCursor: edges.length ? edges[edges.length - 1].cursor : (after ?? null) },
    };
  }

  @FieldResolver(() => Jurisdiction, { nullable: true, description: '记录所属区划 · Jurisdiction the record belongs to' })
  scope(@Root() c: ChangeRow, @Ctx() ctx: RequestContext) {
    return c.scope ? ctx.loaders.jurisdictionByCode.load(c.scope) : null;
  }
}
