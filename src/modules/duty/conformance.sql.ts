import { inForceSql } from '../records/record.window';

/**
 * SPEC §9 conformance (三级四同), set-based: the entries in force at $1 of each catalogue C with a guiding
 * catalogue G are compared with G's entries in force at $1 (a deviation replaces the item's value on its own
 * entry; basis compares as a set; names and citations as exact strings). Only the entries' own windows count,
 * and each catalogue is compared with its own guiding one, never further up.
 */

export const CONFORMANCE_KINDS = ['MISSING', 'EXTRA', 'RENAMED', 'RECATEGORISED', 'REBASED'] as const;
export type ConformanceKindName = (typeof CONFORMANCE_KINDS)[number];

/** The entries in force of one side ('code' for C, 'guiding_code' for G), as (catalogue = C, item, name, category, basis). */
const side = (column: 'code' | 'guiding_code') => `
  select p.code as catalogue, e.item_code as item,
         coalesce(e.name, i.name) as name, coalesce(e.category, i.category) as category,
         array(select distinct b from unnest(coalesce(e.basis, i.basis)) b order by b) as basis
    from compared p
    join catalogue_entry e on e.catalogue_code = p.${column} and ${inForceSql('e')}
    join item i on i.code = e.item_code`;

/** CTE `finding` (catalogue, item, kind, value, guiding_value) for the catalogues of CTE `compared` (code, guiding_code). */
const findingCtes = `
c_entry as (${side('code')}),
g_entry as (${side('guiding_code')}),
finding as (
  select coalesce(c.catalogue, g.catalogue) as catalogue, coalesce(c.item, g.item) as item, k.kind, k.value, k.guiding_value
    from c_entry c
    full join g_entry g on g.catalogue = c.catalogue and g.item = c.item
    cross join lateral (values
      ('MISSING', c.item is null, null, null),
      ('EXTRA', g.item is null, null, null),
      ('RENAMED', c.name <> g.name, c.name, g.name),
      ('RECATEGORISED', c.category <> g.category, c.category, g.category),
      ('REBASED', c.basis <> g.basis, array_to_string(c.basis, '；'), array_to_string(g.basis, '；'))
    ) as k(kind, holds, value, guiding_value)
   where k.holds
)`;

export interface ConformanceFindingRow {
  item: string;
  kind: ConformanceKindName;
  value: string | null;
  guidingValue: string | null;
}

/** One catalogue ($2) at $1: its findings, item by item in kind order. */
export const CONFORMANCE_SQL = `
with compared as (select c.code, c.guiding_code from catalogue c where c.code = $2::varchar and c.guiding_code is not null),
${findingCtes}
select f.item, f.kind, f.value, f.guiding_value as "guidingValue"
  from finding f
 order by f.item, array_position(array[${CONFORMANCE_KINDS.map((k) => `'${k}'`).join(',')}], f.kind)`;

export interface ConformanceSummaryRow {
  catalogue: string;
  counts: Record<string, number>;
  total: number;
}

/**
 * Every catalogue with a guiding one owned under scope $2 (null: the nation) at $1: counts per kind, the
 * catalogues with the most findings first (then by code); catalogues that conform are included with zero.
 */
export const CONFORMANCE_SUMMARY_SQL = `
with compared as materialized (
  select c.code, c.guiding_code from catalogue c
    join jurisdiction j on j.code = c.owner_code
   where c.guiding_code is not null and ($2::varchar is null or j.path @> array[$2::varchar])),
${findingCtes},
per_kind as (select catalogue, kind, count(*)::int as n from finding group by catalogue, kind)
select p.code as catalogue,
       coalesce((select jsonb_object_agg(k.kind, k.n) from per_kind k where k.catalogue = p.code), '{}'::jsonb) as counts,
       coalesce((select sum(k.n)::int from per_kind k where k.catalogue = p.code), 0) as total
  from compared p
 order by total desc, p.code`;
