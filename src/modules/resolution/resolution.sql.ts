/**
 * THE RULES OF SPEC.md §3–6, AS SET-BASED SQL. Every resolving query (chains, flags, coverage, workload)
 * is built from `resolutionCte` below, so each rule is written exactly once; read it beside SPEC.md.
 *
 * Parameters shared by every query built here:
 *   $1 date      asOf (the business date d; never now())
 *   $2 varchar[] item codes to consider (null: all)
 *   $3 text      item domain to consider (null: all)
 *   $4           the caller's `targets` SQL (a select of code, level, path, leaf from jurisdiction) reads it
 *   $5 varchar   a body whose flags are wanted (null: any), for the "bodies involved" filter
 * Queries built on it number their own parameters from $6.
 */

import { prepare } from '../../db/database';
import { bodyByCode, dating, inForceAt, type Candidates, type Mode } from './resolution.parts';
export type { Candidates, Mode } from './resolution.parts';
import { bodyLevel } from '../body/body-level.sql';
import { DUTY_FLAG_BODY_CASES, DUTY_FLAG_KINDS, dutyCtes } from './duty.sql';
import { BODIES_BY_CODE_SQL, type BodyRow } from '../body/body.sql';
import { ITEMS_BY_CODE_SQL, type ItemRow } from '../item/item.sql';
import { JURISDICTIONS_BY_CODE_SQL, type JurisdictionRow } from '../jurisdiction/jurisdiction.sql';
import { governmentCodeSql } from '../jurisdiction/jurisdiction.code';

/** `validFrom ≤ d < validTo` at the business date $1, null meaning open (SPEC §2–4: validTo is exclusive). */
export const inForce = (alias: string) => inForceAt(alias);

const itemFilter = (column: string, mode: Mode) =>
  mode === 'pairs'
    ? `${column} = any($2::varchar[]) and $3::text is null`
    : `($2::varchar[] is null or ${column} = any($2::varchar[]))
   and ($3::text is null or exists (select 1 from item i where i.code = ${column} and i.domain = $3::text))`;

export const ABOVE_TOWNSHIP = `('PROVINCE', 'CITY', 'COUNTY')`;

/** Per-body conditions the flag filter by body reads (name, condition on a holder row). */
const INVOLVES: [string, string][] = [
  ['involves_primary_active', 'primary_active'],
  ['involves_primary_inactive', 'primary_inactive'],
  ['involves_role_conflict', 'primary_any and supporting_any'],
  ['involves_supporting_active', 'supporting_active'],
  ['involves_township', `level = 'TOWNSHIP'`],
  ['involves_outside', 'outside'],
];

export const ASSIGNMENT_COLUMNS =
  'id, item_code, scope_code, role, duty, catalogue_code, relative, body_code, except_in, valid_from, valid_to';
export const ENTRY_COLUMNS = 'item_code, not_applicable_in, valid_from, valid_to, category, part, lead_code, taken_by_code';

