import type { Problem } from '../../errors';
import type { DocumentCheck } from './document.check';
import type { At, ParsedDocument } from './record.batch';
import type { CatalogueRecord, EmpowermentRecord, EntryRecord } from './record.kinds';
import type { Known } from './records.known';

const PART_ZH: Record<string, string> = { BASIC: '基本履职事项', COOPERATING: '配合履职事项', RECLAIMED: '上级部门收回事项' };

/**
 * SPEC §8 rules across records: who may own a duty list, what a DUTY entry carries (part; lead with
 * COOPERATING, takenBy with RECLAIMED, bodies of the owner's jurisdiction or above), that an item appears in
 * only one entry in force of an owner's duty lists at any date, and the empowerments' references.
 */
export function checkDuty(c: DocumentCheck): void {
  c.each('catalogue', c.doc.catalogues, (at) => checkDutyListKind(c, at));
  c.each('entry', c.doc.entries, (at) => checkDutyEntry(c, at));
  c.problems.push(...checkOneEntryInForce(c.doc, c.known, c.catalogues));
  c.each('empowerment', c.doc.empowerments, (at) => checkEmpowerment(c, at));
}

/** A list cannot change between DUTY and another kind; a DUTY list is owned by a township, a county or a city without counties. */
function checkDutyListKind(c: DocumentCheck, { rec: cat, path }: At<CatalogueRecord>): void {
  const stored = c.known.catalogues.get(cat.code);
  if (stored && stored.kind !== cat.kind && (stored.kind === 'DUTY' || cat.kind === 'DUTY')) {
    c.push(
      `${path}.kind`,
      `清单 "${cat.code}" 已是 ${stored.kind}，不能改为 ${cat.kind}（履职事项清单与其他清单不能互改）`,
      `catalogue "${cat.code}" is stored as ${stored.kind}; a list cannot change between DUTY and another kind`,
    );
  }
  const owner = c.known.jurisdictions.get(cat.owner);
  if (cat.kind === 'DUTY' && owner) {
    const ok = owner.level === 'TOWNSHIP' || owner.level === 'COUNTY' || (owner.level === 'CITY' && owner.holdsTownships);
    if (!ok) {
      c.push(
        `${path}.owner`,
        `履职事项清单的所属地应为乡镇(街道)、县级或不设区的市，"${cat.owner}" 是 ${owner.level}`,
        `a DUTY list is owned by a township, a county or a city without counties; "${cat.owner}" is a ${owner.level}`,
      );
    }
  }
}

/** The duty-list fields of an entry: only on a DUTY list; its part; lead / takenBy with their part, of the owner or above. */
function checkDutyEntry(c: DocumentCheck, { rec: e, path }: At<EntryRecord>): void {
  const list = c.catalogues.get(e.catalogue);
  if (!list) return;
  if (list.kind !== 'DUTY') {
    for (const key of ['part', 'lead', 'takenBy', 'duty'] as const) {
      if (e[key] !== null) {
        c.push(
          `${path}.${key}`,
          `"${key}" 只用于履职事项清单 (DUTY) 的条目，"${e.catalogue}" 是 ${list.kind}`,
          `"${key}" belongs to entries of a DUTY list; "${e.catalogue}" is ${list.kind}`,
        );
      }
    }
    return;
  }
  if (e.part === null) {
    c.push(
      `${path}.part`,
      '履职事项清单的条目须给出 part（BASIC 基本 / COOPERATING 配合 / RECLAIMED 收回）',
      'an entry of a DUTY list needs its part: BASIC, COOPERATING or RECLAIMED',
    );
    return;
  }
  for (const [key, part, zh] of [
    ['lead', 'COOPERATING', '牵头部门'],
    ['takenBy', 'RECLAIMED', '承接部门'],
  ] as const) {
    const code = e[key];
    if (e.part === part && code === null) {
      c.push(
        `${path}.${key}`,
        `${PART_ZH[part]}须给出${zh} "${key}"`,
        `a ${part} entry needs "${key}", the body that ${key === 'lead' ? 'leads' : 'took it back'}`,
      );
    } else if (e.part !== part && code !== null) {
      c.push(
        `${path}.${key}`,
        `"${key}"（${zh}）只用于${PART_ZH[part]}，本条为${PART_ZH[e.part]}`,
        `"${key}" belongs to ${part} entries; this entry is ${e.part}`,
      );
    } else if (code !== null && c.has('body', code)) {
      const body = c.bodies.get(code)!;
      const owner = c.known.jurisdictions.get(list.owner);
      if (owner && !owner.path.includes(body.jurisdiction)) {
        c.push(
          `${path}.${key}`,
          `${zh} "${code}"（属 ${body.jurisdiction}）不是清单所属地 ${list.owner} 或其上级的单位`,
          `"${code}" belongs to ${body.jurisdiction}, neither ${list.owner} (the list's owner) nor above it`,
        );
      }
    }
  }
}

