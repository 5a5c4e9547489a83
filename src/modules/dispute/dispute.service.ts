import type { Db } from '../../db/database';
import { todayInChina } from '../../dates';
import { AppError, failOnProblems, type Problem } from '../../errors';
import { TIME_LIMITS, overdueCutoff, workingDeadline, type Deadline } from '../../workdays';
import { insertAdjustment, type AdjustmentInput } from '../adjustment/adjustment.service';
import type { WriteContext } from '../change/change.service';
import { write, type Writer } from '../records/write.protocol';
import { DISPUTE_STATE_ZH, DISPUTE_STEPS, type DisputeState, type DisputeStep } from './dispute.rules';
import * as sql from './dispute.sql';

export interface DisputeInput {
  item: string;
  subject: string;
  places: string[];
  parties: string[];
  /** The party raising it (one of `parties`); its EDITOR files it. */
  raisedBy: string;
  /** Its first statement (optional). */
  statement?: string | null;
}

export interface RulingInput {
  decision: string;
  basis?: string[] | null;
  /** The adjustment that carries the ruling out (created SUBMITTED, linked to the dispute both ways). */
  adjustment?: AdjustmentInput | null;
}

const bad = (path: string, message: string): Problem => ({ path, message });
const uniq = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];

/** The feed's image of a dispute: where the feed files it (its scope) and where it stands. */
const image = (d: sql.DisputeRow, state: string, extra: Record<string, unknown> = {}) => ({
  id: d.id,
  item: d.item,
  scope: d.scope,
  places: d.places,
  parties: d.parties,
  state,
  ...extra,
});

/** Shape checks of a new dispute, every problem at once (references are checked in the transaction). */
function checkInput(d: DisputeInput): Problem[] {
  const problems: Problem[] = [];
  if (!d.item?.trim()) problems.push(bad('input.item', '事项编码不能为空 · item may not be empty'));
  if (!d.subject?.trim()) problems.push(bad('input.subject', '争议事由不能为空 · subject may not be empty'));
  if (uniq(d.places ?? []).length === 0) problems.push(bad('input.places', '至少一个地点 · name at least one place'));
  const parties = uniq(d.parties ?? []);
  if (parties.length < 2)
    problems.push(
      bad(
        'input.parties',
        `争议至少有两方，收到 ${parties.length} 方 · a dispute has at least two parties, got ${parties.length}`,
      ),
    );
  if (d.raisedBy && !parties.includes(d.raisedBy.trim()))
    problems.push(
      bad('input.raisedBy', `"${d.raisedBy}" 不是争议一方 · "${d.raisedBy}" is not one of the parties (${parties.join(', ')})`),
    );
  return problems;
}

/** The jurisdiction of each body code (absent: unknown). */
async function bodyPlaces(tx: Db, codes: string[]): Promise<Map<string, string>> {
  const rows = await tx.query<{ code: string; j: string }>(
    `select code, jurisdiction_code as j from body where code = any($1::varchar[])`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.j]));
}

/** 提出职责争议: a party's EDITOR files it (OPEN); the existing division stands meanwhile. */
export async function openDispute(db: Db, input: DisputeInput, who: WriteContext = {}): Promise<sql.DisputeRow> {
  failOnProblems(checkInput(input));
  const places = uniq(input.places);
  const parties = uniq(input.parties);
  return write(db, who, { role: 'EDITOR' }, async (w) => {
    const tx = w.tx;
    const [item] = await tx.query(`select 1 from item where code = $1`, [input.item.trim()]);
    const known = new Set(
      (await tx.query<{ code: string }>(`select code from jurisdiction where code = any($1::varchar[])`, [places])).map(
        (r) => r.code,
      ),
    );
    const bodies = await bodyPlaces(tx, parties);
    failOnProblems([
      ...(item ? [] : [bad('input.item', `事项 "${input.item}" 不存在 · no item "${input.item}"`)]),
      ...places.flatMap((p, i) =>
        known.has(p) ? [] : [bad(`input.places[${i}]`, `区划 "${p}" 不存在 · no jurisdiction "${p}"`)],
      ),
      ...parties.flatMap((b, i) => (bodies.has(b) ? [] : [bad(`input.parties[${i}]`, `主体 "${b}" 不存在 · no body "${b}"`)])),
    ]);
    const raisedBy = input.raisedBy.trim();
    await w.guard([
      { entity: 'dispute', key: raisedBy, before: null, after: { place: bodies.get(raisedBy) }, path: 'input.raisedBy' },
    ]);
    const [{ id }] = await tx.query<{ id: string }>(sql.INSERT_DISPUTE_SQL, [
      input.item.trim(),
      input.subject.trim(),
      raisedBy,
      places,
      todayInChina(),
      w.who.actor ?? null,
      parties,
    ]);
    const row = await lockDispute(tx, id);
    const statement = input.statement?.trim();
    if (statement) await tx.query(sql.INSERT_STATEMENT_SQL, [id, raisedBy, statement, w.who.actor ?? null]);
    await w.record([
      {
        entity: 'dispute',
        key: id,
        before: null,
        after: image(row, 'OPEN', { subject: row.subject, raisedBy, statement: statement ?? null }),
      },
    ]);
    return row;
  });
}

