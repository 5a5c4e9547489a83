/**
 * Flags of many leaves at every date at once, without resolving every (item, leaf) pair at every date
 * (docs/decisions.md, "Flags by class" and "Flags as dated intervals"). The maintained flag store
 * (analysis/flag-store) is computed with it, in three statements (classTablesSql, DATED_RULES_CTE, DATED_FLAGS_CTE)
 * over scratch tables analysed in between.
 *
 * Classes. The townships of one county (or of a city without counties) share every fact the rules read,
 * except their own government, which the relative holder TOWNSHIP_GOVERNMENT names at each. When a township's
 * government is in force at every date (no validity bound) it resolves directly, at TOWNSHIP level, to a
 * body no sibling shares, so for one item every such "plain" township of a parent has the same flags (its
 * own government standing for the representative's among the bodies), unless something names the township
 * itself. Those exceptions are found from the data (an assignment scoped at it or carving it out, an entry's
 * notApplicableIn naming it, a list owned by it, a holder body — or a successor of it — belonging to it, a
 * STATIONED holder serving it beyond its own jurisdiction, an empowerment scoped at it or carving it out).
 * So: per (item, parent) the rules run at ONE representative township (the first one not exceptional for
 * the item) and at every exceptional pair, and the representative's results are copied to its unexceptional
 * siblings. Leaves that are not plain (a county with no townships, a township whose government has a
 * validity bound or that has its own duty list) form a class of their own and are resolved in full.
 *
 * Dates. The answer for (item, leaf) can change only on a date where something that reaches the pair starts
 * or ends: a candidate assignment or entry, its list, a body it names or one of their successors, a duty list
 * in reach (which list is in force), an empowerment of the item in reach, the leaf's own government. So each
 * representative or exceptional pair is evaluated once per segment between its own change points (the first
 * from -infinity), all in one statement: the rules of resolution.sql.ts run dated (Candidates.dated), every
 * candidate row carrying the date of its segment. The rules themselves are not written here.
 *
 * Parameters: $2 items, $3 domain, $5 a body, as resolution.sql.ts (the flag store binds them to null); the
 * leaves are the caller's SQL.
 */
import { ASSIGNMENT_COLUMNS, ENTRY_COLUMNS, flagBodiesCte, resolutionCte } from './resolution.sql';
import { governmentCodeSql } from '../jurisdiction/jurisdiction.code';
const cols = (alias: string, list: string) =>
  list
    .split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');

/**
 * CTEs giving, for the leaves of \`leaves\` (code, level, path, leaf): rep (leaf_group, item, rep: the
 * representative leaf), odd_pair (item, leaf, leaf_group: the exceptional pairs), their segments rep_date and
 * odd_date (…, d, next) and the candidate assignments and entries of both, dated.
 */