/** An empowerment: the places it excepts lie under its scope (its key, item, scope and window: staged.check.ts). */
function checkEmpowerment(c: DocumentCheck, at: At<EmpowermentRecord>): void {
  c.exceptions(at, c.place(at.rec.scope) !== null);
}

interface Span {
  catalogue: string;
  from: string;
  to: string;
  path: string | null;
}
const MIN = '0000-00-00';
const MAX = '9999-99-99';

/**
 * SPEC §8: the DUTY lists of one owner in force together form one list, so an item may be in force in only
 * one of their entries at any date. Checked on the state after the import (stored entries, the document's
 * lists and entries replacing theirs); reported on the document's entries (or lists) that make it fail.
 */
function checkOneEntryInForce(doc: ParsedDocument, known: Known, catalogues: Map<string, CatalogueRecord>): Problem[] {
  const problems: Problem[] = [];
  const docList = new Map(doc.catalogues.map((c) => [c.rec.code, c]));
  const rows = new Map<
    string,
    { catalogue: string; item: string; validFrom: string | null; validTo: string | null; path: string | null }
  >();
  // the stored lists as they are, unless the document changes them
  const lists = new Map<string, { kind: string; owner: string; validFrom: string | null; validTo: string | null }>();
  for (const r of known.dutyEntries) {
    rows.set(`${r.catalogue}|${r.item}`, { ...r, path: null });
    lists.set(r.catalogue, { kind: 'DUTY', owner: r.owner, validFrom: r.listFrom, validTo: r.listTo });
  }
  for (const [code, c] of catalogues) lists.set(code, c);
  // only entries of DUTY lists take part (the lists are few; the entries of the other kinds are skipped at once)
  for (const { rec: e, path } of doc.entries) {
    if (lists.get(e.catalogue)?.kind !== 'DUTY' && !rows.has(`${e.catalogue}|${e.item}`)) continue;
    const { catalogue, item, validFrom, validTo } = e;
    rows.set(`${catalogue}|${item}`, { catalogue, item, validFrom, validTo, path });
  }
  const byOwnerItem = new Map<string, Span[]>();
  for (const r of rows.values()) {
    const list = lists.get(r.catalogue);
    if (!list || list.kind !== 'DUTY') continue;
    const listFrom = list.validFrom ?? MIN;
    const rowFrom = r.validFrom ?? MIN;
    const listTo = list.validTo ?? MAX;
    const rowTo = r.validTo ?? MAX;
    const from = listFrom > rowFrom ? listFrom : rowFrom;
    const to = listTo < rowTo ? listTo : rowTo;
    if (from >= to) continue;
    // an entry of the document answers for itself (its path); a stored one for the document's list, if any
    const path = r.path ?? (docList.has(r.catalogue) ? docList.get(r.catalogue)!.path : null);
    const k = `${list.owner}|${r.item}`;
    const spans = byOwnerItem.get(k);
    const span = { catalogue: r.catalogue, from, to, path };
    if (spans) spans.push(span);
    else byOwnerItem.set(k, [span]);
  }
  for (const [k, spans] of byOwnerItem) {
    if (spans.length < 2) continue;
    spans.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    for (let i = 1; i < spans.length; i++) {
      const prev = spans.slice(0, i).find((p) => p.to > spans[i].from);
      if (!prev) continue;
      const [owner, item] = k.split('|');
      const at = spans[i].path ?? prev.path;
      if (at === null) continue;
      problems.push({
        path: spans[i].path ? `${at}.item` : at,
        message:
          `事项 "${item}" 同时在 ${owner} 的履职事项清单 "${prev.catalogue}" 与 "${spans[i].catalogue}" 中有效（自 ${spans[i].from}）· ` +
          `item "${item}" would be in force in two entries of ${owner}'s duty lists ("${prev.catalogue}" and "${spans[i].catalogue}", from ${spans[i].from}); an owner's duty lists list an item once at any date`,
      });
    }
  }
  return problems;
}
