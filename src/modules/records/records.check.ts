import type { Problem } from '../../errors';
import { governmentCode, governmentOf } from '../jurisdiction/jurisdiction.code';
import type { AssignmentRecord, BodyRecord, CatalogueRecord, EntryRecord } from './record.kinds';
import type { Known } from './records.known';
import { DocumentCheck } from './document.check';
import { checkDuty } from './duty.check';
import type { At, ParsedDocument } from './record.batch';
import type { RecordProblem } from './staged.check';

/**
 * SPEC §2–4 rules read record by record: the fields that go together, codes lying where they must, what a
 * change of a stored list leaves behind. The rules across records (natural keys unique, windows ordered,
 * references resolving in the document or the database in any order, chains without cycles) ran before as
 * set operations on the staged batch (`staged`, staged.check.ts); every problem comes back in document order.
 */
export function checkDocument(doc: ParsedDocument, known: Known, staged: RecordProblem[]): Problem[] {
  const c = new DocumentCheck(doc, known);
  c.each('body', doc.bodies, (at) => checkBody(c, at));
  c.each('catalogue', doc.catalogues, (at) => checkCatalogue(c, at));
  c.each('entry', doc.entries, (at) => checkEntry(c, at));
  c.each('assignment', doc.assignments, (at) => checkAssignment(c, at));
  checkDuty(c);
  return c.ordered(staged);
}

/** A body: its government code, the STATIONED-only fields, the places it serves, itself as parent or successor. */
function checkBody(c: DocumentCheck, at: At<BodyRecord>): void {
  const { rec: b, path } = at;
  const j = c.place(b.jurisdiction);
  checkGovernmentCode(c, b, path);
  if (b.kind === 'STATIONED') {
    if (b.parent === null)
      c.push(`${path}.parent`, '派驻机构必须给出 parent（所属部门）', 'a STATIONED body needs its parent department');
  } else {
    if (b.parent !== null) c.push(`${path}.parent`, '只有派驻机构 (STATIONED) 有 parent', 'only a STATIONED body has a parent');
    if (b.serves.length > 0)
      c.push(`${path}.serves`, '只有派驻机构 (STATIONED) 有 serves', 'only a STATIONED body serves townships');
  }
  if (b.parent === b.code) c.push(`${path}.parent`, '不能以自身为 parent', 'a body cannot be its own parent');
  c.codesUnder(
    at,
    'serves',
    b.serves,
    j ? b.jurisdiction : null,
    `不在 ${b.jurisdiction} 辖区内`,
    `is not under ${b.jurisdiction}, the body's jurisdiction`,
  );
  if (b.successor === b.code) c.push(`${path}.successor`, '不能以自身为 successor', 'a body cannot be its own successor');
}

/** `<jurisdiction code>-GOV` is the government of that jurisdiction (SPEC §2), whatever jurisdiction the record names. */
function checkGovernmentCode(c: DocumentCheck, b: BodyRecord, path: string): void {
  const govCode = governmentCode(b.jurisdiction);
  if (b.kind === 'GOVERNMENT' && b.code !== govCode) {
    c.push(
      `${path}.code`,
      `人民政府的编码必须是 "${govCode}"`,
      `a GOVERNMENT body of ${b.jurisdiction} has code "${govCode}", not "${b.code}"`,
    );
  }
  const government = governmentOf(b.code);
  if (b.kind !== 'GOVERNMENT' && government) {
    c.push(
      `${path}.kind`,
      `"${b.code}" 是 ${government} 的人民政府，kind 必须为 GOVERNMENT`,
      `"${b.code}" is the government of ${government}: kind must be GOVERNMENT`,
    );
  }
}

/** A catalogue: its guiding catalogue, and what is already stored under it still holding. */
function checkCatalogue(c: DocumentCheck, { rec: cat, path }: At<CatalogueRecord>): void {
  checkGuiding(c, cat, path);
  checkStoredDerived(c, cat, path);
  checkStoredPublished(c, cat, path);
}