const classCtes = (leaves: string) => `
scope_leaf as (${leaves}),
-- the class of each leaf: a plain township's parent, any other leaf itself
leaf_class as (
  select l.code, l.path,
         case when l.level = 'TOWNSHIP' and cardinality(l.path) > 1
                   and exists (select 1 from body g where g.code = ${governmentCodeSql('l.code')}
                                  and g.valid_from is null and g.valid_to is null)
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
-- change points: the validity bounds of each body named in reach and of its successors, per (item, body)
body_bound(item, start, d) as (
  select c.item, c.start, x.d from body_chain c join body b on b.code = c.code
   cross join lateral (values (b.valid_from), (b.valid_to)) x(d) where x.d is not null
),
-- … of a class's items: its candidate assignments and entries, their lists, the bodies they name, every duty
-- list in reach (which one is in force), the item's empowerments in reach, and for a class of one leaf that
-- leaf's government and its successors
gov_chain(leaf, code, depth) as (
  select g.leaf_group, ${governmentCodeSql('g.leaf_group')}, 0 from leaf_group g where g.n = 1
  union all
  select c.leaf, b.successor_code, c.depth + 1 from gov_chain c join body b on b.code = c.code
   where b.successor_code is not null and c.depth < 32
),
-- (for every item of a class: which duty list is in force, and a class of one leaf's government)
class_point(leaf_group, d) as (
  select g.leaf_group, x.d from leaf_group g join catalogue k on k.kind = 'DUTY' and k.owner_code = any(g.group_path)
   cross join lateral (values (k.valid_from), (k.valid_to)) x(d) where x.d is not null
  union
  select c.leaf, x.d from gov_chain c join body b on b.code = c.code
   cross join lateral (values (b.valid_from), (b.valid_to)) x(d) where x.d is not null
),
-- (the item's empowerments in reach of the class)
item_point(leaf_group, item, d) as (
  select g.leaf_group, m.item_code, x.d from leaf_group g join empowerment m on m.scope_code = any(g.group_path)
   cross join lateral (values (m.valid_from), (m.valid_to)) x(d) where x.d is not null
),
group_point(leaf_group, item, d) as (
  select a.leaf_group, a.item_code, x.d from group_assignment a
   cross join lateral (values (a.valid_from), (a.valid_to)) x(d) where x.d is not null
  union
  select a.leaf_group, a.item_code, bb.d from group_assignment a join body_bound bb on bb.item = a.item_code and bb.start = a.body_code
  union
  select e.leaf_group, e.item_code, x.d from group_entry e
   cross join lateral (values (e.valid_from), (e.valid_to), (e.list_from), (e.list_to)) x(d) where x.d is not null
  union
  select e.leaf_group, e.item_code, bb.d from group_entry e
    join body_bound bb on bb.item = e.item_code and (bb.start = e.lead_code or bb.start = e.taken_by_code)
  union
  select gi.leaf_group, gi.item, c.d from group_item gi join class_point c on c.leaf_group = gi.leaf_group
  union
  select gi.leaf_group, gi.item, m.d from group_item gi join item_point m on m.leaf_group = gi.leaf_group and m.item = gi.item
),
-- … of an exceptional pair: its class's (also for an item the class itself has no row of), and those of what
-- names the leaf itself
odd_point(item, leaf, d) as (
  select o.item, o.leaf, p.d from odd_pair o join group_point p on p.leaf_group = o.leaf_group and p.item = o.item
  union
  select o.item, o.leaf, c.d from odd_pair o join class_point c on c.leaf_group = o.leaf_group
  union
  select o.item, o.leaf, m.d from odd_pair o join item_point m on m.leaf_group = o.leaf_group and m.item = o.item
  union
  select a.item_code, a.leaf, x.d from leaf_assignment a
   cross join lateral (values (a.valid_from), (a.valid_to)) x(d) where x.d is not null
  union
  select a.item_code, a.leaf, bb.d from leaf_assignment a join body_bound bb on bb.item = a.item_code and bb.start = a.body_code
  union
  select e.item_code, k.owner_code, x.d from catalogue k join leaf_class l on l.code = k.owner_code and l.leaf_group <> l.code
    join catalogue_entry e on e.catalogue_code = k.code
   cross join lateral (values (e.valid_from), (e.valid_to), (k.valid_from), (k.valid_to)) x(d) where x.d is not null
  union
  select m.item_code, m.scope_code, x.d from empowerment m join leaf_class l on l.code = m.scope_code and l.leaf_group <> l.code
   cross join lateral (values (m.valid_from), (m.valid_to)) x(d) where x.d is not null
),
-- the segments: from -infinity and from each change point to the next (null: open)
rep_date as materialized (
  select s.leaf_group, s.item, s.rep, s.d, lead(s.d) over (partition by s.leaf_group, s.item order by s.d) as next
    from (select r.leaf_group, r.item, r.rep, '-infinity'::date as d from rep r
          union all
          select r.leaf_group, r.item, r.rep, p.d from rep r join group_point p on p.leaf_group = r.leaf_group and p.item = r.item) s
),
odd_date as materialized (
  select s.item, s.leaf, s.leaf_group, s.d, lead(s.d) over (partition by s.item, s.leaf order by s.d) as next
    from (select o.item, o.leaf, o.leaf_group, '-infinity'::date as d from odd_pair o
          union
          select o.item, o.leaf, o.leaf_group, p.d from odd_pair o join odd_point p on p.item = o.item and p.leaf = o.leaf) s
),
-- the candidates the rules are applied to, at each segment's start: at a representative, its class's; at an
-- exceptional pair, its class's and its own
candidate_assignment as (
  select r.rep as target, r.d, ${cols('a', ASSIGNMENT_COLUMNS)}
    from rep_date r join group_assignment a on a.leaf_group = r.leaf_group and a.item_code = r.item
  union all
  select o.leaf, o.d, ${cols('a', ASSIGNMENT_COLUMNS)}
    from odd_date o join group_assignment a on a.leaf_group = o.leaf_group and a.item_code = o.item
  union all
  select o.leaf, o.d, ${cols('a', ASSIGNMENT_COLUMNS)}
    from odd_date o join leaf_assignment a on a.leaf = o.leaf and a.item_code = o.item
),
candidate_entry as (
  select r.rep as target, r.d, e.owner_code, e.kind, e.list_from, e.list_to, ${cols('e', ENTRY_COLUMNS)}
    from rep_date r join group_entry e on e.leaf_group = r.leaf_group and e.item_code = r.item
  union all
  select o.leaf, o.d, e.owner_code, e.kind, e.list_from, e.list_to, ${cols('e', ENTRY_COLUMNS)}
    from odd_date o join group_entry e on e.leaf_group = o.leaf_group and e.item_code = o.item
  union all
  -- (a lateral lookup by key: a leaf's own lists, probed by index, never a scan of every entry)
  select o.leaf, o.d, x.owner_code, x.kind, x.list_from, x.list_to, ${cols('x', ENTRY_COLUMNS)}
    from odd_date o cross join lateral (
      select k.owner_code, k.kind, k.valid_from as list_from, k.valid_to as list_to, ${cols('e', ENTRY_COLUMNS)}
        from catalogue k join catalogue_entry e on e.catalogue_code = k.code and e.item_code = o.item
       where k.owner_code = o.leaf offset 0) x
)`;

