/**
 * The maintained flag store (docs/decisions.md, "Flags as dated intervals, maintained per county"): per county,
 * the flags of every (item, leaf) as coalesced date ranges with their bodies, and per county × kind the number
 * of flags over each range. Computed from the rules of resolution.sql.ts, evaluated dated by class
 * (classes.sql.ts: every segment of every pair in one statement); nothing here restates a rule.
 */
import {
  CLASS_TABLES,
  CLASS_TABLES_SQL,
  classTablesSql,
  DATED_FLAGS_CTE,
  DATED_RULES_CTE,
  RULE_TABLES,
  RULE_TABLES_SQL,
} from '../resolution/classes.sql';
import { FLAG_KINDS } from '../resolution/resolution.sql';
import { BODIES_BY_CODE_SQL } from '../body/body.sql';
import { ITEMS_BY_CODE_SQL } from '../item/item.sql';
import { JURISDICTIONS_BY_CODE_SQL } from '../jurisdiction/jurisdiction.sql';

/**
 * The dated rule SQL over the leaves of the units $1 (varchar[]): the filters the rule SQL shares with its
 * other queries ($2 items, $3 domain, $5 a body involved) are bound to "none"; nothing else may be left.
 */
export function bindRules(sql: string): string {
  const bound = sql
    .replaceAll('$2::varchar[]', 'null::varchar[]')
    .replaceAll('$3::text', 'null::text')
    .replaceAll('$5::varchar', 'null::varchar');
  const left = /\$(?:[2-9]|\d{2,})::|\$1::(?!varchar\[\])/.exec(bound);
  if (left) throw new Error(`bindRules: parameter ${left[0]} of the rule SQL has no binding`);
  return bound;
}

/** Scratch tables of one refresh: the class computation and what the rules found per segment (dropped at commit). */
export const SEGMENT_TABLES_SQL = [
  ...CLASS_TABLES_SQL,
  ...RULE_TABLES_SQL,
  `create temp table if not exists flag_segment (
     unit varchar(9) not null, during daterange not null, target varchar(9) not null, item varchar(64) not null,
     kind text not null, bodies varchar[] not null
   ) on commit drop`,
  `create temp table if not exists pair_segment (
     unit varchar(9) not null, during daterange not null, target varchar(9) not null, item varchar(64) not null,
     domain text not null, applicable boolean not null, owned boolean not null
   ) on commit drop`,
  `create temp table if not exists hold_segment (
     unit varchar(9) not null, during daterange not null, target varchar(9) not null, item varchar(64) not null,
     domain text not null, body varchar(64) not null, role text not null, level text, kind text
   ) on commit drop`,
];
export const CLEAR_SEGMENT_TABLES_SQL = `truncate ${[...CLASS_TABLES, ...RULE_TABLES, 'flag_segment', 'pair_segment', 'hold_segment'].join(', ')}`;

/** The classes, segments and candidates of the leaves of units $1 (varchar[]), into the class tables. */
export const CLASSES_SQL = bindRules(
  classTablesSql(`select j.code, j.level, j.path, j.leaf from jurisdiction j
   where j.leaf and j.path && $1::varchar[] and shudi_flag_unit(j.level, j.code, j.path) = any($1::varchar[])`),
);

/** Statistics of the class tables, for the plan of EVALUATE_SQL. */
export const ANALYZE_CLASS_TABLES_SQL = `analyze ${CLASS_TABLES.join(', ')}`;
/** Statistics of what the evaluation found, for the plans of the statements that store it. */
export const ANALYZE_SEGMENT_TABLES_SQL = `analyze flag_segment, pair_segment, hold_segment`;

/**
 * The rules at every segment of the pairs in the class tables: their flags and pair_body rows into the rule tables,
 * the pairs and holders of every leaf into pair_segment and hold_segment.
 */
