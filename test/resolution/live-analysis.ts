import { LEAVES_UNDER_SCOPE, resolutionCte } from '../../src/modules/resolution/resolution.sql';

/**
 * Coverage computed live over the rule CTE, the reference the maintained store's coverage is checked against
 * (the service reads the store). Rows are leaves ($6 = 'LEAF') or units ($6 = 'COUNTY': a township's parent,
 * any other leaf itself), columns are item domains; counts are (item, leaf) pairs.
 * $1 asOf · $2 null · $3 domain · $4 scope (null: nation) · $5 null · $7 includeAcknowledged
 */
export const LIVE_COVERAGE_SQL = `
with recursive ${resolutionCte(LEAVES_UNDER_SCOPE)},
grouped as (
  select t.code as leaf,
         case when $6::text = 'LEAF' or t.level <> 'TOWNSHIP' or cardinality(t.path) < 2 then t.code
              else t.path[cardinality(t.path) - 1] end as grp
    from target t
),
pair_g as (
  select g.grp, i.domain, p.target, p.applicable, p.has_active_primary as owned
    from pair p join grouped g on g.leaf = p.target join item i on i.code = p.item
),
flag_g as (
  select g.grp, i.domain, f.kind
    from flag f join grouped g on g.leaf = f.target join item i on i.code = f.item
    left join flag_acknowledgement ack on ack.kind = f.kind and ack.item_code = f.item and ack.jurisdiction_code = f.target
   where $7::boolean or ack.kind is null
),
cell as (
  select grp, domain,
         count(distinct target)::int as leaves,
         count(*) filter (where applicable)::int as applicable,
         count(*) filter (where applicable and owned)::int as owned
    from pair_g group by grp, domain
),
cell_flags as (
  select grp, domain, json_object_agg(kind, n) as flags
    from (select grp, domain, kind, count(*)::int as n from flag_g group by grp, domain, kind) x
   group by grp, domain
)
select c.grp as jurisdiction, c.domain, c.leaves, c.applicable, c.owned, cf.flags
  from cell c left join cell_flags cf on cf.grp = c.grp and cf.domain = c.domain
 order by 1, 2`;
