/** The shapes shared by the rule SQL (resolution.sql.ts) and the fragments it composes (duty.sql.ts). */

/**
 * Which items are resolved: 'scope' queries take any items (or those of $2, or of domain $3); 'pairs'
 * queries (chains, a page's bodies) name their items in $2, so the planner can use the item index even in
 * a prepared statement's generic plan ($3 must then be null).
 */
export type Mode = 'scope' | 'pairs';

/**
 * Candidate rows for the class computation of flags (classes.sql.ts): names of CTEs defined before this one.
 * assignments: (target, then ASSIGNMENT_COLUMNS), the assignments that may reach each target; entries: (target,
 * owner_code, kind, list_from, list_to, then ENTRY_COLUMNS), the list entries that may apply there. Every rule
 * below is still applied to them; they only spare the expansion of every assignment over every target.
 *
 * dated: the rules are evaluated at a date per row instead of at $1: the targets and both candidate sets carry
 * a column `d` (the date), a target is the pair (code, d), and candidates join their target on both. The
 * maintained flag store (analysis/flag-store.sql.ts) evaluates every segment of every (item, leaf) this way
 * in one statement.
 */
export interface Candidates {
  assignments: string;
  entries: string;
  dated?: boolean;
}

/** `validFrom ≤ d < validTo` of row `alias` at the date expression `at`: the records layer's one window. */
export { inForceSql as inForceAt } from '../records/record.window';

/**
 * What differs between a query at one date ($1) and a dated evaluation (Candidates.dated): the date of a row
 * `alias`, the extra key column and the extra join condition between two row aliases.
 */
export function dating(dated: boolean | undefined) {
  return {
    /** the date at which row `alias` is evaluated */
    at: (alias: string) => (dated ? `${alias}.d` : '$1::date'),
    /** `, d` (or nothing), appended to keys, selections and groupings; with a qualifying alias when given */
    key: (alias?: string) => (dated ? `, ${alias ? `${alias}.` : ''}d` : ''),
    /** ` and a.d = b.d` (or nothing) */
    same: (a: string, b: string) => (dated ? ` and ${a}.d = ${b}.d` : ''),
  };
}

/**
 * The body whose code is \`code\` (an expression of the enclosing row), as a lateral subquery kept from being
 * flattened: one index probe per row under any join method, never a hash of the whole body table (the flag
 * store plans its rules statement without nested loops: analysis/flag-store.service.ts).
 */
export const bodyByCode = (code: string) => `(select * from body body_by_code where body_by_code.code = ${code} offset 0)`;
