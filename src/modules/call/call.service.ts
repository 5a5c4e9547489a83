import type { Db } from '../../db/database';
import { isIsoDate } from '../../dates';
import { AppError, failOnProblems, type Problem } from '../../errors';
import { chinaDay, workingDeadline, workingHoursDeadline } from '../../workdays';
import type { WriteContext } from '../change/change.service';
import { canonicalCode } from '../jurisdiction/jurisdiction.code';
import { write, type Writer } from '../records/write.protocol';
import { enqueueCallEvent } from './call.events';
import { referCall } from './call.referral';
import { routeCall, type RoutedResponder } from './call.route';
import {
  CALL_STATE_ZH,
  CALL_STEPS,
  DEFAULT_CALL_LIMITS,
  RATINGS,
  type CallLimits,
  type CallState,
  type CallStep,
} from './call.rules';
import * as sql from './call.sql';

export interface CallInput {
  item: string;
  township: string;
  /** The business date the lists are read at (default: the China day of the call). */
  date?: string | null;
  text: string;
  location?: string | null;
  attachments?: string[] | null;
  complex?: boolean | null;
  /** The county platform's own id of the call: a second call with the same id is the same call. */
  platformCallId?: string | null;
}

/** Who and when: the write context, and the instant of the step (business time is an argument; default now). */
export type CallStepOptions = WriteContext & { at?: Date; expectedRevision?: number | null };

const bad = (path: string, message: string): Problem => ({ path, message });
const MAX_TEXT = 4000;

/** Shape checks of a new call, every problem at once, each naming the field and quoting the value. */
function checkInput(c: CallInput): Problem[] {
  const p: Problem[] = [];
  if (!c.item?.trim()) p.push(bad('input.item', '事项编码不能为空 · item may not be empty'));
  if (!c.township || !canonicalCode(c.township))
    p.push(
      bad(
        'input.township',
        `"${c.township ?? ''}" 不是区划代码：乡镇（街道）为 9 位代码，如 370685004 · "${c.township ?? ''}" is not a jurisdiction code; a township has 9 digits, e.g. 370685004`,
      ),
    );
  if (c.date != null && !isIsoDate(c.date))
    p.push(bad('input.date', `"${c.date}" 不是日期，格式为 YYYY-MM-DD · "${c.date}" is not a date; write YYYY-MM-DD`));
  if (!c.text?.trim()) p.push(bad('input.text', '呼叫内容不能为空 · text may not be empty'));
  else if (c.text.length > MAX_TEXT)
    p.push(
      bad(
        'input.text',
        `呼叫内容 ${c.text.length} 字，最多 ${MAX_TEXT} · text has ${c.text.length} characters, at most ${MAX_TEXT}`,
      ),
    );
  (c.attachments ?? []).forEach((a, i) => {
    if (!/^https?:\/\/[^\s]+$/i.test(a ?? ''))
      p.push(bad(`input.attachments[${i}]`, `"${a}" 不是 http(s) 链接 · "${a}" is not an http(s) link`));
  });
  if (c.platformCallId != null && !/^[\w.:\-]{1,128}$/.test(c.platformCallId))
    p.push(
      bad(
        'input.platformCallId',
        `"${c.platformCallId}" 不是平台呼叫编号：1–128 个字母、数字或 . : - _ · "${c.platformCallId}" is not a platform call id: 1–128 letters, digits or . : - _`,
      ),
    );
  return p;
}

/** The county's limits (call_setting), or the notices' defaults. */
export async function callLimits(db: Db, county: string): Promise<CallLimits & { webhookUrl: string | null }> {
  const [s] = await db.query<CallLimits & { webhookUrl: string | null }>(sql.CALL_SETTING_SQL, [county]);
  return s ?? { ...DEFAULT_CALL_LIMITS, webhookUrl: null };
}

/** The feed's image of a call: where it is filed (its township) and where it stands. */
const image = (c: sql.CallRow, state: string, extra: Record<string, unknown> = {}) => ({
  id: c.id,
  item: c.item,
  township: c.township,
  county: c.county,
  state,
  responders: c.responders,
  ...extra,
});

