import type { Db } from '../../db/database';
import { groupLoader, rowLoader } from '../../db/loaders';
import { CHILDREN_BY_PARENT_SQL, JURISDICTIONS_BY_CODE_SQL, type JurisdictionRow } from './jurisdiction.sql';

/** The jurisdiction tree's relations: a place by code, the children of a place. */
export function createJurisdictionLoaders(db: Db) {
  return {
    jurisdictionByCode: rowLoader<JurisdictionRow>(db, JURISDICTIONS_BY_CODE_SQL, (r) => r.code),
    childrenByJurisdiction: groupLoader<JurisdictionRow>(db, CHILDREN_BY_PARENT_SQL, (r) => r.parent!),
  };
}
