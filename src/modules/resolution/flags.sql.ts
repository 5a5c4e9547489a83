import { prepare } from '../../db/database';
import { SCOPE_FLAGS_CTE } from './classes.sql';
import { FLAG_KINDS, flagBodiesCte, LEAVES_UNDER_SCOPE, ONE_PLACE, resolutionCte } from './resolution.sql';

const KIND_ARRAY = `array[${FLAG_KINDS.map((k) => `'${k}'`).join(',')}]`;

export interface FlagRow {
  target: string;
  item: string;
  kind: string;
  reason: string | null;
  actor: string | null;
  acknowledgedAt: string | null;
}
export interface FlagPageRow {
  total: number;
  counts: { kind: string; count: number }[];
  page: FlagRow[];
}

/** total, counts by kind and one keyset page of a \`listed\` CTE; $c, $c+1, $c+2 cursor, $c+3 page size + 1. */
const pageOf = (c: number) => `
select
  (select count(*)::int from listed) as total,
  coalesce((select json_agg(json_build_object('kind', c.kind, 'count', c.n)) from
     (select kind, count(*)::int as n from listed group by kind) c), '[]'::json) as counts,
  coalesce((select json_agg(json_build_object('target', p.target, 'item', p.item, 'kind', p.kind,
       'reason', p.reason, 'actor', p.actor, 'acknowledgedAt', p.acknowledged_at) order by p.item, p.target, p.kind_order)
     from (select * from listed
            where $${c}::varchar is null or (item, target, kind_order) > ($${c}::varchar, $${c + 1}::varchar, $${c + 2}::int)
            order by item, target, kind_order
            limit $${c + 3}) p), '[]'::json) as page`;

/**
 * §6 flags of every (item, leaf) under a scope at a date, computed live, filtered, with totals for the
 * whole filtered set and one keyset page, in one statement. $1–$5 as in resolution.sql.ts ($5: a body
 * involved), then $6 kinds text[] · $7 includeAcknowledged · $8 level of the flagged place ·
 * $9/$10/$11 cursor (item, jurisdiction, kind order) · $12 page size + 1
 */
export const FLAG_PAGE_SQL = `
with recursive ${resolutionCte(LEAVES_UNDER_SCOPE)},
listed as (
  select f.target, f.item, f.kind, array_position(${KIND_ARRAY}, f.kind) as kind_order,
         ack.reason, ack.actor, ack.acknowledged_at
    from flag f
    left join flag_acknowledgement ack on ack.kind = f.kind and ack.item_code = f.item and ack.jurisdiction_code = f.target
   where ($6::text[] is null or f.kind = any($6::text[]))
     and ($7::boolean or ack.kind is null)
     and ($8::text is null or exists (select 1 from jurisdiction j where j.code = f.target and j.level = $8::text))
     and ($5::varchar is null or f.involves)
)
${pageOf(9)}`;

/** The current data generation (bumped by every write to the lists). */
export const GENERATION_SQL = `select value::bigint as generation from meta where key = 'generation'`;

/** A snapshot usable for (date $1, scope $2 with ancestors $3): the scope's own, an ancestor's or the nation's. */
export const FIND_SNAPSHOT_SQL = prepare(
  'find_snapshot',
  `
select s.scope, s.generation from flag_snapshot_state s
 where s.as_of = $1::date and s.generation = (${GENERATION_SQL})
   and (s.scope = '000000' or s.scope = any($3::varchar[]))
 order by s.scope = $2::varchar desc, length(s.scope) desc
 limit 1`,
);

/**
 * Drops snapshots of past generations once nobody can still be reading them (a listing finds its snapshot
 * and reads it within one request; five minutes is far beyond that).
 */
export const PRUNE_SNAPSHOTS_SQL = `
delete from flag_snapshot_state
 where generation < (${GENERATION_SQL}) and computed_at < now() - interval '5 minutes'`;

/**
 * Computes and stores the flags of every (item, leaf) under scope $4 (null: nation, stored as 000000) at
 * $1 (by class: classes.sql.ts), tagged with the generation read in the same statement (so the snapshot matches the data it saw).
 */
export const STORE_SNAPSHOT_SQL = `
with recursive ${SCOPE_FLAGS_CTE},
state as (
  insert into flag_snapshot_state (as_of, scope, generation)
  values ($1::date, coalesce($4::varchar, '000000'), (${GENERATION_SQL}))
  on conflict do nothing
  returning as_of, scope, generation
),
stored as (
  insert into flag_snapshot (as_of, scope, generation, target, item, kind, crowded_levels)
  select s.as_of, s.scope, s.generation, f.target, f.item, f.kind, f.crowded_levels from scope_flag f cross join state s
  returning 1
)
select (select scope from state) as scope, (select generation from state) as generation, (select count(*)::int from stored) as flags`;

/**
 * The same listing read from a snapshot ($1 date, $2 snapshot scope, $3 generation), narrowed to scope $4
 * and filtered: $5 items · $6 domain · $7 kinds · $8 includeAcknowledged · $9 level · $10–$12 cursor · $13 size + 1
 */
export const FLAG_PAGE_FROM_SNAPSHOT_SQL = prepare(
  'flag_page_snapshot',
  `
with listed as (
  select s.target, s.item, s.kind, array_position(${KIND_ARRAY}, s.kind) as kind_order,
         ack.reason, ack.actor, ack.acknowledged_at
    from flag_snapshot s
    left join flag_acknowledgement ack on ack.kind = s.kind and ack.item_code = s.item and ack.jurisdiction_code = s.target
   where s.as_of = $1::date and s.scope = $2::varchar and s.generation = $3::bigint
     and ($4::varchar is null or exists (select 1 from jurisdiction j where j.code = s.target and j.path @> array[$4::varchar]))
     and ($5::varchar[] is null or s.item = any($5::varchar[]))
     and ($6::text is null or exists (select 1 from item i where i.code = s.item and i.domain = $6::text))
     and ($7::text[] is null or s.kind = any($7::text[]))
     and ($8::boolean or ack.kind is null)
     and ($9::text is null or exists (select 1 from jurisdiction j where j.code = s.target and j.level = $9::text))
)
${pageOf(10)}`,
);

/**
 * The bodies of some flags (a page of them): the resolution is re-run for just those places and items.
 * $1 asOf · $2 items · $4 places varchar[] · $6/$7/$8 the flags' (place, item, kind) · $3, $5 null
 */
export const FLAG_BODIES_SQL = prepare(
  'flag_bodies',
  `
with recursive ${resolutionCte(`select j.code, j.level, j.path, j.leaf from jurisdiction j where j.code = any($4::varchar[])`, 'pairs')},
wanted as (
  select f.* from flag f
    join unnest($6::varchar[], $7::varchar[], $8::text[]) as w(target, item, kind)
      on w.target = f.target and w.item = f.item and w.kind = f.kind
),
${flagBodiesCte('flag_bodies', 'wanted')}
select target, item, kind, bodies from flag_bodies`,
);

/** The flags of one (item $2[1], place $4) pair at $1, with their bodies ($3, $5 null). */
export const PAIR_FLAGS_SQL = prepare(
  'pair_flags',
  `
with recursive ${resolutionCte(ONE_PLACE, 'pairs')},
${flagBodiesCte('flag_bodies', 'flag')}
select f.kind, f.bodies from flag_bodies f`,
);