export function resolutionCte(targets: string, mode: Mode = 'scope', only?: Candidates): string {
  if (only?.dated && mode !== 'scope') throw new Error('resolutionCte: a dated evaluation resolves a scope');
  // a dated evaluation (Candidates.dated): every row carries its date d, a target is (code, d)
  const { at, key, same } = dating(only?.dated);
  return `
-- the places being resolved: code, level, path (province … itself), leaf${only?.dated ? ', d (the date)' : ''}
target as (${targets}),

-- §4 effective assignments of (I, T, d): scope is T or an ancestor of T, T not in or under any exceptIn,
-- validFrom ≤ d < validTo. Additive: a narrower assignment never hides a broader one.
effective as (
  select t.code as target, t.leaf,
         a.id as assignment, a.item_code as item, a.scope_code as scope, a.role, a.duty, a.catalogue_code as catalogue,
         a.relative, a.body_code as named_body,
         -- §4 holder: relative TOWNSHIP_GOVERNMENT is the GOVERNMENT body of T at a township (or leaf);
         -- asked at a non-leaf it stays an unresolved template (null)
         case when a.relative is null then a.body_code
              when t.leaf then ${governmentCodeSql('t.code')} end as holder${key('t')}
    from ${
      only
        ? `${only.assignments} a join target t on t.code = a.target${same('a', 't')} and a.scope_code = any(t.path)`
        : `target t
    cross join lateral unnest(t.path) as anc(code)
    join assignment a on a.scope_code = anc.code`
    }
   where ${inForceAt('a', at('t'))}
     and not (t.path && a.except_in)
     and ${itemFilter('a.item_code', mode)}
),

-- §4 a body not valid at d resolves to its successor chain's first body valid at d ("via successor");
-- with none valid the holder is inactive. Walked once per distinct holder, not per row.
-- (seeded from the bodies the assignments in reach name, and the leaves' governments, so that the
-- per-place expansion above is read only once)
walk(start, code, depth${key()}) as (
  select seed.code, seed.code, 0${key('seed')} from (
    select a.body_code as code${key('a')} from ${only ? only.assignments : 'assignment'} a
     where a.body_code is not null and a.scope_code in (select distinct unnest(t.path) from target t)
       and ${inForceAt('a', at('a'))} and ${itemFilter('a.item_code', mode)}
    union
    select ${governmentCodeSql('t.code')}${key('t')} from target t where t.leaf) seed
  union all
  select w.start, b.successor_code, w.depth + 1${key('w')}
    from walk w cross join lateral ${bodyByCode('w.code')} b
   where not (${inForceAt('b', at('w'))}) and b.successor_code is not null and w.depth < 32
),
resolved as (
  select distinct on (w.start${key('w')}) w.start, w.code, w.depth > 0 as via_successor${key('w')}
    from walk w cross join lateral ${bodyByCode('w.code')} b
   where ${inForceAt('b', at('w'))}
   order by w.start${key('w')}, w.depth
),
-- per distinct holder (materialised: computed once per holder, not per row): the body it resolves to at d
-- (null: inactive) and that body's facts. An inactive holder keeps the body it names; a holder naming no
-- existing body has no level.
holder_info as materialized (
  select x.start as holder, r.code as resolved, coalesce(r.via_successor, false) as via_successor,
         b.kind, b.jurisdiction_code as jurisdiction, b.serves,
         ${bodyLevel('b')} as level${key('x')}
    from walk x
    left join resolved r on r.start = x.start${same('r', 'x')}
    left join lateral ${bodyByCode('coalesce(r.code, x.start)')} b on true
   where x.depth = 0
),

-- one row per effective assignment at each target, its holder resolved. A holder that cannot be
-- resolved (no such body) is inactive; an unresolved template (body null) is shown, never counted.
holder as (
  select e.*,
         case when e.holder is null then null else coalesce(hi.resolved, e.holder) end as body,
         e.holder is null as template,
         coalesce(hi.via_successor, false) as via_successor,
         (e.holder is null or hi.resolved is not null) as active,
         hi.level, hi.kind,
         -- §6 OUT_OF_JURISDICTION: the body's jurisdiction is neither T nor an ancestor of T, and it is
         -- not a STATIONED body serving T
         (hi.jurisdiction is not null and not (hi.jurisdiction = any(t.path))
          and not (hi.kind = 'STATIONED' and e.target = any(hi.serves))) as outside
    from effective e
    join target t on t.code = e.target${same('t', 'e')}
    left join holder_info hi on hi.holder = e.holder${same('hi', 'e')}
),

-- §3 applicable: some LOCAL catalogue in force at d, owned by T or an ancestor, has an entry for I in
-- force at d, and T is not in or under any of that entry's notApplicableIn
applicable as (${
    only
      ? `
  -- (the same rule, over the candidate entries of each target)
  select t.code as target, e.item_code as item${key('t')}
    from ${only.entries} e join target t on t.code = e.target${same('t', 'e')}
   where e.kind = 'LOCAL'
     and (e.list_from is null or e.list_from <= ${at('t')}) and (e.list_to is null or ${at('t')} < e.list_to)
     and ${inForceAt('e', at('t'))}
     and e.owner_code = any(t.path)
     and not (t.path && e.not_applicable_in)
     and ${itemFilter('e.item_code', mode)}
   group by t.code, e.item_code${key('t')}`
      : `
  select j.code as target, e.item_code as item
    from catalogue c
    join catalogue_entry e on e.catalogue_code = c.code and ${inForce('e')}
    -- every target in the owner's subtree (GIN on path), driven from the few lists in reach
    join jurisdiction j on j.path @> array[c.owner_code] and j.code in (select t.code from target t)
   where c.kind = 'LOCAL' and ${inForce('c')}
     and c.owner_code in (select distinct unnest(t.path) from target t)
     and not (j.path && e.not_applicable_in)
     and ${itemFilter('e.item_code', mode)}
   group by j.code, e.item_code`
  }
),

-- §6 per (I, leaf T, body): the roles the body holds there
pair_body as (
  select target, item, body, level${key()},
         bool_or(role = 'PRIMARY' and active) as primary_active,
         bool_or(role = 'PRIMARY' and not active) as primary_inactive,
         bool_or(role = 'PRIMARY') as primary_any,
         bool_or(role = 'SUPPORTING' and active) as supporting_active,
         bool_or(role = 'SUPPORTING') as supporting_any,
         bool_or(active) as active_any,
         bool_or(outside) as outside
    from holder
   where leaf
   group by target, item, body, level${key()}
),
-- §6 per (I, leaf T): the facts the eight rules read
pair_facts as (
  select target, item${key()},
         bool_or(primary_active and level = 'TOWNSHIP') as primary_township,
         bool_or(primary_active and level in ${ABOVE_TOWNSHIP}) as primary_above,
         bool_or(primary_any) as has_primary,
         bool_or(primary_active) as has_active_primary,
         bool_or(supporting_active) as has_active_supporting,
         bool_or(level = 'TOWNSHIP') as township_holder,
         bool_or(active_any and level = 'TOWNSHIP') as township_active,
         bool_or(outside) as outside,
         -- one body both PRIMARY and SUPPORTING
         bool_or(primary_any and supporting_any and body is not null) as role_conflict,
         -- levels with ≥2 distinct active PRIMARY bodies (one pair_body row per body)
         array_remove(array[
           ${['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'].map((l) => `case when count(body) filter (where primary_active and level = '${l}') >= 2 then '${l}' end`).join(',\n           ')}
         ], null) as crowded_levels,
         -- for the "bodies involved" filter: does body $5 hold what the flag is about?
         ${INVOLVES.map(([name, cond]) => `bool_or(body = $5::varchar and ${cond}) as ${name}`).join(',\n         ')},
         max(level) filter (where body = $5::varchar and primary_active) as involves_primary_level
    from pair_body
   group by target, item${key()}
),
pair as (
  select coalesce(h.target, a.target) as target, coalesce(h.item, a.item) as item,${only?.dated ? ' coalesce(h.d, a.d) as d,' : ''}
         a.item is not null as applicable,
         coalesce(h.primary_township, false) as primary_township,
         coalesce(h.primary_above, false) as primary_above,
         coalesce(h.has_primary, false) as has_primary,
         coalesce(h.has_active_primary, false) as has_active_primary,
         coalesce(h.has_active_supporting, false) as has_active_supporting,
         coalesce(h.township_holder, false) as township_holder,
         coalesce(h.role_conflict, false) as role_conflict,
         coalesce(h.outside, false) as outside,
         coalesce(h.crowded_levels, '{}') as crowded_levels,
         ${INVOLVES.map(([name]) => `coalesce(h.${name}, false) as ${name}`).join(', ')},
         h.involves_primary_level
    from pair_facts h
    full join (select ap.* from applicable ap join target t on t.code = ap.target${same('t', 'ap')} and t.leaf) a
      on a.target = h.target and a.item = h.item${same('a', 'h')}
),

-- §6 the eight flag kinds (the three GAP kinds exclude each other by construction);
-- \`involves\` says whether the body $5 is one of the flag's bodies (see FLAG_BODY_CONDITION)
six_flag as (
  select p.target, p.item, k.kind, p.crowded_levels, k.involves, '{}'::varchar[] as extra_bodies${key('p')}
    from (select * from pair p
           where (p.primary_township and p.primary_above) or cardinality(p.crowded_levels) > 0
              or (p.applicable and not p.has_primary) or (p.has_primary and not p.has_active_primary)
              or (not p.applicable and p.township_holder) or p.role_conflict or p.outside) p
    cross join lateral (values
      ('OVERLAP_COUNTY_TOWNSHIP', p.primary_township and p.primary_above, p.involves_primary_active),
      ('OVERLAP_SAME_LEVEL', cardinality(p.crowded_levels) > 0, p.involves_primary_level = any(p.crowded_levels)),
      ('GAP_NO_HOLDER', p.applicable and not p.has_primary and not p.has_active_supporting, false),
      ('GAP_SUPPORT_ONLY', p.applicable and not p.has_primary and p.has_active_supporting, p.involves_supporting_active),
      ('GAP_INACTIVE_PRIMARY', p.has_primary and not p.has_active_primary, p.involves_primary_inactive),
      ('UNLISTED_TOWNSHIP_DUTY', not p.applicable and p.township_holder, p.involves_township),
      ('ROLE_CONFLICT', p.role_conflict, p.involves_role_conflict),
      ('OUT_OF_JURISDICTION', p.outside, p.involves_outside)
    ) as k(kind, fires, involves)
   where k.fires
),
${dutyCtes(mode, only)},
-- §6 and §8 together
flag as (
  select * from six_flag
  union all
  select * from duty_flag
)`;
}

