import { LEAVES_UNDER_SCOPE, resolutionCte } from '../resolution/resolution.sql';

export interface AdjustmentRow {
  id: string;
  /** The same number, as the `number` field shows it (`id` becomes the global id in GraphQL). */
  number: string;
  catalogue: string;
  owner: string;
  applicant: string;
  state: string;
  reason: string;
  basis: string[];
  trigger: string;
  triggeredOn: string | null;
  effectiveFrom: string;
  changes: { label: string; document: unknown }[];
  submittedChange: string | null;
  submittedAt: string | null;
  /** The day (in China) it was submitted: its review limit counts from here. */
  submittedOn: string | null;
  overrideReason: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  appliedVersion: number | null;
  appliedImpact: unknown | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
  /** The dispute whose ruling this adjustment carries out. */
  dispute: string | null;
}

export const ADJUSTMENT_COLUMNS = `a.id::text as id, a.id::text as number, a.catalogue_code as catalogue, a.owner_code as owner,
  a.applicant_code as applicant, a.state, a.reason, a.basis, a.trigger, a.triggered_on as "triggeredOn",
  a.effective_from as "effectiveFrom", a.changes, a.submitted_change::text as "submittedChange",
  to_json(a.submitted_at)#>>'{}' as "submittedAt",
  to_char(a.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "submittedOn", a.override_reason as "overrideReason", a.decided_by as "decidedBy",
  a.decision_reason as "decisionReason", a.applied_version as "appliedVersion", a.applied_impact as "appliedImpact",
  a.created_by as "createdBy", to_json(a.created_at)#>>'{}' as "createdAt", to_json(a.updated_at)#>>'{}' as "updatedAt",
  a.revision, a.dispute_id::text as dispute`;

export const ADJUSTMENTS_BY_ID_SQL = `select ${ADJUSTMENT_COLUMNS} from adjustment a where a.id = any($1::bigint[])`;

/** One adjustment, locked for the step that changes it (racing steps follow one another). */
export const ADJUSTMENT_FOR_UPDATE_SQL = `select ${ADJUSTMENT_COLUMNS} from adjustment a where a.id = $1::bigint for update`;

export const INSERT_ADJUSTMENT_SQL = `
insert into adjustment (catalogue_code, owner_code, applicant_code, reason, basis, trigger, triggered_on,
                        effective_from, changes, created_by, dispute_id)
values ($1, $2, $3, $4, $5::text[], $6, $7::date, $8::date, $9::jsonb, $10, $11::bigint)
returning id::text as id`;

/** A step: new state $2 and the fields it sets ($3 jsonb, keys = column names), revision + 1. */
export const UPDATE_ADJUSTMENT_SQL = `
update adjustment a set
  state = $2,
  submitted_change = case when s ? 'submitted_change' then (s->>'submitted_change')::bigint else a.submitted_change end,
  submitted_at = case when s ? 'submitted_change' then now() else a.submitted_at end,
  override_reason = case when s ? 'override_reason' then s->>'override_reason' else a.override_reason end,
  decided_by = case when s ? 'decided_by' then s->>'decided_by' else a.decided_by end,
  decision_reason = case when s ? 'decision_reason' then s->>'decision_reason' else a.decision_reason end,
  applied_version = case when s ? 'applied_version' then (s->>'applied_version')::int else a.applied_version end,
  applied_impact = case when s ? 'applied_impact' then s->'applied_impact' else a.applied_impact end,
  revision = a.revision + 1,
  updated_at = now()
from (select $3::jsonb as s) x
where a.id = $1::bigint
returning a.revision`;

export interface OpinionRow {
  adjustment: string;
  body: string;
  agrees: boolean | null;
  text: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}
export const OPINIONS_BY_ADJUSTMENT_SQL = `
select o.adjustment_id::text as adjustment, o.body_code as body, o.agrees, o.text, o.answered_by as "answeredBy",
       to_json(o.answered_at)#>>'{}' as "answeredAt"
  from adjustment_opinion o where o.adjustment_id = any($1::bigint[]) order by o.adjustment_id, o.body_code`;

export const ADD_OPINIONS_SQL = `
insert into adjustment_opinion (adjustment_id, body_code)
select $1::bigint, b from unnest($2::varchar[]) b on conflict do nothing`;

export const ANSWER_OPINION_SQL = `
update adjustment_opinion set agrees = $3, text = $4, answered_by = $5, answered_at = now()
 where adjustment_id = $1::bigint and body_code = $2 returning body_code`;

/** The change feed's position now (an adjustment submitted now is stale once a later change touches its records). */
export const LAST_CHANGE_SQL = `select coalesce(max(id), 0)::text as id from change`;

