import { prepare } from '../../db/database';
export { type ItemRow } from '../records/records.sql';

const COLUMNS = `i.code, i.name, i.domain, i.category, i.basis, i.description, i.row_version as "rowVersion"`;
export const ITEMS_BY_CODE_SQL = prepare('items_by_code', `select ${COLUMNS} from item i where i.code = any($1::varchar[])`);

/**
 * Items by domain, category and a text fragment of code, name or description, or the start of the name's pinyin
 * ($4, 'jgjs%': full reading or initials; null when the text is not pinyin); keyset by code.
 */
const FILTER = `
 where ($1::text is null or i.domain = $1)
   and ($2::text is null or i.category = $2)
   and ($3::text is null or strpos(i.code, $3) > 0 or strpos(i.name, $3) > 0 or strpos(coalesce(i.description, ''), $3) > 0
        or i.pinyin like $4 or i.pinyin_initials like $4)`;
export const LIST_ITEMS_SQL = `select ${COLUMNS} from item i ${FILTER} and ($5::varchar is null or i.code > $5) order by i.code limit $6`;
export const COUNT_ITEMS_SQL = `select count(*)::int as n from item i ${FILTER}`;
