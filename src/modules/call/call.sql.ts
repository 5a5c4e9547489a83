import { prepare } from '../../db/database';
import { governmentCodeSql } from '../jurisdiction/jurisdiction.code';
import { inForceSql } from '../records/record.window';
import { ABOVE_TOWNSHIP, FLAG_KINDS, ONE_PLACE, resolutionCte } from '../resolution/resolution.sql';

export interface RouteFactsRow {
  /** The place, level and parent (null: no such jurisdiction). */
  place: { code: string; level: string; leaf: boolean; parent: string | null; parentLevel: string | null } | null;
  item: { code: string; domain: string } | null;
  applicable: boolean;
  /** The duty-list entry of I at T that routes (RECLAIMED / COOPERATING), its body resolved at d (null: inactive). */
  duty: { part: string; named: string; resolved: string | null; owner: string; catalogue: string | null } | null;
  /** Active PRIMARY holders above township level at the lowest level that has any (SPEC §11 rule 3). */
  primary: { body: string; level: string; assignment: string; catalogue: string | null; viaSuccessor: boolean }[];
  flags: string[];
}

/**
 * SPEC §11 routing facts of (I = $2[1], T = $4, d = $1), from the same rule CTE every chain and flag reads
 * (SPEC §4–8 are written once, in resolution.sql.ts and duty.sql.ts): the duty-list entry that routes
 * (its `takenBy` / `lead` resolved at d by the duty rules' own successor walk), the active PRIMARY holders
 * above township level at the lowest level that has any, applicability, and the flags of the pair.
 */
export const ROUTE_SQL = prepare(
  'call_route',
  `
with recursive ${resolutionCte(ONE_PLACE, 'pairs')},
lowest_primary as (
  select h.* from holder h
   where h.role = 'PRIMARY' and h.active and h.body is not null and h.level in ${ABOVE_TOWNSHIP}
     and h.level = (select l from unnest(array['COUNTY','CITY','PROVINCE']) with ordinality u(l, n)
                     where exists (select 1 from holder x where x.role = 'PRIMARY' and x.active and x.body is not null and x.level = u.l)
                     order by u.n limit 1)
)
select
  (select json_build_object('code', j.code, 'level', j.level, 'leaf', j.leaf, 'parent', p.code, 'parentLevel', p.level)
     from jurisdiction j left join jurisdiction p on p.code = j.path[cardinality(j.path) - 1] where j.code = $4::varchar) as place,
  (select json_build_object('code', i.code, 'domain', i.domain) from item i where i.code = ($2::varchar[])[1]) as item,
  exists (select 1 from applicable) as applicable,
  (select json_build_object('part', de.part, 'named', coalesce(de.taken_by, de.lead), 'resolved', r.code, 'owner', dl.owner,
          'catalogue', (select c.code from catalogue c join catalogue_entry e on e.catalogue_code = c.code
                         where c.owner_code = dl.owner and c.kind = 'DUTY' and e.item_code = de.item
                           and ${inForceSql('c')} and ${inForceSql('e')} order by c.code limit 1))
     from duty_entry de
     join duty_list dl on dl.target = de.target
     left join duty_resolved r on r.start = coalesce(de.taken_by, de.lead)
    where de.part in ('RECLAIMED', 'COOPERATING')
    limit 1) as duty,
  coalesce((select json_agg(json_build_object('body', h.body, 'level', h.level, 'assignment', h.assignment::text,
                   'catalogue', h.catalogue, 'viaSuccessor', h.via_successor) order by h.body, h.assignment)
              from lowest_primary h), '[]'::json) as primary,
  coalesce((select json_agg(f.kind order by array_position(array[${FLAG_KINDS.map((k) => `'${k}'`).join(',')}], f.kind))
              from (select distinct kind from flag) f), '[]'::json) as flags`,
  { plan: 'generic' },
);

/** The government of the parent ($1: parent jurisdiction code), when it is a body. */
export const PARENT_GOVERNMENT_SQL = `select code from body where code = ${governmentCodeSql('$1::varchar')}`;

export const CALL_SETTING_SQL = `
select accept_hours as "acceptHours", answer_days as "answerDays", complex_days as "complexDays",
       webhook_url as "webhookUrl", webhook_secret as "webhookSecret"
  from call_setting where county_code = $1`;

