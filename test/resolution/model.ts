import type { Db } from '../../src/db/database';
import {
  DUTY_KINDS,
  dutyFlags,
  inDutyList,
  inForce,
  type DutyKind,
  type DutyWorld,
  type EmpowermentM,
  type EntryM,
  type Window,
} from './duty.model';
export { inForce, type EntryM, type Window };

/**
 * The in-test model of SPEC §1–6 (and §8, through duty.model.ts): the rules written a second time, plainly, in TypeScript, over the data
 * a generated data set holds. The property test checks the SQL engine against it; the bench's
 * cross-check and other tests reuse it. The tree around the regions is read from the database once
 * (`loadTree`), or set directly from rows (`setTree`) where no database is open.
 */
// ---------------------------------------------------------------------------------------------------
// Types of the model (SPEC §1–4)

export type Level = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP';
export type Role = 'PRIMARY' | 'SUPPORTING' | 'SUPERVISING';
export type FlagKind =
  | 'OVERLAP_COUNTY_TOWNSHIP'
  | 'OVERLAP_SAME_LEVEL'
  | 'GAP_NO_HOLDER'
  | 'GAP_SUPPORT_ONLY'
  | 'GAP_INACTIVE_PRIMARY'
  | 'UNLISTED_TOWNSHIP_DUTY'
  | 'ROLE_CONFLICT'
  | 'OUT_OF_JURISDICTION'
  | DutyKind;
export const FLAG_ORDER: FlagKind[] = [
  'OVERLAP_COUNTY_TOWNSHIP',
  'OVERLAP_SAME_LEVEL',
  'GAP_NO_HOLDER',
  'GAP_SUPPORT_ONLY',
  'GAP_INACTIVE_PRIMARY',
  'UNLISTED_TOWNSHIP_DUTY',
  'ROLE_CONFLICT',
  'OUT_OF_JURISDICTION',
  ...DUTY_KINDS,
];

export interface Jur {
  code: string;
  name: string;
  level: Level;
  parent: string | null;
  path: string[]; // province → self
  leaf: boolean;
}
export interface BodyM extends Window {
  code: string;
  name: string;
  jurisdiction: string;
  kind: 'GOVERNMENT' | 'DEPARTMENT' | 'STATIONED' | 'OTHER';
  parent: string | null;
  serves: string[];
  successor: string | null;
}
export interface CatalogueM extends Window {
  code: string;
  owner: string;
  kind: 'LOCAL' | 'GUIDING' | 'DUTY';
  entries: EntryM[];
}
export interface AssignmentM extends Window {
  item: string;
  scope: string;
  body: string | null;
  relative: 'TOWNSHIP_GOVERNMENT' | null;
  role: Role;
  exceptIn: string[];
  catalogue: string | null;
}
export interface DataSet {
  region: string;
  /** Bodies written by the document (new ones, and GOVERNMENT bodies given a window / successor). */
  bodies: BodyM[];
  items: string[];
  catalogues: CatalogueM[];
  assignments: AssignmentM[];
  /** §8: item categories (absent: TERRITORIAL) and empowerments (absent: none). */
  categories?: Record<string, string>;
  empowerments?: EmpowermentM[];
}

// ---------------------------------------------------------------------------------------------------
// The national tree around the two regions (read from the database: real data)

export const TREE = new Map<string, Jur>();
export const GOV_NAMES = new Map<string, string>();

/** Sets the tree from rows (unit tests build it by hand). */
export function setTree(rows: Jur[], governments: { code: string; name: string }[] = []): void {
  TREE.clear();
  GOV_NAMES.clear();
  for (const r of rows) TREE.set(r.code, r);
  for (const g of governments) GOV_NAMES.set(g.code, g.name);
}

export async function loadTree(db: Db) {
  const rows = await db.query<{
    code: string;
    name: string;
    level: Level;
    parent_code: string | null;
    path: string[];
    leaf: boolean;
  }>(
    `select code, name, level, parent_code, path, leaf from jurisdiction
      where path && array['370685','370682','441900','442000']::varchar[] or code in ('370000','370600','440000')`,
  );
  for (const r of rows)
    TREE.set(r.code, { code: r.code, name: r.name, level: r.level, parent: r.parent_code, path: r.path, leaf: r.leaf });
  const govs = await db.query<{ code: string; name: string }>(
    `select code, name from body where kind = 'GOVERNMENT' and jurisdiction_code = any($1::varchar[])`,
    [[...TREE.keys()]],
  );
  for (const g of govs) GOV_NAMES.set(g.code, g.name);
}

