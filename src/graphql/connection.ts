import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import { storable } from './input-guards';

@ObjectType({ description: '分页信息 · Page information' })
export class PageInfo {
  @Field({ description: '是否还有下一页 · Whether more items follow' })
  hasNextPage: boolean;
  @Field(() => String, { nullable: true, description: '本页最后一项的游标 · Cursor of the last edge' })
  endCursor: string | null;
}

export interface Page<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** A Relay connection type `<Name>Connection` with `<Name>Edge`. */
export function connectionType<T extends object>(Node: ClassType<T>, name: string, zh: string): ClassType<Page<T>> {
  @ObjectType(`${name}Edge`, { description: `${zh}（边）· An edge of ${name}Connection` })
  class Edge {
    @Field({ description: '游标 · Opaque cursor' })
    cursor: string;
    @Field(() => Node, { description: '节点 · The node' })
    node: T;
  }
  @ObjectType(`${name}Connection`, { description: `${zh}（分页列表）· A page of ${name} nodes` })
  class Connection {
    @Field(() => Int, { description: '符合条件的总数 · Number of nodes matching the filter' })
    totalCount: number;
    @Field(() => [Edge], { description: '本页各项 · The edges of this page' })
    edges: Edge[];
    @Field(() => PageInfo, { description: '分页信息 · Page information' })
    pageInfo: PageInfo;
  }
  return Connection as unknown as ClassType<Page<T>>;
}

export const MAX_FIRST = 100;
export const DEFAULT_FIRST = 20;

/** Validates `first` (1…100, default 20). */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
    throw new AppError(
      'PAGINATION_INVALID',
      `first: ${first} 超出范围，应为 0–${MAX_FIRST} · first=${first} is out of range; allowed 0–${MAX_FIRST}`,
      [{ path: 'first', message: `allowed 0–${MAX_FIRST}` }],
    );
  }
  return first;
}

/** Cursors are opaque: base64url of the JSON sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key of `cursor`, or null for none. `valid` checks the key's values where SQL would reject another
 * type (a bigint id), so that a cursor of another list is refused here rather than failing as an internal error.
 */
export function decodeCursor(
  cursor: string | null | undefined,
  arity: number,
  field = 'after',
  valid: (key: unknown[]) => boolean = () => true,
): unknown[] | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity && storable(key) && valid(key)) return key;
  } catch {
    /* fall through */
  }
  throw new AppError('PAGINATION_INVALID', `${field}: 游标 "${cursor}" 无效 · "${cursor}" is not a cursor from this list`, [
    { path: field, message: 'invalid cursor' },
  ]);
}

/** Builds a page from `first + 1` rows fetched after the cursor, in key order (`node` maps a row to its node). */
export function toPage<T, N = T>(
  rows: T[],
  first: number,
  totalCount: number,
  key: (row: T) => unknown[],
  node: (row: T) => N = (row) => row as unknown as N,
): Page<N> {
  const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor(key(row)), node: node(row) }));
  return {
    totalCount,
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

/**
 * One keyset-paginated list: `listSql` takes the filter parameters, then the cursor key and the page size
 * + 1; `countSql` takes the filter parameters. Validates `first` and `after` (a single-column key).
 */
export async function listPage<R>(
  db: Db,
  q: {
    listSql: string;
    countSql: string;
    filter: unknown[];
    first: number | null;
    after: string | null;
    key: (row: R) => string;
  },
  valid?: (key: unknown[]) => boolean,
): Promise<Page<R>> {
  const n = pageSize(q.first);
  const cursor = decodeCursor(q.after, 1, 'after', valid);
  const rows = await db.query<R>(q.listSql, [...q.filter, cursor?.[0] ?? null, n + 1]);
  const [count] = await db.query<{ n: number }>(q.countSql, q.filter);
  return toPage(rows, n, count.n, (r) => [q.key(r)]);
}
