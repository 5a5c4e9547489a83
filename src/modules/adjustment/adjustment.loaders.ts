import type { Db } from '../../db/database';
import { groupLoader, valueLoader } from '../../db/loaders';
import { ADJUSTMENT_BY_VERSION_SQL, OPINIONS_BY_ADJUSTMENT_SQL, PENDING_ADMISSION_SQL, type OpinionRow } from './adjustment.sql';

type KeyedId = { key: string; id: string };

/** The adjustment behind a catalogue version (`catalogue|version`), a pending admission of `item|place`, opinions. */
export function createAdjustmentLoaders(db: Db) {
  return {
    adjustmentByVersion: valueLoader<KeyedId, string | null>(
      db,
      ADJUSTMENT_BY_VERSION_SQL,
      (r) => r.key,
      (r) => r.id,
      null,
    ),
    pendingAdmissionByPair: valueLoader<KeyedId, string | null>(
      db,
      PENDING_ADMISSION_SQL,
      (r) => r.key,
      (r) => r.id,
      null,
    ),
    opinionsByAdjustment: groupLoader<OpinionRow>(db, OPINIONS_BY_ADJUSTMENT_SQL, (r) => r.adjustment),
  };
}