async function lockCall(tx: Db, id: string): Promise<sql.CallRow> {
  const c = /^\d{1,18}$/.test(id) ? (await tx.query<sql.CallRow>(sql.CALL_FOR_UPDATE_SQL, [id]))[0] : undefined;
  if (!c) throw new AppError('NOT_FOUND', `呼叫 "${id}" 不存在 · no call "${id}"`, [{ path: 'id', message: 'not found' }]);
  return c;
}

/** The move checked against SPEC §11 (and the revision the caller saw). */
function checkMove(c: sql.CallRow, step: CallStep, expectedRevision?: number | null): void {
  if (expectedRevision != null && expectedRevision !== c.revision)
    throw new AppError(
      'CALL_STATE',
      `呼叫 #${c.id} 已被修改（第 ${c.revision} 版，您看到的是第 ${expectedRevision} 版）· call #${c.id} has changed (revision ${c.revision}, you saw ${expectedRevision})`,
      [{ path: 'expectedRevision', message: `now ${c.revision}` }],
    );
  const rule = CALL_STEPS[step];
  const ok =
    (rule.from as readonly string[]).includes(c.state) &&
    // an escalated call is accepted if it was not yet, answered if it was
    !(c.state === 'ESCALATED' && step === 'accept' && c.acceptedAt) &&
    !(c.state === 'ESCALATED' && step === 'answer' && !c.acceptedAt);
  if (!ok)
    throw new AppError(
      'CALL_STATE',
      `呼叫 #${c.id} 处于「${CALL_STATE_ZH[c.state as CallState]}」，不能${rule.zh} · call #${c.id} is ${c.state}; ${step} needs ${rule.from.join(' or ')}`,
      [{ path: 'id', message: `state ${c.state}` }],
    );
}

/** The statistics facts of one call, rewritten from its row (call_fact; see call.stats.ts). */
async function refreshFacts(tx: Db, id: string): Promise<void> {
  await tx.query(sql.DELETE_FACTS_SQL, [id]);
  await tx.query(sql.INSERT_FACTS_SQL, [id]);
}

/** One step: the row updated, the step dated in call_step, the change feed, the outbox event. */
async function finishStep(
  w: Writer,
  c: sql.CallRow,
  step: CallStep,
  at: Date,
  fields: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  to: CallState = CALL_STEPS[step].to,
): Promise<sql.CallRow> {
  await w.tx.query(sql.UPDATE_CALL_SQL, [c.id, to, JSON.stringify(fields)]);
  await w.tx.query(sql.INSERT_STEP_SQL, [c.id, step, c.state, to, w.who.actor ?? null, w.who.reason ?? null, at.toISOString()]);
  await refreshFacts(w.tx, c.id);
  const after = (await w.tx.query<sql.CallRow>(sql.CALLS_BY_ID_SQL, [[c.id]]))[0];
  await w.record([{ entity: 'call', key: c.id, before: image(c, c.state), after: image(after, to, extra) }]);
  await enqueueCallEvent(w.tx, after, { step, from: c.state, at, actor: w.who.actor ?? null, reason: w.who.reason ?? null });
  return after;
}

/**
 * 乡呼: a township raises a call (its EDITOR, or its platform's token). The call is routed by SPEC §11 and
 * dispatched in the same transaction (two dated steps); a call the lists cannot route goes to the parent's
 * government and feeds a dispute or an admission draft (call.referral.ts). With a platform call id, a
 * second call with the same id answers the first and writes nothing.
 */
