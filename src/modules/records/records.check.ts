import type { Problem } from '../../errors';
import { canonicalCode, governmentCode, governmentOf } from '../jurisdiction/jurisdiction.code';
import { assignmentKey, entryKey, type BodyRecord, type CatalogueRecord, type ItemRecord } from './record.kinds';
import type { Known } from './records.known';
import type { JurisdictionRefRow } from './records.sql';
import { checkDuty } from './duty.check';
import type { At, ParsedDocument } from './record.batch';

const zhEn = (zh: string, en: string) => `${zh} · ${en}`;

/**
 * SPEC §2–4 rules across records: references resolve (in the document or the database, any order),
 * natural keys are unique, windows are ordered, codes lie where they must, chains have no cycles.
 */
export function checkDocument(doc: ParsedDocument, known: Known): Problem[] {
  const problems: Problem[] = [];
  const push = (path: string, zh: string, en: string) => problems.push({ path, message: zhEn(zh, en) });

  const bodies = new Map(known.bodies);
  for (const b of doc.bodies) bodies.set(b.rec.code, b.rec);
  const items = new Set(known.items);
  for (const i of doc.items) items.add(i.rec.code);
  const catalogues = new Map(known.catalogues);
  for (const c of doc.catalogues) catalogues.set(c.rec.code, c.rec);

  const jurisdiction = (code: string, path: string): JurisdictionRefRow | null => {
    const j = known.jurisdictions.get(code);
    if (!j) push(path, `行政区划 "${code}" 不存在`, `no jurisdiction "${code}" in the national tree`);
    return j ?? null;
  };
  const under = (code: string, ancestor: string, strictly: boolean): boolean => {
    const j = known.jurisdictions.get(code);
    return !!j && j.path.includes(ancestor) && (!strictly || code !== ancestor);
  };
  /** Path of `code` in the list `key` as the document wrote it (the record holds it sorted and deduplicated). */
  const listPath = (at: At<unknown>, key: string, code: string, sortedIndex: number): string => {
    const list = at.raw && typeof at.raw === 'object' ? (at.raw as Record<string, unknown>)[key] : undefined;
    const i = Array.isArray(list) ? list.findIndex((v) => typeof v === 'string' && canonicalCode(v) === code) : -1;
    return `${at.path}.${key}[${i >= 0 ? i : sortedIndex}]`;
  };
  const window = (r: { validFrom: string | null; validTo: string | null }, path: string) => {
    if (r.validFrom && r.validTo && r.validFrom >= r.validTo) {
      push(
        `${path}.validTo`,
        `validTo (${r.validTo}) 必须晚于 validFrom (${r.validFrom})`,
        `validTo (${r.validTo}) must be after validFrom (${r.validFrom}); validTo is exclusive`,
      );
    }
  };
  const ref = (kind: 'body' | 'item' | 'catalogue', code: string | null, path: string): boolean => {
    if (code === null) return false;
    const exists = kind === 'body' ? bodies.has(code) : kind === 'item' ? items.has(code) : catalogues.has(code);
    if (!exists) {
      const zh = { body: '责任主体', item: '事项', catalogue: '清单' }[kind];
      push(path, `${zh} "${code}" 不存在（本文件与数据库中均无）`, `no ${kind} "${code}" in this document or in the database`);
    }
    return exists;
  };
  // (catalogue, scope) pairs the document itself writes: those assignments are checked as records
  const inDoc = new Map(doc.catalogues.map((c) => [c.rec.code, c.rec]));
  const docScopes = new Set(doc.assignments.filter((a) => a.rec.catalogue).map((a) => `${a.rec.catalogue}|${a.rec.scope}`));
  duplicates(doc.bodies, (r) => r.code, 'code', push);
  duplicates(doc.items, (r) => r.code, 'code', push);
  duplicates(doc.catalogues, (r) => r.code, 'code', push);
  duplicates(doc.entries, entryKey, 'item', push);
  duplicates(doc.assignments, assignmentKey, null, push);

  for (const at of doc.bodies) {
    const { rec: b, path } = at;
    const j = jurisdiction(b.jurisdiction, `${path}.jurisdiction`);
    window(b, path);
    const govCode = governmentCode(b.jurisdiction);
    if (b.kind === 'GOVERNMENT' && b.code !== govCode) {
      push(
        `${path}.code`,
        `人民政府的编码必须是 "${govCode}"`,
        `a GOVERNMENT body of ${b.jurisdiction} has code "${govCode}", not "${b.code}"`,
      );
    }
    // `<jurisdiction code>-GOV` is the government of that jurisdiction (SPEC §2), whatever jurisdiction the record names.
    const government = governmentOf(b.code);
    if (b.kind !== 'GOVERNMENT' && government) {
      push(
        `${path}.kind`,
        `"${b.code}" 是 ${government} 的人民政府，kind 必须为 GOVERNMENT`,
        `"${b.code}" is the government of ${government}: kind must be GOVERNMENT`,
      );
    }
    if (b.kind === 'STATIONED') {
      if (b.parent === null)
        push(`${path}.parent`, '派驻机构必须给出 parent（所属部门）', 'a STATIONED body needs its parent department');
    } else {
      if (b.parent !== null) push(`${path}.parent`, '只有派驻机构 (STATIONED) 有 parent', 'only a STATIONED body has a parent');
      if (b.serves.length > 0)
        push(`${path}.serves`, '只有派驻机构 (STATIONED) 有 serves', 'only a STATIONED body serves townships');
    }
    if (b.parent !== null) {
      if (b.parent === b.code) push(`${path}.parent`, '不能以自身为 parent', 'a body cannot be its own parent');
      else ref('body', b.parent, `${path}.parent`);
    }
    b.serves.forEach((s, i) => {
      const where = listPath(at, 'serves', s, i);
      if (jurisdiction(s, where) && j && !under(s, b.jurisdiction, true)) {
        push(where, `"${s}" 不在 ${b.jurisdiction} 辖区内`, `"${s}" is not under ${b.jurisdiction}, the body's jurisdiction`);
      }
    });
    if (b.successor !== null) {
      if (b.successor === b.code) push(`${path}.successor`, '不能以自身为 successor', 'a body cannot be its own successor');
      else ref('body', b.successor, `${path}.successor`);
    }
  }
  for (const { rec: b, path } of doc.bodies) {
    for (const [key, next] of [
      ['successor', (x: BodyRecord) => x.successor],
      ['parent', (x: BodyRecord) => x.parent],
    ] as const) {
      if (hasCycle(b.code, bodies, next)) {
        push(
          `${path}.${key}`,
          `${key} 链形成环：${chain(b.code, bodies, next).join(' → ')}`,
          `the ${key} chain loops: ${chain(b.code, bodies, next).join(' → ')}`,
        );
      }
    }
  }

  for (const { rec: c, path } of doc.catalogues) {
    jurisdiction(c.owner, `${path}.owner`);
    window(c, path);
    if (c.guiding !== null) {
      if (c.kind === 'DUTY')
        push(`${path}.guiding`, '履职事项清单 (DUTY) 没有指导目录', 'a DUTY list is not derived from a guiding catalogue');
      else if (c.kind === 'GUIDING')
        push(`${path}.guiding`, '指导目录不能再引用指导目录', 'a GUIDING catalogue is not derived from another one');
      else if (c.guiding === c.code) push(`${path}.guiding`, '不能引用自身', 'a catalogue cannot be derived from itself');
      else if (ref('catalogue', c.guiding, `${path}.guiding`) && catalogues.get(c.guiding)!.kind !== 'GUIDING') {
        push(`${path}.guiding`, `"${c.guiding}" 不是指导目录 (GUIDING)`, `"${c.guiding}" is not a GUIDING catalogue`);
      }
    }
    // what is already stored must still hold after the change
    const derived = known.dependents.filter(
      (d) => d.what === 'derived' && d.catalogue === c.code && (!inDoc.has(d.code) || inDoc.get(d.code)!.guiding === c.code),
    );
    if (c.kind !== 'GUIDING' && derived.length > 0) {
      const list = derived.map((d) => d.code).join(', ');
      push(
        `${path}.kind`,
        `仍有清单以其为指导目录（${list}），不能改为 ${c.kind}`,
        `${list} derive from it: it must stay GUIDING`,
      );
    }
    const outside = known.dependents.filter(
      (d) =>
        d.what === 'published' &&
        d.catalogue === c.code &&
        !(d.path ?? []).includes(c.owner) &&
        !docScopes.has(`${c.code}|${d.code}`),
    );
    if (outside.length > 0) {
      const scopes = [...new Set(outside.map((d) => d.code))].slice(0, 5).join(', ');
      push(
        `${path}.owner`,
        `已发布在该清单中的 ${outside.length} 条责任分配（范围 ${scopes}…）不在 ${c.owner} 辖区内`,
        `${outside.length} stored assignment(s) published in it (scopes ${scopes}…) lie outside the new owner ${c.owner}`,
      );
    }
  }
  for (const at of doc.entries) {
    const { rec: e, path } = at;
    ref('item', e.item, `${path}.item`);
    window(e, path);
    const owner = catalogues.get(e.catalogue)?.owner;
    e.notApplicableIn.forEach((n, i) => {
      const where = listPath(at, 'notApplicableIn', n, i);
      if (jurisdiction(n, where) && owner && !under(n, owner, true)) {
        push(where, `"${n}" 不在清单所属地 ${owner} 辖区内`, `"${n}" is not under ${owner}, the catalogue's owner`);
      }
    });
  }
  for (const at of doc.assignments) {
    const { rec: a, path } = at;
    ref('item', a.item, `${path}.item`);
    const scope = jurisdiction(a.scope, `${path}.scope`);
    ref('body', a.body, `${path}.body`);
    window(a, path);
    a.exceptIn.forEach((x, i) => {
      const where = listPath(at, 'exceptIn', x, i);
      if (jurisdiction(x, where) && scope && !under(x, a.scope, true)) {
        push(where, `"${x}" 不在适用范围 ${a.scope} 之下`, `"${x}" is not under the scope ${a.scope}`);
      }
    });
    if (a.catalogue !== null && ref('catalogue', a.catalogue, `${path}.catalogue`) && scope) {
      const owner = catalogues.get(a.catalogue)!.owner;
      if (!under(a.scope, owner, false)) {
        push(
          `${path}.scope`,
          `适用范围 ${a.scope} 不在清单 ${a.catalogue} 所属地 ${owner} 辖区内`,
          `scope ${a.scope} is outside ${owner}, the owner of catalogue ${a.catalogue}`,
        );
      }
    }
  }
  problems.push(...checkDuty(doc, known, bodies, catalogues));
  return problems;
}

function duplicates<T>(
  list: At<T>[],
  key: (r: T) => string,
  field: string | null,
  push: (path: string, zh: string, en: string) => void,
) {
  const first = new Map<string, string>();
  for (const { rec, path } of list) {
    const k = key(rec);
    const seen = first.get(k);
    if (seen) {
      push(field ? `${path}.${field}` : path, `与 ${seen} 重复`, `duplicates ${seen} (same upsert key)`);
    } else first.set(k, path);
  }
}

function chain(start: string, bodies: Map<string, BodyRecord>, next: (b: BodyRecord) => string | null): string[] {
  const seen: string[] = [];
  let cur: string | null = start;
  while (cur !== null && !seen.includes(cur)) {
    seen.push(cur);
    const b = bodies.get(cur);
    cur = b ? next(b) : null;
  }
  return cur === null ? seen : [...seen, cur];
}

function hasCycle(start: string, bodies: Map<string, BodyRecord>, next: (b: BodyRecord) => string | null): boolean {
  const c = chain(start, bodies, next);
  // [A, A] is a body naming itself, reported on its own; a cycle passes through another body.
  return c.length > 2 && c[c.length - 1] === start;
}
