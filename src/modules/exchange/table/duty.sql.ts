import { DUTY_PARTS } from '../../records/record.kinds';
import { inForceSql } from '../../records/record.window';

/**
 * What a duty-list table refers to (INTERCHANGE.md: 牵头部门 / 承接部门 "by name within the list owner's
 * jurisdiction or any jurisdiction above it"): the bodies of the owner's jurisdiction and of its ancestors,
 * and any body a cell names by code (the records check then says whether it may be named).
 */
export interface DutyBodyRow {
  code: string;
  name: string;
  jurisdiction: string;
  validFrom: string | null;
  validTo: string | null;
  /** Of the owner's jurisdiction or above: found by name. Otherwise only its code names it. */
  within: boolean;
}
export const DUTY_BODIES_SQL = `
with above as (select unnest(path) as code from jurisdiction where code = $1)
select b.code, b.name, b.jurisdiction_code as jurisdiction, b.valid_from as "validFrom", b.valid_to as "validTo",
       b.jurisdiction_code in (select code from above) as within
  from body b
 where b.jurisdiction_code in (select code from above) or b.code = any($2::varchar[])`;

/**
 * Items a row may name without a code: those of this list and its guiding list, and of every 属地管理 list
 * and duty list owned by the owner or above it (a township's list repeats its county's items), by the
 * item's own name and by an entry's name.
 */
export const DUTY_ITEM_NAMES_SQL = `
with lists as (
  select c.code from catalogue c
   where c.code = any($1::varchar[])
      or (c.kind in ('LOCAL', 'DUTY') and c.owner_code in (select unnest(path) from jurisdiction where code = $2))
)
select distinct i.code, n.name
  from catalogue_entry e
  join lists l on l.code = e.catalogue_code
  join item i on i.code = e.item_code
  cross join lateral (values (i.name), (e.name)) as n(name)
 where n.name is not null`;

/** What a duty-list export writes: the entries in force at $2 with their effective name, category and basis. */
export interface DutyExportRow {
  item: string;
  name: string;
  domain: string;
  category: string;
  basis: string[];
  part: 'BASIC' | 'COOPERATING' | 'RECLAIMED';
  lead: string | null;
  takenBy: string | null;
  duty: string | null;
  notApplicableIn: string[];
}
export const DUTY_EXPORT_SQL = `
select e.item_code as item, coalesce(e.name, i.name) as name, i.domain, coalesce(e.category, i.category) as category,
       coalesce(e.basis, i.basis) as basis, e.part, e.lead_code as lead, e.taken_by_code as "takenBy", e.duty,
       coalesce((select array_agg(j.name order by j.code) from jurisdiction j where j.code = any(e.not_applicable_in)), '{}')
         as "notApplicableIn"
  from catalogue_entry e
  join item i on i.code = e.item_code
 where e.catalogue_code = $1
   and ${inForceSql('e', '$2::date')}
 order by array_position(array[${DUTY_PARTS.map((p) => `'${p}'`).join(', ')}], e.part), i.domain, e.item_code`;
