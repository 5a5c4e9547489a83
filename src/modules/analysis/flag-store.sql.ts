/**
 * The maintained flag store (docs/decisions.md, "Flags as dated intervals, maintained per county"): per county,
 * the flags of every (item, leaf) as coalesced date ranges with their bodies, and per county × kind the number
 * of flags over each range. Computed from the rules of resolution.sql.ts, evaluated dated by class
 * (classes.sql.ts: every segment of every pair in one statement); nothing here restates a rule.
 */
import { datedFlagsCte } from '../resolution/classes.sql';
import { FLAG_KINDS } from '../resolution/resolution.sql';

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

/** Scratch table of one refresh: the flags found per segment (dropped at commit). */
export const SEGMENT_TABLE_SQL = `
create temp table if not exists flag_segment (
  unit varchar(9) not null, during daterange not null, target varchar(9) not null, item varchar(64) not null,
  kind text not null, bodies varchar[] not null
) on commit drop`;

/** The flags of the leaves of units $1 (varchar[]) at every date, per segment, into flag_segment. */
export const EVALUATE_SQL = `
with recursive ${bindRules(
  datedFlagsCte(`select j.code, j.level, j.path, j.leaf from jurisdiction j
   where j.leaf and j.path && $1::varchar[] and shudi_flag_unit(j.level, j.code, j.path) = any($1::varchar[])`),
)}
insert into flag_segment (unit, during, target, item, kind, bodies)
select shudi_flag_unit(j.level, j.code, j.path), f.during, f.target, f.item, f.kind, f.bodies
  from scope_flag f join jurisdiction j on j.code = f.target`;

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
-- a sweep over the intervals: +1 where one starts, −1 where one ends; the running sum is the count
event as (
  select county, kind, d, sum(delta)::int as delta from (
    select county, kind, coalesce(lower(during), '-infinity') as d, 1 as delta from intervals
    union all
    select county, kind, upper(during), -1 from intervals where not upper_inf(during)
  ) e group by county, kind, d
),
running as (
  select county, kind, d, lead(d) over w as next, sum(delta) over w as n
    from event window w as (partition by county, kind order by d)
),
counts as (
  insert into flag_count (county, kind, during, n)
  select county, kind, daterange(nullif(d, '-infinity'), next), n from running where n > 0
  returning 1
),
stamped as (update flag_county set computed_at = now() where code = any($1::varchar[]) returning 1),
dequeued as (delete from flag_refresh where county = any($1::varchar[]) returning 1)
select (select count(*)::int from stamped) as counties, (select count(*)::int from intervals) as intervals,
       (select count(*)::int from counts) as counts`;

const KIND_ARRAY = `array[${FLAG_KINDS.map((k) => `'${k}'`).join(',')}]`;

/**
 * Counts by kind at $1 over the counties $2 (varchar[]; null: all), read from flag_count, less the acknowledged
 * flags (looked up in flag_interval) unless $4 includeAcknowledged; $3 kinds text[] (null: all).
 * Only for a scope at or above its counties and no item, domain or level filter.
 */
export const STORE_COUNTS_SQL = `
with
counted as (
  select fc.kind, sum(fc.n)::int as n from flag_count fc
   where fc.during @> $1::date and ($2::varchar[] is null or fc.county = any($2::varchar[]))
     and ($3::text[] is null or fc.kind = any($3::text[]))
   group by fc.kind
),
-- (driven from the acknowledgements, few beside the flags)
acked as (
  select a.kind, count(*)::int as n
    from flag_acknowledgement a
   where not $4::boolean and ($3::text[] is null or a.kind = any($3::text[]))
     and exists (select 1 from flag_interval f
                  where f.leaf = a.jurisdiction_code and f.item = a.item_code and f.kind = a.kind and f.during @> $1::date
                    and ($2::varchar[] is null or f.county = any($2::varchar[])))
   group by a.kind
)
select c.kind, c.n - coalesce(a.n, 0) as count from counted c left join acked a on a.kind = c.kind`;

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
 * One keyset page of flags from the store. $1 date · $2 counties · $3 scope below its county · $4 items ·
 * $5 domain · $6 kinds · $7 includeAcknowledged · $8 level · $9/$10/$11 cursor (item, place, kind order) ·
 * $12 page size + 1
 */
export const STORE_PAGE_SQL = `${STORE_LISTED}
select coalesce(json_agg(json_build_object('target', p.target, 'item', p.item, 'kind', p.kind, 'bodies', p.bodies,
       'reason', p.reason, 'actor', p.actor, 'acknowledgedAt', p.acknowledged_at) order by p.item, p.target, p.kind_order), '[]'::json) as page
  from (select * from listed
         where $9::varchar is null or (item, target, kind_order) > ($9::varchar, $10::varchar, $11::int)
         order by item, target, kind_order
         limit $12) p`;

/** Counts by kind of the same filtered set (any filter); parameters as STORE_PAGE_SQL, $9–$12 null. */
export const STORE_FILTERED_COUNTS_SQL = `${STORE_LISTED}
select kind, count(*)::int as count from listed group by kind`;
