/**
 * The in-test model of SPEC §8 (township duty lists and empowerment), written from the SPEC alone, beside
 * the model of §3–6 in engine.property.test.ts (which hands it the resolved holders of a pair).
 */

export type DutyPart = 'BASIC' | 'COOPERATING' | 'RECLAIMED';
export const DUTY_KINDS = [
  'RECLAIMED_STILL_ASSIGNED',
  'DUTY_NOT_LISTED',
  'COOPERATION_WITHOUT_LEAD',
  'BASIC_LED_ABOVE',
  'POWER_WITHOUT_EMPOWERMENT',
] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];
export const POWER_CATEGORIES = ['LICENSING', 'PENALTY', 'COERCION', 'INSPECTION', 'LEVY'];

/** The validity window of a record (SPEC §2–4), shared by both models: validFrom ≤ d < validTo, null open. */
export interface Window {
  validFrom: string | null;
  validTo: string | null;
}
export const inForce = (w: Window, d: string) =>
  (w.validFrom === null || w.validFrom <= d) && (w.validTo === null || d < w.validTo);

/** An entry of any list. LOCAL / GUIDING: a category deviation; DUTY (§8): part, lead, takenBy. */
export interface EntryM extends Window {
  item: string;
  notApplicableIn: string[];
  category?: string | null;
  part?: DutyPart | null;
  lead?: string | null;
  takenBy?: string | null;
}
export interface ListM extends Window {
  code: string;
  owner: string;
  kind: string;
  entries: EntryM[];
}
export interface EmpowermentM extends Window {
  item: string;
  scope: string;
  mode: 'DELEGATED' | 'ENTRUSTED' | 'CONCENTRATED';
  exceptIn: string[];
}
/** A holder of the pair after §4 resolution (body: resolved, or the named one when inactive). */
export interface PairHolder {
  role: string;
  body: string;
  active: boolean;
  level: string;
}
export interface DutyWorld {
  lists: ListM[];
  empowerments: EmpowermentM[];
  itemCategory(item: string): string;
  /** province → … → t */
  path(t: string): string[];
  /** §4 successor resolution at d: the body itself or its first successor valid at d; null: inactive. */
  resolveBody(code: string, d: string): string | null;
}

/** §8 the owner of the duty list in force at leaf t on d (t itself first, then the nearest ancestor); null: none. */
export function dutyOwner(w: DutyWorld, t: string, d: string): string | null {
  const path = w.path(t);
  for (let i = path.length - 1; i >= 0; i--) {
    if (w.lists.some((c) => c.kind === 'DUTY' && c.owner === path[i] && inForce(c, d))) return path[i];
  }
  return null;
}

/** §8 L: the entries in force of the owner's DUTY lists in force that apply at t, by item. */
export function dutyEntries(w: DutyWorld, t: string, d: string): Map<string, EntryM> | null {
  const owner = dutyOwner(w, t, d);
  if (owner === null) return null;
  const path = w.path(t);
  const out = new Map<string, EntryM>();
  for (const c of w.lists) {
    if (c.kind !== 'DUTY' || c.owner !== owner || !inForce(c, d)) continue;
    for (const e of c.entries) {
      if (inForce(e, d) && !e.notApplicableIn.some((n) => path.includes(n))) out.set(e.item, e);
    }
  }
  return out;
}

/** §8 power item at (t, d): the nearest owner with a LOCAL list in force listing the item in force and applicable at t. */
export function isPowerItem(w: DutyWorld, item: string, t: string, d: string): boolean {
  const path = w.path(t);
  for (let i = path.length - 1; i >= 0; i--) {
    const cats: string[] = [];
    for (const c of w.lists) {
      if (c.kind !== 'LOCAL' || c.owner !== path[i] || !inForce(c, d)) continue;
      for (const e of c.entries) {
        if (e.item === item && inForce(e, d) && !e.notApplicableIn.some((n) => path.includes(n))) {
          cats.push(e.category ?? w.itemCategory(item));
        }
      }
    }
    if (cats.length) return cats.some((c) => POWER_CATEGORIES.includes(c));
  }
  return POWER_CATEGORIES.includes(w.itemCategory(item));
}

export function empowered(w: DutyWorld, item: string, t: string, d: string): boolean {
  const path = w.path(t);
  return w.empowerments.some(
    (m) => m.item === item && path.includes(m.scope) && inForce(m, d) && !m.exceptIn.some((x) => path.includes(x)),
  );
}

/** Whether §8 computes the pair even with no holder and not applicable: the item is in the duty list in force. */
export const inDutyList = (w: DutyWorld, item: string, t: string, d: string) => dutyEntries(w, t, d)?.has(item) ?? false;

/** §8 the five kinds at (item, leaf t, d), with their bodies (sorted). */
export function dutyFlags(w: DutyWorld, item: string, t: string, d: string, hs: PairHolder[]): Map<DutyKind, string[]> {
  const out = new Map<DutyKind, string[]>();
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const township = hs.filter((h) => h.active && h.level === 'TOWNSHIP');
  const primary = hs.filter((h) => h.active && h.role === 'PRIMARY');
  const primaryTownship = primary.filter((h) => h.level === 'TOWNSHIP');
  const primaryAbove = primary.filter((h) => h.level !== 'TOWNSHIP');
  const L = dutyEntries(w, t, d);
  const e = L?.get(item);
  if (e?.part === 'RECLAIMED' && township.length > 0) {
    out.set('RECLAIMED_STILL_ASSIGNED', uniq([...township.map((h) => h.body), w.resolveBody(e.takenBy!, d) ?? e.takenBy!]));
  }
  if (L !== null && !e && township.length > 0) out.set('DUTY_NOT_LISTED', uniq(township.map((h) => h.body)));
  if (e?.part === 'COOPERATING') {
    const lead = w.resolveBody(e.lead!, d);
    if (lead === null || !primary.some((h) => h.body === lead)) {
      out.set('COOPERATION_WITHOUT_LEAD', uniq([lead ?? e.lead!, ...primary.map((h) => h.body)]));
    }
  }
  if (e?.part === 'BASIC' && primaryTownship.length === 0 && primaryAbove.length > 0) {
    out.set('BASIC_LED_ABOVE', uniq(primaryAbove.map((h) => h.body)));
  }
  if (primaryTownship.length > 0 && isPowerItem(w, item, t, d) && !empowered(w, item, t, d)) {
    out.set('POWER_WITHOUT_EMPOWERMENT', uniq(primaryTownship.map((h) => h.body)));
  }
  return out;
}
