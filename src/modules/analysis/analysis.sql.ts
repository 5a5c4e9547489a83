import { LEAVES_UNDER_SCOPE, resolutionCte } from '../resolution/resolution.sql';

/**
 * Analyst views computed live over the resolution CTE (the rules stay in resolution.sql.ts): the workload of one
 * township (a scope below its county; every other scope reads the maintained store, flag-store.sql.ts).
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