export async function raiseCall(db: Db, input: CallInput, opts: CallStepOptions = {}): Promise<sql.CallRow> {
  failOnProblems(checkInput(input));
  const { at = new Date(), expectedRevision: _r, ...who } = opts;
  const township = canonicalCode(input.township)!;
  const item = input.item.trim();
  const date = input.date ?? chinaDay(at);
  return write(db, who, { role: 'EDITOR' }, async (w) => {
    const tx = w.tx;
    await w.guard([{ entity: 'call', key: township, before: null, after: { place: township }, path: 'input.township' }]);
    const route = await routeCall(tx, item, township, date);
    if (input.platformCallId) {
      const [existing] = await tx.query<sql.CallRow>(sql.CALL_BY_PLATFORM_ID_SQL, [route.county, input.platformCallId]);
      if (existing) {
        if (existing.item !== item || existing.township !== township)
          throw new AppError(
            'CALL_INVALID',
            `input.platformCallId："${input.platformCallId}" 已用于呼叫 #${existing.id}（${existing.township} ${existing.item}）· ` +
              `input.platformCallId: "${input.platformCallId}" already names call #${existing.id} (${existing.township} ${existing.item})`,
            [{ path: 'input.platformCallId', message: `already call #${existing.id}` }],
          );
        return existing;
      }
    }
    const limits = await callLimits(tx, route.county);
    const acceptBy = workingHoursDeadline(at, limits.acceptHours).at;
    const [{ id }] = await tx.query<{ id: string }>(sql.INSERT_CALL_SQL, [
      item,
      township,
      route.county,
      route.domain,
      date,
      input.text.trim(),
      input.location?.trim() || null,
      (input.attachments ?? []).map((a) => a.trim()),
      !!input.complex,
      input.platformCallId ?? null,
      route.rule,
      route.referral,
      w.who.actor ?? null,
      at.toISOString(),
      chinaDay(at),
      acceptBy.toISOString(),
    ]);
    await tx.query(sql.INSERT_STEP_SQL, [
      id,
      'call',
      null,
      'CALLED',
      w.who.actor ?? null,
      w.who.reason ?? null,
      at.toISOString(),
    ]);
    const called = await lockCall(tx, id);
    await w.record([
      { entity: 'call', key: id, before: null, after: image(called, 'CALLED', { text: called.text, date, rule: route.rule }) },
    ]);
    await enqueueCallEvent(tx, called, {
      step: 'call',
      from: null,
      at,
      actor: w.who.actor ?? null,
      reason: w.who.reason ?? null,
    });
    await insertResponders(tx, id, route.responders, at);
    const links = route.referral ? await referCall(w, called, route.referral) : {};
    return finishStep(
      w,
      called,
      'dispatch',
      at,
      { dispatched_at: at.toISOString(), ...links },
      {
        rule: route.rule,
        referral: route.referral,
        reasons: route.responders.map((r) => r.reason),
        ...links,
      },
    );
  });
}

const insertResponders = (tx: Db, id: string, responders: RoutedResponder[], at: Date) =>
  tx.query(sql.INSERT_RESPONDERS_SQL, [id, JSON.stringify(responders), at.toISOString()]);

/** The places of bodies (absent: unknown body). */
async function bodyPlaces(tx: Db, codes: string[]): Promise<Map<string, string>> {
  const rows = await tx.query<{ code: string; j: string }>(
    `select code, jurisdiction_code as j from body where code = any($1::varchar[])`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.j]));
}

/**
 * A responder's step: the token's subject is a current responder, or an EDITOR speaks for the responder it
 * names (`body`), whose place must lie in the EDITOR's scope.
 */
function responderStep(
  db: Db,
  step: 'accept' | 'answer' | 'handBack',
  a: { id: string; body?: string | null } & CallStepOptions,
  fields: (c: sql.CallRow, at: Date, w: Writer, body: string) => Promise<Record<string, unknown>>,
  to?: (c: sql.CallRow) => CallState,
): Promise<sql.CallRow> {
  const { id, body: named, at = new Date(), expectedRevision, ...who } = a;
  const forOther = !!named?.trim() && who.principal != null && named.trim() !== who.principal.subject;
  return write(db, who, { role: forOther ? 'EDITOR' : 'VIEWER' }, async (w) => {
    const c = await lockCall(w.tx, id);
    const body = named?.trim() || (who.principal ? w.who.principal?.subject : c.responders[0]) || null;
    if (!body || !c.responders.includes(body))
      throw new AppError(
        'ACCESS_FORBIDDEN',
        `"${body ?? ''}" 不是呼叫 #${id} 的承办单位（${c.responders.join('、')}）· "${body ?? ''}" is not a responder of call #${id} (${c.responders.join(', ')})`,
        [{ path: 'body', message: 'not a responder' }],
      );
    checkMove(c, step, expectedRevision);
    const place = (await bodyPlaces(w.tx, [body])).get(body);
    await w.guard([{ entity: 'call', key: id, before: { place }, after: { place }, path: 'body' }]);
    return finishStep(w, c, step, at, await fields(c, at, w, body), { by: body }, to?.(c));
  });
}

