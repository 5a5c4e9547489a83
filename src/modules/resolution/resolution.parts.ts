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
 */
export interface Candidates {
  assignments: string;
  entries: string;
}
