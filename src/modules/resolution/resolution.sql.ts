/**
 * THE RULES OF SPEC.md §3–6, AS SET-BASED SQL. Every resolving query (chains, flags, coverage, workload)
 * is built from `resolutionCte` below, so each rule is written exactly once; read it beside SPEC.md.
 *
 * Parameters shared by every query built here:
 *   $1 date      asOf (the business date d; never now())
 *   $2 varchar[] item codes to consider (null: all)
 *   $3 text      item domain to consider (null: all)
 * The caller's `targets` SQL (a select of code, level, path, leaf from jurisdiction) may use $4 and up.
 */

/** `validFrom ≤ d < validTo`, null meaning open (SPEC §2–4: validTo is exclusive). */
const inForce = (alias: string) =>
  `(${alias}.valid_from is null or ${alias}.valid_from <= $1::date) and (${alias}.valid_to is null or $1::date < ${alias}.valid_to)`;

const itemFilter = (column: string) =>
  `($2::varchar[] is null or ${column} = any($2::varchar[]))
   and ($3::text is null or exists (select 1 from item i where i.code = ${column} and i.domain = $3::text))`;

export const ABOVE_TOWNSHIP = `('PROVINCE', 'CITY', 'COUNTY')`;

export function resolutionCte(targets: string): string {
  return `
-- the places being resolved: code, level, path (province … itself), leaf
target as (${targets}),

-- §4 effective assignments of (I, T, d): scope is T or an ancestor of T, T not in or under any exceptIn,
-- validFrom ≤ d < validTo. Additive: a narrower assignment never hides a broader one.
effective as (
  select t.code as target, t.level as target_level, t.path, t.leaf,
         a.id as assignment, a.item_code as item, a.scope_code as scope, a.role, a.duty, a.catalogue_code as catalogue,
         a.relative, a.body_code as named_body,
         -- §4 holder: relative TOWNSHIP_GOVERNMENT is the GOVERNMENT body of T at a township (or leaf);
         -- asked at a non-leaf it stays an unresolved template (null)
         case when a.relative is null then a.body_code
              when t.leaf then t.code || '-GOV' end as holder
    from target t
    cross join lateral unnest(t.path) as anc(code)
    join assignment a on a.scope_code = anc.code
   where ${inForce('a')}
     and not (t.path && a.except_in)
     and ${itemFilter('a.item_code')}
),

-- §4 a body not valid at d resolves to its successor chain's first body valid at d ("via successor");
-- with none valid the holder is inactive
walk(start, code, depth) as (
  select distinct holder, holder, 0 from effective where holder is not null
  union all
  select w.start, b.successor_code, w.depth + 1
    from walk w join body b on b.code = w.code
   where not (${inForce('b')}) and b.successor_code is not null and w.depth < 32
),
resolved as (
  select distinct on (w.start) w.start, w.code, w.depth > 0 as via_successor
    from walk w join body b on b.code = w.code
   where ${inForce('b')}
   order by w.start, w.depth
),

-- §2 a body's level is its jurisdiction's level; a STATIONED body counts at its parent's level
body_info as (
  select b.code, b.kind, b.jurisdiction_code as jurisdiction, b.serves, coalesce(pj.level, j.level) as level
    from body b
    join jurisdiction j on j.code = b.jurisdiction_code
    left join body p on b.kind = 'STATIONED' and p.code = b.parent_code
    left join jurisdiction pj on pj.code = p.jurisdiction_code
   where b.code in (select start from walk union select code from walk)
),

-- one row per effective assignment at each target, its holder resolved. A holder that cannot be
-- resolved (no such body) is inactive; an unresolved template (body null) is shown, never counted.
holder as (
  select e.*,
         coalesce(r.code, e.holder) as body,
         e.holder is null as template,
         coalesce(r.via_successor, false) as via_successor,
         (e.holder is null or r.code is not null) as active,
         bi.level, bi.jurisdiction, bi.kind, bi.serves
    from effective e
    left join resolved r on r.start = e.holder
    left join body_info bi on bi.code = coalesce(r.code, e.holder)
),

-- §3 applicable: some LOCAL catalogue in force at d, owned by T or an ancestor, has an entry for I in
-- force at d, and T is not in or under any of that entry's notApplicableIn
applicable as (
  select distinct t.code as target, e.item_code as item
    from target t
    cross join lateral unnest(t.path) as anc(code)
    join catalogue c on c.owner_code = anc.code and c.kind = 'LOCAL' and ${inForce('c')}
    join catalogue_entry e on e.catalogue_code = c.code and ${inForce('e')}
   where not (t.path && e.not_applicable_in)
     and ${itemFilter('e.item_code')}
),

-- §6 per (I, leaf T): what the flags are computed from. same_level: levels with ≥2 distinct active PRIMARY bodies
same_level as (
  select x.target, x.item, array_agg(distinct b order by b)::varchar[] as bodies
    from (select target, item, level, array_agg(distinct body) as bodies
            from holder
           where leaf and role = 'PRIMARY' and active and body is not null
           group by target, item, level
          having count(distinct body) >= 2) x
    cross join lateral unnest(x.bodies) as b
   group by x.target, x.item
),
held as (
  select h.target, h.item,
         bool_or(h.role = 'PRIMARY' and h.active and h.level = 'TOWNSHIP') as primary_township,
         bool_or(h.role = 'PRIMARY' and h.active and h.level in ${ABOVE_TOWNSHIP}) as primary_above,
         count(*) filter (where h.role = 'PRIMARY') as primaries,
         count(*) filter (where h.role = 'PRIMARY' and h.active) as active_primaries,
         count(*) filter (where h.role = 'SUPPORTING' and h.active) as active_supporting,
         coalesce(array_agg(distinct h.body order by h.body) filter (where h.role = 'PRIMARY' and h.active), '{}') as active_primary_bodies,
         coalesce(array_agg(distinct h.body order by h.body) filter (where h.role = 'PRIMARY' and not h.active and h.body is not null), '{}') as inactive_primary_bodies,
         coalesce(array_agg(distinct h.body order by h.body) filter (where h.role = 'SUPPORTING' and h.active), '{}') as supporting_bodies,
         coalesce(array_agg(distinct h.body order by h.body) filter (where h.role = 'PRIMARY' and h.body is not null), '{}') as primary_bodies,
         coalesce(array_agg(distinct h.body order by h.body) filter (where h.role = 'SUPPORTING' and h.body is not null), '{}') as supporting_all,
         coalesce(array_agg(distinct h.body order by h.body) filter (where h.level = 'TOWNSHIP'), '{}') as township_bodies,
         coalesce(array_agg(distinct h.body order by h.body) filter (
           where h.body is not null and h.jurisdiction is not null
             and not (h.jurisdiction = any(h.path))
             and not (h.kind = 'STATIONED' and h.target = any(h.serves))), '{}') as foreign_bodies
    from holder h
   where h.leaf
   group by h.target, h.item
),
pair as (
  select coalesce(h.target, a.target) as target, coalesce(h.item, a.item) as item,
         a.item is not null as applicable,
         coalesce(h.primary_township, false) as primary_township,
         coalesce(h.primary_above, false) as primary_above,
         coalesce(h.primaries, 0) as primaries,
         coalesce(h.active_primaries, 0) as active_primaries,
         coalesce(h.active_supporting, 0) as active_supporting,
         coalesce(h.active_primary_bodies, '{}') as active_primary_bodies,
         coalesce(h.inactive_primary_bodies, '{}') as inactive_primary_bodies,
         coalesce(h.supporting_bodies, '{}') as supporting_bodies,
         coalesce(h.primary_bodies, '{}') as primary_bodies,
         coalesce(h.supporting_all, '{}') as supporting_all,
         coalesce(h.township_bodies, '{}') as township_bodies,
         coalesce(h.foreign_bodies, '{}') as foreign_bodies,
         sl.bodies as same_level_bodies
    from held h
    full join (select ap.* from applicable ap join target t on t.code = ap.target and t.leaf) a
      on a.target = h.target and a.item = h.item
    left join same_level sl on sl.target = coalesce(h.target, a.target) and sl.item = coalesce(h.item, a.item)
),

-- §6 the eight flag kinds, each with the bodies it is about
flag as (
  select p.target, p.item, k.kind, k.bodies
    from pair p
    cross join lateral (values
      ('OVERLAP_COUNTY_TOWNSHIP', p.primary_township and p.primary_above, p.active_primary_bodies),
      ('OVERLAP_SAME_LEVEL', p.same_level_bodies is not null, p.same_level_bodies),
      ('GAP_NO_HOLDER', p.applicable and p.primaries = 0 and p.active_supporting = 0, '{}'::varchar[]),
      ('GAP_SUPPORT_ONLY', p.applicable and p.primaries = 0 and p.active_supporting > 0, p.supporting_bodies),
      ('GAP_INACTIVE_PRIMARY', p.primaries > 0 and p.active_primaries = 0, p.inactive_primary_bodies),
      ('UNLISTED_TOWNSHIP_DUTY', not p.applicable and cardinality(p.township_bodies) > 0, p.township_bodies),
      ('ROLE_CONFLICT', p.primary_bodies && p.supporting_all,
        array(select unnest(p.primary_bodies) intersect select unnest(p.supporting_all) order by 1)::varchar[]),
      ('OUT_OF_JURISDICTION', cardinality(p.foreign_bodies) > 0, p.foreign_bodies)
    ) as k(kind, fires, bodies)
   where k.fires
)`;
}