/**
 * §6 which bodies a flag is about, as a condition on a pair_body row \`pb\` of the flag \`f\`:
 * overlaps name the active PRIMARY bodies (same level: at the crowded levels), gaps the supporting or
 * inactive primary bodies, the others the township-level, conflicting or foreign bodies.
 */
export const FLAG_BODY_CONDITION = `pb.body is not null and case f.kind
    when 'OVERLAP_COUNTY_TOWNSHIP' then pb.primary_active
    when 'OVERLAP_SAME_LEVEL' then pb.primary_active and pb.level = any(f.crowded_levels)
    when 'GAP_NO_HOLDER' then false
    when 'GAP_SUPPORT_ONLY' then pb.supporting_active
    when 'GAP_INACTIVE_PRIMARY' then pb.primary_inactive
    when 'UNLISTED_TOWNSHIP_DUTY' then pb.level = 'TOWNSHIP'
    when 'ROLE_CONFLICT' then pb.primary_any and pb.supporting_any
    when 'OUT_OF_JURISDICTION' then pb.outside${DUTY_FLAG_BODY_CASES}
  end`;

/**
 * A CTE \`name\` giving the bodies of every flag row of \`source\` (target, item, kind, crowded_levels[, d]), from the
 * rows of \`pairBody\` (the CTE pair_body, or a table of its rows).
 */