/** The government code of the representative \`rep\` replaced by that of \`leaf\` in the body array \`bodies\`. */
const asSibling = (bodies: string, rep: string, leaf: string) =>
  `array(select case when b = ${governmentCodeSql(rep)} then ${governmentCodeSql(leaf)} else b end from unnest(${bodies}) b order by 1)::varchar[]`;

/**
 * The class computation is kept in scratch tables between its two statements, so that the rules run over rows
 * the planner has statistics for (ANALYZE between the two): estimated from CTEs, a batch of counties was planned
 * as nested loops over tens of millions of row pairs.
 */
export const CLASS_TABLES = [
  'class_leaf_group',
  'class_odd_pair',
  'class_rep_date',
  'class_odd_date',
  'class_assignment',
  'class_entry',
];
export const CLASS_TABLES_SQL = [
  `create temp table if not exists class_leaf_group (leaf_group varchar(9) not null, codes varchar(9)[] not null) on commit drop`,
  `create temp table if not exists class_odd_pair (item varchar(64) not null, leaf varchar(9) not null) on commit drop`,
  `create temp table if not exists class_rep_date (
     leaf_group varchar(9) not null, item varchar(64) not null, rep varchar(9) not null, d date not null, next date
   ) on commit drop`,
  `create temp table if not exists class_odd_date (
     item varchar(64) not null, leaf varchar(9) not null, leaf_group varchar(9) not null, d date not null, next date
   ) on commit drop`,
  `create temp table if not exists class_assignment (
     target varchar(9) not null, d date not null, id bigint not null, item_code varchar(64) not null, scope_code varchar(9) not null,
     role text not null, duty text, catalogue_code varchar(64), relative text, body_code varchar(64),
     except_in varchar(9)[] not null, valid_from date, valid_to date
   ) on commit drop`,
  `create temp table if not exists class_entry (
     target varchar(9) not null, d date not null, owner_code varchar(9) not null, kind text not null, list_from date, list_to date,
     item_code varchar(64) not null, not_applicable_in varchar(9)[] not null, valid_from date, valid_to date, category text,
     part text, lead_code varchar(64), taken_by_code varchar(64)
   ) on commit drop`,
];