export interface CallRow {
  id: string;
  number: string;
  item: string;
  township: string;
  county: string;
  domain: string;
  callDate: string;
  text: string;
  location: string | null;
  attachments: string[];
  complex: boolean;
  platformCallId: string | null;
  state: string;
  routeRule: string;
  referral: string | null;
  dispute: string | null;
  adjustment: string | null;
  raisedBy: string | null;
  raisedAt: string;
  dispatchedAt: string | null;
  acceptBy: string;
  answerBy: string | null;
  acceptedAt: string | null;
  acceptedOnTime: boolean | null;
  answeredAt: string | null;
  answeredOnTime: boolean | null;
  answerMinutes: number | null;
  answer: string | null;
  ratedAt: string | null;
  rating: string | null;
  ratingComment: string | null;
  escalations: number;
  escalatedAt: string | null;
  escalationReason: string | null;
  reassignments: number;
  revision: number;
  responders: string[];
}

const ts = (col: string, as: string) => `to_json(${col})#>>'{}' as "${as}"`;

export const CALL_COLUMNS = `c.id::text as id, c.id::text as number, c.item_code as item, c.township_code as township,
  c.county_code as county, c.domain, to_char(c.call_date, 'YYYY-MM-DD') as "callDate", c.text, c.location, c.attachments,
  c.complex, c.platform_call_id as "platformCallId", c.state, c.route_rule as "routeRule", c.referral,
  c.dispute_id::text as dispute, c.adjustment_id::text as adjustment, c.raised_by as "raisedBy", ${ts('c.raised_at', 'raisedAt')},
  ${ts('c.dispatched_at', 'dispatchedAt')}, ${ts('c.accept_by', 'acceptBy')}, to_char(c.answer_by, 'YYYY-MM-DD') as "answerBy",
  ${ts('c.accepted_at', 'acceptedAt')}, c.accepted_on_time as "acceptedOnTime", ${ts('c.answered_at', 'answeredAt')},
  c.answered_on_time as "answeredOnTime", c.answer_minutes as "answerMinutes", c.answer, ${ts('c.rated_at', 'ratedAt')},
  c.rating, c.rating_comment as "ratingComment", c.escalations, ${ts('c.escalated_at', 'escalatedAt')},
  c.escalation_reason as "escalationReason", c.reassignments, c.revision,
  array(select r.body_code::text from call_responder r where r.call_id = c.id and r.released_at is null order by r.id) as responders`;

export const CALLS_BY_ID_SQL = `select ${CALL_COLUMNS} from call c where c.id = any($1::bigint[])`;
export const CALL_FOR_UPDATE_SQL = `select ${CALL_COLUMNS} from call c where c.id = $1::bigint for update of c`;
export const CALL_BY_PLATFORM_ID_SQL = `select ${CALL_COLUMNS} from call c where c.county_code = $1 and c.platform_call_id = $2`;

export const INSERT_CALL_SQL = `
insert into call (item_code, township_code, county_code, domain, call_date, text, location, attachments, complex,
                  platform_call_id, route_rule, referral, raised_by, raised_at, raised_on, accept_by)
values ($1, $2, $3, $4, $5::date, $6, $7, $8::text[], $9, $10, $11, $12, $13, $14::timestamptz, $15::date, $16::timestamptz)
returning id::text as id`;

/** The responders of a call ($2 jsonb rows), assigned at $3. */
export const INSERT_RESPONDERS_SQL = `
insert into call_responder (call_id, body_code, rule, catalogue_code, assignment_id, duty_item, via_successor, reason, assigned_at, raised_on)
select $1::bigint, r.body, r.rule, r.catalogue, r.assignment::bigint, r.duty_item, coalesce(r.via_successor, false), r.reason,
       $3::timestamptz, (select raised_on from call where id = $1::bigint)
  from jsonb_to_recordset($2::jsonb) as r(body text, rule text, catalogue text, assignment text, duty_item text, via_successor boolean, reason text)`;

export const RELEASE_RESPONDERS_SQL = `
update call_responder set released_at = $2::timestamptz, released_reason = $3 where call_id = $1::bigint and released_at is null`;