export const EVALUATE_SQL = `
with recursive ${bindRules(DATED_RULES_CTE)},
pairs_found as (
  insert into pair_segment (unit, during, target, item, domain, applicable, owned)
  select shudi_flag_unit(j.level, j.code, j.path), p.during, p.target, p.item, i.domain, p.applicable, p.owned
    from scope_pair p join jurisdiction j on j.code = p.target join item i on i.code = p.item
)
insert into hold_segment (unit, during, target, item, domain, body, role, level, kind)
select shudi_flag_unit(j.level, j.code, j.path), h.during, h.target, h.item, i.domain, h.body, h.role, h.level, h.kind
  from scope_hold h join jurisdiction j on j.code = h.target join item i on i.code = h.item`;

/** Statistics of the rule tables, for the plan of FLAGS_SQL. */
export const ANALYZE_RULE_TABLES_SQL = `analyze ${RULE_TABLES.join(', ')}`;

/** The flags of every leaf at every date, with their bodies, per segment, into flag_segment. */
export const FLAGS_SQL = `
with ${DATED_FLAGS_CTE}
insert into flag_segment (unit, during, target, item, kind, bodies)
select shudi_flag_unit(j.level, j.code, j.path), f.during, f.target, f.item, f.kind, f.bodies
  from scope_flag f join jurisdiction j on j.code = f.target`;

/**
 * Two CTEs, \`<name>_event\` and \`<name>_run\`: a sweep over the date ranges (\`during\`) of the rows of \`source\`,
 * per \`keys\`: each measure is added where a range starts and taken away where it ends, so the running sums in
 * \`<name>_run\` hold over [d, next) (d is -infinity for ranges open below, next null at the end).
 */
function sweep(name: string, source: string, keys: string[], measures: Record<string, string>): string {
  const k = keys.join(', ');
  const m = Object.entries(measures);
  return `
${name}_event as (
  select ${k}, d, ${m.map(([c]) => `sum(${c})::int as ${c}`).join(', ')} from (
    select ${k}, coalesce(lower(during), '-infinity') as d, ${m.map(([c, e]) => `${e} as ${c}`).join(', ')} from ${source}
    union all
    select ${k}, upper(during), ${m.map(([, e]) => `-(${e})`).join(', ')} from ${source} where not upper_inf(during)
  ) e group by ${k}, d
),
${name}_run as (
  select ${k}, d, lead(d) over w as next, ${m.map(([c]) => `sum(${c}) over w as ${c}`).join(', ')}
    from ${name}_event window w as (partition by ${k} order by d)
)`;
}

/**
 * Replaces the stored flags of counties $1 (varchar[]) by those of flag_segment, adjacent segments with the same
 * bodies coalesced, with their counts per kind over every range where the count is constant; stamps them
 * computed and takes them off the queue.
 */
export const STORE_COUNTIES_SQL = `
with
dropped_intervals as (delete from flag_interval where county = any($1::varchar[])),
dropped_counts as (delete from flag_count where county = any($1::varchar[])),
intervals as (
  insert into flag_interval (county, item, leaf, kind, bodies, during)
  select unit, item, target, kind, bodies, unnest(range_agg(during)) from flag_segment group by unit, item, target, kind, bodies
  returning county, kind, during
),
-- the count per kind over each range where it is constant
${sweep('count', 'intervals', ['county', 'kind'], { n: '1' })},
counts as (
  insert into flag_count (county, kind, during, n)
  select county, kind, daterange(nullif(d, '-infinity'), next), n from count_run where n > 0
  returning 1
),
stamped as (update flag_county set computed_at = now() where code = any($1::varchar[]) returning 1),
dequeued as (delete from flag_refresh where county = any($1::varchar[]) returning 1)
select (select count(*)::int from stamped) as counties, (select count(*)::int from intervals) as intervals,
       (select count(*)::int from counts) as counts`;

/**
 * Replaces the stored coverage and workload of counties $1 (varchar[]) by what pair_segment and hold_segment
 * hold, per range where each is constant.
 */