/**
 * Statement 1: the classes of the leaves of \`leaves\` (code, level, path, leaf), their exceptional pairs, the
 * segments of both and their dated candidates, into the class tables.
 */
export const classTablesSql = (leaves: string) => `
with recursive ${classCtes(leaves)},
t_group as (insert into class_leaf_group (leaf_group, codes) select leaf_group, codes from leaf_group),
t_odd as (insert into class_odd_pair (item, leaf) select item, leaf from odd_pair),
t_rep_date as (insert into class_rep_date (leaf_group, item, rep, d, next) select leaf_group, item, rep, d, next from rep_date),
t_odd_date as (insert into class_odd_date (item, leaf, leaf_group, d, next) select item, leaf, leaf_group, d, next from odd_date),
t_assignment as (
  insert into class_assignment (target, d, ${ASSIGNMENT_COLUMNS}) select target, d, ${ASSIGNMENT_COLUMNS} from candidate_assignment
)
insert into class_entry (target, d, owner_code, kind, list_from, list_to, ${ENTRY_COLUMNS})
select target, d, owner_code, kind, list_from, list_to, ${ENTRY_COLUMNS} from candidate_entry`;

/** Scratch tables between statements 2 and 3: the rule CTE's flags and pair_body rows, evaluated dated. */
export const RULE_TABLES = ['rule_flag', 'rule_pair_body'];
export const RULE_TABLES_SQL = [
  `create temp table if not exists rule_flag (
     target varchar(9) not null, item varchar(64) not null, kind text not null, crowded_levels text[] not null,
     extra_bodies varchar[] not null, d date not null
   ) on commit drop`,
  `create temp table if not exists rule_pair_body (
     target varchar(9) not null, item varchar(64) not null, body varchar(64), level text, d date not null,
     primary_active boolean, primary_inactive boolean, primary_any boolean, supporting_active boolean,
     supporting_any boolean, active_any boolean, outside boolean
   ) on commit drop`,
];

/**
 * Statement 2 (after statement 1 and ANALYZE of the class tables): the rules at every segment of every
 * representative and exceptional pair. Its \`flag\` and \`pair_body\` rows go to the rule tables (RULE_FLAGS_SQL
 * below, for statement 3); for coverage and workload, \`scope_pair\` (target, item, applicable, owned, during: the
 * pairs the rules saw) and \`scope_hold\` (target, item, body, role, level, kind, during: the active holders),
 * copied from representatives to their siblings.
 */
