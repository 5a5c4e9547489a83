/**
 * Flags of a whole scope without resolving every (item, leaf) pair (docs/decisions.md, "Flags by class").
 *
 * The townships of one county (or of a city without counties) share every fact the rules read, except
 * their own government, which the relative holder TOWNSHIP_GOVERNMENT names at each. When a township's
 * government is in force at d it resolves directly, at TOWNSHIP level, to a body no sibling shares, so for
 * one item every such "plain" township of a parent has the same flags, unless something names the township
 * itself. Those exceptions are found from the data (an assignment scoped at it or carving it out, an entry's
 * notApplicableIn naming it, a list owned by it, a holder body — or a successor of it — belonging to it, a
 * STATIONED holder serving it beyond its own jurisdiction). So: per (item, parent) the rules of
 * resolution.sql.ts run at ONE representative township (the first one not exceptional for the item) and at
 * every exceptional pair, and the representative's flags are copied to its unexceptional siblings.
 * Leaves that are not plain (a county with no townships, a township whose government is not in force at d)
 * form a class of their own and are resolved in full. The rules themselves are not written here.
 *
 * Parameters as resolution.sql.ts ($1 asOf, $2 items, $3 domain, $4 scope or null for the nation, $5 null).
 */
import { ASSIGNMENT_COLUMNS, ENTRY_COLUMNS, inForce, LEAVES_UNDER_SCOPE, resolutionCte } from './resolution.sql';
import { governmentCodeSql } from '../jurisdiction/jurisdiction.code';
const cols = (alias: string, list: string) =>
  list
    .split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');

/**
 * CTEs giving, for the leaves under $4: rep (leaf_group, item, rep: the representative leaf), odd_pair (item,
 * leaf, leaf_group: the exceptional pairs) and the candidate assignments and entries of both.
 */
