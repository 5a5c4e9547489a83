import {
  ASSIGNMENT_COLUMNS,
  CATALOGUE_COLUMNS,
  ENTRY_COLUMNS,
  type AssignmentRow,
  type EntryRow,
} from '../../records/records.sql';

/** Bodies a table may name (INTERCHANGE.md: "by name within the catalogue owner's jurisdiction"): the owner's and those under it. */
export interface NamedBodyRow {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
  /** In the owner's jurisdiction (found by name); otherwise only a cell giving its code names it. */
  under: boolean;
}
export const BODIES_UNDER_SQL = `
select b.code, b.name, b.valid_from as "validFrom", b.valid_to as "validTo", j.path @> array[$1::varchar] as "under"
  from body b join jurisdiction j on j.code = b.jurisdiction_code
 where j.path @> array[$1::varchar] or b.code = any($2::varchar[])`;

/** Jurisdictions strictly under the owner, by name, for 不适用地区. */
export interface NamedJurisdictionRow {
  code: string;
  name: string;
}
export const JURISDICTIONS_UNDER_SQL = `
select code, name from jurisdiction where path @> array[$1::varchar] and code <> $1`;

/** Items a row may name without a code: the entries of the catalogue and of its guiding catalogue, by effective name. */
export interface ItemNameRow {
  code: string;
  name: string;
}
export const ITEM_NAMES_SQL = `
select distinct i.code, coalesce(e.name, i.name) as name
  from catalogue_entry e join item i on i.code = e.item_code
 where e.catalogue_code = any($1::varchar[])`;

export const TABLE_CATALOGUE_SQL = `select ${CATALOGUE_COLUMNS} from catalogue c where c.code = $1`;

/** The catalogue's entries, and its assignments at the owner's scope (what a table row stands for). */
export const TABLE_ENTRIES_SQL = `select ${ENTRY_COLUMNS} from catalogue_entry e where e.catalogue_code = $1`;
export const TABLE_ASSIGNMENTS_SQL = `
select ${ASSIGNMENT_COLUMNS} from assignment a where a.catalogue_code = $1 and a.scope_code = $2`;
export type { AssignmentRow, EntryRow };

/** What an export writes: entries and owner-scope assignments in force at $2, with names for every code. */
export interface TableExportRow {
  item: string;
  name: string;
  domain: string;
  category: string;
  basis: string[];
  notApplicableIn: string[];
  holders: {
    role: string;
    code: string | null;
    name: string | null;
    relative: string | null;
    duty: string | null;
    note: string | null;
  }[];
}
export const TABLE_EXPORT_SQL = `
select e.item_code as item, coalesce(e.name, i.name) as name, i.domain, coalesce(e.category, i.category) as category,
       coalesce(e.basis, i.basis) as basis,
       coalesce((select array_agg(j.name order by j.code) from jurisdiction j where j.code = any(e.not_applicable_in)), '{}') as "notApplicableIn",
       coalesce((select json_agg(json_build_object('role', a.role, 'code', b.code, 'name', b.name, 'relative', a.relative, 'duty', a.duty,
                                                   'note', a.note) order by a.role, a.body_code nulls first, a.id)
                   from assignment a left join body b on b.code = a.body_code
                  where a.catalogue_code = e.catalogue_code and a.item_code = e.item_code and a.scope_code = c.owner_code
                    and a.role in ('PRIMARY', 'SUPPORTING')
                    and (a.valid_from is null or a.valid_from <= $2::date) and (a.valid_to is null or a.valid_to > $2::date)),
                '[]') as holders
  from catalogue c
  join catalogue_entry e on e.catalogue_code = c.code
  join item i on i.code = e.item_code
 where c.code = $1
   and (e.valid_from is null or e.valid_from <= $2::date) and (e.valid_to is null or e.valid_to > $2::date)
 order by i.domain, e.item_code`;
