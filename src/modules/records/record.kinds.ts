/** SPEC §2–4 records in canonical form: what the interchange, the table layout and mutations all become. */
export interface BodyRecord {
  code: string;
  name: string;
  jurisdiction: string;
  kind: string;
  parent: string | null;
  serves: string[];
  validFrom: string | null;
  validTo: string | null;
  successor: string | null;
}
export interface ItemRecord {
  code: string;
  name: string;
  domain: string;
  category: string;
  basis: string[];
  description: string | null;
}
export interface CatalogueRecord {
  code: string;
  name: string;
  owner: string;
  kind: string;
  guiding: string | null;
  validFrom: string | null;
  validTo: string | null;
}
export interface EntryRecord {
  catalogue: string;
  item: string;
  notApplicableIn: string[];
  validFrom: string | null;
  validTo: string | null;
  name: string | null;
  category: string | null;
  basis: string[] | null;
  /** SPEC §8, DUTY lists only: the part, the leading body (COOPERATING), the body that took it back (RECLAIMED). */
  part: string | null;
  lead: string | null;
  takenBy: string | null;
  duty: string | null;
}
/** SPEC §8 empowerment (赋权): natural key (item, scope, mode, validFrom). */
export interface EmpowermentRecord {
  item: string;
  scope: string;
  mode: string;
  basis: string[];
  validFrom: string | null;
  validTo: string | null;
  exceptIn: string[];
  note: string | null;
}
export interface AssignmentRecord {
  /** Set when a mutation edits one known row; imports match by natural key instead. */
  id?: string;
  item: string;
  scope: string;
  body: string | null;
  relative: string | null;
  role: string;
  duty: string | null;
  validFrom: string | null;
  validTo: string | null;
  exceptIn: string[];
  catalogue: string | null;
  basis: string[];
  note: string | null;
}

export const BODY_KINDS = ['GOVERNMENT', 'DEPARTMENT', 'STATIONED', 'OTHER'] as const;
export const CATEGORIES = [
  'LICENSING',
  'PENALTY',
  'COERCION',
  'LEVY',
  'BENEFIT',
  'ADJUDICATION',
  'CONFIRMATION',
  'REWARD',
  'INSPECTION',
  'OTHER_POWER',
  'PUBLIC_SERVICE',
  'TERRITORIAL',
] as const;
export const CATALOGUE_KINDS = ['GUIDING', 'LOCAL', 'DUTY'] as const;
export const DUTY_PARTS = ['BASIC', 'COOPERATING', 'RECLAIMED'] as const;
export const EMPOWERMENT_MODES = ['DELEGATED', 'ENTRUSTED', 'CONCENTRATED'] as const;
/** Responsibility roles of an assignment (SPEC §4); not the access roles of tokens (access.rules.ts). */
export const RESPONSIBILITY_ROLES = ['PRIMARY', 'SUPPORTING', 'SUPERVISING'] as const;
export const RELATIVES = ['TOWNSHIP_GOVERNMENT'] as const;

export type FieldType =
  | { t: 'code' } // a stable identifier of a body, item or catalogue
  | { t: 'text' }
  | { t: 'date' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'texts' }
  | { t: 'jurisdiction' }
  | { t: 'jurisdictions' };

export interface FieldSpec {
  key: string;
  type: FieldType;
  required?: boolean;
}

const code: FieldType = { t: 'code' };
const text: FieldType = { t: 'text' };
const date: FieldType = { t: 'date' };
const texts: FieldType = { t: 'texts' };
const jurisdiction: FieldType = { t: 'jurisdiction' };
const jurisdictions: FieldType = { t: 'jurisdictions' };
const oneOf = (values: readonly string[]): FieldType => ({ t: 'enum', values });

/** INTERCHANGE.md's key table, as data. */
export const SPECS = {
  body: [
    { key: 'code', type: code, required: true },
    { key: 'name', type: text, required: true },
    { key: 'jurisdiction', type: jurisdiction, required: true },
    { key: 'kind', type: oneOf(BODY_KINDS), required: true },
    { key: 'parent', type: code },
    { key: 'serves', type: jurisdictions },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
    { key: 'successor', type: code },
  ],
  item: [
    { key: 'code', type: code, required: true },
    { key: 'name', type: text, required: true },
    { key: 'domain', type: text, required: true },
    { key: 'category', type: oneOf(CATEGORIES), required: true },
    { key: 'basis', type: texts },
    { key: 'description', type: text },
  ],
  catalogue: [
    { key: 'code', type: code, required: true },
    { key: 'name', type: text, required: true },
    { key: 'owner', type: jurisdiction, required: true },
    { key: 'kind', type: oneOf(CATALOGUE_KINDS), required: true },
    { key: 'guiding', type: code },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
  ],
  entry: [
    { key: 'item', type: code, required: true },
    { key: 'notApplicableIn', type: jurisdictions },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
    { key: 'name', type: text },
    { key: 'category', type: oneOf(CATEGORIES) },
    { key: 'basis', type: texts },
    { key: 'part', type: oneOf(DUTY_PARTS) },
    { key: 'lead', type: code },
    { key: 'takenBy', type: code },
    { key: 'duty', type: text },
  ],
  empowerment: [
    { key: 'item', type: code, required: true },
    { key: 'scope', type: jurisdiction, required: true },
    { key: 'mode', type: oneOf(EMPOWERMENT_MODES), required: true },
    { key: 'basis', type: texts },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
    { key: 'exceptIn', type: jurisdictions },
    { key: 'note', type: text },
  ],
  assignment: [
    { key: 'item', type: code, required: true },
    { key: 'scope', type: jurisdiction, required: true },
    { key: 'body', type: code },
    { key: 'relative', type: oneOf(RELATIVES) },
    { key: 'role', type: oneOf(RESPONSIBILITY_ROLES), required: true },
    { key: 'duty', type: text },
    { key: 'basis', type: texts },
    { key: 'validFrom', type: date },
    { key: 'validTo', type: date },
    { key: 'exceptIn', type: jurisdictions },
    { key: 'catalogue', type: code },
    { key: 'note', type: text },
  ],
} satisfies Record<string, FieldSpec[]>;

