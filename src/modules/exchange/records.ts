import { canonicalCode, CODE_FORMS } from '../jurisdiction/jurisdiction.code';
import type { Problem } from '../../errors';

/** SPEC §2–4 records in canonical form: what the interchange, the table layout and mutations all become. */
export interface BodyRecord {
  code: string;
  name: string;
  jurisdiction: string;
  kind: string;
  parent: string | null;
  serves: string[];
  validFrom: string | null;
  validTo: string | null;
  successor: string | null;
}
export interface ItemRecord {
  code: string;
  name: string;
  domain: string;
  category: string;
  basis: string[];
  description: string | null;
}
export interface CatalogueRecord {
  code: string;
  name: string;
  owner: string;
  kind: string;
  guiding: string | null;
  validFrom: string | null;
  validTo: string | null;
}
export interface EntryRecord {
  catalogue: string;
  item: string;
  notApplicableIn: string[];
  validFrom: string | null;
  validTo: string | null;
  name: string | null;
  category: string | null;
  basis: string[] | null;
  /** SPEC §8, DUTY lists only: the part, the leading body (COOPERATING), the body that took it back (RECLAIMED). */
  part: string | null;
  lead: string | null;
  takenBy: string | null;
  duty: string | null;
}
/** SPEC §8 empowerment (赋权): natural key (item, scope, mode, validFrom). */
export interface EmpowermentRecord {
  item: string;
  scope: string;
  mode: string;
  basis: string[];
  validFrom: string | null;
  validTo: string | null;
  exceptIn: string[];
  note: string | null;
}
export interface AssignmentRecord {
  /** Set when a mutation edits one known row; imports match by natural key instead. */
  id?: string;
  item: string;
  scope: string;
  body: string | null;
  relative: string | null;
  role: string;
  duty: string | null;
  validFrom: string | null;
  validTo: string | null;
  exceptIn: string[];
  catalogue: string | null;
  basis: string[];
  note: string | null;
}

export const BODY_KINDS = ['GOVERNMENT', 'DEPARTMENT', 'STATIONED', 'OTHER'] as const;
export const CATEGORIES = [
  'LICENSING',
  'PENALTY',
  'COERCION',
  'LEVY',
  'BENEFIT',
  'ADJUDICATION',
  'CONFIRMATION',
  'REWARD',
  'INSPECTION',
  'OTHER_POWER',
  'PUBLIC_SERVICE',
  'TERRITORIAL',
] as const;
export const CATALOGUE_KINDS = ['GUIDING', 'LOCAL', 'DUTY'] as const;
export const DUTY_PARTS = ['BASIC', 'COOPERATING', 'RECLAIMED'] as const;
export const EMPOWERMENT_MODES = ['DELEGATED', 'ENTRUSTED', 'CONCENTRATED'] as const;
export const ROLES = ['PRIMARY', 'SUPPORTING', 'SUPERVISING'] as const;
export const RELATIVES = ['TOWNSHIP_GOVERNMENT'] as const;

type FieldType =
  | { t: 'code' } // a stable identifier of a body, item or catalogue
  | { t: 'text' }
  | { t: 'date' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'texts' }
  | { t: 'jurisdiction' }
  | { t: 'jurisdictions' };

interface FieldSpec {
  key: string;
  type: FieldType;
  required?: boolean;
}

const code: FieldType = { t: 'code' };
const text: FieldType = { t: 'text' };
const date: FieldType = { t: 'date' };
const texts: FieldType = { t: 'texts' };
const jurisdiction: FieldType = { t: 'jurisdiction' };
const jurisdictions: FieldType = { t: 'jurisdictions' };
const oneOf = (values: readonly string[]): FieldType => ({ t: 'enum', values });

/** INTERCHANGE.md's key table, as data. */
export const SPECS = {
  body: [
    { key: 'code', type: code, required: true },
    { key: 'name', type: text, required: true },
    { key: 'jurisdiction', type: jurisdiction, required: true },
    { key: 'kind', type: oneOf(BODY_KINDS), required: true },
    { key: 'parent', type: code },
    { key: 'serves', type: jurisdictions },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
    { key: 'successor', type: code },
  ],
  item: [
    { key: 'code', type: code, required: true },
    { key: 'name', type: text, required: true },
    { key: 'domain', type: text, required: true },
    { key: 'category', type: oneOf(CATEGORIES), required: true },
    { key: 'basis', type: texts },
    { key: 'description', type: text },
  ],
  catalogue: [
    { key: 'code', type: code, required: true },
    { key: 'name', type: text, required: true },
    { key: 'owner', type: jurisdiction, required: true },
    { key: 'kind', type: oneOf(CATALOGUE_KINDS), required: true },
    { key: 'guiding', type: code },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
  ],
  entry: [
    { key: 'item', type: code, required: true },
    { key: 'notApplicableIn', type: jurisdictions },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
    { key: 'name', type: text },
    { key: 'category', type: oneOf(CATEGORIES) },
    { key: 'basis', type: texts },
    { key: 'part', type: oneOf(DUTY_PARTS) },
    { key: 'lead', type: code },
    { key: 'takenBy', type: code },
    { key: 'duty', type: text },
  ],
  empowerment: [
    { key: 'item', type: code, required: true },
    { key: 'scope', type: jurisdiction, required: true },
    { key: 'mode', type: oneOf(EMPOWERMENT_MODES), required: true },
    { key: 'basis', type: texts },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
    { key: 'exceptIn', type: jurisdictions },
    { key: 'note', type: text },
  ],
  assignment: [
    { key: 'item', type: code, required: true },
    { key: 'scope', type: jurisdiction, required: true },
    { key: 'body', type: code },
    { key: 'relative', type: oneOf(RELATIVES) },
    { key: 'role', type: oneOf(ROLES), required: true },
    { key: 'duty', type: text },
    { key: 'basis', type: texts },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
    { key: 'exceptIn', type: jurisdictions },
    { key: 'catalogue', type: code },
    { key: 'note', type: text },
  ],
} satisfies Record<string, FieldSpec[]>;