async function lockDispute(tx: Db, id: string): Promise<sql.DisputeRow> {
  const d = /^\d{1,18}$/.test(id) ? (await tx.query<sql.DisputeRow>(sql.DISPUTE_FOR_UPDATE_SQL, [id]))[0] : undefined;
  if (!d) throw new AppError('NOT_FOUND', `职责争议 "${id}" 不存在 · no dispute "${id}"`, [{ path: 'id', message: 'not found' }]);
  return d;
}

export interface DisputeStepOptions extends WriteContext {
  /** The revision the caller saw: a different one now is a CONFLICT (someone else moved it first). */
  expectedRevision?: number | null;
}

/** The locked row, its revision and the move checked (SPEC §10: OPEN → RULED | WITHDRAWN, nothing else). */
async function checkedStep(tx: Db, step: DisputeStep, id: string, expectedRevision?: number | null): Promise<sql.DisputeRow> {
  const d = await lockDispute(tx, id);
  if (expectedRevision != null && expectedRevision !== d.revision)
    throw new AppError(
      'DISPUTE_STATE',
      `职责争议 #${id} 已被修改（第 ${d.revision} 版，您看到的是第 ${expectedRevision} 版）· dispute #${id} has changed (revision ${d.revision}, you saw ${expectedRevision})`,
      [{ path: 'expectedRevision', message: `now ${d.revision}` }],
    );
  const rule = DISPUTE_STEPS[step];
  if (!(rule.from as readonly string[]).includes(d.state))
    throw new AppError(
      'DISPUTE_STATE',
      `职责争议 #${id} 处于「${DISPUTE_STATE_ZH[d.state as DisputeState]}」，不能${rule.zh} · dispute #${id} is ${d.state}; ${step} needs it OPEN`,
      [{ path: 'id', message: `state ${d.state}` }],
    );
  return d;
}

async function finishStep(w: Writer, d: sql.DisputeRow, to: DisputeState, fields: Record<string, unknown>) {
  await w.tx.query(sql.UPDATE_DISPUTE_SQL, [d.id, to, JSON.stringify(fields)]);
  await w.record([{ entity: 'dispute', key: d.id, before: image(d, d.state), after: image(d, to, fields) }]);
  return (await w.tx.query<sql.DisputeRow>(sql.DISPUTES_BY_ID_SQL, [[d.id]]))[0];
}

function requireText(text: string | null | undefined, path: string, zh: string): string {
  if (!text?.trim())
    throw new AppError('DISPUTE_INVALID', `${path}：需要${zh} · ${path}: may not be empty`, [bad(path, 'empty')]);
  return text.trim();
}

/**
 * A party's statement (陈述). Through the API the party is the token's subject (a body code) or, for an
 * EDITOR, the body named, whose place must lie in the EDITOR's scope.
 */
