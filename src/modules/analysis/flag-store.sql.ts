/**
 * The maintained flag store (docs/decisions.md, "Flags as dated intervals, maintained per county"): per county,
 * the flags of every (item, leaf) as coalesced date ranges, and per county × kind the number of flags over
 * each range. Computed from the rules of resolution.sql.ts (by class: classes.sql.ts) evaluated once per
 * segment between the county's change points; nothing here restates a rule.
 */
import { SCOPE_FLAGS_CTE } from '../resolution/classes.sql';
import { FLAG_KINDS, LEAVES_UNDER_SCOPE } from '../resolution/resolution.sql';

/**
 * The rule SQL (by class) over the leaves of some counties instead of one scope: the scope filter of
 * LEAVES_UNDER_SCOPE is replaced by `leaves`, and the other shared parameters are bound to SQL expressions
 * (items, domain and body are not filtered). The business date stays $1.
 */
export function bindRules(leaves: string): string {
  if (!SCOPE_FLAGS_CTE.includes(LEAVES_UNDER_SCOPE))
    throw new Error('bindRules: the class CTE no longer reads LEAVES_UNDER_SCOPE');
  const marker = '/*leaves*/';
  const bound = SCOPE_FLAGS_CTE.replace(LEAVES_UNDER_SCOPE, marker)
    .replaceAll('$2::varchar[]', 'null::varchar[]')
    .replaceAll('$3::text', 'null::text')
    .replaceAll('$5::varchar', 'null::varchar');
  const left = /\$[2-9]\d*::/.exec(bound);
  if (left) throw new Error(`bindRules: parameter ${left[0]} of the rule SQL has no binding`);
  return bound.replace(marker, leaves);
}

/**
 * The segments of counties $1 (varchar[]): the dates on which something that can reach one of their leaves
 * starts or ends (validity bounds of assignments at, above or below the county and of the bodies they name with
 * their successors, of the leaves' governments, of lists and entries owned at, above or below, of the leads and
 * takers those entries name, and of empowerments), each segment
 * running from one such date (or -infinity) to the next (null: open).
 */
export const SEGMENTS_SQL = `
with recursive
unit as (select c.code, c.path from flag_county c where c.code = any($1::varchar[])),
reach as (
  select u.code as unit, a.code from unit u cross join lateral unnest(u.path) a(code)
  union
  select u.code, j.code from unit u join jurisdiction j on j.path @> array[u.code]
),
unit_assignment as (
  select r.unit, a.body_code, a.valid_from, a.valid_to from reach r join assignment a on a.scope_code = r.code
),
unit_list as (
  select r.unit, c.code, c.valid_from, c.valid_to from reach r join catalogue c on c.owner_code = r.code
),
unit_body(unit, code) as (
  select unit, body_code from unit_assignment where body_code is not null
  union
  select r.unit, r.code || '-GOV' from reach r join jurisdiction j on j.code = r.code and j.leaf
  union
  -- SPEC §8: a duty-list entry's lead or takenBy is resolved at d like a holder
  select l.unit, coalesce(e.lead_code, e.taken_by_code) from unit_list l join catalogue_entry e on e.catalogue_code = l.code
   where coalesce(e.lead_code, e.taken_by_code) is not null
  union
  select ub.unit, b.successor_code from unit_body ub join body b on b.code = ub.code where b.successor_code is not null
),
point(unit, d) as (
  select unit, valid_from from unit_assignment union select unit, valid_to from unit_assignment
  union select ub.unit, b.valid_from from unit_body ub join body b on b.code = ub.code
  union select ub.unit, b.valid_to from unit_body ub join body b on b.code = ub.code
  union select unit, valid_from from unit_list union select unit, valid_to from unit_list
  union select l.unit, e.valid_from from unit_list l join catalogue_entry e on e.catalogue_code = l.code
  union select l.unit, e.valid_to from unit_list l join catalogue_entry e on e.catalogue_code = l.code
  union select r.unit, m.valid_from from reach r join empowerment m on m.scope_code = r.code
  union select r.unit, m.valid_to from reach r join empowerment m on m.scope_code = r.code
)
select unit, d::text as d, (lead(d) over (partition by unit order by d))::text as next
  from (select code as unit, '-infinity'::date as d from unit union select unit, d from point where d is not null) x
 order by d, unit`;

/** Scratch table of one refresh: the flags found per segment (dropped at commit). */
export const SEGMENT_TABLE_SQL = `
create temp table if not exists flag_segment (
  unit varchar(9) not null, during daterange not null, target varchar(9) not null, item varchar(64) not null, kind text not null
) on commit drop`;

/**
 * The flags of the segments starting at $1 (a date, or -infinity) of counties $2 (varchar[]), whose ends are
 * $3 (date[], null: open), into flag_segment: the rules evaluated once at $1 over the leaves of those counties.
 */
export const EVALUATE_SEGMENT_SQL = `
with recursive ${bindRules(
  `select j.code, j.level, j.path, j.leaf from jurisdiction j where j.leaf and j.path && $2::varchar[]`,
)},
seg as (select * from unnest($2::varchar[], $3::date[]) s(unit, next))
insert into flag_segment (unit, during, target, item, kind)
select seg.unit, daterange(case when $1::date = '-infinity' then null else $1::date end, seg.next), f.target, f.item, f.kind
  from scope_flag f
  join jurisdiction j on j.code = f.target
  join seg on seg.unit = shudi_flag_unit(j.level, j.code, j.path)`;

