/**
 * THE RULES OF SPEC.md §8 (township duty lists and empowerment), as CTE fragments that resolution.sql.ts
 * composes into its one rule CTE after `pair_facts`. They read the CTEs defined there (target, pair_body,
 * pair_facts) and yield `duty_flag` rows shaped like its `flag` rows (target, item, kind, crowded_levels,
 * involves, extra_bodies), so every query built on the rule CTE sees the five new kinds with the first eight.
 * Parameters as resolution.sql.ts ($1 asOf, $2 items, $3 domain, $5 a body involved).
 */
import { bodyByCode, dating, inForceAt, type Candidates, type Mode } from './resolution.parts';

/** The five kinds of SPEC §8, in the order the spec lists them. */
export const DUTY_FLAG_KINDS = [
  'RECLAIMED_STILL_ASSIGNED',
  'DUTY_NOT_LISTED',
  'COOPERATION_WITHOUT_LEAD',
  'BASIC_LED_ABOVE',
  'POWER_WITHOUT_EMPOWERMENT',
] as const;

/** §8 categories that need legal power to be exercised. */
export const POWER_CATEGORIES = ['LICENSING', 'PENALTY', 'COERCION', 'INSPECTION', 'LEVY'] as const;
const POWER = `(${POWER_CATEGORIES.map((c) => `'${c}'`).join(', ')})`;

/**
 * §8 the bodies of the new kinds, as `when` branches of FLAG_BODY_CONDITION over a pair_body row `pb`
 * (takenBy and lead travel in the flag's extra_bodies).
 */
export const DUTY_FLAG_BODY_CASES = `
    when 'RECLAIMED_STILL_ASSIGNED' then pb.active_any and pb.level = 'TOWNSHIP'
    when 'DUTY_NOT_LISTED' then pb.active_any and pb.level = 'TOWNSHIP'
    when 'COOPERATION_WITHOUT_LEAD' then pb.primary_active
    when 'BASIC_LED_ABOVE' then pb.primary_active and pb.level in ('PROVINCE', 'CITY', 'COUNTY')
    when 'POWER_WITHOUT_EMPOWERMENT' then pb.primary_active and pb.level = 'TOWNSHIP'`;

/**
 * List entries that may reach each leaf target, as rows (target, owner_code, kind, list_from, list_to,
 * item_code, not_applicable_in, valid_from, valid_to, category, part, lead_code, taken_by_code): the class
 * computation's candidates, or read from the tables.
 */
const entriesInReach = (only?: Candidates) =>
  only
    ? only.entries
    : `(select t.code as target, c.owner_code, c.kind, c.valid_from as list_from, c.valid_to as list_to,
               e.item_code, e.not_applicable_in, e.valid_from, e.valid_to, e.category, e.part, e.lead_code, e.taken_by_code
          from target t
          join catalogue c on c.owner_code = any(t.path)
          join catalogue_entry e on e.catalogue_code = c.code
         where t.leaf)`;

const itemFilter = (column: string, mode: Mode) =>
  mode === 'pairs'
    ? `${column} = any($2::varchar[])`
    : `($2::varchar[] is null or ${column} = any($2::varchar[]))
   and ($3::text is null or exists (select 1 from item i where i.code = ${column} and i.domain = $3::text))`;

