import { prepare } from '../../db/database';
import { ASSIGNMENT_COLUMNS, type AssignmentRow } from '../records/records.sql';
export type { AssignmentRow };

export const ASSIGNMENTS_BY_ID_SQL = prepare(
  'assignments_by_id',
  `select ${ASSIGNMENT_COLUMNS} from assignment a where a.id = any($1::bigint[])`,
);

/** Assignments by item, by scope (written at the scope or anywhere under it), body, catalogue, role; keyset by id. */
const FILTER = `
 where ($1::varchar is null or a.item_code = $1)
   and ($2::varchar is null or a.scope_code = $2
        or exists (select 1 from jurisdiction j where j.code = a.scope_code and j.path @> array[$2::varchar]))
   and ($3::varchar is null or a.body_code = $3)
   and ($4::varchar is null or a.catalogue_code = $4)
   and ($5::text is null or a.role = $5)`;
export const LIST_ASSIGNMENTS_SQL = `select ${ASSIGNMENT_COLUMNS} from assignment a ${FILTER} and ($6::bigint is null or a.id > $6) order by a.id limit $7`;
export const COUNT_ASSIGNMENTS_SQL = `select count(*)::int as n from assignment a ${FILTER}`;