export const flagBodiesCte = (name: string, source: string, dated = false, pairBody = 'pair_body') => {
  const { key, same } = dating(dated);
  return `
${name} as (
  select f.target, f.item, f.kind,
         array(select distinct b from unnest(coalesce(array_agg(pb.body) filter (where ${FLAG_BODY_CONDITION}), '{}')
                                            || f.extra_bodies) as x(b)
                where b is not null order by b)::varchar[] as bodies${key('f')}
    from ${source} f
    left join ${pairBody} pb on pb.target = f.target and pb.item = f.item${same('pb', 'f')}
   group by f.target, f.item, f.kind, f.crowded_levels, f.extra_bodies${key('f')}
)`;
};

/** Stable order of kinds, as SPEC §6 and §8 list them (used in cursors and counts). */
export const FLAG_KINDS = [
  'OVERLAP_COUNTY_TOWNSHIP',
  'OVERLAP_SAME_LEVEL',
  'GAP_NO_HOLDER',
  'GAP_SUPPORT_ONLY',
  'GAP_INACTIVE_PRIMARY',
  'UNLISTED_TOWNSHIP_DUTY',
  'ROLE_CONFLICT',
  'OUT_OF_JURISDICTION',
  ...DUTY_FLAG_KINDS,
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
  /** The item row (null: no such item); the place and its ancestors, place first; the bodies named. */
  item: ItemRow | null;
  places: JurisdictionRow[] | null;
  bodies: BodyRow[] | null;
  holders: ChainHolderRow[];
  applicable: boolean;
  flags: { kind: FlagKindName; bodies: string[] }[];
  acknowledgements: { kind: string; reason: string; actor: string | null; at: string }[];
}

/**
 * Everything a chain needs about (I = $2[1], T = $4) at $1 in one statement ($3, $5 null), including the
 * item, jurisdiction and body rows its GraphQL fields show (they prime the request's loaders).
 */
export const CHAIN_SQL = prepare(
  'chain',
  `
with recursive ${resolutionCte(ONE_PLACE, 'pairs')},
${flagBodiesCte('flag_bodies', 'flag')}
select
  (select row_to_json(i) from (${ITEMS_BY_CODE_SQL.replace('$1::varchar[]', '$2::varchar[]')}) i) as item,
  (select json_agg(row_to_json(j) order by cardinality(j.path) desc)
     from (${JURISDICTIONS_BY_CODE_SQL.replace('$1::varchar[]', '(select t.path from target t)::varchar[]')}) j) as places,
  (select json_agg(row_to_json(b))
     from (${BODIES_BY_CODE_SQL.replace(
       '$1::varchar[]',
       `array(select h.body from holder h where h.body is not null union select h.named_body from holder h where h.named_body is not null
              union select unnest(f.bodies) from flag_bodies f)::varchar[]`,
     )}) b) as bodies,
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
    from flag_bodies f), '[]'::json) as flags,
  coalesce((select json_agg(json_build_object('kind', a.kind, 'reason', a.reason, 'actor', a.actor, 'at', a.acknowledged_at))
    from flag_acknowledgement a where a.item_code = ($2::varchar[])[1] and a.jurisdiction_code = $4::varchar), '[]'::json)
    as acknowledgements`,
  { plan: 'generic' },
);