/** SPEC §10 staleness: changes after $1 to the records ($2 entity, $3 key) an adjustment writes. */
export const LATER_CHANGES_SQL = `
select c.id::text as id, c.entity, c.key, c.actor, to_json(c.at)#>>'{}' as at
  from change c
  join unnest($2::text[], $3::text[]) k(entity, key) on k.entity = c.entity and k.key = c.key
 where c.id > $1::bigint
 order by c.id`;
export interface LaterChangeRow {
  id: string;
  entity: string;
  key: string;
  actor: string | null;
  at: string;
}

/**
 * §6/§8 flags of every leaf under the owner $4 at date $1 (items $2, null: all): the rule engine's own
 * `flag` CTE, whatever kinds it computes.
 */
export const OWNER_FLAGS_SQL = `
with recursive ${resolutionCte(LEAVES_UNDER_SCOPE)}
select f.target as place, f.item, f.kind from flag f`;
export interface FlagKeyRow {
  place: string;
  item: string;
  kind: string;
}

/**
 * SPEC §10 time limits as one predicate: a DRAFT whose trigger lies on or before $1 (the application limit's
 * cutoff), or one under review (SUBMITTED, CONSULTING) submitted on or before $2 (the review limit's cutoff).
 * The cutoffs come from the working-day calendar (workdays.ts), so the list filters with two comparisons.
 */
export const overdueSql = (applyCutoff: string, reviewCutoff: string) => `coalesce(
     (a.state = 'DRAFT' and a.triggered_on <= ${applyCutoff}::date)
  or (a.state in ('SUBMITTED', 'CONSULTING') and (a.submitted_at at time zone 'Asia/Shanghai')::date <= ${reviewCutoff}::date),
  false)`;

/** Adjustments listed under scope $1 (the catalogue's owner or the applicant in it), filtered, keyset page by id. */
const LISTED = `
  from adjustment a
  join jurisdiction o on o.code = a.owner_code
  join body b on b.code = a.applicant_code
  join jurisdiction bj on bj.code = b.jurisdiction_code
 where ($1::varchar is null or o.path @> array[$1::varchar] or bj.path @> array[$1::varchar])
   and ($2::text[] is null or a.state = any($2::text[]))
   and ($3::varchar is null or a.applicant_code = $3::varchar)
   and ($4::boolean is null or ${overdueSql('$5', '$6')} = $4::boolean)`;
export const LIST_ADJUSTMENTS_SQL = `select ${ADJUSTMENT_COLUMNS} ${LISTED}
   and ($7::bigint is null or a.id > $7::bigint)
 order by a.id limit $8`;
export const COUNT_ADJUSTMENTS_SQL = `select count(*)::int as n ${LISTED}`;

export const SET_VERSION_ADJUSTMENT_SQL = `
update catalogue_version set adjustment_id = $3::bigint where catalogue_code = $1 and version = $2`;
export const ADJUSTMENT_BY_VERSION_SQL = `
select v.catalogue_code || '|' || v.version as key, v.adjustment_id::text as id
  from catalogue_version v
  join unnest($1::text[]) k(key) on k.key = v.catalogue_code || '|' || v.version
 where v.adjustment_id is not null`;

/**
 * SPEC §10 admission: per (item, leaf) key `item|leaf` ($1 text[]), the pending adjustment (SUBMITTED,
 * CONSULTING or APPROVED) that would list the item there — an entry of its own catalogue for the item, owned
 * by the leaf or an ancestor, whose notApplicableIn does not cover the leaf. The oldest one when several.
 */
export const PENDING_ADMISSION_SQL = `
with wanted as (
  select k.key, split_part(k.key, '|', 1) as item, j.code as place, j.path
    from unnest($1::text[]) k(key)
    join jurisdiction j on j.code = split_part(k.key, '|', 2)
),
listed as (
  select a.id, a.owner_code, e->>'item' as item,
         array(select jsonb_array_elements_text(coalesce(e->'notApplicableIn', '[]'::jsonb))) as not_in
    from adjustment a
    cross join lateral jsonb_array_elements(a.changes) ch
    cross join lateral jsonb_array_elements(coalesce(ch->'document'->'catalogues', '[]'::jsonb)) c
    cross join lateral jsonb_array_elements(coalesce(c->'entries', '[]'::jsonb)) e
   where a.state in ('SUBMITTED', 'CONSULTING', 'APPROVED') and c->>'code' = a.catalogue_code
)
select distinct on (w.key) w.key, l.id::text as id
  from wanted w
  join listed l on l.item = w.item and w.path @> array[l.owner_code::varchar] and not (w.path && l.not_in::varchar[])
 order by w.key, l.id`;