function checkGuiding(c: DocumentCheck, cat: CatalogueRecord, path: string): void {
  if (cat.guiding === null) return;
  if (cat.kind === 'DUTY')
    c.push(`${path}.guiding`, '履职事项清单 (DUTY) 没有指导目录', 'a DUTY list is not derived from a guiding catalogue');
  else if (cat.kind === 'GUIDING')
    c.push(`${path}.guiding`, '指导目录不能再引用指导目录', 'a GUIDING catalogue is not derived from another one');
  else if (cat.guiding === cat.code) c.push(`${path}.guiding`, '不能引用自身', 'a catalogue cannot be derived from itself');
  else if (c.has('catalogue', cat.guiding) && c.catalogues.get(cat.guiding)!.kind !== 'GUIDING') {
    c.push(`${path}.guiding`, `"${cat.guiding}" 不是指导目录 (GUIDING)`, `"${cat.guiding}" is not a GUIDING catalogue`);
  }
}

/** Stored catalogues derived from this one (and not re-pointed by the document) keep it GUIDING. */
function checkStoredDerived(c: DocumentCheck, cat: CatalogueRecord, path: string): void {
  const derived = c.known.dependents.filter(
    (d) =>
      d.what === 'derived' && d.catalogue === cat.code && (!c.inDoc.has(d.code) || c.inDoc.get(d.code)!.guiding === cat.code),
  );
  if (cat.kind !== 'GUIDING' && derived.length > 0) {
    const list = derived.map((d) => d.code).join(', ');
    c.push(
      `${path}.kind`,
      `仍有清单以其为指导目录（${list}），不能改为 ${cat.kind}`,
      `${list} derive from it: it must stay GUIDING`,
    );
  }
}

/** Stored assignments published in this catalogue (and not rewritten by the document) stay inside its owner. */
function checkStoredPublished(c: DocumentCheck, cat: CatalogueRecord, path: string): void {
  const outside = c.known.dependents.filter(
    (d) =>
      d.what === 'published' &&
      d.catalogue === cat.code &&
      !(d.path ?? []).includes(cat.owner) &&
      !c.docScopes.has(`${cat.code}|${d.code}`),
  );
  if (outside.length > 0) {
    const scopes = [...new Set(outside.map((d) => d.code))].slice(0, 5).join(', ');
    c.push(
      `${path}.owner`,
      `已发布在该清单中的 ${outside.length} 条责任分配（范围 ${scopes}…）不在 ${cat.owner} 辖区内`,
      `${outside.length} stored assignment(s) published in it (scopes ${scopes}…) lie outside the new owner ${cat.owner}`,
    );
  }
}

/** An entry: the places it does not apply in lie under the catalogue's owner. */
function checkEntry(c: DocumentCheck, at: At<EntryRecord>): void {
  const { rec: e } = at;
  const owner = c.catalogues.get(e.catalogue)?.owner ?? null;
  c.codesUnder(
    at,
    'notApplicableIn',
    e.notApplicableIn,
    owner,
    `不在清单所属地 ${owner} 辖区内`,
    `is not under ${owner}, the catalogue's owner`,
  );
}

/** An assignment: exceptions under its scope, and its scope inside its catalogue's owner. */
function checkAssignment(c: DocumentCheck, at: At<AssignmentRecord>): void {
  const { rec: a, path } = at;
  const scope = c.place(a.scope);
  c.exceptions(at, scope !== null);
  if (a.catalogue !== null && c.has('catalogue', a.catalogue) && scope) {
    const owner = c.catalogues.get(a.catalogue)!.owner;
    if (!c.under(a.scope, owner, false)) {
      c.push(
        `${path}.scope`,
        `适用范围 ${a.scope} 不在清单 ${a.catalogue} 所属地 ${owner} 辖区内`,
        `scope ${a.scope} is outside ${owner}, the owner of catalogue ${a.catalogue}`,
      );
    }
  }
}
