import type { Db } from '../../db/database';
import type { Problem } from '../../errors';
import { FLAG_KINDS } from '../resolution/resolution.sql';
import { mergedDocument } from './adjustment.document';
import * as sql from './adjustment.sql';

export interface FlagRef {
  kind: string;
  item: string;
  place: string;
}
export interface Impact {
  effectiveFrom: string;
  owner: string;
  added: FlagRef[];
  removed: FlagRef[];
  counts: { kind: string; added: number; removed: number }[];
  problems: Problem[];
}

/**
 * SPEC §10 impact: the flags of §6 and §8 over the owner's leaves at the effective date before `write`,
 * and after it, in the transaction `tx` (the caller commits or rolls back). Flags are per (item, place), so
 * when the adjustment names no body only its items are evaluated; a body change may move any flag.
 */
export async function computeImpact(tx: Db, a: sql.AdjustmentRow, write: () => Promise<Problem[]>): Promise<Impact> {
  const { parsed } = mergedDocument(a.changes);
  const items =
    parsed.bodies.length > 0
      ? null
      : [
          ...new Set([
            ...parsed.items.map((i) => i.rec.code),
            ...parsed.entries.map((e) => e.rec.item),
            ...parsed.assignments.map((x) => x.rec.item),
          ]),
        ];
  const flags = async () =>
    new Map(
      (await tx.query<sql.FlagKeyRow>(sql.OWNER_FLAGS_SQL, [a.effectiveFrom, items, null, a.owner, null])).map((f) => [
        `${f.kind}|${f.item}|${f.place}`,
        { kind: f.kind, item: f.item, place: f.place },
      ]),
    );
  const before = await flags();
  const problems = await write();
  if (problems.length > 0)
    return { effectiveFrom: a.effectiveFrom, owner: a.owner, added: [], removed: [], counts: [], problems };
  const after = await flags();
  const order = (x: FlagRef, y: FlagRef) =>
    FLAG_KINDS.indexOf(x.kind as never) - FLAG_KINDS.indexOf(y.kind as never) ||
    x.item.localeCompare(y.item) ||
    x.place.localeCompare(y.place);
  const added = [...after]
    .filter(([k]) => !before.has(k))
    .map(([, f]) => f)
    .sort(order);
  const removed = [...before]
    .filter(([k]) => !after.has(k))
    .map(([, f]) => f)
    .sort(order);
  const counts = FLAG_KINDS.map((kind) => ({
    kind,
    added: added.filter((f) => f.kind === kind).length,
    removed: removed.filter((f) => f.kind === kind).length,
  })).filter((c) => c.added + c.removed > 0);
  return { effectiveFrom: a.effectiveFrom, owner: a.owner, added, removed, counts, problems: [] };
}
