import { Arg, Ctx, Field, ID, InterfaceType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { AppError } from '../errors';

/**
 * Global Object Identification (the Relay server specification, also what Apollo Client's normalised cache
 * keys on): every object a client may refetch implements `Node` with a stable, opaque `id`, and
 * `node(id:)` / `nodes(ids:)` answer it through the request's loaders. The codes stay the public keys
 * (contract, Federation); the id is derived from them, so it never changes while the code does not.
 *
 * A family joins by adding `implements: Node` to its object type and one `registerNode` call beside it.
 */
@InterfaceType({
  description: '可按全局标识重新获取的对象 · An object that can be refetched by its global id (Relay GOI)',
  // node()/nodes() tag the rows they load with their family's typename.
  resolveType: (row: { __typename?: string }) => row.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: '全局标识（不透明、稳定）· Global id: opaque and stable' })
  id: string;
}

export interface NodeFamily<R = unknown> {
  /** The natural key of a row, as the loaders take it. */
  key(row: R): string;
  /** The rows for these keys (null where absent), through the request's loaders. */
  load(ctx: RequestContext, keys: readonly string[]): Promise<(R | null)[]>;
  /**
   * Encode the id differently from `<Type>:<key>` in base64 (assignments keep the row id they always had:
   * it is a bare number, which no base64 id of this scheme can be).
   */
  encode?(key: string): string;
  decode?(id: string): string | null;
}

const FAMILIES = new Map<string, NodeFamily<never>>();

export function registerNode<R>(typename: string, family: NodeFamily<R>): void {
  FAMILIES.set(typename, family as unknown as NodeFamily<never>);
}

export function nodeTypenames(): string[] {
  return [...FAMILIES.keys()];
}

export function toGlobalId(typename: string, key: string): string {
  const family = FAMILIES.get(typename);
  if (family?.encode) return family.encode(key);
  return Buffer.from(`${typename}:${key}`, 'utf8').toString('base64');
}

/** The typename and key an id names, or null for anything that is not a well-formed id of a known family. */
export function fromGlobalId(id: string): { typename: string; key: string } | null {
  for (const [typename, family] of FAMILIES) {
    const key = family.decode?.(id);
    if (key != null) return { typename, key };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return null;
  const text = Buffer.from(id, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const typename = text.slice(0, colon);
  const family = FAMILIES.get(typename);
  if (!family || family.encode) return null;
  return { typename, key: text.slice(colon + 1) };
}

/**
 * The key an argument names for one family: its global id, or the bare key as people type it (an adjustment's
 * number on paper). A global id of another family is not this family's key.
 */
export function keyOf(typename: string, id: string, bare: RegExp): string | null {
  const parsed = fromGlobalId(id);
  if (parsed?.typename === typename) return parsed.key;
  return bare.test(id) ? id : null;
}

/** The `id` field of a family's rows: added to the resolver map of every registered type in schema.ts. */
export function idResolver(typename: string) {
  const family = FAMILIES.get(typename)!;
  return (row: never) => toGlobalId(typename, family.key(row));
}

/** Rows for many ids at once: one loader call per family, answers in id order (null where unknown). */
export async function loadNodes(ctx: RequestContext, ids: readonly string[]): Promise<unknown[]> {
  const parsed = ids.map(fromGlobalId);
  const byFamily = new Map<string, number[]>();
  parsed.forEach((p, i) => {
    if (!p) return;
    const list = byFamily.get(p.typename);
    if (list) list.push(i);
    else byFamily.set(p.typename, [i]);
  });
  const out: unknown[] = ids.map(() => null);
  await Promise.all(
    [...byFamily].map(async ([typename, positions]) => {
      const rows = await FAMILIES.get(typename)!.load(
        ctx,
        positions.map((i) => parsed[i]!.key),
      );
      positions.forEach((pos, j) => {
        const row = rows[j];
        if (row) out[pos] = { ...(row as object), __typename: typename };
      });
    }),
  );
  return out;
}

export const MAX_NODES = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: '按全局标识取对象（不存在或格式不对时为 null）· The object with this global id; null when there is none',
  })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const [row] = await loadNodes(ctx, [id]);
    return row;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `按全局标识批量取对象，顺序与参数一致（最多 ${MAX_NODES} 个）· Objects by global id, in the order asked (at most ${MAX_NODES})`,
  })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: RequestContext) {
    if (ids.length > MAX_NODES) {
      throw new AppError(
        'BAD_USER_INPUT',
        `ids 最多 ${MAX_NODES} 个，收到 ${ids.length} 个 · ids: at most ${MAX_NODES}, got ${ids.length}`,
        [{ path: 'ids', message: `at most ${MAX_NODES}` }],
      );
    }
    return loadNodes(ctx, ids);
  }
}

/** loadMany's answers with errors as null (node() answers null for what it cannot load). */
export function orNull<R>(rows: (R | Error | null)[]): (R | null)[] {
  return rows.map((r) => (r instanceof Error ? null : r));
}
