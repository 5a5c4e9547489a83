/**
 * SPEC §8 browse queries. $1 asOf, $2 the place T (canonical code).
 */

import { DUTY_PARTS, type EmpowermentRecord } from '../records/record.kinds';
import { inForceSql as inForce } from '../records/record.window';

export interface DutyListEntryRow {
  owner: string;
  catalogue: string;
  item: string;
  part: string;
  lead: string | null;
  takenBy: string | null;
  duty: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/**
 * The duty list in force at T on d: T's own DUTY lists in force, else those of T's nearest ancestor with one
 * in force (they replace as a whole), and their entries in force that apply at T. With a list but no entry,
 * one row with a null item says whose list it is.
 */
export const DUTY_LIST_SQL = `
with t as (select j.code, j.path from jurisdiction j where j.code = $2::varchar),
owner as (
  select c.owner_code as code from t join catalogue c on c.kind = 'DUTY' and c.owner_code = any(t.path) and ${inForce('c')}
   order by array_position(t.path, c.owner_code) desc limit 1
)
select o.code as owner, c.code as catalogue, e.item_code as item, e.part, e.lead_code as lead, e.taken_by_code as "takenBy",
       e.duty, e.valid_from as "validFrom", e.valid_to as "validTo"
  from owner o cross join t
  left join catalogue c on c.owner_code = o.code and c.kind = 'DUTY' and ${inForce('c')}
  left join catalogue_entry e on e.catalogue_code = c.code and ${inForce('e')} and not (t.path && e.not_applicable_in)
 order by array_position(array[${DUTY_PARTS.map((p) => `'${p}'`).join(',')}], e.part), e.item_code`;

/** An empowerment as read for a place: the record (SPEC §8), with its id and row version for edits. */
export type EmpowermentRow = EmpowermentRecord & { id: string; rowVersion: number };

/** The empowerments in force at d that reach T (scope T or an ancestor, T not in or under exceptIn). */
export const EMPOWERMENTS_AT_SQL = `
select m.id::text as id, m.row_version as "rowVersion", m.item_code as item, m.scope_code as scope, m.mode, m.basis, m.valid_from as "validFrom", m.valid_to as "validTo",
       m.except_in as "exceptIn", m.note
  from jurisdiction j join empowerment m on m.scope_code = any(j.path)
 where j.code = $2::varchar and ${inForce('m')} and not (j.path && m.except_in)
 order by m.item_code, m.scope_code, m.mode`;
