import type { Db } from '../../db/database';
import { todayInChina } from '../../dates';
import { AppError } from '../../errors';
import type { BodyRow } from '../body/body.sql';
import { itemNotFound } from '../item/item.service';
import type { ItemRow } from '../item/item.sql';
import { normaliseCode } from '../jurisdiction/jurisdiction.code';
import type { JurisdictionRow } from '../jurisdiction/jurisdiction.sql';
import { flagNode, toHolder, type ChainNode, type HolderNode } from './resolution.nodes';
import { CHAIN_SQL, type ChainFactsRow } from './resolution.sql';

/** Rows a chain read anyway, for the caller to prime its loaders with (no second round trip). */
export interface ChainRows {
  item: ItemRow;
  places: JurisdictionRow[];
  bodies: BodyRow[];
}

/** SPEC §5: the responsible chain of (item, place, date), in one statement. */
export async function responsibleChain(
  db: Db,
  itemCode: string,
  placeCode: string,
  asOf: string | null,
): Promise<ChainNode & { rows: ChainRows }> {
  const date = asOf ?? todayInChina();
  const item = itemCode.trim();
  const code = normaliseCode(placeCode, 'jurisdictionCode');
  const [facts] = await db.query<ChainFactsRow>(CHAIN_SQL, [date, [item], null, code, null]);
  if (!facts.item) throw itemNotFound(itemCode, 'itemCode');
  const places = facts.places ?? [];
  const place = places[0];
  if (!place || place.code !== code) {
    throw new AppError(
      'JURISDICTION_NOT_FOUND',
      `jurisdictionCode: 行政区划 "${placeCode}" 不存在 · no jurisdiction "${placeCode}"`,
      [{ path: 'jurisdictionCode', message: `no jurisdiction "${placeCode}"` }],
    );
  }
  const holders = facts.holders.map(toHolder);
  const { levels, otherHolders } = byLevel(holders, places, place.level);
  const acks = new Map(facts.acknowledgements.map((a) => [a.kind, a]));
  return {
    item,
    jurisdiction: code,
    asOf: date,
    levels,
    primary: holders.filter((h) => h.role === 'PRIMARY'),
    otherHolders,
    flags: facts.flags.map((f) => f.kind),
    flagDetails: facts.flags.map((f) => flagNode({ kind: f.kind, item, target: code, bodies: f.bodies }, acks.get(f.kind))),
    applicable: facts.applicable,
    rows: { item: facts.item, places, bodies: facts.bodies ?? [] },
  };
}

/** Holders grouped by the level of the place's path they sit at; those at no level of the path apart. */
function byLevel(holders: HolderNode[], places: JurisdictionRow[], ownLevel: string) {
  const levels = places.map((p) => ({ level: p.level, jurisdiction: p.code, holders: [] as HolderNode[] }));
  const otherHolders: HolderNode[] = [];
  for (const h of holders) {
    // Templates and unresolvable holders are shown at the asked place's own level.
    const level = h.level === null || h.resolution === 'TEMPLATE' ? ownLevel : h.level;
    const slot = levels.find((l) => l.level === level);
    (slot ? slot.holders : otherHolders).push(h);
  }
  return { levels, otherHolders };
}
