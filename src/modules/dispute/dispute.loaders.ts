import type { Db } from '../../db/database';
import { groupLoader, rowLoader } from '../../db/loaders';
import * as sql from './dispute.sql';

/** The relations dispute resolvers walk: one statement per kind per request. */
export function createDisputeLoaders(db: Db) {
  return {
    disputeById: rowLoader<sql.DisputeRow>(db, sql.DISPUTES_BY_ID_SQL, (r) => r.id),
    statementsByDispute: groupLoader<sql.StatementRow>(db, sql.STATEMENTS_BY_DISPUTE_SQL, (r) => r.dispute),
  };
}
