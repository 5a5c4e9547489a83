import type { Db } from '../../db/database';
import type { Problem } from '../../errors';
import { conformance } from '../duty/conformance.service';
import { FLAG_KINDS } from '../resolution/resolution.sql';
import { mergedDocument } from './adjustment.document';
import * as sql from './adjustment.sql';

export interface FlagRef {
  kind: string;
  item: string;
  place: string;
}
/** A §9 finding of one catalogue (the adjusted one, or one it guides). */
export interface FindingRef {
  catalogue: string;
  item: string;
  kind: string;
  value: string | null;
  guidingValue: string | null;
}
export interface Impact {
  effectiveFrom: string;
  owner: string;
  added: FlagRef[];
  removed: FlagRef[];
  counts: { kind: string; added: number; removed: number }[];
  /** §9 findings the adjustment adds / removes (its catalogue against its guiding one, and the catalogues it guides). */
  conformanceAdded: FindingRef[];
  conformanceRemoved: FindingRef[];
  problems: Problem[];
}

/**
 * SPEC §9 findings at `day` of the catalogue and of every catalogue it guides, keyed catalogue|item|kind
 * (read-only use of the conformance service, in the caller's transaction).
 */
async function findings(tx: Db, catalogue: string, day: string): Promise<Map<string, FindingRef>> {
  const guided = await tx.query<{ code: string }>(`select code from catalogue where guiding_code = $1 order by code`, [
    catalogue,
  ]);
  const out = new Map<string, FindingRef>();
  for (const code of [catalogue, ...guided.map((g) => g.code)]) {
    const report = await conformance(tx, code, day).catch(() => null);
    for (const f of report?.findings ?? [])
      out.set(`${code}|${f.item}|${f.kind}`, {
        catalogue: code,
        item: f.item,
        kind: f.kind,
        value: f.value,
        guidingValue: f.guidingValue,
      });
  }
  return out;
}

const difference = <T>(a: Map<string, T>, b: Map<string, T>) =>
  [...a]
    .filter(([k]) => !b.has(k))
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([, v]) => v);

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
  const findingsBefore = await findings(tx, a.catalogue, a.effectiveFrom);
  const problems = await write();
  if (problems.length > 0)
    return {
      effectiveFrom: a.effectiveFrom,
      owner: a.owner,
      added: [],
      removed: [],
      counts: [],
      conformanceAdded: [],
      conformanceRemoved: [],
      problems,
    };
  const after = await flags();
  const findingsAfter = await findings(tx, a.catalogue, a.effectiveFrom);
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
  return {
    effectiveFrom: a.effectiveFrom,
    owner: a.owner,
    added,
    removed,
    counts,
    conformanceAdded: difference(findingsAfter, findingsBefore),
    conformanceRemoved: difference(findingsBefore, findingsAfter),
    problems: [],
  };
}
