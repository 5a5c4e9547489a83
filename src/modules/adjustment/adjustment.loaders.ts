import type { Db } from '../../db/database';
import { groupLoader, rowLoader, valueLoader } from '../../db/loaders';
import {
  ADJUSTMENT_BY_VERSION_SQL,
  ADJUSTMENTS_BY_ID_SQL,
  OPINIONS_BY_ADJUSTMENT_SQL,
  PENDING_ADMISSION_SQL,
  type AdjustmentRow,
  type OpinionRow,
} from './adjustment.sql';

type KeyedId = { key: string; id: string };

/**
 * An adjustment by id (canonical decimal), the one behind a catalogue version (`catalogue|version`), the pending
 * admission of `item|place`, and an adjustment's opinions.
 */
export function createAdjustmentLoaders(db: Db) {
  return {
    adjustmentById: rowLoader<AdjustmentRow>(db, ADJUSTMENTS_BY_ID_SQL, (r) => r.id),
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
