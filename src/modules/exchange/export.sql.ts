import { ASSIGNMENT_COLUMNS, CATALOGUE_COLUMNS, EMPOWERMENT_COLUMNS, ENTRY_COLUMNS } from '../records/records.sql';

/**
 * Interchange export of a scope ($1; null: the nation): the lists owned in it, the assignments and
 * empowerments written in it, and everything those reference (bodies with their parent and successor chains, items, guiding
 * catalogues), so the document imports on its own into an empty database.
 */
export const EXPORT_SQL = `
with recursive
scope_places as (select j.code from jurisdiction j where $1::varchar is null or j.path @> array[$1::varchar]),
cats0 as (select c.code, c.guiding_code from catalogue c where c.owner_code in (select code from scope_places)),
asg as (select ${ASSIGNMENT_COLUMNS} from assignment a where a.scope_code in (select code from scope_places)),
emp as (select ${EMPOWERMENT_COLUMNS} from empowerment m where m.scope_code in (select code from scope_places)),
cats as (
  select code from cats0
  union select guiding_code from cats0 where guiding_code is not null
  union select catalogue from asg where catalogue is not null
  union select c.guiding_code from catalogue c join asg on asg.catalogue = c.code where c.guiding_code is not null
),
ents as (select ${ENTRY_COLUMNS} from catalogue_entry e where e.catalogue_code in (select code from cats)),
body_seed as (
  -- bodies of the scope (the tree's governments only when edited), and bodies the assignments name
  select b.code from body b
   where b.jurisdiction_code in (select code from scope_places) and (b.kind <> 'GOVERNMENT' or b.row_version > 1)
  union select body from asg where body is not null
  union select lead from ents where lead is not null
  union select "takenBy" from ents where "takenBy" is not null
),
bodies(code) as (
  select code from body_seed
  union
  select x.next from bodies r join body b on b.code = r.code
    cross join lateral (values (b.parent_code), (b.successor_code)) as x(next)
   where x.next is not null
),
items as (select item as code from ents union select item from asg union select item from emp)
select
  coalesce((select json_agg(json_build_object('code', b.code, 'name', b.name, 'jurisdiction', b.jurisdiction_code,
      'kind', b.kind, 'parent', b.parent_code, 'serves', b.serves, 'validFrom', b.valid_from, 'validTo', b.valid_to,
      'successor', b.successor_code) order by b.code)
    from body b where b.code in (select code from bodies)), '[]'::json) as bodies,
  coalesce((select json_agg(json_build_object('code', i.code, 'name', i.name, 'domain', i.domain, 'category', i.category,
      'basis', i.basis, 'description', i.description) order by i.code)
    from item i where i.code in (select code from items)), '[]'::json) as items,
  coalesce((select json_agg(json_build_object('code', c.code, 'name', c.name, 'owner', c.owner, 'kind', c.kind,
      'guiding', c.guiding, 'validFrom', c."validFrom", 'validTo', c."validTo",
      'entries', coalesce((select json_agg(row_to_json(e) order by e.item) from ents e where e.catalogue = c.code), '[]'::json))
      order by c.kind, c.code)
    from (select ${CATALOGUE_COLUMNS} from catalogue c where c.code in (select code from cats)) c), '[]'::json) as catalogues,
  coalesce((select json_agg(row_to_json(a) order by a.item, a.scope, coalesce(a.body, '@' || a.relative), a.role, a."validFrom")
    from asg a), '[]'::json) as assignments,
  coalesce((select json_agg(row_to_json(m) order by m.item, m.scope, m.mode, m."validFrom")
    from emp m), '[]'::json) as empowerments`;
