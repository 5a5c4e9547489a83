import { prepare } from '../../db/database';
export interface JurisdictionRow {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  path: string[];
  leaf: boolean;
}
const COLUMNS = `j.code, j.name, j.level, j.parent_code as parent, j.path, j.leaf`;

export const JURISDICTIONS_BY_CODE_SQL = prepare(
  'jurisdictions_by_code',
  `select ${COLUMNS} from jurisdiction j where j.code = any($1::varchar[])`,
);
export const CHILDREN_BY_PARENT_SQL = prepare(
  'children_by_parent',
  `select ${COLUMNS} from jurisdiction j where j.parent_code = any($1::varchar[]) order by j.code`,
);

/**
 * Search under a scope (SPEC §1 subtree: path contains the scope; the nation: everything), by name
 * fragment, level and pinyin prefix ($4, 'wqjd%': full reading or initials, pattern-ops indexes), keyset-paginated
 * by code.
 */
export const SEARCH_JURISDICTIONS_SQL = `
select ${COLUMNS} from jurisdiction j
 where ($1::varchar is null or j.path @> array[$1::varchar])
   and ($2::text is null or strpos(j.name, $2) > 0)
   and ($3::text is null or j.level = $3)
   and ($4::text is null or j.pinyin like $4 or j.pinyin_initials like $4)
   and ($5::varchar is null or j.code > $5)
 order by j.code
 limit $6`;
export const COUNT_JURISDICTIONS_SQL = `
select count(*)::int as n from jurisdiction j
 where ($1::varchar is null or j.path @> array[$1::varchar])
   and ($2::text is null or strpos(j.name, $2) > 0)
   and ($3::text is null or j.level = $3)
   and ($4::text is null or j.pinyin like $4 or j.pinyin_initials like $4)`;
