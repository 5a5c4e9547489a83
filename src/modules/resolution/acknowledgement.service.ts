import type { Db } from '../../db/database';
import { todayInChina } from '../../dates';
import { AppError } from '../../errors';
import type { WriteContext } from '../change/change.service';
import { requireItem } from '../item/item.service';
import { normaliseCode } from '../jurisdiction/jurisdiction.code';
import { requirePlace } from '../jurisdiction/jurisdiction.scope';
import { write } from '../records/write.protocol';
import { PAIR_FLAGS_SQL } from './flags.sql';
import { flagNode, type FlagNode } from './resolution.nodes';

/** Acknowledges a flag that exists at `asOf` (default today); acknowledging again updates the reason. */
export async function acknowledgeFlag(
  db: Db,
  a: { kind: string; itemCode: string; jurisdictionCode: string; reason: string; asOf?: string | null } & WriteContext,
): Promise<FlagNode> {
  // Read and checked inside the write: what is acknowledged is the flag as it stands under the writers' lock.
  return write(db, a, { role: 'REVIEWER' }, async (w) => {
    if (!a.reason || a.reason.trim() === '') {
      throw new AppError('INPUT_INVALID', 'reason: 须说明确认理由 · a reason is required', [
        { path: 'reason', message: 'must not be blank' },
      ]);
    }
    const item = await requireItem(w.tx, a.itemCode, 'itemCode');
    const place = await requirePlace(w.tx, a.jurisdictionCode, 'jurisdictionCode');
    const date = a.asOf ?? todayInChina();
    const flags = await w.tx.query<{ kind: string; bodies: string[] }>(PAIR_FLAGS_SQL, [date, [item], null, place.code, null]);
    const flag = flags.find((x) => x.kind === a.kind);
    if (!flag) {
      throw new AppError(
        'NOT_FOUND_INPUT',
        `${place.code} 的事项 ${item} 在 ${date} 没有 ${a.kind} 标记 · there is no ${a.kind} flag for item ${item} at ${place.code} on ${date}`,
        [{ path: 'kind', message: `no such flag on ${date}` }],
      );
    }
    const key = `${a.kind}|${item}|${place.code}`;
    await w.guard([
      { entity: 'acknowledgement', key, before: null, after: { jurisdiction: place.code }, path: 'jurisdictionCode' },
    ]);
    const [prior] = await w.tx.query<{ reason: string; actor: string | null }>(
      'select reason, actor from flag_acknowledgement where kind = $1 and item_code = $2 and jurisdiction_code = $3',
      [a.kind, item, place.code],
    );
    const [ack] = await w.tx.query<{ reason: string; actor: string | null; at: string }>(
      `insert into flag_acknowledgement (kind, item_code, jurisdiction_code, reason, actor) values ($1, $2, $3, $4, $5)
       on conflict (kind, item_code, jurisdiction_code) do update set reason = excluded.reason, actor = excluded.actor, acknowledged_at = now()
       returning reason, actor, to_json(acknowledged_at)#>>'{}' as at`,
      [a.kind, item, place.code, a.reason.trim(), a.actor ?? null],
    );
    const image = (r: { reason: string }) => ({ kind: a.kind, item, jurisdiction: place.code, reason: r.reason });
    await w.record([{ entity: 'acknowledgement', key, before: prior ? image(prior) : null, after: image(ack) }]);
    return flagNode({ kind: a.kind, item, target: place.code, bodies: flag.bodies }, ack);
  });
}

/** Withdraws an acknowledgement; NOT_FOUND when there is none. */
export async function unacknowledgeFlag(
  db: Db,
  a: { kind: string; itemCode: string; jurisdictionCode: string } & WriteContext,
): Promise<boolean> {
  const { rows, place } = await write(db, a, { role: 'REVIEWER' }, async (w) => {
    const place = normaliseCode(a.jurisdictionCode, 'jurisdictionCode');
    const key = `${a.kind}|${a.itemCode.trim()}|${place}`;
    await w.guard([{ entity: 'acknowledgement', key, before: { jurisdiction: place }, after: null, path: 'jurisdictionCode' }]);
    const deleted = await w.tx.query<{ reason: string }>(
      'delete from flag_acknowledgement where kind = $1 and item_code = $2 and jurisdiction_code = $3 returning reason',
      [a.kind, a.itemCode.trim(), place],
    );
    const image = { kind: a.kind, item: a.itemCode.trim(), jurisdiction: place, reason: deleted[0]?.reason };
    if (deleted.length) await w.record([{ entity: 'acknowledgement', key, before: image, after: null }]);
    return { rows: deleted, place };
  });
  if (rows.length === 0) {
    throw new AppError('NOT_FOUND', `没有该确认记录 · no acknowledgement of ${a.kind} for ${a.itemCode} at ${place}`, [
      { path: 'kind', message: 'not acknowledged' },
    ]);
  }
  return true;
}
