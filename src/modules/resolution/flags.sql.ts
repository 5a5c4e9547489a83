import { prepare } from '../../db/database';
import { FLAG_KINDS, flagBodiesCte, LEAVES_UNDER_SCOPE, ONE_PLACE, resolutionCte } from './resolution.sql';

const KIND_ARRAY = `array[${FLAG_KINDS.map((k) => `'${k}'`).join(',')}]`;

export interface FlagRow {
  target: string;
  item: string;
  kind: string;
  /** the flag's bodies, when read from the flag store */
  bodies?: string[];
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
  { plan: 'generic' },
);
