import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import { chinaDay } from '../../workdays';
import { NATION } from '../jurisdiction/jurisdiction.code';

/** What a summary groups by: the responding department, the calling township, the item, or its domain. */
export const CALL_DIMENSIONS = ['DEPARTMENT', 'TOWNSHIP', 'ITEM', 'DOMAIN'] as const;
export type CallDimension = (typeof CALL_DIMENSIONS)[number];
const COLUMN: Record<CallDimension, string> = {
  DEPARTMENT: 'f.body_code',
  TOWNSHIP: 'f.township_code',
  ITEM: 'f.item_code',
  DOMAIN: 'f.domain',
};

export interface CallStatRow {
  key: string | null;
  calls: number;
  acceptedOnTime: number;
  acceptDue: number;
  answeredOnTime: number;
  answerDue: number;
  medianMinutesToAnswer: number | null;
  p90MinutesToAnswer: number | null;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  escalated: number;
  escalations: number;
}

/**
 * One pass over call_fact (one row per call and current responder; `lead` once per call): per group and in
 * total (grouping sets), in the period $2–$3 (raising days, inclusive), under the scope — the township $1, or
 * the counties $4 (null: the nation). Acceptance is due once accepted or past its limit at $5, an answer once
 * answered or past its last day before $6; on time is counted among those due.
 */
const statsSql = (dimension: CallDimension) => `
select ${COLUMN[dimension]} as key,
       count(*)::int as calls,
       count(*) filter (where f.accepted_on_time)::int as "acceptedOnTime",
       count(*) filter (where f.accepted_on_time is not null or f.accept_by < $5::timestamptz)::int as "acceptDue",
       count(*) filter (where f.answered_on_time)::int as "answeredOnTime",
       count(*) filter (where f.answered_on_time is not null or f.answer_by < $6::date)::int as "answerDue",
       percentile_cont(0.5) within group (order by f.answer_minutes) as "medianMinutesToAnswer",
       percentile_cont(0.9) within group (order by f.answer_minutes) as "p90MinutesToAnswer",
       count(*) filter (where f.rating = 1)::int as satisfied,
       count(*) filter (where f.rating = 2)::int as "basicallySatisfied",
       count(*) filter (where f.rating = 3)::int as unsatisfied,
       count(*) filter (where f.escalations > 0)::int as escalated,
       coalesce(sum(f.escalations), 0)::int as escalations
  from call_fact f
 where f.raised_on between $2::date and $3::date
   ${dimension === 'DEPARTMENT' ? '' : 'and f.lead'}
   and ($1::varchar is null or f.township_code = $1::varchar)
   and ($4::varchar[] is null or f.county_code = any($4::varchar[]))
 group by grouping sets ((${COLUMN[dimension]}), ())`;

/** The counties (and cities holding townships directly) in or under a scope above township level. */
const COUNTIES_SQL = `
select j.code from jurisdiction j
 where j.path @> array[$1::varchar] and (j.level = 'COUNTY' or (j.level = 'CITY' and exists (
        select 1 from jurisdiction t where t.level = 'TOWNSHIP' and t.path[cardinality(t.path) - 1] = j.code)))`;

export interface CallStatistics {
  scope: string;
  from: string;
  to: string;
  by: CallDimension;
  total: CallStatRow;
  groups: CallStatRow[];
}

/** SPEC §11 statistics of a scope over a period, grouped by `by`; the first `first` groups by number of calls. */
export async function callStatistics(
  db: Db,
  a: { scope: string; level: string | null; from: string; to: string; by: CallDimension; first?: number; now?: Date },
): Promise<CallStatistics> {
  if (a.from > a.to)
    throw new AppError('CALL_INVALID', `from ${a.from} 晚于 to ${a.to} · from ${a.from} is after to ${a.to}`, [
      { path: 'from', message: `after ${a.to}` },
    ]);
  const now = a.now ?? new Date();
  const township = a.level === 'TOWNSHIP' ? a.scope : null;
  const counties =
    a.scope === NATION || township ? null : (await db.query<{ code: string }>(COUNTIES_SQL, [a.scope])).map((r) => r.code);
  // the percentiles sort each group's answer times: with the default work_mem a national year spills to disk
  const rows = await db.transaction(async (tx) => {
    await tx.query(`set local work_mem = '64MB'`);
    return tx.query<CallStatRow>(statsSql(a.by), [township, a.from, a.to, counties, now.toISOString(), chinaDay(now)]);
  });
  const empty: CallStatRow = {
    key: null,
    calls: 0,
    acceptedOnTime: 0,
    acceptDue: 0,
    answeredOnTime: 0,
    answerDue: 0,
    medianMinutesToAnswer: null,
    p90MinutesToAnswer: null,
    satisfied: 0,
    basicallySatisfied: 0,
    unsatisfied: 0,
    escalated: 0,
    escalations: 0,
  };
  // the grand total is the grouping set () — its key is null (a group's key never is: every fact has one)
  const total = rows.find((r) => r.key === null) ?? empty;
  const groups = rows
    .filter((r) => r.key !== null)
    .sort((x, y) => y.calls - x.calls || String(x.key).localeCompare(String(y.key)))
    .slice(0, a.first ?? 50);
  return { scope: a.scope, from: a.from, to: a.to, by: a.by, total, groups };
}
