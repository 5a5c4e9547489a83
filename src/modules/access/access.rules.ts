import type { ChangeEntity } from '../records/record.kinds';

/**
 * Roles, in increasing power. VIEWER reads; EDITOR writes bodies, items, catalogues, entries and
 * assignments inside its scope; REVIEWER (编办) also acknowledges flags and publishes versions there;
 * ADMIN does everything, everywhere.
 */
export const ACCESS_ROLES = ['VIEWER', 'EDITOR', 'REVIEWER', 'ADMIN'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export const ROLE_ZH: Record<AccessRole, string> = { VIEWER: '只读', EDITOR: '编辑', REVIEWER: '审核（编办）', ADMIN: '管理员' };

/** Who is asking: the token's subject, role and jurisdiction scope. Anonymous: every field null. */
export interface Principal {
  subject: string | null;
  role: AccessRole | null;
  /** Canonical jurisdiction code, or 000000 (the nation); null only for an ADMIN without scope or anonymous. */
  scope: string | null;
}

export const ANONYMOUS: Principal = Object.freeze({ subject: null, role: null, scope: null });

export const isRole = (x: unknown): x is AccessRole => typeof x === 'string' && (ACCESS_ROLES as readonly string[]).includes(x);

export const atLeast = (role: AccessRole | null, min: AccessRole): boolean =>
  role !== null && ACCESS_ROLES.indexOf(role) >= ACCESS_ROLES.indexOf(min);

/** The least role that may write each kind of record (the scope is checked on top). */
export const WRITE_ROLE: Record<ChangeEntity, AccessRole> = {
  body: 'EDITOR',
  item: 'EDITOR',
  catalogue: 'EDITOR',
  entry: 'EDITOR',
  assignment: 'EDITOR',
  empowerment: 'EDITOR',
  acknowledgement: 'REVIEWER',
  version: 'REVIEWER',
  // a consulted body answers with its own token (any role); applying needs EDITOR and the reviewer's steps
  // REVIEWER, each checked by its write (adjustment.service.ts)
  adjustment: 'VIEWER',
  // a party states with its own token; filing and withdrawing need EDITOR, ruling REVIEWER (dispute.service.ts)
  dispute: 'VIEWER',
  // a township EDITOR raises, a responder (its token or an EDITOR of its place) accepts and answers, the
  // responder's REVIEWER reassigns (call.service.ts)
  call: 'VIEWER',
};

/** What places a record: a jurisdiction directly, through a catalogue (its owner), or an item (where it is used). */
export type Anchor =
  { kind: 'jurisdiction'; code: string } | { kind: 'catalogue'; code: string } | { kind: 'item'; code: string };

type Rec = Record<string, unknown> | null;

/**
 * The places one written record touches, before and after the write (a body moved out of the scope is
 * refused as surely as one created outside it). Items are national: creating one touches no place;
 * changing or deleting one touches every place that uses it.
 */
export function anchorsOf(entity: ChangeEntity, before: Rec, after: Rec): Anchor[] {
  const out: Anchor[] = [];
  const j = (v: unknown) => typeof v === 'string' && v && out.push({ kind: 'jurisdiction', code: v });
  const c = (v: unknown) => typeof v === 'string' && v && out.push({ kind: 'catalogue', code: v });
  for (const r of [before, after]) {
    if (!r) continue;
    switch (entity) {
      case 'body':
        j(r.jurisdiction);
        break;
      case 'catalogue':
        j(r.owner);
        break;
      case 'entry':
      case 'version':
        c(r.catalogue);
        break;
      case 'empowerment':
        j(r.scope);
        break;
      case 'assignment':
        // the place it reaches, and the list it is published in (a county may not add to the province's list)
        j(r.scope);
        c(r.catalogue);
        break;
      case 'acknowledgement':
        j(r.jurisdiction);
        break;
      case 'adjustment':
        // the place whose authority the step needs (the applicant's for applying, the owner's for reviewing)
        j(r.place);
        break;
      case 'dispute':
        // the place whose authority the step needs: the party's for raising and stating, every place for a ruling
        j(r.place);
        if (Array.isArray(r.places)) r.places.forEach(j);
        break;
      case 'call':
        // the place whose authority the step needs: the township raising or rating, the responder's place
        j(r.place);
        break;
      case 'item':
        break;
    }
  }
  if (entity === 'item' && before && typeof before.code === 'string') out.push({ kind: 'item', code: before.code });
  return out;
}
