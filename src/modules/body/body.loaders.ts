import type { Db } from '../../db/database';
import { rowLoader } from '../../db/loaders';
import { BODIES_BY_CODE_SQL, LEVELS_BY_BODY_SQL, type BodyRow } from './body.sql';

/** A body by code, and the level the engine's rule gives it. */
export function createBodyLoaders(db: Db) {
  return {
    bodyByCode: rowLoader<BodyRow>(db, BODIES_BY_CODE_SQL, (r) => r.code),
    levelByBody: rowLoader<{ code: string; level: string }>(db, LEVELS_BY_BODY_SQL, (r) => r.code),
  };
}
