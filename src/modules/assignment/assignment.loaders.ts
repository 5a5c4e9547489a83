import type { Db } from '../../db/database';
import { rowLoader } from '../../db/loaders';
import { ASSIGNMENTS_BY_ID_SQL, type AssignmentRow } from './assignment.sql';

/** An assignment by id. */
export function createAssignmentLoaders(db: Db) {
  return {
    assignmentById: rowLoader<AssignmentRow>(db, ASSIGNMENTS_BY_ID_SQL, (r) => r.id),
  };
}
