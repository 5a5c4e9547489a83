import type { Problem } from '../../errors';
import { isIsoDate } from '../../dates';
import { canonicalCode, CODE_FORMS } from '../jurisdiction/jurisdiction.code';
import { SPECS, type FieldSpec, type FieldType, type RecordKind } from './record.kinds';

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A stable code of a body, item or catalogue (INTERCHANGE.md). */
export const isCode = (s: string): boolean => CODE_RE.test(s);

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
  const allowed = allowedKeys(kind, extraKeys);
  const out: Record<string, unknown> = {};
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) {
      problems.push({
        path: `${path}.${key}`,
        message: `未知字段 "${key}"（允许：${[...allowed].join(', ')}）· unknown key "${key}"; allowed: ${[...allowed].join(', ')}`,
      });
    }
  }
  for (const spec of specs) {
    const value = (raw as Record<string, unknown>)[spec.key];
    if (value === undefined || value === null || value === '') {
      if (spec.required) {
        problems.push({ path: `${path}.${spec.key}`, message: `缺少必填字段 "${spec.key}" · required key "${spec.key}" is missing` });
      }
      out[spec.key] = spec.type.t === 'texts' || spec.type.t === 'jurisdictions' ? [] : null;
      continue;
    }
    out[spec.key] = parseValue(spec.type, value, path, spec.key, problems);
  }
  return problems.length > before ? null : out;
}

/** The keys a record of `kind` may have (its specs' and `extraKeys`), in the order the messages list them; built once. */
const ALLOWED = new Map<string, Set<string>>();
function allowedKeys(kind: RecordKind, extraKeys: string[]): Set<string> {
  const k = `${kind}|${extraKeys.join('|')}`;
  let set = ALLOWED.get(k);
  if (!set) ALLOWED.set(k, (set = new Set(SPECS[kind].map((s) => s.key).concat(extraKeys))));
  return set;
}

/** A field's value; its path (`path`.`key`) is built only for a problem. */
function parseValue(type: FieldType, value: unknown, path: string, key: string, problems: Problem[]): unknown {
  const at = () => `${path}.${key}`;
  const bad = (zh: string, en: string) => {
    problems.push({ path: at(), message: `${zh} · ${en}` });
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
          problems.push({ path: `${at()}[${i}]`, message: `应为非空字符串 · expected a non-blank string, got ${quote(v)}` });
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
        const c = parseJurisdiction(v, () => `${at()}[${i}]`, problems);
        if (c) out.add(c);
      });
      return [...out].sort();
    }
  }
}

function parseJurisdiction(value: unknown, at: () => string, problems: Problem[]): string | null {
  const c = typeof value === 'string' ? canonicalCode(value) : null;
  if (c === null || c === '000000') {
    problems.push({
      path: at(),
      message: `行政区划代码 "${quote(value)}" 格式不正确 · "${quote(value)}" is not a jurisdiction code; expected ${CODE_FORMS.split(' · ')[1]}`,
    });
    return null;
  }
  return c;
}