export type RecordKind = keyof typeof SPECS;

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A stable code of a body, item or catalogue (INTERCHANGE.md). */
export const isCode = (s: string): boolean => CODE_RE.test(s);

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const quote = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

/**
 * Checks one record against its key table and returns the canonical record (absent optional keys are
 * null / empty) plus every problem, each with its path. `extraKeys` are allowed without a spec (e.g.
 * a catalogue's `entries`, parsed separately).
 */
export function parseRecord(
  kind: RecordKind,
  raw: unknown,
  path: string,
  problems: Problem[],
  extraKeys: string[] = [],
): Record<string, unknown> | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path, message: `应为对象 · expected an object, got ${quote(raw)}` });
    return null;
  }
  const specs: FieldSpec[] = SPECS[kind];
  const allowed = specs.map((s) => s.key).concat(extraKeys);
  const out: Record<string, unknown> = {};
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) {
      problems.push({
        path: `${path}.${key}`,
        message: `未知字段 "${key}"（允许：${allowed.join(', ')}）· unknown key "${key}"; allowed: ${allowed.join(', ')}`,
      });
    }
  }
  for (const spec of specs) {
    const value = (raw as Record<string, unknown>)[spec.key];
    const at = `${path}.${spec.key}`;
    if (value === undefined || value === null || value === '') {
      if (spec.required) {
        problems.push({ path: at, message: `缺少必填字段 "${spec.key}" · required key "${spec.key}" is missing` });
      }
      out[spec.key] = spec.type.t === 'texts' || spec.type.t === 'jurisdictions' ? [] : null;
      continue;
    }
    out[spec.key] = parseValue(spec.type, value, at, problems);
  }
  return problems.length > before ? null : out;
}

function parseValue(type: FieldType, value: unknown, at: string, problems: Problem[]): unknown {
  const bad = (zh: string, en: string) => {
    problems.push({ path: at, message: `${zh} · ${en}` });
    return null;
  };
  switch (type.t) {
    case 'code':
      if (typeof value !== 'string') return bad('应为字符串', `expected a string, got ${quote(value)}`);
      if (!CODE_RE.test(value.trim())) {
        return bad(
          `编码 "${quote(value)}" 无效（字母、数字、点、下划线、连字符，最长64位）`,
          `"${quote(value)}" is not a valid code (letters, digits, '.', '_', '-'; at most 64; no spaces)`,
        );
      }
      return value.trim();
    case 'text':
      if (typeof value !== 'string') return bad('应为字符串', `expected a string, got ${quote(value)}`);
      if (value.trim() === '') return bad('不能为空', 'must not be blank');
      return value.trim();
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) {
        return bad(`日期 "${quote(value)}" 无效，应为 YYYY-MM-DD`, `"${quote(value)}" is not a date (YYYY-MM-DD)`);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string' || !type.values.includes(value)) {
        return bad(
          `"${quote(value)}" 不是允许的值（${type.values.join(', ')}）`,
          `"${quote(value)}" is not one of ${type.values.join(', ')}`,
        );
      }
      return value;
    case 'texts': {
      if (!Array.isArray(value)) return bad('应为字符串列表', `expected a list of strings, got ${quote(value)}`);
      const out: string[] = [];
      value.forEach((v, i) => {
        if (typeof v !== 'string' || v.trim() === '') {
          problems.push({ path: `${at}[${i}]`, message: `应为非空字符串 · expected a non-blank string, got ${quote(v)}` });
        } else out.push(v.trim());
      });
      return out;
    }
    case 'jurisdiction':
      return parseJurisdiction(value, at, problems);
    case 'jurisdictions': {
      if (!Array.isArray(value)) return bad('应为行政区划代码列表', `expected a list of jurisdiction codes, got ${quote(value)}`);
      const out = new Set<string>();
      value.forEach((v, i) => {
        const c = parseJurisdiction(v, `${at}[${i}]`, problems);
        if (c) out.add(c);
      });
      return [...out].sort();
    }
  }
}

function parseJurisdiction(value: unknown, at: string, problems: Problem[]): string | null {
  const c = typeof value === 'string' ? canonicalCode(value) : null;
  if (c === null || c === '000000') {
    problems.push({
      path: at,
      message: `行政区划代码 "${quote(value)}" 格式不正确 · "${quote(value)}" is not a jurisdiction code; expected ${CODE_FORMS.split(' · ')[1]}`,
    });
    return null;
  }
  return c;
}
