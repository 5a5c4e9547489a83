import type { Db } from '../../db/database';
import type { Principal } from '../access/access.rules';
import type { ChangeEntity } from '../records/record.kinds';
import { RECORD_CHANGES_SQL, WRITE_LOCK_SQL } from './change.sql';

export interface ChangeRecord {
  entity: ChangeEntity;
  key: string;
  before: unknown | null;
  after: unknown | null;
}

/** Who writes and why: goes into every change record of the write. */
export interface WriteContext {
  actor?: string | null;
  reason?: string | null;
  /**
   * Whose authority the write uses, checked by the access guard (src/modules/access) inside the write.
   * Absent: an in-process caller (CLI, start-up, tests) with the database's own authority.
   */
  principal?: Principal;
}

/** Takes the writers' lock for the rest of the transaction (see change.sql.ts). */
export async function lockWrites(tx: Db): Promise<void> {
  if (!tx.inTransaction) throw new Error('lockWrites needs a transaction');
  tx.wrote = true;
  await tx.query(WRITE_LOCK_SQL);
}

/** Records changes in the current transaction, in the order given (one statement). */
export async function recordChanges(tx: Db, changes: ChangeRecord[], who: WriteContext = {}): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c, ord) => ({
    entity: c.entity,
    key: c.key,
    operation: c.before === null ? 'CREATE' : c.after === null ? 'DELETE' : 'UPDATE',
    before: c.before,
    after: c.after,
    ord,
  }));
  await tx.query(RECORD_CHANGES_SQL, [JSON.stringify(rows), ...changeAuthor(who)]);
}

/** The actor and reason every change record of a write carries. */
export const changeAuthor = (who: WriteContext): [string | null, string | null] => [
  who.actor ?? null,
  who.reason?.trim() || null,
];
