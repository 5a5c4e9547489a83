import type { Problem } from '../../errors';
import { canonicalCode } from '../jurisdiction/jurisdiction.code';
import type { At, ParsedDocument } from './record.batch';
import { RECORD_KINDS, type BodyRecord, type CatalogueRecord, type RecordKind } from './record.kinds';
import type { Known } from './records.known';
import type { JurisdictionRefRow } from './records.sql';
import { noJurisdiction, type RecordProblem } from './staged.check';

type RefKind = 'body' | 'item' | 'catalogue';

/**
 * What every step reads (the records as they will be after the document) and the problems it reports. The
 * checks across records (keys, windows, references, cycles) ran before, set-based (staged.check.ts); these
 * read one record at a time, with what the database holds for the codes it names.
 */
export class DocumentCheck {
  readonly problems: Problem[] = [];
  /** The record each problem of `problems` is about (same index; none for a problem about several records). */
  private readonly about: ({ kind: RecordKind; ord: number } | null)[] = [];
  private current: { kind: RecordKind; ord: number } | null = null;
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
    this.report(path, `${zh} · ${en}`);
  }

  /** A problem about the record being checked. */
  report(path: string, message: string): void {
    this.problems.push({ path, message });
    this.about[this.problems.length - 1] = this.current;
  }

  /** Runs `check` on each record of a kind's list, the problems it pushes being about that record. */
  each<T>(kind: RecordKind, list: At<T>[], check: (at: At<T>) => void): void {
    list.forEach((at, ord) => {
      this.current = { kind, ord };
      try {
        check(at);
      } finally {
        this.current = null;
      }
    });
  }

  /**
   * Every problem of the batch in the batch's order: record by record (kinds in RECORD_KINDS order, each list in
   * its order), the set-based checks' problems of a record before these; problems about several records last.
   */
  ordered(staged: RecordProblem[]): Problem[] {
    const rank = (kind: RecordKind) => RECORD_KINDS.indexOf(kind);
    const all = [
      ...staged.map((p, i) =>
        p.kind ? { rank: rank(p.kind), ord: p.ord, source: 0, i, problem: p.problem } : { rank: RECORD_KINDS.length, ord: 0, source: 0, i, problem: p.problem },
      ),
      ...this.problems.map((problem, i) => {
        const about = this.about[i] ?? null;
        return about
          ? { rank: rank(about.kind), ord: about.ord, source: 1, i, problem }
          : { rank: RECORD_KINDS.length, ord: 0, source: 1, i, problem };
      }),
    ];
    all.sort((a, b) => a.rank - b.rank || a.ord - b.ord || a.source - b.source || a.i - b.i);
    return all.map((x) => x.problem);
  }

  /** The jurisdiction `code` names, or null (the set-based checks report a scope or owner that names none). */
  place(code: string): JurisdictionRefRow | null {
    return this.known.jurisdictions.get(code) ?? null;
  }

  /** As `place`, reporting at `path` a code that names no jurisdiction (a code in a list of the record). */
  jurisdiction(code: string, path: string): JurisdictionRefRow | null {
    const j = this.place(code);
    if (!j) this.report(path, noJurisdiction(code));
    return j;
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

  /** Whether a body, item or catalogue `code` is in the document or the database (the set-based checks report it if not). */
  has(kind: RefKind, code: string | null): boolean {
    if (code === null) return false;
    return kind === 'body' ? this.bodies.has(code) : kind === 'item' ? this.items.has(code) : this.catalogues.has(code);
  }
}