export const DATED_RULES_CTE = `
${resolutionCte(
  `select j.code, j.level, j.path, j.leaf, x.d
     from (select rep as code, d from class_rep_date union select leaf, d from class_odd_date) x
     cross join lateral (select * from jurisdiction j where j.code = x.code offset 0) j`,
  'scope',
  { assignments: 'class_assignment', entries: 'class_entry', dated: true },
)},
rule_flags_kept as (
  insert into rule_flag (target, item, kind, crowded_levels, extra_bodies, d)
  select target, item, kind, crowded_levels, extra_bodies, d from flag
),
rule_pair_bodies_kept as (
  insert into rule_pair_body (target, item, body, level, d, primary_active, primary_inactive, primary_any,
                              supporting_active, supporting_any, active_any, outside)
  select target, item, body, level, d, primary_active, primary_inactive, primary_any,
         supporting_active, supporting_any, active_any, outside from pair_body
),
-- the pairs the rules saw (a holder, or applicable): applicable, and applicable with an active PRIMARY
pair_seg as materialized (
  select r.leaf_group, r.rep, r.item, p.applicable, p.applicable and p.has_active_primary as owned,
         daterange(nullif(r.d, '-infinity'), r.next) as during, false as odd
    from class_rep_date r join pair p on p.target = r.rep and p.item = r.item and p.d = r.d
  union all
  select o.leaf_group, o.leaf, o.item, p.applicable, p.applicable and p.has_active_primary,
         daterange(nullif(o.d, '-infinity'), o.next), true
    from class_odd_date o join pair p on p.target = o.leaf and p.item = o.item and p.d = o.d
),
scope_pair as (
  select l.code as target, ps.item, ps.applicable, ps.owned, ps.during
    from pair_seg ps
    join class_leaf_group g on g.leaf_group = ps.leaf_group
    cross join lateral unnest(g.codes) l(code)
   where not ps.odd and not exists (select 1 from class_odd_pair o where o.item = ps.item and o.leaf = l.code)
  union all
  select ps.rep, ps.item, ps.applicable, ps.owned, ps.during from pair_seg ps where ps.odd
),
-- the active holders of each pair (one row per body and role)
hold_seg as materialized (
  select r.leaf_group, r.rep, r.item, h.body, h.role, min(h.level) as level, min(h.kind) as kind,
         daterange(nullif(r.d, '-infinity'), r.next) as during, false as odd
    from class_rep_date r join holder h on h.target = r.rep and h.item = r.item and h.d = r.d
   where h.leaf and h.active and h.body is not null
   group by r.leaf_group, r.rep, r.item, h.body, h.role, r.d, r.next
  union all
  select o.leaf_group, o.leaf, o.item, h.body, h.role, min(h.level), min(h.kind),
         daterange(nullif(o.d, '-infinity'), o.next), true
    from class_odd_date o join holder h on h.target = o.leaf and h.item = o.item and h.d = o.d
   where h.leaf and h.active and h.body is not null
   group by o.leaf_group, o.leaf, o.item, h.body, h.role, o.d, o.next
),
scope_hold as (
  select l.code as target, hs.item,
         case when hs.body = ${governmentCodeSql('hs.rep')} then ${governmentCodeSql('l.code')} else hs.body end as body,
         hs.role, hs.level, hs.kind, hs.during
    from hold_seg hs
    join class_leaf_group g on g.leaf_group = hs.leaf_group
    cross join lateral unnest(g.codes) l(code)
   where not hs.odd and not exists (select 1 from class_odd_pair o where o.item = hs.item and o.leaf = l.code)
  union all
  select hs.rep, hs.item, hs.body, hs.role, hs.level, hs.kind, hs.during from hold_seg hs where hs.odd
)`;

/**
 * Statement 3 (after statement 2 and ANALYZE of the rule tables): the flags of every leaf at every date, as CTE
 * \`scope_flag\` (target, item, kind, bodies, during: the date range over which the flag holds with those bodies,
 * one row per segment), the representatives' copied to their siblings.
 */
export const DATED_FLAGS_CTE = `
${flagBodiesCte('flag_b', 'rule_flag', true, 'rule_pair_body')},
rep_flag as materialized (
  select r.leaf_group, r.rep, r.item, f.kind, f.bodies, daterange(nullif(r.d, '-infinity'), r.next) as during
    from class_rep_date r join flag_b f on f.target = r.rep and f.item = r.item and f.d = r.d
),
scope_flag as (
  select l.code as target, rf.item, rf.kind,
         case when l.code = rf.rep then rf.bodies else ${asSibling('rf.bodies', 'rf.rep', 'l.code')} end as bodies, rf.during
    from rep_flag rf
    join class_leaf_group g on g.leaf_group = rf.leaf_group
    cross join lateral unnest(g.codes) l(code)
   where not exists (select 1 from class_odd_pair o where o.item = rf.item and o.leaf = l.code)
  union all
  select f.target, f.item, f.kind, f.bodies, daterange(nullif(o.d, '-infinity'), o.next)
    from class_odd_date o join flag_b f on f.target = o.leaf and f.item = o.item and f.d = o.d
)`;
