import { FLAG_KINDS, LEAVES_UNDER_SCOPE, resolutionCte } from './resolution.sql';

const KIND_ARRAY = `array[${FLAG_KINDS.map((k) => `'${k}'`).join(',')}]`;

export interface FlagRow {
  target: string;
  item: string;
  kind: string;
  bodies: string[];
  reason: string | null;
  actor: string | null;
  acknowledgedAt: string | null;
}
export interface FlagPageRow {
  total: number;
  counts: { kind: string; count: number }[];
  page: FlagRow[];
}

/**
 * §6 flags of every (item, leaf) under a scope at a date, filtered, with totals for the whole filtered
 * set and one keyset page, in one statement.
 *   $5 kinds text[] · $6 includeAcknowledged · $7 body involved · $8 level of the flagged place
 *   $9/$10/$11 cursor (item, jurisdiction, kind order) · $12 page size + 1
 */
export const FLAG_PAGE_SQL = `
with recursive ${resolutionCte(LEAVES_UNDER_SCOPE)},
listed as (
  select f.target, f.item, f.kind, f.bodies, array_position(${KIND_ARRAY}, f.kind) as kind_order,
         ack.reason, ack.actor, ack.acknowledged_at
    from flag f
    left join flag_acknowledgement ack on ack.kind = f.kind and ack.item_code = f.item and ack.jurisdiction_code = f.target
   where ($5::text[] is null or f.kind = any($5::text[]))
     and ($6::boolean or ack.kind is null)
     and ($7::varchar is null or $7::varchar = any(f.bodies))
     and ($8::text is null or exists (select 1 from target t where t.code = f.target and t.level = $8::text))
)
select
  (select count(*)::int from listed) as total,
  coalesce((select json_agg(json_build_object('kind', c.kind, 'count', c.n)) from
     (select kind, count(*)::int as n from listed group by kind) c), '[]'::json) as counts,
  coalesce((select json_agg(json_build_object('target', p.target, 'item', p.item, 'kind', p.kind, 'bodies', p.bodies,
       'reason', p.reason, 'actor', p.actor, 'acknowledgedAt', p.acknowledged_at) order by p.item, p.target, p.kind_order)
     from (select * from listed
            where $9::varchar is null or (item, target, kind_order) > ($9::varchar, $10::varchar, $11::int)
            order by item, target, kind_order
            limit $12) p), '[]'::json) as page`;

/** The flags of one (item $2[1], leaf $4) pair at $1, acknowledged or not: to check a flag exists. */
export const PAIR_FLAGS_SQL = `
with recursive ${resolutionCte(`select j.code, j.level, j.path, j.leaf from jurisdiction j where j.code = $4::varchar`)}
select f.kind, f.bodies from flag f`;
