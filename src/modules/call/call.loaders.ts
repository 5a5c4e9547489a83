import type { Db } from '../../db/database';
import { groupLoader, rowLoader } from '../../db/loaders';
import * as sql from './call.sql';

type Keyed = sql.CallRow & { key: string };

/** The relations call resolvers walk: one statement per kind per request. */
export function createCallLoaders(db: Db) {
  return {
    callById: rowLoader<sql.CallRow>(db, sql.CALLS_BY_ID_SQL, (r) => r.id),
    respondersByCall: groupLoader<sql.ResponderRow>(db, sql.RESPONDERS_BY_CALL_SQL, (r) => r.call),
    stepsByCall: groupLoader<sql.StepRow>(db, sql.STEPS_BY_CALL_SQL, (r) => r.call),
    callsByDispute: groupLoader<Keyed>(db, sql.CALLS_BY_DISPUTE_SQL, (r) => r.key),
    callsByAdjustment: groupLoader<Keyed>(db, sql.CALLS_BY_ADJUSTMENT_SQL, (r) => r.key),
  };
}
