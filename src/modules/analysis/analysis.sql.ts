import { LEAVES_UNDER_SCOPE, resolutionCte } from '../resolution/resolution.sql';

/**
 * Analyst views over the resolution CTE (the rules stay in resolution.sql.ts).
 * $1 asOf · $2 items (null) · $3 domain · $4 scope (null: nation) · $5 null — as in resolution.sql.ts.
 */

export interface CoverageRow {
  jurisdiction: string;
  domain: string;
  leaves: number;
  applicable: number;
  owned: number;
  flags: Record<string, number> | null;
}

/**
 * Coverage matrix: rows are leaves ($6 = 'LEAF') or counties ($6 = 'COUNTY': a leaf's county, or for a
 * township directly under a city, that city), columns are item domains. Counts are (item, leaf) pairs.
 * $7 includeAcknowledged · $8/$9 cursor (jurisdiction, domain) · $10 page size + 1
 */
export const COVERAGE_SQL = `
with recursive ${resolutionCte(LEAVES_UNDER_SCOPE)},
grouped as (
  select t.code as leaf,
         case when $6::text = 'LEAF' then t.code
              else coalesce((select j.code from jurisdiction j where j.code = any(t.path) and j.level = 'COUNTY'),
                            t.path[greatest(cardinality(t.path) - 1, 1)]) end as grp
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
),
listed as (
  select c.grp as jurisdiction, c.domain, c.leaves, c.applicable, c.owned, cf.flags
    from cell c left join cell_flags cf on cf.grp = c.grp and cf.domain = c.domain
)
select (select count(*)::int from listed) as total,
       coalesce((select json_agg(row_to_json(p) order by p.jurisdiction, p.domain)
          from (select * from listed
                 where $8::varchar is null or (jurisdiction, domain) > ($8::varchar, $9::text)
                 order by jurisdiction, domain limit $10) p), '[]'::json) as page`;

export interface WorkloadRow {
  body: string;
  level: string | null;
  primaryItems: number;
  supportingItems: number;
  supervisingItems: number;
  primaryPairs: number;
  supportingPairs: number;
  leaves: number;
}

/**
 * Workload of every body holding something at a leaf under the scope: distinct items and (item, leaf)
 * pairs it holds, active holders only, by role. $6 level · $7 body kind · $8 cursor body · $9 page size + 1
 */
export const WORKLOAD_SQL = `
with recursive ${resolutionCte(LEAVES_UNDER_SCOPE)},
held_by as (
  select h.body, h.level, h.kind, h.role, h.item, h.target
    from holder h
   where h.leaf and h.active and h.body is not null
),
listed as (
  select body, min(level) as level,
         count(distinct item) filter (where role = 'PRIMARY')::int as "primaryItems",
         count(distinct item) filter (where role = 'SUPPORTING')::int as "supportingItems",
         count(distinct item) filter (where role = 'SUPERVISING')::int as "supervisingItems",
         count(distinct (item, target)) filter (where role = 'PRIMARY')::int as "primaryPairs",
         count(distinct (item, target)) filter (where role = 'SUPPORTING')::int as "supportingPairs",
         count(distinct target)::int as leaves
    from held_by
   where ($6::text is null or level = $6::text) and ($7::text is null or kind = $7::text)
   group by body
)
select (select count(*)::int from listed) as total,
       coalesce((select json_agg(row_to_json(p) order by p.body)
          from (select * from listed where $8::varchar is null or body > $8::varchar order by body limit $9) p), '[]'::json) as page`;
