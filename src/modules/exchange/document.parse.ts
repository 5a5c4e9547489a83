import type { Problem } from '../../errors';
import { emptyDocument, type ParsedDocument } from '../records/record.batch';
import {
  type AssignmentRecord,
  type BodyRecord,
  type CatalogueRecord,
  type EmpowermentRecord,
  type EntryRecord,
  type ItemRecord,
} from '../records/record.kinds';
import { parseRecord } from '../records/record.parse';

export const FORMAT = 'shudi-catalogue/1';

const TOP_KEYS = ['format', 'note', 'bodies', 'items', 'catalogues', 'assignments', 'empowerments'];

type Raw = Record<string, unknown>;

/** INTERCHANGE.md shape checks: format, unknown keys, field types, code aliases. References come later. */
export function parseDocument(doc: unknown): { parsed: ParsedDocument; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = emptyDocument();
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({ path: '$', message: '文档应为 JSON 对象 · the document must be a JSON object' });
    return { parsed, problems };
  }
  const d = doc as Raw;
  checkTopLevel(d, problems);
  const list = (key: string) => recordList(d, key, problems);
  list('bodies').forEach((raw, i) => {
    const rec = parseRecord('body', raw, `bodies[${i}]`, problems);
    if (rec) parsed.bodies.push({ rec: rec as unknown as BodyRecord, path: `bodies[${i}]`, raw });
  });
  list('items').forEach((raw, i) => {
    const rec = parseRecord('item', raw, `items[${i}]`, problems);
    if (rec) parsed.items.push({ rec: rec as unknown as ItemRecord, path: `items[${i}]`, raw });
  });
  list('catalogues').forEach((raw, i) => parseCatalogue(raw, `catalogues[${i}]`, parsed, problems));
  list('assignments').forEach((raw, i) => parseAssignment(raw, `assignments[${i}]`, parsed, problems));
  list('empowerments').forEach((raw, i) => {
    const path = `empowerments[${i}]`;
    const rec = parseRecord('empowerment', raw, path, problems) as unknown as EmpowermentRecord | null;
    if (rec) parsed.empowerments.push({ rec, path, raw });
  });
  return { parsed, problems };
}

/** The format tag, the note, and no key beyond the record lists. */
function checkTopLevel(d: Raw, problems: Problem[]): void {
  if (d.format !== FORMAT) {
    problems.push({
      path: 'format',
      message: `format 应为 "${FORMAT}"，实为 ${JSON.stringify(d.format ?? null)} · format must be "${FORMAT}"`,
    });
  }
  if (d.note !== undefined && typeof d.note !== 'string') {
    problems.push({ path: 'note', message: 'note 应为字符串 · note must be a string' });
  }
  for (const key of Object.keys(d)) {
    if (!TOP_KEYS.includes(key)) {
      problems.push({
        path: key,
        message: `未知字段 "${key}"（允许：${TOP_KEYS.join(', ')}）· unknown key "${key}"; allowed: ${TOP_KEYS.join(', ')}`,
      });
    }
  }
}

/** A top-level record list: absent or null is empty; anything but an array is a problem. */
function recordList(d: Raw, key: string, problems: Problem[]): unknown[] {
  const v = d[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push({ path: key, message: `${key} 应为数组 · ${key} must be an array` });
    return [];
  }
  return v;
}

/** A catalogue and the entries nested in it (each entry names its catalogue). */
function parseCatalogue(raw: unknown, path: string, parsed: ParsedDocument, problems: Problem[]): void {
  const rec = parseRecord('catalogue', raw, path, problems, ['entries']);
  const entries = raw && typeof raw === 'object' ? (raw as Raw).entries : undefined;
  if (entries !== undefined && entries !== null && !Array.isArray(entries)) {
    problems.push({ path: `${path}.entries`, message: 'entries 应为数组 · entries must be an array' });
    return;
  }
  const list = (entries as unknown[] | undefined) ?? [];
  if (!rec) {
    // The catalogue itself is invalid: its entries are not imported either, but their own problems are still listed.
    list.forEach((e, j) => parseRecord('entry', e, `${path}.entries[${j}]`, problems));
    return;
  }
  parsed.catalogues.push({ rec: rec as unknown as CatalogueRecord, path, raw });
  list.forEach((e, j) => {
    const epath = `${path}.entries[${j}]`;
    const entry = parseRecord('entry', e, epath, problems);
    if (!entry) return;
    const er = { catalogue: (rec as { code: string }).code, ...entry } as unknown as EntryRecord;
    // an absent basis stays null; an explicit empty list is kept
    if (entry.basis !== null && (entry.basis as string[]).length === 0 && !hasKey(e, 'basis')) er.basis = null;
    parsed.entries.push({ rec: er, path: epath, raw: e });
  });
}

/** An assignment names exactly one of a body and a relative holder. */
function parseAssignment(raw: unknown, path: string, parsed: ParsedDocument, problems: Problem[]): void {
  const rec = parseRecord('assignment', raw, path, problems) as unknown as AssignmentRecord | null;
  if (!rec) return;
  if ((rec.body === null) === (rec.relative === null)) {
    problems.push({
      path,
      message: '必须且只能给出 body 与 relative 之一 · an assignment has exactly one of "body" and "relative"',
    });
    return;
  }
  parsed.assignments.push({ rec, path, raw });
}

function hasKey(o: unknown, key: string): boolean {
  return !!o && typeof o === 'object' && key in (o as object) && (o as Record<string, unknown>)[key] != null;
}
