import type { Db } from '../../db/database';
import { groupLoader } from '../../db/loaders';
import { VERSIONS_BY_CATALOGUE_SQL, type VersionRow } from './version.service';

/** The published versions of a catalogue. */
export function createVersionLoaders(db: Db) {
  return {
    versionsByCatalogue: groupLoader<VersionRow>(db, VERSIONS_BY_CATALOGUE_SQL, (r) => r.catalogue),
  };
}
