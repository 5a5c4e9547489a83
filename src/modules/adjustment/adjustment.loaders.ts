import DataLoader from 'dataloader';
import type { Db } from '../../db/database';
import { groupLoader, rowLoader } from '../../db/loaders';
import * as sql from './adjustment.sql';

/** `key → id` lookups (a version's adjustment, a pair's pending admission): one statement per request. */
function idLoader(db: Db, text: string): DataLoader<string, string | null> {
  return new DataLoader<string, string | null>(async (keys) => {
    const rows = await db.query<{ key: string; id: string }>(text, [keys as string[]]);
    const map = new Map(rows.map((r) => [r.key, r.id]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

/** The relations adjustment resolvers walk. */
export function createAdjustmentLoaders(db: Db) {
  return {
    adjustmentById: rowLoader<sql.AdjustmentRow>(db, sql.ADJUSTMENTS_BY_ID_SQL, (r) => r.id),
    adjustmentByVersion: idLoader(db, sql.ADJUSTMENT_BY_VERSION_SQL),
    pendingAdmissionByPair: idLoader(db, sql.PENDING_ADMISSION_SQL),
    opinionsByAdjustment: groupLoader<sql.OpinionRow>(db, sql.OPINIONS_BY_ADJUSTMENT_SQL, (r) => r.adjustment),
  };
}