export async function addStatement(
  db: Db,
  a: { id: string; body?: string | null; text: string } & WriteContext,
): Promise<sql.DisputeRow> {
  const text = requireText(a.text, 'text', '陈述内容');
  const { id, body: named, text: _t, ...who } = a;
  // speaking for a body other than one's own token needs an EDITOR (whose scope must hold that body)
  const forOther = !!named?.trim() && who.principal != null && named.trim() !== who.principal.subject;
  return write(db, who, { role: forOther ? 'EDITOR' : 'VIEWER' }, async (w) => {
    const d = await checkedStep(w.tx, 'state', id);
    const body = named?.trim() || w.who.principal?.subject || null;
    if (!body || !d.parties.includes(body))
      throw new AppError(
        'ACCESS_FORBIDDEN',
        `"${body ?? ''}" 不是职责争议 #${id} 的当事方 · only a party to dispute #${id} may make a statement, and "${body ?? ''}" is not one`,
      );
    // a party speaks for its own place: its token (sub = the body) or an EDITOR whose scope holds it
    const place = (await bodyPlaces(w.tx, [body])).get(body);
    await w.guard([{ entity: 'dispute', key: id, before: { place }, after: { place }, path: 'body' }]);
    await w.tx.query(sql.INSERT_STATEMENT_SQL, [id, body, text, w.who.actor ?? body]);
    return finishStep(w, d, 'OPEN', { statement: { body, text } });
  });
}

/** 撤回: the party that raised it withdraws (its EDITOR), with a reason. */
export function withdrawDispute(db: Db, id: string, who: DisputeStepOptions = {}): Promise<sql.DisputeRow> {
  const reason = requireText(who.reason, 'reason', '撤回理由');
  const { expectedRevision, ...rest } = who;
  return write(db, rest, { role: 'EDITOR' }, async (w) => {
    const d = await checkedStep(w.tx, 'withdraw', id, expectedRevision);
    const place = (await bodyPlaces(w.tx, [d.raisedBy])).get(d.raisedBy);
    await w.guard([{ entity: 'dispute', key: id, before: { place }, after: { place }, path: 'id' }]);
    return finishStep(w, d, 'WITHDRAWN', { withdraw_reason: reason });
  });
}

/**
 * 裁定: a REVIEWER whose scope holds every place rules; the decision, who ruled, the basis and the day are
 * recorded, and the adjustment that carries it out is created (SUBMITTED, linked both ways) in the same
 * transaction. A ruling that keeps the existing division changes no list and names no adjustment.
 */
export function ruleDispute(db: Db, id: string, ruling: RulingInput, who: DisputeStepOptions = {}): Promise<sql.DisputeRow> {
  const decision = requireText(ruling.decision, 'ruling.decision', '裁定结论');
  const { expectedRevision, ...rest } = who;
  return write(db, rest, { role: 'REVIEWER' }, async (w) => {
    const d = await checkedStep(w.tx, 'rule', id, expectedRevision);
    await w.guard([{ entity: 'dispute', key: id, before: { places: d.places }, after: { places: d.places }, path: 'id' }]);
    const adjustment = ruling.adjustment
      ? await insertAdjustment(w, ruling.adjustment, { submit: true, dispute: id, path: 'ruling.adjustment' })
      : null;
    return finishStep(w, d, 'RULED', {
      decision,
      ruling_basis: uniq(ruling.basis ?? []),
      ruled_by: w.who.actor ?? null,
      ruled_on: todayInChina(),
      adjustment: adjustment?.id ?? null,
    });
  });
}

/** SPEC §10 time limit of a dispute: ruled within 15 working days of being raised; overdue while open past it. */
export function disputeLimits(d: { state: string; openedOn: string }, today: string): { ruleBy: Deadline; overdue: boolean } {
  const ruleBy = workingDeadline(d.openedOn, TIME_LIMITS.review);
  return { ruleBy, overdue: d.state === 'OPEN' && ruleBy.day < today };
}

export interface DisputeFilter {
  scope: string | null;
  states: string[] | null;
  item: string | null;
  party: string | null;
  overdue: boolean | null;
  asOf: string;
}

/** The filter parameters $1…$6 of the dispute lists. */
export const disputeFilterParams = (f: DisputeFilter): unknown[] => [
  f.scope,
  f.states?.length ? f.states : null,
  f.item,
  f.party,
  f.overdue,
  overdueCutoff(f.asOf, TIME_LIMITS.review),
];
