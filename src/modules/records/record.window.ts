/**
 * The validity window of every dated record (SPEC §2–4): in force on d when validFrom ≤ d < validTo, a null
 * bound meaning open (validTo is exclusive). Declared once, for TypeScript and for SQL.
 */
export interface Window {
  validFrom: string | null;
  validTo: string | null;
}

/** Whether record `r` is in force on the ISO date `d`. */
export const inForce = (r: Window, d: string): boolean =>
  (r.validFrom === null || r.validFrom <= d) && (r.validTo === null || r.validTo > d);

/** The same of row `alias` as an SQL condition, at the date expression `at` (default $1, the query's business date). */
export const inForceSql = (alias: string, at = '$1::date'): string =>
  `(${alias}.valid_from is null or ${alias}.valid_from <= ${at}) and (${alias}.valid_to is null or ${at} < ${alias}.valid_to)`;
