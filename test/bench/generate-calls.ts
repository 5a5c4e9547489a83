/**
 * A year of 乡呼县应 calls for the bench (`npm run bench:data` writes them beside the lists, one CSV per
 * province; `npm run bench -- --only calls` loads them). Seeded, from the generator's own lists: every township
 * calls about 25 times a year about the items of its county's list (skewed: a few items draw most calls), each
 * call answered by the county department holding the item (the county government where nobody does, as SPEC
 * §11 rule 4 would), with acceptance and answer times, ratings and escalations drawn from plausible spreads and
 * the limits counted on the real working-day calendar (src/workdays.ts). At nation scale that is over a million
 * calls. The loader writes calls, responders and statistics facts set-based (batches of unnest arrays).
 */
import * as fs from 'node:fs';
import type { Db } from '../../src/db/database';
import { addDays, chinaDay, workingDeadline, workingHoursDeadline } from '../../src/workdays';

export interface CallPlan {
  county: string;
  townships: string[];
  items: { code: string; domain: string; body: string; rule: 'PRIMARY' | 'FALLBACK' }[];
}

interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: T[]): T;
}

export const CALL_YEAR = 2025;
export const CALLS_PER_TOWNSHIP = 25;
const HOUR = 3_600_000;
const HEADER =
  'raisedAt,township,county,item,domain,body,rule,complex,acceptBy,acceptedAt,answerBy,answeredAt,rating,escalations,state';

/** The calls of one province's plans as CSV lines (header first). */
export function callsCsv(plans: CallPlan[], rng: (seed: number) => Rng, seed: number): string {
  const lines = [HEADER];
  for (const p of plans) {
    if (p.items.length === 0) continue;
    const r = rng(seed * 9_000_011 + Number(p.county));
    for (const township of p.townships) {
      for (let n = 0; n < CALLS_PER_TOWNSHIP; n++) {
        const day = addDays(`${CALL_YEAR}-01-01`, r.int(0, 364));
        const raised = new Date(
          `${day}T${String(r.int(8, 17)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00+08:00`,
        );
        // skewed: the square of a uniform number favours the first items
        const item = p.items[Math.floor(p.items.length * r.next() ** 2)];
        const complex = r.chance(0.1);
        const acceptBy = workingHoursDeadline(raised, 24).at;
        const u = r.next();
        const acceptHours = u < 0.8 ? 0.5 + r.next() * 19 : u < 0.97 ? 20 + r.next() * 60 : null;
        const accepted = acceptHours === null ? null : new Date(raised.getTime() + acceptHours * HOUR);
        const answerBy = accepted ? workingDeadline(chinaDay(accepted), complex ? 15 : 5).day : null;
        const answered =
          accepted && r.chance(0.92) ? new Date(accepted.getTime() + (2 + r.next() * (complex ? 480 : 200)) * HOUR) : null;
        const rating = answered && r.chance(0.85) ? (r.chance(0.7) ? 1 : r.chance(0.75) ? 2 : 3) : null;
        const lateAccept = !accepted || accepted > acceptBy;
        const lateAnswer = !!answerBy && (!answered || chinaDay(answered) > answerBy);
        const escalations = Number(lateAccept) + Number(lateAnswer);
        const state = rating ? 'RATED' : answered ? 'ANSWERED' : lateAnswer || lateAccept ? 'ESCALATED' : 'ACCEPTED';
        lines.push(
          [
            raised.toISOString(),
            township,
            p.county,
            item.code,
            item.domain,
            item.body,
            item.rule,
            complex ? 1 : 0,
            acceptBy.toISOString(),
            accepted?.toISOString() ?? '',
            answerBy ?? '',
            answered?.toISOString() ?? '',
            rating ?? '',
            escalations,
            state,
          ].join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const RATING = `case s.rating when 1 then 'SATISFIED' when 2 then 'BASICALLY_SATISFIED' when 3 then 'UNSATISFIED' end`;

/** One batch: calls (ids drawn first), their responders and their statistics facts, in one statement. */
const LOAD_SQL = `
with src as materialized (
  select nextval(pg_get_serial_sequence('call', 'id')) as id, s.*, (s.raised_at at time zone 'Asia/Shanghai')::date as raised_on
    from unnest($1::timestamptz[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::varchar[], $7::text[],
                $8::boolean[], $9::timestamptz[], $10::timestamptz[], $11::date[], $12::timestamptz[], $13::smallint[],
                $14::smallint[], $15::text[])
      as s(raised_at, township, county, item, domain, body, rule, complex, accept_by, accepted_at, answer_by, answered_at,
           rating, escalations, state)
),
c as (
  insert into call (id, item_code, township_code, county_code, domain, call_date, text, complex, state, route_rule, referral,
                    raised_by, raised_at, raised_on, dispatched_at, accept_by, answer_by, accepted_at, accepted_on_time,
                    answered_at, answered_on_time, answer_minutes, rating, escalations)
  overriding system value
  select s.id, s.item, s.township, s.county, s.domain, s.raised_on, '基准测试呼叫 bench call', s.complex, s.state, s.rule,
         case when s.rule = 'FALLBACK' then 'DISPUTE' end, 'bench', s.raised_at, s.raised_on, s.raised_at, s.accept_by,
         s.answer_by, s.accepted_at, s.accepted_at <= s.accept_by, s.answered_at,
         (s.answered_at at time zone 'Asia/Shanghai')::date <= s.answer_by,
         (extract(epoch from s.answered_at - s.raised_at) / 60)::int, ${RATING}, s.escalations
    from src s
),
r as (
  insert into call_responder (call_id, body_code, rule, reason, assigned_at, raised_on)
  select s.id, s.body, s.rule, 'bench', s.raised_at, s.raised_on from src s
)
insert into call_fact
select s.id, s.body, true, s.raised_on, s.county, s.township, s.item, s.domain, s.accept_by, s.accepted_at <= s.accept_by,
       s.answer_by, (s.answered_at at time zone 'Asia/Shanghai')::date <= s.answer_by,
       (extract(epoch from s.answered_at - s.raised_at) / 60)::int, s.rating, s.escalations
  from src s`;

/** Loads the CSV files written by bench:data; returns the number of calls. */
export async function loadCalls(db: Db, files: string[], batch = 5000): Promise<number> {
  let total = 0;
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
    for (let i = 0; i < lines.length; i += batch) {
      const cols: unknown[][] = Array.from({ length: 15 }, () => []);
      for (const line of lines.slice(i, i + batch)) {
        line.split(',').forEach((v, k) => cols[k].push(v === '' ? null : k === 7 ? v === '1' : v));
      }
      await db.query(LOAD_SQL, cols);
      total += cols[0].length;
    }
  }
  await db.query('analyze call; analyze call_responder; analyze call_fact');
  return total;
}
