import type { Db } from '../../db/database';
import type { Problem } from '../../errors';
import { guardWrite, requireRole, scopeProblems, type GuardedChange } from '../access/access.guard';
import type { AccessRole } from '../access/access.rules';
import { changeAuthor, lockWrites, recordChanges, type ChangeRecord, type WriteContext } from '../change/change.service';
import { refreshPinyin } from '../jurisdiction/pinyin';
import type { ChangeEntity } from './record.kinds';
import { SET_LOCAL_STATEMENT_TIMEOUT_SQL } from './records.sql';

/**
 * The one write protocol. Every writer of the lists (imports, record mutations, deletes, flag
 * acknowledgements, catalogue versions) goes through `write`, which runs the steps in this order:
 *
 *   1. role        `requireRole` before anything is read (ACCESS_UNAUTHENTICATED / ACCESS_FORBIDDEN);
 *   2. transaction one transaction for the whole write (reused when the caller already holds one);
 *   3. lock        the writers' lock (change.sql.ts): writers follow one another and change ids appear
 *                  in commit order. A dry run reads without it and writes nothing;
 *   4. scope guard the writer hands its records, before and after, to `w.guard` / `w.scopeProblems`;
 *   5. SQL         the writer's own statements on `w.tx`;
 *   6. change feed `w.record(changes)`; a change of an entity the guard has not seen in this write is refused
 *                  (an internal error), so a writer cannot skip step 4;
 *   7. after-write the extension point below, then commit; then what the after-write steps left for after
 *                  the commit (outside the writers' lock), before the writer gets its answer.
 *
 * A writer that needs the feed written before its SQL (a delete: the feed reads a catalogue's owner
 * for its entries' scope) calls `w.record` first; the guard still comes before both.
 */
export interface WriteOptions {
  /** The least role the write needs (step 1); the guard checks each record kind's own role on top. */
  role: AccessRole;
  /** Check and report only: no writers' lock, nothing written, nothing recorded. */
  dryRun?: boolean;
  /**
   * A bulk write (imports): the transaction takes the import statement timeout (`importStatementTimeoutMs`)
   * instead of the pool's, set before the lock so waiting for the lock counts against the longer one.
   */
  bulk?: boolean;
}

/** What a writer gets inside the protocol. */
export interface Writer {
  readonly tx: Db;
  readonly who: WriteContext;
  readonly dryRun: boolean;
  /** Step 4, reporting: one FORBIDDEN problem per record outside the caller's scope (imports list them all). */
  scopeProblems(changes: GuardedChange[]): Promise<Problem[]>;
  /** Step 4, refusing: throws ACCESS_FORBIDDEN when any record lies outside the caller's scope. */
  guard(changes: GuardedChange[]): Promise<void>;
  /** Step 6: records changes in the feed, in the order given. */
  record(changes: ChangeRecord[]): Promise<void>;
  /**
   * Step 6 for a writer whose own SQL writes the feed rows of `changes` (the set-based writer: `insert … select`
   * from its staged rows, the same statement as the rows themselves): checked as `record`, then `write` runs
   * with the feed's author (actor, reason: the parameters its statements bind), and the changes are kept.
   */
  recordWith(changes: ChangeRecord[], write: (author: [string | null, string | null]) => Promise<void>): Promise<void>;
  /** Every change recorded so far in this write (for the after-write step). */
  readonly changes: readonly ChangeRecord[];
}

class ProtocolWriter implements Writer {
  private readonly guarded = new Set<ChangeEntity>();
  readonly changes: ChangeRecord[] = [];
  constructor(
    readonly tx: Db,
    readonly who: WriteContext,
    readonly dryRun: boolean,
  ) {}

  async scopeProblems(changes: GuardedChange[]): Promise<Problem[]> {
    changes.forEach((c) => this.guarded.add(c.entity));
    return scopeProblems(this.tx, this.who, changes);
  }

  async guard(changes: GuardedChange[]): Promise<void> {
    changes.forEach((c) => this.guarded.add(c.entity));
    await guardWrite(this.tx, this.who, changes);
  }

  async record(changes: ChangeRecord[]): Promise<void> {
    await this.recordWith(changes, () => recordChanges(this.tx, changes, this.who));
  }

  async recordWith(changes: ChangeRecord[], write: (author: [string | null, string | null]) => Promise<void>): Promise<void> {
    if (this.dryRun) throw new Error('write protocol: a dry run records no change');
    const unguarded = changes.find((c) => !this.guarded.has(c.entity));
    if (unguarded) throw new Error(`write protocol: ${unguarded.entity} "${unguarded.key}" recorded without the scope guard`);
    await write(changeAuthor(this.who));
    this.changes.push(...changes);
  }
}

/** Runs `body` as one write of the lists, through every step of the protocol (see above). */
export async function write<T>(db: Db, who: WriteContext, opts: WriteOptions, body: (w: Writer) => Promise<T>): Promise<T> {
  requireRole(who, opts.role);
  // a caller holding its own transaction commits later: what follows a commit then runs inside it instead
  const afterCommit: AfterCommit[] | null = db.inTransaction ? null : [];
  const result = await db.transaction(async (tx) => {
    const dryRun = opts.dryRun ?? false;
    const timeout = tx.settings.importStatementTimeoutMs;
    if (opts.bulk && timeout !== undefined) await tx.query(SET_LOCAL_STATEMENT_TIMEOUT_SQL, [`${timeout}ms`]);
    if (!dryRun) await lockWrites(tx);
    const w = new ProtocolWriter(tx, who, dryRun);
    const result = await body(w);
    await afterWrite(w, afterCommit);
    return result;
  });
  for (const next of afterCommit ?? []) await next(db);
  return result;
}

/**
 * EXTENSION POINT — runs inside the write's transaction, after its SQL and its change feed, before commit;
 * a failure here rolls the whole write back. Work that must follow every write of the lists plugs in here
 * with one call that takes the writer (its `tx` and the `changes` it recorded): for instance marking the
 * places a write touched so maintained analysis is refreshed, or refusing a township duty outside its lists
 * when admission is required (adjustment/admission.check). A new record kind needs nothing here: it is
 * declared in record.kinds.ts and its writer calls `write`.
 */
async function afterWrite(w: Writer, afterCommit: AfterCommit[] | null): Promise<void> {
  if (w.dryRun || w.changes.length === 0) return;
  // the pinyin search keys of items whose names this write set (a partial index holds just those rows)
  if (w.changes.some((c) => c.entity === 'item')) await refreshPinyin(w.tx, 'item');
  for (const step of afterWriteSteps) {
    const next = await step(w.tx, w);
    if (!next) continue;
    if (afterCommit) afterCommit.push(next);
    else await next(w.tx);
  }
}

/**
 * Work a step leaves for after the commit: it gets the database (its own transactions; or, when the write ran in
 * a transaction of its caller, that transaction, before its commit). It must not throw: the write is committed.
 */
export type AfterCommit = (db: Db) => Promise<void>;

/**
 * The steps modules above the records layer plug into the extension point (the layer rules keep records from
 * importing them): the flag store registers its refresh of the counties a write queued (analysis/flag-store),
 * which it leaves for after the commit.
 */
export const afterWriteSteps = new Set<(tx: Db, w: Writer) => Promise<AfterCommit | void>>();