export const INSERT_STEP_SQL = `
insert into call_step (call_id, step, from_state, to_state, actor, reason, at) values ($1::bigint, $2, $3, $4, $5, $6, $7::timestamptz)`;

/** A step: new state $2 and the columns it sets ($3 jsonb, keys = column names), revision + 1. */
export const UPDATE_CALL_SQL = `
update call c set
  state = $2,
  dispatched_at = case when s ? 'dispatched_at' then (s->>'dispatched_at')::timestamptz else c.dispatched_at end,
  accept_by = case when s ? 'accept_by' then (s->>'accept_by')::timestamptz else c.accept_by end,
  answer_by = case when s ? 'answer_by' then (s->>'answer_by')::date else c.answer_by end,
  accepted_at = case when s ? 'accepted_at' then (s->>'accepted_at')::timestamptz else c.accepted_at end,
  accepted_on_time = case when s ? 'accepted_on_time' then (s->>'accepted_on_time')::boolean else c.accepted_on_time end,
  answered_at = case when s ? 'answered_at' then (s->>'answered_at')::timestamptz else c.answered_at end,
  answered_on_time = case when s ? 'answered_on_time' then (s->>'answered_on_time')::boolean else c.answered_on_time end,
  answer_minutes = case when s ? 'answer_minutes' then (s->>'answer_minutes')::int else c.answer_minutes end,
  answer = case when s ? 'answer' then s->>'answer' else c.answer end,
  rated_at = case when s ? 'rated_at' then (s->>'rated_at')::timestamptz else c.rated_at end,
  rating = case when s ? 'rating' then s->>'rating' else c.rating end,
  rating_comment = case when s ? 'rating_comment' then s->>'rating_comment' else c.rating_comment end,
  escalations = c.escalations + case when s ? 'escalated_at' then 1 else 0 end,
  escalated_at = case when s ? 'escalated_at' then (s->>'escalated_at')::timestamptz else c.escalated_at end,
  escalation_reason = case when s ? 'escalation_reason' then s->>'escalation_reason' else c.escalation_reason end,
  reassignments = c.reassignments + case when s ? 'reassigned' then 1 else 0 end,
  dispute_id = case when s ? 'dispute' then (s->>'dispute')::bigint else c.dispute_id end,
  adjustment_id = case when s ? 'adjustment' then (s->>'adjustment')::bigint else c.adjustment_id end,
  revision = c.revision + 1,
  updated_at = now()
from (select $3::jsonb as s) x
where c.id = $1::bigint`;

export interface ResponderRow {
  call: string;
  body: string;
  rule: string;
  catalogue: string | null;
  assignment: string | null;
  dutyItem: string | null;
  viaSuccessor: boolean;
  reason: string | null;
  assignedAt: string;
  releasedAt: string | null;
  releasedReason: string | null;
}
export const RESPONDERS_BY_CALL_SQL = `
select r.call_id::text as call, r.body_code as body, r.rule, r.catalogue_code as catalogue, r.assignment_id::text as assignment,
       r.duty_item as "dutyItem", r.via_successor as "viaSuccessor", r.reason, ${ts('r.assigned_at', 'assignedAt')},
       ${ts('r.released_at', 'releasedAt')}, r.released_reason as "releasedReason"
  from call_responder r where r.call_id = any($1::bigint[]) order by r.call_id, r.id`;

export interface StepRow {
  call: string;
  step: string;
  from: string | null;
  to: string;
  actor: string | null;
  reason: string | null;
  at: string;
}
export const STEPS_BY_CALL_SQL = `
select s.call_id::text as call, s.step, s.from_state as "from", s.to_state as "to", s.actor, s.reason, ${ts('s.at', 'at')}
  from call_step s where s.call_id = any($1::bigint[]) order by s.call_id, s.id`;

export const CALLS_BY_DISPUTE_SQL = `select ${CALL_COLUMNS}, c.dispute_id::text as "key" from call c where c.dispute_id = any($1::bigint[]) order by c.id`;
export const CALLS_BY_ADJUSTMENT_SQL = `select ${CALL_COLUMNS}, c.adjustment_id::text as "key" from call c where c.adjustment_id = any($1::bigint[]) order by c.id`;