export const jur = (code: string): Jur => {
  const j = TREE.get(code);
  if (!j) throw new Error(`model: unknown jurisdiction ${code}`);
  return j;
};
/** T is x or lies under x. */
export const atOrUnder = (t: string, x: string) => jur(t).path.includes(x);
export const strictlyUnder = (t: string, x: string) => t !== x && atOrUnder(t, x);
export const leavesUnder = (x: string) =>
  [...TREE.values()]
    .filter((j) => j.leaf && atOrUnder(j.code, x))
    .map((j) => j.code)
    .sort();

// ---------------------------------------------------------------------------------------------------
// The model: SPEC §3–6, nothing else

export const addTo = (m: Map<string, number>, what: string, n = 1) => m.set(what, (m.get(what) ?? 0) + n);

export class Model implements DutyWorld {
  private readonly bodies = new Map<string, BodyM>();
  /** Situations met by this data set (merged into `coverage` when its check passes). */
  readonly coverage = new Map<string, number>();
  private cover(what: string, when = true) {
    if (when) addTo(this.coverage, what);
  }
  constructor(readonly ds: DataSet) {
    for (const j of TREE.values()) {
      const code = `${j.code}-GOV`;
      this.bodies.set(code, {
        code,
        name: GOV_NAMES.get(code) ?? code,
        jurisdiction: j.code,
        kind: 'GOVERNMENT',
        parent: null,
        serves: [],
        successor: null,
        validFrom: null,
        validTo: null,
      });
    }
    for (const b of ds.bodies) this.bodies.set(b.code, b);
  }

  // DutyWorld (SPEC §8, duty.model.ts)
  get lists() {
    return this.ds.catalogues;
  }
  get empowerments() {
    return this.ds.empowerments ?? [];
  }
  itemCategory(item: string): string {
    return this.ds.categories?.[item] ?? 'TERRITORIAL';
  }
  path(t: string): string[] {
    return jur(t).path;
  }
  resolveBody(code: string, d: string): string | null {
    const seen = new Set<string>();
    for (let cur: string | null = code; cur !== null && !seen.has(cur); cur = this.bodies.get(cur)?.successor ?? null) {
      seen.add(cur);
      const b = this.bodies.get(cur);
      if (!b) return null;
      if (inForce(b, d)) return b.code;
    }
    return null;
  }

  body(code: string): BodyM {
    const b = this.bodies.get(code);
    if (!b) throw new Error(`model: unknown body ${code}`);
    return b;
  }

  /** §2: a body's level is its jurisdiction's level; a STATIONED body counts at its parent's level. */
  level(code: string): Level {
    const b = this.body(code);
    return b.kind === 'STATIONED' ? this.level(b.parent!) : jur(b.jurisdiction).level;
  }

  /** §3 Applicable. */
  applicable(item: string, t: string, d: string): boolean {
    return this.ds.catalogues.some(
      (c) =>
        c.kind === 'LOCAL' &&
        inForce(c, d) &&
        atOrUnder(t, c.owner) &&
        c.entries.some((e) => e.item === item && inForce(e, d) && !e.notApplicableIn.some((n) => atOrUnder(t, n))),
    );
  }

  /** §4 Effective assignments (additive inheritance, carve-outs, windows). */
  effective(item: string, t: string, d: string): AssignmentM[] {
    return this.ds.assignments.filter(
      (a) => a.item === item && atOrUnder(t, a.scope) && !a.exceptIn.some((x) => atOrUnder(t, x)) && inForce(a, d),
    );
  }

  /** §4 Holder resolution at a leaf T: the relative holder is T's government; a body not valid at d → its successor chain. */
  resolve(a: AssignmentM, t: string, d: string): HolderM {
    const named = a.relative === 'TOWNSHIP_GOVERNMENT' ? `${t}-GOV` : a.body!;
    const b = this.body(named);
    let resolved: BodyM | null = inForce(b, d) ? b : null;
    let via = false;
    if (!resolved) {
      const seen = new Set<string>([b.code]);
      for (let cur = b.successor; cur !== null && !seen.has(cur); cur = this.body(cur).successor) {
        seen.add(cur);
        if (inForce(this.body(cur), d)) {
          resolved = this.body(cur);
          via = true;
          break;
        }
      }
    }
    // An inactive holder still names its body (contract: Holder.body is null only for an unresolved template).
    const body = resolved ?? b;
    return {
      role: a.role,
      body: body.code,
      active: resolved !== null,
      via,
      level: this.level(body.code),
      jurisdiction: body.jurisdiction,
      servesT: body.kind === 'STATIONED' && body.serves.some((s) => atOrUnder(t, s)),
      stationed: body.kind === 'STATIONED',
      relative: a.relative !== null,
    };
  }

  holders(item: string, t: string, d: string): HolderM[] {
    return this.effective(item, t, d).map((a) => this.resolve(a, t, d));
  }