/** 响应: a responder accepts; on time when before the accept limit; the answer limit starts (working days). */
export function acceptCall(db: Db, a: { id: string; body?: string | null } & CallStepOptions): Promise<sql.CallRow> {
  return responderStep(db, 'accept', a, async (c, at) => {
    const limits = await callLimits(db, c.county);
    return {
      accepted_at: at.toISOString(),
      accepted_on_time: at.getTime() <= new Date(c.acceptBy).getTime(),
      answer_by: workingDeadline(chinaDay(at), c.complex ? limits.complexDays : limits.answerDays).day,
    };
  });
}

/** 反馈: a responder answers; the time to answer (minutes from the call) and whether on time are kept for statistics. */
export function answerCall(
  db: Db,
  a: { id: string; body?: string | null; answer: string } & CallStepOptions,
): Promise<sql.CallRow> {
  const answer = requireText(a.answer, 'answer', '反馈内容');
  return responderStep(db, 'answer', a, async (c, at) => ({
    answered_at: at.toISOString(),
    answered_on_time: c.answerBy !== null && chinaDay(at) <= c.answerBy,
    answer_minutes: Math.max(0, Math.round((at.getTime() - new Date(c.raisedAt).getTime()) / 60_000)),
    answer,
  }));
}

function requireText(text: string | null | undefined, path: string, zh: string): string {
  if (!text?.trim()) throw new AppError('CALL_INVALID', `${path}：需要${zh} · ${path}: may not be empty`, [bad(path, 'empty')]);
  if (text.length > MAX_TEXT)
    throw new AppError('CALL_INVALID', `${path}：最多 ${MAX_TEXT} 字 · ${path}: at most ${MAX_TEXT} characters`, [
      bad(path, 'too long'),
    ]);
  return text.trim();
}

/**
 * 退回: a responder hands the call back for re-dispatch, with a reason. It stops answering for it; with no
 * responder left the call waits in CALLED for the REVIEWER to reassign it (the accept limit keeps running).
 */
export function handBackCall(
  db: Db,
  a: { id: string; body?: string | null; reason: string } & CallStepOptions,
): Promise<sql.CallRow> {
  const reason = requireText(a.reason, 'reason', '退回理由');
  return responderStep(
    db,
    'handBack',
    { ...a, reason },
    async (c, at, w, body) => {
      await w.tx.query(sql.RELEASE_RESPONDER_SQL, [c.id, body, at.toISOString(), reason]);
      return { accepted_at: null, accepted_on_time: null, answer_by: null };
    },
    (c) => (c.responders.length > 1 ? (c.state as CallState) : 'CALLED'),
  );
}

/** 评价: the calling township rates the answer (满意 / 基本满意 / 不满意). */
export function rateCall(
  db: Db,
  a: { id: string; rating: string; comment?: string | null } & CallStepOptions,
): Promise<sql.CallRow> {
  if (!(RATINGS as readonly string[]).includes(a.rating))
    throw new AppError(
      'CALL_INVALID',
      `rating："${a.rating}" 不是评价，允许：${RATINGS.join(', ')}（满意、基本满意、不满意）· rating: "${a.rating}" is not a rating; allowed: ${RATINGS.join(', ')}`,
      [bad('rating', `"${a.rating}"`)],
    );
  const { id, rating, comment, at = new Date(), expectedRevision, ...who } = a;
  return write(db, who, { role: 'EDITOR' }, async (w) => {
    const c = await lockCall(w.tx, id);
    checkMove(c, 'rate', expectedRevision);
    await w.guard([{ entity: 'call', key: id, before: { place: c.township }, after: { place: c.township }, path: 'id' }]);
    return finishStep(
      w,
      c,
      'rate',
      at,
      { rated_at: at.toISOString(), rating, rating_comment: comment?.trim() || null },
      { rating },
    );
  });
}