/**
 * Replaces the stored flags of counties $1 (varchar[]) by those of flag_segment, adjacent segments coalesced,
 * with their counts per kind and segment; stamps them computed and takes them off the queue.
 */
export const STORE_COUNTIES_SQL = `
with
dropped_intervals as (delete from flag_interval where county = any($1::varchar[])),
dropped_counts as (delete from flag_count where county = any($1::varchar[])),
intervals as (
  insert into flag_interval (county, item, leaf, kind, during)
  select unit, item, target, kind, unnest(range_agg(during)) from flag_segment group by unit, item, target, kind
  returning 1
),
counts as (
  insert into flag_count (county, kind, during, n)
  select unit, kind, during, count(*)::int from flag_segment group by unit, kind, during
  returning 1
),
stamped as (update flag_county set computed_at = now() where code = any($1::varchar[]) returning 1),
dequeued as (delete from flag_refresh where county = any($1::varchar[]) returning 1)
select (select count(*)::int from stamped) as counties, (select count(*)::int from intervals) as intervals,
       (select count(*)::int from counts) as counts`;

const KIND_ARRAY = `array[${FLAG_KINDS.map((k) => `'${k}'`).join(',')}]`;

/** The counties of a scope: $2 the scope (null: the nation), $3 its path (a township finds its county). */
const SCOPE_UNITS = `unit as (
  select c.code from flag_county c where $2::varchar is null or c.path @> array[$2::varchar] or c.code = any($3::varchar[])
)`;

/**
 * Counts by kind at $1 over the counties of scope $2 ($3 its path), read from flag_count, less the acknowledged
 * flags (looked up in flag_interval) unless $5 includeAcknowledged; $4 kinds text[] (null: all).
 * Only for a scope at or above its counties and no item, domain or level filter.
 */
export const STORE_COUNTS_SQL = `
with ${SCOPE_UNITS},
counted as (
  select fc.kind, sum(fc.n)::int as n from flag_count fc
   where fc.during @> $1::date and ($2::varchar is null or fc.county in (select code from unit))
     and ($4::text[] is null or fc.kind = any($4::text[]))
   group by fc.kind
),
acked as (
  select f.kind, count(*)::int as n
    from flag_acknowledgement a
    join flag_interval f on f.leaf = a.jurisdiction_code and f.item = a.item_code and f.kind = a.kind
   where not $5::boolean and f.during @> $1::date and ($2::varchar is null or f.county in (select code from unit))
     and ($4::text[] is null or f.kind = any($4::text[]))
   group by f.kind
)
select c.kind, c.n - coalesce(a.n, 0) as count from counted c left join acked a on a.kind = c.kind`;

/** The flags at $1 under scope $2 ($3 path, $4 true when the scope lies below its county), filtered. */
const STORE_LISTED = `
with ${SCOPE_UNITS},
listed as (
  select f.leaf as target, f.item, f.kind, array_position(${KIND_ARRAY}, f.kind) as kind_order,
         ack.reason, ack.actor, ack.acknowledged_at
    from flag_interval f
    left join flag_acknowledgement ack on ack.kind = f.kind and ack.item_code = f.item and ack.jurisdiction_code = f.leaf
   where f.during @> $1::date
     and ($2::varchar is null or f.county in (select code from unit))
     and (not $4::boolean or exists (select 1 from jurisdiction j where j.code = f.leaf and j.path @> array[$2::varchar]))
     and ($5::varchar[] is null or f.item = any($5::varchar[]))
     and ($6::text is null or exists (select 1 from item i where i.code = f.item and i.domain = $6::text))
     and ($7::text[] is null or f.kind = any($7::text[]))
     and ($8::boolean or ack.kind is null)
     and ($9::text is null or exists (select 1 from jurisdiction j where j.code = f.leaf and j.level = $9::text))
     and ($10::varchar is null or (f.item, f.leaf) >= ($10::varchar, $11::varchar))
)`;

/**
 * One keyset page of flags from the store. $1 date · $2 scope · $3 its path · $4 below its county · $5 items ·
 * $6 domain · $7 kinds · $8 includeAcknowledged · $9 level · $10/$11/$12 cursor (item, place, kind order) ·
 * $13 page size + 1
 */
export const STORE_PAGE_SQL = `${STORE_LISTED}
select coalesce(json_agg(json_build_object('target', p.target, 'item', p.item, 'kind', p.kind,
       'reason', p.reason, 'actor', p.actor, 'acknowledgedAt', p.acknowledged_at) order by p.item, p.target, p.kind_order), '[]'::json) as page
  from (select * from listed
         where $10::varchar is null or (item, target, kind_order) > ($10::varchar, $11::varchar, $12::int)
         order by item, target, kind_order
         limit $13) p`;

/** Counts by kind of the same filtered set (any filter); parameters as STORE_PAGE_SQL, $10–$13 null. */
export const STORE_FILTERED_COUNTS_SQL = `${STORE_LISTED}
select kind, count(*)::int as count from listed group by kind`;