export const STORE_ANALYSIS_SQL = `
with
dropped_cover as (delete from cover_interval where county = any($1::varchar[])),
dropped_work as (delete from work_interval where county = any($1::varchar[])),
dropped_leaf as (delete from work_leaf where county = any($1::varchar[])),
-- coverage: a sweep per (leaf, domain) over the pairs' segments
${sweep('cover', 'pair_segment', ['unit', 'target', 'domain'], {
  pairs: '1',
  applicable: 'applicable::int',
  owned: 'owned::int',
})},
cover as (
  insert into cover_interval (county, leaf, domain, during, pairs, applicable, owned)
  select unit, target, domain, daterange(nullif(d, '-infinity'), next), pairs, applicable, owned from cover_run where pairs > 0
  returning 1
),
-- workload: per (body, role, domain) and per body, the ranges between consecutive bounds of their holders'
-- segments, each with the holders whose segment covers it. Siblings copied from one representative share its
-- segments, so the holders are first counted per (item, segment): the ranges are then cut from far fewer rows.
work_item as (
  select unit, body, role, domain, item, during, count(*)::int as pairs, min(level) as level, min(kind) as kind
    from hold_segment group by unit, body, role, domain, item, during
),
work_bound as (
  select distinct unit, body, role, domain, b from work_item
   cross join lateral (values (coalesce(lower(during), '-infinity')), (upper(during))) x(b) where b is not null
),
work_range as (
  select unit, body, role, domain, b as d, lead(b) over (partition by unit, body, role, domain order by b) as next from work_bound
),
work as (
  insert into work_interval (county, body, role, domain, during, items, pairs, level, kind)
  select r.unit, r.body, r.role, r.domain, daterange(nullif(r.d, '-infinity'), r.next),
         array_agg(distinct h.item order by h.item), sum(h.pairs)::int, min(h.level), min(h.kind)
    from work_range r
    join work_item h on h.unit = r.unit and h.body = r.body and h.role = r.role and h.domain = r.domain and h.during @> r.d
   group by r.unit, r.body, r.role, r.domain, r.d, r.next
  returning 1
),
-- leaves per body (per domain, and over all domains as '*'): each leaf's holding ranges merged, then a sweep
leaf_held_domain as (
  select unit, body, domain, target, unnest(range_agg(during)) as during from hold_segment group by unit, body, domain, target
),
leaf_held as (
  select unit, body, domain, target, during from leaf_held_domain
  union all
  select unit, body, '*', target, unnest(range_agg(during)) from leaf_held_domain group by unit, body, target
),
${sweep('leaf', 'leaf_held', ['unit', 'body', 'domain'], { n: '1' })},
leaves as (
  insert into work_leaf (county, body, domain, during, leaves)
  select unit, body, domain, daterange(nullif(d, '-infinity'), next), n from leaf_run where n > 0
  returning 1
)
select (select count(*)::int from cover) as cover, (select count(*)::int from work) as work,
       (select count(*)::int from leaves) as leaves`;

const KIND_ARRAY = `array[${FLAG_KINDS.map((k) => `'${k}'`).join(',')}]`;

/**
 * The flags at $1 of the counties $2 (null: all), under $3 when the scope lies below its county, filtered.
 * (The counties come as a value, not a subquery, so that one county's flags are read from its own index range.)
 */
const STORE_LISTED = `
with listed as (
  select f.leaf as target, f.item, f.kind, f.bodies, array_position(${KIND_ARRAY}, f.kind) as kind_order,
         ack.reason, ack.actor, ack.acknowledged_at
    from flag_interval f
    left join flag_acknowledgement ack on ack.kind = f.kind and ack.item_code = f.item and ack.jurisdiction_code = f.leaf
   where f.during @> $1::date
     and ($2::varchar[] is null or f.county = any($2::varchar[]))
     and ($3::varchar is null or exists (select 1 from jurisdiction j where j.code = f.leaf and j.path @> array[$3::varchar]))
     and ($4::varchar[] is null or f.item = any($4::varchar[]))
     and ($5::text is null or exists (select 1 from item i where i.code = f.item and i.domain = $5::text))
     and ($6::text[] is null or f.kind = any($6::text[]))
     and ($7::boolean or ack.kind is null)
     and ($8::text is null or exists (select 1 from jurisdiction j where j.code = f.leaf and j.level = $8::text))
     and ($9::varchar is null or (f.item, f.leaf) >= ($9::varchar, $10::varchar))
)`;