const classCtes = `
scope_leaf as (${LEAVES_UNDER_SCOPE}),
-- the class of each leaf: a plain township's parent, any other leaf itself
leaf_class as (
  select l.code, l.path,
         case when l.level = 'TOWNSHIP' and cardinality(l.path) > 1
                   and exists (select 1 from body g where g.code = ${governmentCodeSql('l.code')} and ${inForce('g')})
                   -- a township with its own duty list (SPEC §8) has a list its siblings do not share
                   and not exists (select 1 from catalogue d where d.owner_code = l.code and d.kind = 'DUTY')
              then l.path[cardinality(l.path) - 1] else l.code end as leaf_group
    from scope_leaf l
),
-- each class: the path of its parent (a plain township's class) or of the leaf itself, its leaves in order
-- (min picks the one path a class has: any_value is PostgreSQL 16+)
leaf_group as (
  select leaf_group, min(case when leaf_group = code then path else path[1:cardinality(path) - 1] end) as group_path,
         count(*)::int as n, array_agg(code order by code) as codes
    from leaf_class group by leaf_group
),
-- what can reach the leaves: assignments and lists at a class's parent or above, and at the leaves themselves
group_assignment as (
  select g.leaf_group, g.group_path, ${cols('a', ASSIGNMENT_COLUMNS)}
    from leaf_group g cross join lateral unnest(g.group_path) anc(code)
    join assignment a on a.scope_code = anc.code
),
leaf_assignment as (
  select l.code as leaf, ${cols('a', ASSIGNMENT_COLUMNS)}
    from leaf_class l cross join lateral (select * from assignment x where x.scope_code = l.code) a
   where l.leaf_group <> l.code
),
group_entry as (
  select g.leaf_group, g.group_path, k.owner_code, k.kind, k.valid_from as list_from, k.valid_to as list_to,
         ${cols('e', ENTRY_COLUMNS)}
    from leaf_group g cross join lateral unnest(g.group_path) anc(code)
    join catalogue k on k.owner_code = anc.code
    join catalogue_entry e on e.catalogue_code = k.code
),
-- the items of a class (anything that may reach it; more than needed is harmless)
group_item as (
  select leaf_group, item_code as item from group_assignment
  union
  select leaf_group, item_code from group_entry
),
-- (item, body) named in reach, and the bodies of the body's successor chain
body_chain(item, start, code, depth) as (
  select distinct x.item_code, x.body_code, x.body_code, 0
    from (select item_code, body_code from group_assignment union all select item_code, body_code from leaf_assignment
          -- a duty list's lead and takenBy (SPEC §8) are matched against the holders too
          union all select item_code, lead_code from group_entry union all select item_code, taken_by_code from group_entry) x
   where x.body_code is not null
  union all
  select c.item, c.start, b.successor_code, c.depth + 1 from body_chain c join body b on b.code = c.code
   where b.successor_code is not null and c.depth < 32
),
-- (item, leaf) where a holder naming a body is not as at the leaf's siblings: the body or a successor belongs to
-- the leaf, or is a STATIONED body serving the leaf beyond its own jurisdiction
body_leaf as (
  select c.item, j.code as leaf
    from body_chain c join body b on b.code = c.code join jurisdiction j on j.code = b.jurisdiction_code and j.leaf
  union all
  select c.item, s.code
    from body_chain c join body b on b.code = c.code and b.kind = 'STATIONED' and cardinality(b.serves) > 0
    cross join lateral unnest(b.serves) sv(code) join jurisdiction s on s.code = sv.code and s.leaf
   where not (b.jurisdiction_code = any(s.path))
),
-- the exceptional (item, plain township) pairs under the scope (more than needed is harmless: they are resolved
-- one by one)
odd_pair as materialized (
  select distinct x.item, x.leaf, l.leaf_group from (
    select item_code as item, leaf from leaf_assignment
    union all
    select a.item_code, x.code from group_assignment a cross join lateral unnest(a.except_in) x(code)
     where cardinality(a.except_in) > 0
    union all
    select item, leaf from body_leaf
    union all
    select e.item_code, x.code from group_entry e cross join lateral unnest(e.not_applicable_in) x(code)
     where cardinality(e.not_applicable_in) > 0
    union all
    select e.item_code, k.owner_code from catalogue k join leaf_class l on l.code = k.owner_code
      join catalogue_entry e on e.catalogue_code = k.code
    union all
    -- an empowerment (SPEC §8) scoped at a leaf or carving one out
    select m.item_code, m.scope_code from empowerment m join leaf_class l on l.code = m.scope_code
    union all
    select m.item_code, x.code from empowerment m cross join lateral unnest(m.except_in) x(code)
     where cardinality(m.except_in) > 0
  ) x join leaf_class l on l.code = x.leaf and l.leaf_group <> l.code
),
odd_rank as (
  select o.item, o.leaf_group, array_agg(array_position(g.codes, o.leaf)) as ranks
    from odd_pair o join leaf_group g on g.leaf_group = o.leaf_group
   group by o.item, o.leaf_group
),
-- per (class, item): the first leaf of the class not exceptional for the item (none when all are)
rep as materialized (
  select r.* from (
    select gi.leaf_group, gi.item,
           g.codes[case when o.ranks is null then 1
                        else (select min(s) from generate_series(1, g.n) s where s <> all(o.ranks)) end] as rep
      from group_item gi
      join leaf_group g on g.leaf_group = gi.leaf_group
      left join odd_rank o on o.leaf_group = gi.leaf_group and o.item = gi.item) r
   where r.rep is not null
),
-- the candidates the rules are applied to: at a representative, its class's; at an exceptional pair, its class's
-- and its own
candidate_assignment as (
  select r.rep as target, ${cols('a', ASSIGNMENT_COLUMNS)}
    from rep r join group_assignment a on a.leaf_group = r.leaf_group and a.item_code = r.item
  union all
  select o.leaf, ${cols('a', ASSIGNMENT_COLUMNS)}
    from odd_pair o join group_assignment a on a.leaf_group = o.leaf_group and a.item_code = o.item
  union all
  select o.leaf, ${cols('a', ASSIGNMENT_COLUMNS)}
    from odd_pair o join leaf_assignment a on a.leaf = o.leaf and a.item_code = o.item
),
candidate_entry as (
  select r.rep as target, e.owner_code, e.kind, e.list_from, e.list_to, ${cols('e', ENTRY_COLUMNS)}
    from rep r join group_entry e on e.leaf_group = r.leaf_group and e.item_code = r.item
  union all
  select o.leaf, e.owner_code, e.kind, e.list_from, e.list_to, ${cols('e', ENTRY_COLUMNS)}
    from odd_pair o join group_entry e on e.leaf_group = o.leaf_group and e.item_code = o.item
  union all
  select o.leaf, k.owner_code, k.kind, k.valid_from, k.valid_to, ${cols('e', ENTRY_COLUMNS)}
    from odd_pair o join catalogue k on k.owner_code = o.leaf
    join catalogue_entry e on e.catalogue_code = k.code and e.item_code = o.item
)`;

/** The flags (target, item, kind, crowded_levels) of every leaf under $4, as CTE \`scope_flag\`. */
export const SCOPE_FLAGS_CTE = `
${classCtes},
${resolutionCte(
  `select j.code, j.level, j.path, j.leaf from jurisdiction j
    where j.code in (select rep from rep union select leaf from odd_pair)`,
  'scope',
  { assignments: 'candidate_assignment', entries: 'candidate_entry' },
)},
-- the representatives' flags (few), then copied to their classes' other leaves
rep_flag as materialized (
  select rep.leaf_group, rep.item, f.kind, f.crowded_levels from rep join flag f on f.target = rep.rep and f.item = rep.item
),
scope_flag as (
  select l.code as target, rf.item, rf.kind, rf.crowded_levels
    from rep_flag rf
    join leaf_group g on g.leaf_group = rf.leaf_group
    cross join lateral unnest(g.codes) l(code)
   where not exists (select 1 from odd_pair o where o.item = rf.item and o.leaf = l.code)
  union all
  select f.target, f.item, f.kind, f.crowded_levels from flag f join odd_pair o on o.item = f.item and o.leaf = f.target
)`;