  /** §6 at one (item, leaf, date); null when the pair is not computed (neither applicable nor assigned). */
  flags(item: string, t: string, d: string): Map<FlagKind, string[]> | null {
    const applicable = this.applicable(item, t, d);
    const hs = this.holders(item, t, d);
    if (!applicable && hs.length === 0 && !inDutyList(this, item, t, d)) return null;
    const out = new Map<FlagKind, string[]>();
    for (const h of hs) {
      this.cover('holder via successor', h.via);
      this.cover('relative holder via successor', h.via && h.relative);
      this.cover('inactive holder', !h.active);
      this.cover('inactive township-level holder', !h.active && h.level === 'TOWNSHIP');
      this.cover('STATIONED holder', h.stationed);
      this.cover('STATIONED holder at a level other than its jurisdiction', h.stationed && h.level !== jur(h.jurisdiction).level);
      this.cover('STATIONED holder not serving T', h.stationed && !h.servesT);
      const parent = h.stationed ? this.body(this.body(h.body).parent!) : null;
      this.cover('STATIONED holder whose parent is STATIONED', parent?.kind === 'STATIONED');
      this.cover(
        'STATIONED holder whose STATIONED parent counts at another level',
        parent?.kind === 'STATIONED' && h.level !== jur(parent.jurisdiction).level,
      );
    }
    const uniq = (xs: string[]) => [...new Set(xs)].sort();
    const primary = hs.filter((h) => h.role === 'PRIMARY');
    const activePrimary = primary.filter((h) => h.active);
    const activeSupporting = hs.filter((h) => h.role === 'SUPPORTING' && h.active);

    // OVERLAP_COUNTY_TOWNSHIP: active PRIMARY at township level and above it.
    if (activePrimary.some((h) => h.level === 'TOWNSHIP') && activePrimary.some((h) => h.level !== 'TOWNSHIP')) {
      out.set('OVERLAP_COUNTY_TOWNSHIP', uniq(activePrimary.map((h) => h.body)));
    }
    // OVERLAP_SAME_LEVEL: ≥2 distinct active PRIMARY holders (bodies) at one level.
    const byLevel = new Map<Level, Set<string>>();
    for (const h of activePrimary) byLevel.set(h.level, (byLevel.get(h.level) ?? new Set()).add(h.body));
    const crowded = [...byLevel.values()].filter((s) => s.size >= 2);
    if (crowded.length > 0) out.set('OVERLAP_SAME_LEVEL', uniq(crowded.flatMap((s) => [...s])));
    // The three GAP kinds (exclusive by construction).
    if (applicable && primary.length === 0 && activeSupporting.length === 0) out.set('GAP_NO_HOLDER', []);
    if (applicable && primary.length === 0 && activeSupporting.length > 0)
      out.set('GAP_SUPPORT_ONLY', uniq(activeSupporting.map((h) => h.body)));
    if (primary.length > 0 && activePrimary.length === 0) out.set('GAP_INACTIVE_PRIMARY', uniq(primary.map((h) => h.body)));
    // UNLISTED_TOWNSHIP_DUTY: a township-level holder (any role) for an item not applicable here.
    const township = hs.filter((h) => h.level === 'TOWNSHIP');
    if (!applicable && township.length > 0) out.set('UNLISTED_TOWNSHIP_DUTY', uniq(township.map((h) => h.body)));
    // ROLE_CONFLICT: one body (after resolution) both PRIMARY and SUPPORTING.
    const sup = new Set(hs.filter((h) => h.role === 'SUPPORTING').map((h) => h.body));
    const both = uniq(primary.map((h) => h.body).filter((b) => sup.has(b)));
    this.cover(
      'role conflict of an inactive body',
      both.some((b) => hs.some((h) => h.body === b && !h.active)),
    );
    if (both.length > 0) out.set('ROLE_CONFLICT', both);
    // OUT_OF_JURISDICTION: a holder from neither T nor an ancestor, and not a STATIONED body serving T.
    const foreign = hs.filter((h) => !atOrUnder(t, h.jurisdiction) && !h.servesT);
    if (foreign.length > 0) out.set('OUT_OF_JURISDICTION', uniq(foreign.map((h) => h.body)));
    // §8
    for (const [k, bodies] of dutyFlags(this, item, t, d, hs)) out.set(k, bodies);
    this.cover('duty list in force', inDutyList(this, item, t, d));
    return out;
  }
}

export interface HolderM {
  role: Role;
  body: string;
  active: boolean;
  via: boolean;
  level: Level;
  jurisdiction: string;
  servesT: boolean;
  stationed: boolean;
  relative: boolean;
}