/**
 * Calls of scope $1 (township in its subtree; null: all), state $2, item $3, responder $4, raised from $5 to $6
 * (inclusive days); keyset page by id.
 */
const LISTED = `
  from call c
 where ($1::varchar is null or c.township_code = $1::varchar or c.county_code = $1::varchar
        or exists (select 1 from jurisdiction j where j.code = c.township_code and j.path @> array[$1::varchar]))
   and ($2::text[] is null or c.state = any($2::text[]))
   and ($3::varchar is null or c.item_code = $3::varchar)
   and ($4::varchar is null or exists (select 1 from call_responder r where r.call_id = c.id and r.released_at is null and r.body_code = $4::varchar))
   and ($5::date is null or c.raised_on >= $5::date)
   and ($6::date is null or c.raised_on <= $6::date)`;
export const LIST_CALLS_SQL = `select ${CALL_COLUMNS} ${LISTED}
   and ($7::bigint is null or c.id > $7::bigint)
 order by c.id limit $8`;
export const COUNT_CALLS_SQL = `select count(*)::int as n ${LISTED}`;

/** Open calls past a limit at $1 (now) and $2 (today): accept_by passed while dispatched, answer_by passed while accepted. */
export const OVERDUE_CALLS_SQL = `
select id::text as id, case when state = 'ACCEPTED' then 'ANSWER' else 'ACCEPT' end as "limit"
  from call
 where (state in ('DISPATCHED', 'CALLED') and accept_by < $1::timestamptz) or (state = 'ACCEPTED' and answer_by < $2::date)
 order by id
 limit $3`;

/** An open dispute of item $1 filed for place $2 that calls feed (one per item and township while open). */
export const OPEN_CALL_DISPUTE_SQL = `
select d.id::text as id from dispute d join dispute_place p on p.dispute_id = d.id
 where d.item_code = $1 and p.jurisdiction_code = $2 and d.state = 'OPEN' order by d.id limit 1`;

/** A pending admission draft of item $1 applied for by body $2 that calls feed. */
export const OPEN_CALL_ADMISSION_SQL = `
select distinct a.id::text as id from adjustment a join call c on c.adjustment_id = a.id
 where c.item_code = $1 and a.applicant_code = $2 and a.state in ('DRAFT', 'SUBMITTED', 'CONSULTING', 'APPROVED') order by 1 limit 1`;

/** The list an admission draft adds to: the LOCAL list in force at $2 of the nearest owner of T ($1). */
export const ADMISSION_CATALOGUE_SQL = `
select c.code, c.name, c.owner_code as owner, c.kind, c.guiding_code as guiding,
       to_char(c.valid_from, 'YYYY-MM-DD') as "validFrom", to_char(c.valid_to, 'YYYY-MM-DD') as "validTo"
  from jurisdiction t join catalogue c on c.owner_code = any(t.path) and c.kind = 'LOCAL' and ${inForceSql('c', '$2::date')}
 where t.code = $1
 order by array_position(t.path, c.owner_code) desc, c.code limit 1`;

/** Rewrites the statistics facts of call $1 from its row and its current responders (every step calls it). */
export const DELETE_FACTS_SQL = `delete from call_fact where call_id = $1::bigint`;
export const INSERT_FACTS_SQL = `
insert into call_fact
select c.id, coalesce(r.body_code, '-'), coalesce(r.n = 1, true), c.raised_on, c.county_code, c.township_code, c.item_code,
       c.domain, c.accept_by, c.accepted_on_time, c.answer_by, c.answered_on_time, c.answer_minutes,
       case c.rating when 'SATISFIED' then 1 when 'BASICALLY_SATISFIED' then 2 when 'UNSATISFIED' then 3 end, c.escalations
  from call c
  -- a call handed back by its last responder still counts, under no department ('-')
  left join lateral (select x.body_code, row_number() over (order by x.id) as n
                       from call_responder x where x.call_id = c.id and x.released_at is null) r on true
 where c.id = $1::bigint`;

/** Releases one responder ($2) of call $1 at $3 with reason $4. */
export const RELEASE_RESPONDER_SQL = `
update call_responder set released_at = $3::timestamptz, released_reason = $4
 where call_id = $1::bigint and body_code = $2 and released_at is null`;