/**
 * One keyset page of flags from the store, with the counts by kind and the item, place and body rows the page shows
 * (to prime the request's loaders), in one statement. $1 date · $2 counties · $3 scope below its county · $4 items ·
 * $5 domain · $6 kinds · $7 includeAcknowledged · $8 level · $9/$10/$11 cursor (item, place, kind order) ·
 * $12 page size + 1 · $13 counted from the flags themselves (a filter the per-county counts cannot answer)
 */
export const STORE_PAGE_SQL = `${STORE_LISTED},
paged as (
  select * from listed
   where $9::varchar is null or (item, target, kind_order) > ($9::varchar, $10::varchar, $11::int)
   order by item, target, kind_order
   limit $12
),
-- counts: from the per-county aggregate less the acknowledged flags, or from the filtered flags themselves
counted as (
  select fc.kind, sum(fc.n)::int as n from flag_count fc
   where not $13::boolean and fc.during @> $1::date and ($2::varchar[] is null or fc.county = any($2::varchar[]))
     and ($6::text[] is null or fc.kind = any($6::text[]))
   group by fc.kind
),
acked as (
  select a.kind, count(*)::int as n
    from flag_acknowledgement a
   where not $13::boolean and not $7::boolean and ($6::text[] is null or a.kind = any($6::text[]))
     and exists (select 1 from flag_interval f
                  where f.leaf = a.jurisdiction_code and f.item = a.item_code and f.kind = a.kind and f.during @> $1::date
                    and ($2::varchar[] is null or f.county = any($2::varchar[])))
   group by a.kind
),
counts as (
  select c.kind, c.n - coalesce(a.n, 0) as count from counted c left join acked a on a.kind = c.kind
  union all
  select kind, count(*)::int from listed where $13::boolean group by kind
)
select coalesce((select json_agg(json_build_object('target', p.target, 'item', p.item, 'kind', p.kind, 'bodies', p.bodies,
         'reason', p.reason, 'actor', p.actor, 'acknowledgedAt', p.acknowledged_at) order by p.item, p.target, p.kind_order)
         from paged p), '[]'::json) as page,
       coalesce((select json_agg(json_build_object('kind', c.kind, 'count', c.count)) from counts c), '[]'::json) as counts,
       coalesce((select json_agg(row_to_json(i)) from (${ITEMS_BY_CODE_SQL.replace(
         '$1::varchar[]',
         'array(select distinct item from paged)::varchar[]',
       )}) i), '[]'::json) as items,
       coalesce((select json_agg(row_to_json(j)) from (${JURISDICTIONS_BY_CODE_SQL.replace(
         '$1::varchar[]',
         'array(select distinct target from paged)::varchar[]',
       )}) j), '[]'::json) as places,
       coalesce((select json_agg(row_to_json(b)) from (${BODIES_BY_CODE_SQL.replace(
         '$1::varchar[]',
         'array(select distinct unnest(bodies) from paged)::varchar[]',
       )}) b), '[]'::json) as bodies`;

/**
 * Coverage from the store: rows are leaves ($5 = 'LEAF') or the units the store is kept by ($5 = 'COUNTY': a
 * township's county, or the city above a township directly under a city; any other leaf itself), columns are
 * item domains. $1 date · $2 counties (null: all) · $3 the scope when it lies below its county · $4 domain ·
 * $6 includeAcknowledged · $7/$8 cursor (jurisdiction, domain) · $9 page size + 1
 */
