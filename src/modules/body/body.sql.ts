import { prepare } from '../../db/database';
import { bodyLevel } from './body-level.sql';
import { BODY_COLUMNS as COLUMNS } from '../records/records.sql';
export { type BodyRow } from '../records/records.sql';

export const BODIES_BY_CODE_SQL = prepare('bodies_by_code', `select ${COLUMNS} from body b where b.code = any($1::varchar[])`);

/** Bodies of a jurisdiction (or of its whole subtree), by kind and name fragment, keyset by code. */
const FILTER = `
 where ($1::varchar is null or b.jurisdiction_code = $1
        or ($2::boolean and exists (select 1 from jurisdiction j where j.code = b.jurisdiction_code and j.path @> array[$1::varchar])))
   and ($3::text is null or b.kind = $3)
   and ($4::text is null or strpos(b.name, $4) > 0)`;
export const LIST_BODIES_SQL = `select ${COLUMNS} from body b ${FILTER} and ($5::varchar is null or b.code > $5) order by b.code limit $6`;
export const COUNT_BODIES_SQL = `select count(*)::int as n from body b ${FILTER}`;

/** Body.level, by the rule the resolution engine uses (one home: body-level.sql.ts, which the engine reads too). */
export const LEVELS_BY_BODY_SQL = prepare(
  'levels_by_body',
  `select b.code, ${bodyLevel('b')} as level from body b where b.code = any($1::varchar[])`,
);
