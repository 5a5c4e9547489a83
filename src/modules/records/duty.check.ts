import type { DocumentCheck } from './document.check';
import type { At } from './record.batch';
import type { CatalogueRecord, EmpowermentRecord, EntryRecord } from './record.kinds';

const PART_ZH: Record<string, string> = { BASIC: '基本履职事项', COOPERATING: '配合履职事项', RECLAIMED: '上级部门收回事项' };

/**
 * SPEC §8 rules read record by record: who may own a duty list, what a DUTY entry carries (part; lead with
 * COOPERATING, takenBy with RECLAIMED, bodies of the owner's jurisdiction or above), the places an empowerment
 * excepts. That an item is in only one entry in force of an owner's duty lists at any date, and the references,
 * keys and windows, are checked across records on the staged batch (staged.check.ts).
 */
export function checkDuty(c: DocumentCheck): void {
  c.each('catalogue', c.doc.catalogues, (at) => checkDutyListKind(c, at));
  c.each('entry', c.doc.entries, (at) => checkDutyEntry(c, at));
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