export function dutyCtes(mode: Mode, only?: Candidates): string {
  // a dated evaluation (resolution.parts.ts): every row carries its date d
  const { at, key, same } = dating(only?.dated);
  return `
-- §8 the duty list in force at leaf T: T's own DUTY list if one is in force at d, else that of T's nearest
-- ancestor with one in force (it replaces as a whole; it exists even with no entry in force)
duty_list as (
  select distinct on (t.code${key('t')}) t.code as target, c.owner_code as owner${key('t')}
    from target t
    join catalogue c on c.kind = 'DUTY' and c.owner_code = any(t.path) and ${inForceAt('c', at('t'))}
   where t.leaf
   order by t.code${key('t')}, array_position(t.path, c.owner_code) desc
),
-- §8 L: the entries in force of the owner's DUTY lists in force, that apply at T (not under notApplicableIn)
duty_entry as (
  select distinct on (dl.target${key('dl')}, e.item_code) dl.target, e.item_code as item, e.part,
         e.lead_code as lead, e.taken_by_code as taken_by${key('dl')}
    from duty_list dl
    join target t on t.code = dl.target${same('t', 'dl')}
    join ${entriesInReach(only)} e on e.target = dl.target${same('e', 'dl')} and e.owner_code = dl.owner and e.kind = 'DUTY'
   where (e.list_from is null or e.list_from <= ${at('dl')}) and (e.list_to is null or ${at('dl')} < e.list_to)
     and ${inForceAt('e', at('dl'))}
     and not (t.path && e.not_applicable_in)
     and ${itemFilter('e.item_code', mode)}
   order by dl.target${key('dl')}, e.item_code, e.part
),
-- §4 successor resolution of the bodies named as lead / takenBy (null: inactive, no active successor)
duty_walk(start, code, depth${key()}) as (
  select distinct x.code, x.code, 0${key('de')}
    from duty_entry de cross join lateral (values (de.lead), (de.taken_by)) as x(code)
   where x.code is not null
  union all
  select w.start, b.successor_code, w.depth + 1${key('w')}
    from duty_walk w cross join lateral ${bodyByCode('w.code')} b
   where not (${inForceAt('b', at('w'))}) and b.successor_code is not null and w.depth < 32
),
duty_resolved as (
  select distinct on (w.start${key('w')}) w.start, w.code${key('w')}
    from duty_walk w cross join lateral ${bodyByCode('w.code')} b
   where ${inForceAt('b', at('w'))}
   order by w.start${key('w')}, w.depth
),
-- §8 power items among the pairs with an active township-level PRIMARY holder: the category at (T, d) comes
-- from the nearest owner with a LOCAL list in force listing I in force and applicable at T (any of its
-- entries with a power category, deviation first), else from the item itself
power_candidate as (
  select pf.target, pf.item${key('pf')} from pair_facts pf where pf.primary_township
),
local_category as (
  select x.target, x.item, bool_or(x.category in ${POWER}) as power${key('x')}
    from (select pc.target, pc.item${key('pc')}, coalesce(e.category, i.category) as category,
                 rank() over (partition by pc.target, pc.item${key('pc')} order by array_position(t.path, e.owner_code) desc) as nearest
            from power_candidate pc
            join target t on t.code = pc.target${same('t', 'pc')}
            join ${entriesInReach(only)} e on e.target = pc.target${same('e', 'pc')} and e.item_code = pc.item and e.kind = 'LOCAL'
            join item i on i.code = pc.item
           where (e.list_from is null or e.list_from <= ${at('pc')}) and (e.list_to is null or ${at('pc')} < e.list_to)
             and ${inForceAt('e', at('pc'))}
             and e.owner_code = any(t.path)
             and not (t.path && e.not_applicable_in)) x
   where x.nearest = 1
   group by x.target, x.item${key('x')}
),
-- §8 the candidates an empowerment of I in force at d reaches (scoped at T or an ancestor, T not carved out;
-- joined by (item, ancestor) so that it is one hash or index probe per ancestor, whatever the join method)
power_empowered as (
  select distinct pc.target, pc.item${key('pc')}
    from power_candidate pc
    join target t on t.code = pc.target${same('t', 'pc')}
    cross join lateral unnest(t.path) anc(code)
    join empowerment m on m.item_code = pc.item and m.scope_code = anc.code
   where ${inForceAt('m', at('pc'))} and not (t.path && m.except_in)
),
power_pair as (
  select pc.target, pc.item${key('pc')}
    from power_candidate pc
    join item i on i.code = pc.item
    left join local_category lc on lc.target = pc.target and lc.item = pc.item${same('lc', 'pc')}
    -- no empowerment of I in force at d reaches T
    left join power_empowered pe on pe.target = pc.target and pe.item = pc.item${same('pe', 'pc')}
   where coalesce(lc.power, i.category in ${POWER}) and pe.target is null
),
-- §8 the five kinds; extra_bodies: the named takenBy / lead (resolved at d when active) beside the holders
duty_flag_raw as (
  select de.target, de.item, 'RECLAIMED_STILL_ASSIGNED'::text as kind, array[coalesce(r.code, de.taken_by)]::varchar[] as extra_bodies${key('de')}
    from duty_entry de
    join pair_facts pf on pf.target = de.target and pf.item = de.item${same('pf', 'de')} and pf.township_active
    left join duty_resolved r on r.start = de.taken_by${same('r', 'de')}
   where de.part = 'RECLAIMED'
  union all
  select pf.target, pf.item, 'DUTY_NOT_LISTED', '{}'::varchar[]${key('pf')}
    from pair_facts pf
    join duty_list dl on dl.target = pf.target${same('dl', 'pf')}
   where pf.township_active
     and not exists (select 1 from duty_entry de where de.target = pf.target and de.item = pf.item${same('de', 'pf')})
  union all
  select de.target, de.item, 'COOPERATION_WITHOUT_LEAD', array[coalesce(r.code, de.lead)]::varchar[]${key('de')}
    from duty_entry de
    left join duty_resolved r on r.start = de.lead${same('r', 'de')}
   where de.part = 'COOPERATING'
     and (r.code is null or not exists (
       select 1 from pair_body pb
        where pb.target = de.target and pb.item = de.item${same('pb', 'de')} and pb.body = r.code and pb.primary_active))
  union all
  select de.target, de.item, 'BASIC_LED_ABOVE', '{}'::varchar[]${key('de')}
    from duty_entry de
    join pair_facts pf on pf.target = de.target and pf.item = de.item${same('pf', 'de')}
   where de.part = 'BASIC' and not pf.primary_township and pf.primary_above
  union all
  select pp.target, pp.item, 'POWER_WITHOUT_EMPOWERMENT', '{}'::varchar[]${key('pp')} from power_pair pp
),
duty_flag as (
  select f.target, f.item, f.kind, '{}'::text[] as crowded_levels,
         ($5::varchar = any(f.extra_bodies) or exists (
           select 1 from pair_body pb
            where pb.target = f.target and pb.item = f.item${same('pb', 'f')} and pb.body = $5::varchar
              and case f.kind ${DUTY_FLAG_BODY_CASES} end)) as involves,
         f.extra_bodies${key('f')}
    from duty_flag_raw f
)`;
}
