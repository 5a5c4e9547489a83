import type { AssignmentRecord, BodyRecord, CatalogueRecord, EmpowermentRecord, EntryRecord, ItemRecord } from './record.kinds';

/**
 * The set-based SQL of the interchange: one statement per table to read what a document touches (the writes,
 * staged, are in records.stage.ts). Values are never interpolated.
 */

export interface JurisdictionRefRow {
  code: string;
  level: string;
  path: string[];
  /** Whether townships hang directly under it (a township's parent; a city without counties). */
  holdsTownships: boolean;
}
export const JURISDICTIONS_BY_CODE_SQL = `
select j.code, j.level, j.path,
       exists (select 1 from jurisdiction c where c.parent_code = j.code and c.level = 'TOWNSHIP') as "holdsTownships"
  from jurisdiction j where j.code = any($1::varchar[])`;

export type BodyRow = BodyRecord & { rowVersion: number };
export const BODY_COLUMNS = `b.code, b.name, b.jurisdiction_code as jurisdiction, b.kind, b.parent_code as parent, b.serves,
  b.valid_from as "validFrom", b.valid_to as "validTo", b.successor_code as successor, b.row_version as "rowVersion"`;

/** The bodies named. */
export const BODIES_BY_CODE_SQL = `select ${BODY_COLUMNS} from body b where b.code = any($1::varchar[])`;

export type ItemRow = ItemRecord & { rowVersion: number };
export const ITEMS_BY_CODE_SQL = `
select code, name, domain, category, basis, description, row_version as "rowVersion"
  from item where code = any($1::varchar[])`;

export type CatalogueRow = CatalogueRecord & { rowVersion: number };
export const CATALOGUE_COLUMNS = `c.code, c.name, c.owner_code as owner, c.kind, c.guiding_code as guiding,
  c.valid_from as "validFrom", c.valid_to as "validTo", c.row_version as "rowVersion"`;
export const CATALOGUES_BY_CODE_SQL = `select ${CATALOGUE_COLUMNS} from catalogue c where c.code = any($1::varchar[])`;

export type EntryRow = EntryRecord & { rowVersion: number };
export const ENTRY_COLUMNS = `e.catalogue_code as catalogue, e.item_code as item, e.not_applicable_in as "notApplicableIn",
  e.valid_from as "validFrom", e.valid_to as "validTo", e.name, e.category, e.basis,
  e.part, e.lead_code as lead, e.taken_by_code as "takenBy", e.duty, e.row_version as "rowVersion"`;
export const ENTRIES_BY_KEY_SQL = `
select ${ENTRY_COLUMNS}
  from catalogue_entry e
  join unnest($1::varchar[], $2::varchar[]) as k(catalogue, item) on e.catalogue_code = k.catalogue and e.item_code = k.item
 -- the keys' lists, by the primary key's leading column: a province's entries, not a scan of the nation's
 where e.catalogue_code = any(array(select distinct unnest($1::varchar[])))`;

export type AssignmentRow = AssignmentRecord & { id: string; rowVersion: number };
export const ASSIGNMENT_COLUMNS = `a.id, a.item_code as item, a.scope_code as scope, a.body_code as body, a.relative, a.role,
  a.duty, a.valid_from as "validFrom", a.valid_to as "validTo", a.except_in as "exceptIn",
  a.catalogue_code as catalogue, a.basis, a.note, a.row_version as "rowVersion"`;
/**
 * What already depends on the catalogues a document changes: catalogues derived from them, and the
 * scopes of assignments published in them (only for the catalogues whose owner changes, $2).
 */
export const CATALOGUE_DEPENDENTS_SQL = `
select 'derived' as what, c.guiding_code as catalogue, c.code as code, null::varchar[] as path
  from catalogue c where c.guiding_code = any($1::varchar[])
union all
select 'published', a.catalogue_code, a.scope_code, j.path
  from assignment a join jurisdiction j on j.code = a.scope_code
 where a.catalogue_code = any($2::varchar[])`;
export interface CatalogueDependentRow {
  what: 'derived' | 'published';
  catalogue: string;
  code: string;
  path: string[] | null;
}

/** `set local statement_timeout = $1` (SET takes no parameters; set_config with is_local does the same). */
export type EmpowermentRow = EmpowermentRecord & { id: string; rowVersion: number };
export const EMPOWERMENT_COLUMNS = `m.id, m.item_code as item, m.scope_code as scope, m.mode, m.basis,
  m.valid_from as "validFrom", m.valid_to as "validTo", m.except_in as "exceptIn", m.note, m.row_version as "rowVersion"`;
/** The empowerment holding a natural key (item, scope, mode, validFrom); `created`: by this transaction. */
export const EMPOWERMENT_BY_NATURAL_KEY_SQL = `
select id::text as id, created_at = now() as created from empowerment
 where item_code = $1 and scope_code = $2 and mode = $3 and valid_from is not distinct from $4::date`;
export const EMPOWERMENT_BY_ID_SQL = `select ${EMPOWERMENT_COLUMNS} from empowerment m where m.id = $1::bigint`;

export const SET_LOCAL_STATEMENT_TIMEOUT_SQL = `select set_config('statement_timeout', $1, true)`;

// ---- single records (mutations) ----

/** One assignment by id. */
export const ASSIGNMENT_BY_ID_SQL = `select ${ASSIGNMENT_COLUMNS} from assignment a where a.id = $1::bigint`;

/**
 * The assignment holding a natural key (item $1, scope $2, holder $3, role $4, validFrom $5), other than id $6
 * when given; `created` is true for a row inserted by the current transaction.
 */
export const ASSIGNMENT_BY_NATURAL_KEY_SQL = `
select id, created_at = now() as created from assignment
 where item_code = $1 and scope_code = $2 and holder = $3 and role = $4 and valid_from is not distinct from $5::date
   and ($6::bigint is null or id <> $6::bigint)`;
export interface NaturalKeyRow {
  id: string;
  created: boolean;
}

/** A catalogue's entries, by item. */
export const ENTRIES_OF_CATALOGUE_SQL = `select ${ENTRY_COLUMNS} from catalogue_entry e where e.catalogue_code = $1 order by e.item_code`;

/** The assignments published in a catalogue, in natural-key order. */
export const ASSIGNMENTS_OF_CATALOGUE_SQL = `select ${ASSIGNMENT_COLUMNS} from assignment a where a.catalogue_code = $1
  order by a.item_code, a.scope_code, a.holder, a.role, a.valid_from nulls first`;

/** Deletes a catalogue's assignments (deleteCatalogue with cascadeAssignments), returning them. */
export const DELETE_ASSIGNMENTS_OF_CATALOGUE_SQL = `delete from assignment a where a.catalogue_code = $1 returning ${ASSIGNMENT_COLUMNS}`;