/** Stable order of kinds, as SPEC §6 lists them (used in cursors and counts). */
export const FLAG_KINDS = [
  'OVERLAP_COUNTY_TOWNSHIP',
  'OVERLAP_SAME_LEVEL',
  'GAP_NO_HOLDER',
  'GAP_SUPPORT_ONLY',
  'GAP_INACTIVE_PRIMARY',
  'UNLISTED_TOWNSHIP_DUTY',
  'ROLE_CONFLICT',
  'OUT_OF_JURISDICTION',
] as const;
export type FlagKindName = (typeof FLAG_KINDS)[number];

/** The leaves under a scope ($4; null: the nation). */
export const LEAVES_UNDER_SCOPE = `
  select j.code, j.level, j.path, j.leaf from jurisdiction j
   where j.leaf and ($4::varchar is null or j.path @> array[$4::varchar])`;

/** One place ($4), leaf or not. */
export const ONE_PLACE = `select j.code, j.level, j.path, j.leaf from jurisdiction j where j.code = $4::varchar`;

export interface ChainHolderRow {
  assignment: string;
  role: string;
  duty: string | null;
  scope: string;
  catalogue: string | null;
  relative: string | null;
  namedBody: string | null;
  body: string | null;
  template: boolean;
  viaSuccessor: boolean;
  active: boolean;
  level: string | null;
}
export interface ChainFactsRow {
  holders: ChainHolderRow[];
  applicable: boolean;
  flags: { kind: FlagKindName; bodies: string[] }[];
}

/** Everything a chain needs about (I = $2[1], T = $4) at $1, in one statement. */
export const CHAIN_SQL = `
with recursive ${resolutionCte(ONE_PLACE)}
select
  coalesce((select json_agg(json_build_object(
      'assignment', h.assignment::text, 'role', h.role, 'duty', h.duty, 'scope', h.scope, 'catalogue', h.catalogue,
      'relative', h.relative, 'namedBody', h.named_body, 'body', h.body, 'template', h.template,
      'viaSuccessor', h.via_successor, 'active', h.active, 'level', h.level)
      order by array_position(array['PROVINCE','CITY','COUNTY','TOWNSHIP'], h.level) desc nulls first,
               array_position(array['PRIMARY','SUPPORTING','SUPERVISING'], h.role), h.body, h.assignment)
    from holder h), '[]'::json) as holders,
  exists (select 1 from applicable) as applicable,
  coalesce((select json_agg(json_build_object('kind', f.kind, 'bodies', f.bodies)
      order by array_position(array[${FLAG_KINDS.map((k) => `'${k}'`).join(',')}], f.kind))
    from flag f), '[]'::json) as flags`;