export type RecordKind = keyof typeof SPECS;

/** The record kinds of the lists (SPEC §2–4), parents first: the order writes and counts follow. */
export const RECORD_KINDS = [
  'body',
  'item',
  'catalogue',
  'entry',
  'assignment',
  'empowerment',
] as const satisfies readonly RecordKind[];

/** What the change feed records: the record kinds, plus flag acknowledgements and catalogue versions. */
export const CHANGE_ENTITIES = [...RECORD_KINDS, 'acknowledgement', 'version', 'adjustment', 'dispute', 'call'] as const;
export type ChangeEntity = (typeof CHANGE_ENTITIES)[number];

/** The Chinese name of each kind, for bilingual messages. */
export const KIND_ZH: Record<ChangeEntity, string> = {
  body: '责任主体',
  item: '事项',
  catalogue: '清单',
  entry: '清单条目',
  assignment: '责任分配',
  empowerment: '赋权',
  acknowledgement: '问题标记确认',
  version: '清单版本',
  adjustment: '调整申请',
  dispute: '职责争议',
  call: '乡呼县应呼叫',
};

/**
 * The fields of each kind's canonical record, as stored and as the change feed carries them (an entry
 * also names its catalogue; an assignment's `id` travels beside it, never in it).
 */
export const RECORD_FIELDS: Record<RecordKind, readonly string[]> = {
  body: SPECS.body.map((s) => s.key),
  item: SPECS.item.map((s) => s.key),
  catalogue: SPECS.catalogue.map((s) => s.key),
  entry: ['catalogue', ...SPECS.entry.map((s) => s.key)],
  assignment: SPECS.assignment.map((s) => s.key),
  empowerment: SPECS.empowerment.map((s) => s.key),
};

/** The keys a record's input may carry (an entry's catalogue comes from where it is written, not from its fields). */
export const INPUT_FIELDS: Record<RecordKind, readonly string[]> = {
  body: RECORD_FIELDS.body,
  item: RECORD_FIELDS.item,
  catalogue: RECORD_FIELDS.catalogue,
  entry: SPECS.entry.map((s) => s.key),
  assignment: RECORD_FIELDS.assignment,
  empowerment: RECORD_FIELDS.empowerment,
};

/** The listed fields of `row`, absent ones null (lists stay lists). */
export function pick(row: object, fields: readonly string[]): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, r[f] ?? (Array.isArray(r[f]) ? [] : null)]));
}

/** An assignment's holder as the natural key and the `holder` column spell it: the body, or `@` + the relative. */
export const holderOf = (r: { body: string | null; relative: string | null }): string => r.body ?? `@${r.relative}`;

/** The natural key of an assignment (SPEC §4): item, scope, holder, role, validFrom — the one spelling. */
export const assignmentKey = (r: {
  item: string;
  scope: string;
  body: string | null;
  relative: string | null;
  role: string;
  validFrom: string | null;
}): string => `${r.item}|${r.scope}|${holderOf(r)}|${r.role}|${r.validFrom ?? ''}`;

/** The natural key of an empowerment (SPEC §8): item, scope, mode, validFrom. */
export const empowermentKey = (r: { item: string; scope: string; mode: string; validFrom: string | null }): string =>
  `${r.item}|${r.scope}|${r.mode}|${r.validFrom ?? ''}`;

/** The key of an entry: its catalogue and item. */
export const entryKey = (r: { catalogue: unknown; item: unknown }): string => `${r.catalogue}|${r.item}`;

/** The key a record is known by in the change feed and in problems. */
export function recordKey(kind: RecordKind, rec: Record<string, unknown>): string {
  if (kind === 'entry') return entryKey(rec as { catalogue: unknown; item: unknown });
  if (kind === 'assignment') return assignmentKey(rec as unknown as AssignmentRecord);
  if (kind === 'empowerment') return empowermentKey(rec as unknown as EmpowermentRecord);
  return String(rec.code);
}
