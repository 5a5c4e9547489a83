import { prepare } from '../../db/database';
import { CATALOGUE_COLUMNS, ENTRY_COLUMNS, type CatalogueRow, type EntryRow } from '../records/records.sql';
export type { CatalogueRow, EntryRow };

export const CATALOGUES_BY_CODE_SQL = prepare(
  'catalogues_by_code',
  `select ${CATALOGUE_COLUMNS} from catalogue c where c.code = any($1::varchar[])`,
);

const FILTER = `
 where ($1::varchar is null or c.owner_code = $1
        or ($2::boolean and exists (select 1 from jurisdiction j where j.code = c.owner_code and j.path @> array[$1::varchar])))
   and ($3::text is null or c.kind = $3)`;
export const LIST_CATALOGUES_SQL = `select ${CATALOGUE_COLUMNS} from catalogue c ${FILTER} and ($4::varchar is null or c.code > $4) order by c.code limit $5`;
export const COUNT_CATALOGUES_SQL = `select count(*)::int as n from catalogue c ${FILTER}`;

/** A page of entries for each of many catalogues at once (one statement for a whole list of catalogues). */
export const ENTRY_PAGES_SQL = `
select ${ENTRY_COLUMNS}
  from unnest($1::varchar[], $2::varchar[]) as k(catalogue, after)
  cross join lateral (
    select * from catalogue_entry e0
     where e0.catalogue_code = k.catalogue and (k.after is null or e0.item_code > k.after)
     order by e0.item_code limit $3) e
 order by e.catalogue_code, e.item_code`;
export const ENTRY_COUNTS_SQL = `
select catalogue_code as catalogue, count(*)::int as n from catalogue_entry
 where catalogue_code = any($1::varchar[]) group by catalogue_code`;
