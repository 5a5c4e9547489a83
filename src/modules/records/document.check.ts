import type { Problem } from '../../errors';
import { canonicalCode } from '../jurisdiction/jurisdiction.code';
import type { At, ParsedDocument } from './record.batch';
import type { BodyRecord, CatalogueRecord } from './record.kinds';
import type { Known } from './records.known';
import type { JurisdictionRefRow } from './records.sql';

type RefKind = 'body' | 'item' | 'catalogue';
const REF_ZH: Record<RefKind, string> = { body: '责任主体', item: '事项', catalogue: '清单' };

/** What every step reads (the records as they will be after the document) and the problems it reports. */
export class DocumentCheck {
  readonly problems: Problem[] = [];
  readonly bodies: Map<string, BodyRecord>;
  readonly items: Set<string>;
  readonly catalogues: Map<string, CatalogueRecord>;
  /** The document's own catalogues. */
  readonly inDoc: Map<string, CatalogueRecord>;
  /** (catalogue, scope) pairs the document itself writes: those assignments are checked as records. */
  readonly docScopes: Set<string>;

  constructor(
    readonly doc: ParsedDocument,
    readonly known: Known,
  ) {
    this.bodies = new Map(known.bodies);
    for (const b of doc.bodies) this.bodies.set(b.rec.code, b.rec);
    this.items = new Set(known.items);
    for (const i of doc.items) this.items.add(i.rec.code);
    this.catalogues = new Map(known.catalogues);
    for (const c of doc.catalogues) this.catalogues.set(c.rec.code, c.rec);
    this.inDoc = new Map(doc.catalogues.map((c) => [c.rec.code, c.rec]));
    this.docScopes = new Set(doc.assignments.filter((a) => a.rec.catalogue).map((a) => `${a.rec.catalogue}|${a.rec.scope}`));
  }

  push(path: string, zh: string, en: string): void {
    this.problems.push({ path, message: `${zh} · ${en}` });
  }

  jurisdiction(code: string, path: string): JurisdictionRefRow | null {
    const j = this.known.jurisdictions.get(code);
    if (!j) this.push(path, `行政区划 "${code}" 不存在`, `no jurisdiction "${code}" in the national tree`);
    return j ?? null;
  }

  under(code: string, ancestor: string, strictly: boolean): boolean {
    const j = this.known.jurisdictions.get(code);
    return !!j && j.path.includes(ancestor) && (!strictly || code !== ancestor);
  }

  /** Path of `code` in the list `key` as the document wrote it (the record holds it sorted and deduplicated). */
  listPath(at: At<unknown>, key: string, code: string, sortedIndex: number): string {
    const list = at.raw && typeof at.raw === 'object' ? (at.raw as Record<string, unknown>)[key] : undefined;
    const i = Array.isArray(list) ? list.findIndex((v) => typeof v === 'string' && canonicalCode(v) === code) : -1;
    return `${at.path}.${key}[${i >= 0 ? i : sortedIndex}]`;
  }

  /** Each code of a list lies in the national tree and strictly under `ancestor` (when that is known). */
  codesUnder(at: At<unknown>, key: string, codes: string[], ancestor: string | null, zh: string, en: string): void {
    codes.forEach((code, i) => {
      const where = this.listPath(at, key, code, i);
      if (this.jurisdiction(code, where) && ancestor && !this.under(code, ancestor, true)) {
        this.push(where, `"${code}" ${zh}`, `"${code}" ${en}`);
      }
    });
  }

  /** The places a scoped record (assignment, empowerment) excepts lie strictly under its scope (when that exists). */
  exceptions(at: At<{ scope: string; exceptIn: string[] }>, scopeExists: boolean): void {
    const { scope, exceptIn } = at.rec;
    this.codesUnder(
      at,
      'exceptIn',
      exceptIn,
      scopeExists ? scope : null,
      `不在适用范围 ${scope} 之下`,
      `is not under the scope ${scope}`,
    );
  }

  window(r: { validFrom: string | null; validTo: string | null }, path: string): void {
    if (r.validFrom && r.validTo && r.validFrom >= r.validTo) {
      this.push(
        `${path}.validTo`,
        `validTo (${r.validTo}) 必须晚于 validFrom (${r.validFrom})`,
        `validTo (${r.validTo}) must be after validFrom (${r.validFrom}); validTo is exclusive`,
      );
    }
  }

  ref(kind: RefKind, code: string | null, path: string): boolean {
    if (code === null) return false;
    const exists = kind === 'body' ? this.bodies.has(code) : kind === 'item' ? this.items.has(code) : this.catalogues.has(code);
    if (!exists) {
      this.push(
        path,
        `${REF_ZH[kind]} "${code}" 不存在（本文件与数据库中均无）`,
        `no ${kind} "${code}" in this document or in the database`,
      );
    }
    return exists;
  }
}

/** Reports each record whose key (`key`) an earlier record of the list already has; `field` names the key's path. */
export function duplicates<T>(c: DocumentCheck, list: At<T>[], key: (r: T) => string, field: string | null): void {
  const first = new Map<string, string>();
  for (const { rec, path } of list) {
    const k = key(rec);
    const seen = first.get(k);
    if (seen) c.push(field ? `${path}.${field}` : path, `与 ${seen} 重复`, `duplicates ${seen} (same upsert key)`);
    else first.set(k, path);
  }
}
