import type { Db } from '../../db/database';
import { AppError, failOnProblems, type Problem } from '../../errors';
import type { WriteContext } from '../change/change.service';
import { write } from '../records/write.protocol';
import { DEFAULT_CALL_LIMITS } from './call.rules';

export interface CallSettingsInput {
  acceptHours?: number | null;
  answerDays?: number | null;
  complexDays?: number | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
}
export interface CallSettingsRow {
  county: string;
  acceptHours: number;
  answerDays: number;
  complexDays: number;
  webhookUrl: string | null;
}

const SETTINGS_SQL = `
select j.code as county, coalesce(s.accept_hours, $2) as "acceptHours", coalesce(s.answer_days, $3) as "answerDays",
       coalesce(s.complex_days, $4) as "complexDays", s.webhook_url as "webhookUrl"
  from jurisdiction j left join call_setting s on s.county_code = j.code where j.code = $1`;

export async function callSettings(db: Db, county: string): Promise<CallSettingsRow | null> {
  const d = DEFAULT_CALL_LIMITS;
  return (await db.query<CallSettingsRow>(SETTINGS_SQL, [county, d.acceptHours, d.answerDays, d.complexDays]))[0] ?? null;
}

const RANGES = { acceptHours: [1, 720], answerDays: [1, 60], complexDays: [1, 120] } as const;

/** A county's time limits and webhook (its REVIEWER, the 编办): recorded in the change feed (never the secret). */
export async function setCallSettings(db: Db, county: string, input: CallSettingsInput, who: WriteContext = {}) {
  const problems: Problem[] = [];
  for (const [k, [lo, hi]] of Object.entries(RANGES)) {
    const v = input[k as keyof typeof RANGES];
    if (v != null && (!Number.isInteger(v) || v < lo || v > hi))
      problems.push({ path: `input.${k}`, message: `${v} 超出范围 ${lo}–${hi} · ${v} is outside ${lo}–${hi}` });
  }
  if (input.webhookUrl && !/^https?:\/\/[^\s]+$/i.test(input.webhookUrl))
    problems.push({
      path: 'input.webhookUrl',
      message: `"${input.webhookUrl}" 不是 http(s) 地址 · "${input.webhookUrl}" is not an http(s) URL`,
    });
  failOnProblems(problems);
  return write(db, who, { role: 'REVIEWER' }, async (w) => {
    const before = await callSettings(w.tx, county);
    const [j] = await w.tx.query<{ level: string }>(`select level from jurisdiction where code = $1`, [county]);
    if (!before || !j || !['COUNTY', 'CITY'].includes(j.level))
      throw new AppError('CALL_INVALID', `county："${county}" 不是县级区划 · county: "${county}" is not a county`, [
        { path: 'county', message: `"${county}"` },
      ]);
    await w.guard([
      { entity: 'call', key: `settings:${county}`, before: { place: county }, after: { place: county }, path: 'county' },
    ]);
    const url = input.webhookUrl === undefined ? before.webhookUrl : input.webhookUrl?.trim() || null;
    await w.tx.query(
      `insert into call_setting (county_code, accept_hours, answer_days, complex_days, webhook_url, webhook_secret)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (county_code) do update set accept_hours = excluded.accept_hours, answer_days = excluded.answer_days,
         complex_days = excluded.complex_days, webhook_url = excluded.webhook_url,
         webhook_secret = coalesce($6, call_setting.webhook_secret), updated_at = now()`,
      [
        county,
        input.acceptHours ?? before.acceptHours,
        input.answerDays ?? before.answerDays,
        input.complexDays ?? before.complexDays,
        url,
        input.webhookSecret ?? null,
      ],
    );
    const after = (await callSettings(w.tx, county))!;
    await w.record([
      {
        entity: 'call',
        key: `settings:${county}`,
        before: { township: county, ...before },
        after: { township: county, ...after },
      },
    ]);
    return after;
  });
}