export const STORE_COVERAGE_SQL = `
with
cell as (
  select case when $5::text = 'LEAF' then c.leaf else c.county end as grp, c.domain,
         count(*)::int as leaves, sum(c.applicable)::int as applicable, sum(c.owned)::int as owned
    from cover_interval c
   where c.during @> $1::date and ($2::varchar[] is null or c.county = any($2::varchar[]))
     and ($4::text is null or c.domain = $4::text)
     and ($3::varchar is null or exists (select 1 from jurisdiction j where j.code = c.leaf and j.path @> array[$3::varchar]))
   group by 1, 2
),
flag_cell as (
  select case when $5::text = 'LEAF' then f.leaf else f.county end as grp, i.domain, f.kind, count(*)::int as n
    from flag_interval f
    join item i on i.code = f.item
    left join flag_acknowledgement ack on ack.kind = f.kind and ack.item_code = f.item and ack.jurisdiction_code = f.leaf
   where f.during @> $1::date and ($2::varchar[] is null or f.county = any($2::varchar[]))
     and ($4::text is null or i.domain = $4::text)
     and ($3::varchar is null or exists (select 1 from jurisdiction j where j.code = f.leaf and j.path @> array[$3::varchar]))
     and ($6::boolean or ack.kind is null)
   group by 1, 2, 3
),
cell_flags as (
  select grp, domain, json_object_agg(kind, n) as flags from flag_cell group by grp, domain
),
listed as (
  select c.grp as jurisdiction, c.domain, c.leaves, c.applicable, c.owned, cf.flags
    from cell c left join cell_flags cf on cf.grp = c.grp and cf.domain = c.domain
)
select (select count(*)::int from listed) as total,
       coalesce((select json_agg(row_to_json(p) order by p.jurisdiction, p.domain)
          from (select * from listed
                 where $7::varchar is null or (jurisdiction, domain) > ($7::varchar, $8::text)
                 order by jurisdiction, domain limit $9) p), '[]'::json) as page`;

/**
 * Workload from the store, for a scope at or above its counties: every body actively holding something at a
 * leaf of the counties $2 (null: all) at $1; $3 domain · $4 level · $5 body kind · $6 cursor body ·
 * $7 page size + 1. An item held in several counties is counted once.
 */
export const STORE_WORKLOAD_SQL = `
with
held as (
  select w.county, w.body, w.role, w.items, w.pairs, w.level from work_interval w
   where w.during @> $1::date and ($2::varchar[] is null or w.county = any($2::varchar[]))
     and ($3::text is null or w.domain = $3::text) and ($4::text is null or w.level = $4::text)
     and ($5::text is null or w.kind = $5::text)
),
-- (within one county a body's rows are of different domains, whose items differ: their lengths add up)
per_role as (
  select body, role, count(distinct county) as counties, sum(pairs)::int as pairs,
         sum(cardinality(items))::int as items, min(level) as level
    from held group by body, role
),
-- a body holding in several counties: its items counted once
several as (
  select h.body, h.role, count(distinct it)::int as items
    from held h join per_role p on p.body = h.body and p.role = h.role and p.counties > 1
    cross join lateral unnest(h.items) it
   group by h.body, h.role
),
by_body as (
  select p.body, min(p.level) as level,
         coalesce(sum(coalesce(s.items, p.items)) filter (where p.role = 'PRIMARY'), 0)::int as "primaryItems",
         coalesce(sum(coalesce(s.items, p.items)) filter (where p.role = 'SUPPORTING'), 0)::int as "supportingItems",
         coalesce(sum(coalesce(s.items, p.items)) filter (where p.role = 'SUPERVISING'), 0)::int as "supervisingItems",
         coalesce(sum(p.pairs) filter (where p.role = 'PRIMARY'), 0)::int as "primaryPairs",
         coalesce(sum(p.pairs) filter (where p.role = 'SUPPORTING'), 0)::int as "supportingPairs"
    from per_role p left join several s on s.body = p.body and s.role = p.role
   group by p.body
),
page as (
  select * from by_body where $6::varchar is null or body > $6::varchar order by body limit $7
)
select (select count(*)::int from by_body) as total,
       coalesce((select json_agg(json_build_object('body', p.body, 'level', p.level, 'primaryItems', p."primaryItems",
          'supportingItems', p."supportingItems", 'supervisingItems', p."supervisingItems", 'primaryPairs', p."primaryPairs",
          'supportingPairs', p."supportingPairs",
          'leaves', (select coalesce(sum(l.leaves), 0)::int from work_leaf l
                      where l.body = p.body and l.domain = coalesce($3::text, '*') and l.during @> $1::date
                        and ($2::varchar[] is null or l.county = any($2::varchar[]))))
          order by p.body) from page p), '[]'::json) as page`;