/**
 * 改派: the responder's REVIEWER (编办, whose scope holds every current responder and every new one) sends the
 * call to other bodies with a reason; it is dispatched again and the accept limit starts again.
 */
export function reassignCall(db: Db, a: { id: string; to: string[]; reason: string } & CallStepOptions): Promise<sql.CallRow> {
  const reason = requireText(a.reason, 'reason', '改派理由');
  const to = [...new Set((a.to ?? []).map((b) => b.trim()).filter(Boolean))];
  if (to.length === 0)
    throw new AppError('CALL_INVALID', 'to：至少一个承办单位 · to: name at least one body', [bad('to', 'empty')]);
  const { id, at = new Date(), expectedRevision, to: _to, reason: _r, ...who } = a;
  return write(db, { ...who, reason }, { role: 'REVIEWER' }, async (w) => {
    const c = await lockCall(w.tx, id);
    checkMove(c, 'reassign', expectedRevision);
    const places = await bodyPlaces(w.tx, [...c.responders, ...to]);
    failOnProblems(to.flatMap((b, i) => (places.has(b) ? [] : [bad(`to[${i}]`, `主体 "${b}" 不存在 · no body "${b}"`)])));
    const guarded = [...new Set([...c.responders, ...to].map((b) => places.get(b)!))];
    await w.guard(
      guarded.map((place) => ({ entity: 'call' as const, key: id, before: { place }, after: { place }, path: 'to' })),
    );
    await w.tx.query(sql.RELEASE_RESPONDERS_SQL, [id, at.toISOString(), reason]);
    await insertResponders(
      w.tx,
      id,
      to.map((body) => ({
        body,
        rule: 'REASSIGNED' as never,
        catalogue: null,
        assignment: null,
        duty_item: null,
        via_successor: false,
        reason: `改派：${reason} · reassigned: ${reason}`,
      })),
      at,
    );
    const limits = await callLimits(w.tx, c.county);
    return finishStep(
      w,
      c,
      'reassign',
      at,
      {
        reassigned: true,
        dispatched_at: at.toISOString(),
        accept_by: workingHoursDeadline(at, limits.acceptHours).at.toISOString(),
        accepted_at: null,
        accepted_on_time: null,
        answer_by: null,
      },
      { from: c.responders, to },
    );
  });
}

/**
 * 督办: a call past its limit at `at` (not accepted by accept_by, or not answered by answer_by) is escalated by
 * the service itself. Returns null when the call has moved on meanwhile (nothing written).
 */
export async function escalateCall(db: Db, id: string, at: Date = new Date()): Promise<sql.CallRow | null> {
  return write(db, { actor: 'shudi:escalation' }, { role: 'VIEWER' }, async (w) => {
    const c = await lockCall(w.tx, id);
    const late =
      c.state === 'DISPATCHED' || c.state === 'CALLED'
        ? new Date(c.acceptBy).getTime() < at.getTime()
          ? `超过响应时限（${c.acceptBy}）· not accepted by ${c.acceptBy}`
          : null
        : c.state === 'ACCEPTED' && c.answerBy && c.answerBy < chinaDay(at)
          ? `超过反馈时限（${c.answerBy}）· not answered by ${c.answerBy}`
          : null;
    if (!late) return null;
    (w.who as WriteContext).reason = late;
    await w.guard([{ entity: 'call', key: id, before: { place: c.township }, after: { place: c.township } }]);
    return finishStep(w, c, 'escalate', at, { escalated_at: at.toISOString(), escalation_reason: late }, { reason: late });
  });
}
