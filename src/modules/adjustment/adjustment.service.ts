import type { Db } from '../../db/database';
import { AppError, failOnProblems, type Problem } from '../../errors';
import type { WriteContext } from '../change/change.service';
import type { ParsedDocument } from '../records/record.batch';
import { assignmentKey } from '../records/record.kinds';
import { applyParsed } from '../records/records.writer';
import { write, type Writer } from '../records/write.protocol';
import { mergedDocument } from './adjustment.document';
import { todayInChina } from '../../dates';
import { publishCatalogue } from '../version/version.service';
import { computeImpact, type Impact } from './adjustment.impact';
import {
  CHANGE_LABELS,
  STATE_ZH,
  STEP_ZH,
  STEPS,
  TRIGGERS,
  type AdjustmentState,
  type ChangeLabel,
  type Step,
  type Trigger,
} from './adjustment.rules';
import * as sql from './adjustment.sql';
// registers the admission check with the write protocol (SHUDI_ADMISSION=required)
import './admission.check';

export interface AdjustmentInput {
  catalogue: string;
  applicant: string;
  reason: string;
  basis?: string[] | null;
  trigger: Trigger | string;
  triggeredOn?: string | null;
  effectiveFrom: string;
  changes: { label: ChangeLabel | string; document: unknown }[];
}

const bad = (path: string, message: string): Problem => ({ path, message });

/** Shape checks of a new adjustment (every problem at once); references are checked in the transaction. */
function checkInput(a: AdjustmentInput, today: string): Problem[] {
  const problems: Problem[] = [];
  if (!a.reason?.trim()) problems.push(bad('input.reason', '调整理由不能为空 · reason may not be empty'));
  if (!(TRIGGERS as readonly string[]).includes(a.trigger))
    problems.push(
      bad('input.trigger', `"${a.trigger}" 不是调整事由，允许：${TRIGGERS.join(', ')} · allowed: ${TRIGGERS.join(', ')}`),
    );
  if (a.effectiveFrom < today)
    problems.push(
      bad(
        'input.effectiveFrom',
        `生效日期 ${a.effectiveFrom} 早于今天 ${today}：调整不改变过去某日清单的内容 · ` +
          `effectiveFrom ${a.effectiveFrom} lies before today ${today}; an adjustment never changes what the lists said on a past day`,
      ),
    );
  if (!Array.isArray(a.changes) || a.changes.length === 0)
    problems.push(bad('input.changes', '至少需要一项变更 · at least one change is needed'));
  (a.changes ?? []).forEach((c, i) => {
    if (!(CHANGE_LABELS as readonly string[]).includes(c.label))
      problems.push(
        bad(
          `input.changes[${i}].label`,
          `"${c.label}" 不是变更类型，允许：${CHANGE_LABELS.join(', ')} · allowed: ${CHANGE_LABELS.join(', ')}`,
        ),
      );
  });
  const { parsed, problems: parse } = mergedDocument(a.changes ?? []);
  problems.push(...parse.map((p) => ({ ...p, path: `input.${p.path}` })));
  // One catalogue per adjustment: its entries and the assignments published with it, nothing of another list.
  const other = (path: string, code: string | null | undefined) =>
    code !== a.catalogue &&
    problems.push(
      bad(
        `input.${path}`,
        `记录属于清单 "${code ?? ''}"，本调整只调整清单 "${a.catalogue}" · the record belongs to catalogue "${code ?? ''}"; this adjustment changes "${a.catalogue}" only`,
      ),
    );
  parsed.catalogues.forEach((c) => other(c.path, c.rec.code));
  parsed.entries.forEach((e) => other(e.path, e.rec.catalogue));
  parsed.assignments.forEach((x) => other(x.path, x.rec.catalogue));
  return problems;
}

/** The (entity, key) of each record as the change feed names it. */
export function recordKeys(doc: ParsedDocument): { entity: string; key: string }[] {
  return [
    ...doc.bodies.map((b) => ({ entity: 'body', key: b.rec.code })),
    ...doc.items.map((b) => ({ entity: 'item', key: b.rec.code })),
    ...doc.catalogues.map((b) => ({ entity: 'catalogue', key: b.rec.code })),
    ...doc.entries.map((e) => ({ entity: 'entry', key: `${e.rec.catalogue}|${e.rec.item}` })),
    ...doc.assignments.map((a) => ({ entity: 'assignment', key: assignmentKey(a.rec) })),
  ];
}

/** The feed's image of an adjustment: who may see it (its owner) and where it stands. */
const image = (a: sql.AdjustmentRow, state: string, extra: Record<string, unknown> = {}) => ({
  id: a.id,
  catalogue: a.catalogue,
  owner: a.owner,
  applicant: a.applicant,
  state,
  ...extra,
});

/** 调整申请: a new adjustment (DRAFT, or SUBMITTED with `submit`), by an EDITOR whose scope holds the applicant. */
export async function createAdjustment(
  db: Db,
  input: AdjustmentInput,
  opts: WriteContext & { submit?: boolean } = {},
): Promise<sql.AdjustmentRow> {
  failOnProblems(checkInput(input, todayInChina()));
  const { submit, ...who } = opts;
  return write(db, who, { role: 'EDITOR' }, (w) => insertAdjustment(w, input, { submit }));
}

/**
 * A new adjustment inside the caller's write (a ruling creates the one that carries it out): references
 * checked, the applicant's scope guarded, the row inserted and recorded, submitted when asked.
 */
export async function insertAdjustment(
  w: Writer,
  input: AdjustmentInput,
  opts: { submit?: boolean; dispute?: string | null; path?: string } = {},
): Promise<sql.AdjustmentRow> {
  const tx = w.tx;
  const at = opts.path ?? 'input';
  failOnProblems(checkInput(input, todayInChina()).map((p) => ({ ...p, path: p.path.replace(/^input/, at) })));
  const [cat] = await tx.query<{ owner: string }>(`select owner_code as owner from catalogue where code = $1`, [input.catalogue]);
  const [body] = await tx.query<{ jurisdiction: string }>(`select jurisdiction_code as jurisdiction from body where code = $1`, [
    input.applicant,
  ]);
  failOnProblems([
    ...(cat ? [] : [bad(`${at}.catalogue`, `清单 "${input.catalogue}" 不存在 · no catalogue "${input.catalogue}"`)]),
    ...(body ? [] : [bad(`${at}.applicant`, `申请主体 "${input.applicant}" 不存在 · no body "${input.applicant}"`)]),
  ]);
  await w.guard([
    { entity: 'adjustment', key: input.applicant, before: null, after: { place: body.jurisdiction }, path: `${at}.applicant` },
  ]);
  await guardRelated(tx, w.who, cat.owner);
  const [{ id }] = await tx.query<{ id: string }>(sql.INSERT_ADJUSTMENT_SQL, [
    input.catalogue,
    cat.owner,
    input.applicant,
    input.reason.trim(),
    (input.basis ?? []).map((b) => b.trim()).filter(Boolean),
    input.trigger,
    input.triggeredOn ?? null,
    input.effectiveFrom,
    JSON.stringify(input.changes.map((c) => ({ label: c.label, document: c.document }))),
    w.who.actor ?? null,
    opts.dispute ?? null,
  ]);
  const row = (await tx.query<sql.AdjustmentRow>(sql.ADJUSTMENT_FOR_UPDATE_SQL, [id]))[0];
  await w.record([{ entity: 'adjustment', key: id, before: null, after: image(row, 'DRAFT') }]);
  if (!opts.submit) return row;
  return runStep(w, 'submit', id, {}, async () => ({ submitted_change: await lastChange(tx) }));
}

/** A township may apply for its county's list: the list's owner must be inside the caller's scope or above it. */
async function guardRelated(tx: Db, who: WriteContext, owner: string): Promise<void> {
  const p = who.principal;
  if (!p || p.role === 'ADMIN' || !p.scope || p.scope === '000000') return;
  const [r] = await tx.query<{ ok: boolean }>(
    `select exists (select 1 from jurisdiction j where j.code = $1 and j.path @> array[$2::varchar])
         or exists (select 1 from jurisdiction j where j.code = $2 and j.path @> array[$1::varchar]) as ok`,
    [owner, p.scope],
  );
  if (!r.ok)
    throw new AppError(
      'ACCESS_FORBIDDEN',
      `清单所属 ${owner} 与您的权限范围 ${p.scope} 无关 · the catalogue's owner ${owner} is neither in nor above your scope ${p.scope}`,
    );
}

const lastChange = async (tx: Db) => (await tx.query<{ id: string }>(sql.LAST_CHANGE_SQL))[0].id;

export interface StepOptions extends WriteContext {
  /** The revision the caller saw: a different one now is a CONFLICT (someone else moved it first). */
  expectedRevision?: number | null;
}

/**
 * One step of SPEC §10, inside the caller's transaction: the row locked, the revision and the move checked,
 * the scope of the applicant (applicant steps) or of the owner (reviewer steps) guarded, then `more` for the
 * step's own checks and fields, the update, and the change-feed record with actor and reason.
 */
async function runStep(
  w: Writer,
  step: Step,
  id: string,
  check: { expectedRevision?: number | null },
  more: (a: sql.AdjustmentRow) => Promise<Record<string, unknown>> = async () => ({}),
): Promise<sql.AdjustmentRow> {
  const tx = w.tx;
  const a = await lockAdjustment(tx, id);
  const rule = STEPS[step];
  if (check.expectedRevision != null && check.expectedRevision !== a.revision)
    throw new AppError(
      'ADJUSTMENT_STATE',
      `调整申请 #${id} 已被修改（第 ${a.revision} 版，您看到的是第 ${check.expectedRevision} 版）· adjustment #${id} has changed (revision ${a.revision}, you saw ${check.expectedRevision})`,
      [{ path: 'expectedRevision', message: `now ${a.revision}` }],
    );
  if (!(rule.from as readonly string[]).includes(a.state))
    throw new AppError(
      'ADJUSTMENT_STATE',
      `调整申请 #${id} 处于「${STATE_ZH[a.state as AdjustmentState]}」，不能${STEP_ZH[step]}（只能从 ${rule.from.join(' / ')}）· ` +
        `adjustment #${id} is ${a.state}; ${step} moves only from ${rule.from.join(' or ')} to ${rule.to}`,
      [{ path: 'id', message: `state ${a.state}` }],
    );
  const place = rule.by === 'APPLICANT' ? await applicantPlace(tx, a.applicant) : a.owner;
  await w.guard([{ entity: 'adjustment', key: id, before: { place }, after: { place }, path: 'id' }]);
  const fields = await more(a);
  await tx.query(sql.UPDATE_ADJUSTMENT_SQL, [id, rule.to, JSON.stringify(fields)]);
  const extra = Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'applied_impact' && k !== 'submitted_change'));
  await w.record([{ entity: 'adjustment', key: id, before: image(a, a.state), after: image(a, rule.to, extra) }]);
  return (await tx.query<sql.AdjustmentRow>(sql.ADJUSTMENTS_BY_ID_SQL, [[id]]))[0];
}

async function lockAdjustment(tx: Db, id: string): Promise<sql.AdjustmentRow> {
  const a = /^\d{1,18}$/.test(id) ? (await tx.query<sql.AdjustmentRow>(sql.ADJUSTMENT_FOR_UPDATE_SQL, [id]))[0] : undefined;
  if (!a)
    throw new AppError('NOT_FOUND', `调整申请 "${id}" 不存在 · no adjustment "${id}"`, [{ path: 'id', message: 'not found' }]);
  return a;
}

const applicantPlace = async (tx: Db, body: string) =>
  (await tx.query<{ j: string }>(`select jurisdiction_code as j from body where code = $1`, [body]))[0].j;

/** A step as its own write: role first, then one transaction under the writers' lock. */
function step(
  db: Db,
  name: Step,
  id: string,
  who: StepOptions,
  more?: (tx: Db, a: sql.AdjustmentRow) => Promise<Record<string, unknown>>,
) {
  const { expectedRevision, ...rest } = who;
  return write(db, rest, { role: STEPS[name].by === 'REVIEWER' ? 'REVIEWER' : 'EDITOR' }, (w) =>
    runStep(w, name, id, { expectedRevision }, more ? (a) => more(w.tx, a) : undefined),
  );
}

export const submitAdjustment = (db: Db, id: string, who: StepOptions = {}) =>
  step(db, 'submit', id, who, async (tx) => ({ submitted_change: await lastChange(tx) }));

export const withdrawAdjustment = (db: Db, id: string, who: StepOptions = {}) =>
  step(db, 'withdraw', id, who, async () => ({ decision_reason: requireReason(who.reason, 'reason') }));

export const rejectAdjustment = (db: Db, id: string, who: StepOptions = {}) =>
  step(db, 'reject', id, who, async () => ({
    decided_by: who.actor ?? null,
    decision_reason: requireReason(who.reason, 'reason'),
  }));

function requireReason(text: string | null | undefined, path: string): string {
  if (!text?.trim())
    throw new AppError('ADJUSTMENT_INVALID', `${path}：需要说明理由 · ${path}: a reason is needed`, [bad(path, 'empty')]);
  return text.trim();
}

/** 会商: asks the named bodies for their opinion (SUBMITTED → CONSULTING). */
export function consultAdjustment(db: Db, id: string, bodies: string[], who: StepOptions = {}) {
  const codes = [...new Set(bodies.map((b) => b.trim()).filter(Boolean))];
  if (codes.length === 0)
    throw new AppError('ADJUSTMENT_INVALID', '至少会商一个主体 · name at least one body to consult', [bad('bodies', 'empty')]);
  return step(db, 'consult', id, who, async (tx) => {
    const known = new Set(
      (await tx.query<{ code: string }>(`select code from body where code = any($1::varchar[])`, [codes])).map((r) => r.code),
    );
    failOnProblems(
      codes
        .map((c, i) => [c, i] as const)
        .filter(([c]) => !known.has(c))
        .map(([c, i]) => bad(`bodies[${i}]`, `主体 "${c}" 不存在 · no body "${c}"`)),
    );
    await tx.query(sql.ADD_OPINIONS_SQL, [id, codes]);
    return { consulted: codes };
  });
}

/**
 * A consulted body's answer (agree, or disagree with its reasons). Through the API the body is the token's
 * subject; in-process callers name it.
 */
export async function answerAdjustment(
  db: Db,
  a: { id: string; body?: string | null; agrees: boolean; text?: string | null } & WriteContext,
): Promise<sql.AdjustmentRow> {
  const body = a.principal ? a.principal.subject : a.body;
  if (!a.agrees && !a.text?.trim())
    throw new AppError('ADJUSTMENT_INVALID', '不同意时需要写明意见 · a disagreeing opinion needs its text', [
      bad('text', 'empty'),
    ]);
  const { id: _id, body: _body, agrees: _agrees, text: _text, ...who } = a;
  return write(db, who, { role: 'VIEWER' }, async (w) => {
    const tx = w.tx;
    const adj = await lockAdjustment(tx, a.id);
    const answered =
      adj.state === 'CONSULTING' && body
        ? await tx.query(sql.ANSWER_OPINION_SQL, [a.id, body, a.agrees, a.text?.trim() || null, a.actor ?? body])
        : [];
    if (answered.length === 0) {
      if (adj.state !== 'CONSULTING')
        throw new AppError(
          'ADJUSTMENT_STATE',
          `调整申请 #${a.id} 处于「${STATE_ZH[adj.state as AdjustmentState]}」，不在会商中 · adjustment #${a.id} is ${adj.state}, not CONSULTING`,
        );
      throw new AppError(
        'ACCESS_FORBIDDEN',
        `"${body ?? ''}" 不是调整申请 #${a.id} 的会商单位 · only a body consulted on adjustment #${a.id} may answer, and "${body ?? ''}" is not one`,
      );
    }
    // the consulted body answers for its own place (its token's scope holds it)
    const place = await applicantPlace(tx, body!);
    await w.guard([{ entity: 'adjustment', key: a.id, before: { place }, after: { place }, path: 'id' }]);
    await w.record([
      {
        entity: 'adjustment',
        key: a.id,
        before: image(adj, adj.state),
        after: image(adj, adj.state, { opinion: { body, agrees: a.agrees, text: a.text ?? null } }),
      },
    ]);
    return (await tx.query<sql.AdjustmentRow>(sql.ADJUSTMENTS_BY_ID_SQL, [[a.id]]))[0];
  });
}

/** 批准: every opinion in and agreeing, or an explicit override with its reason. */
export function approveAdjustment(db: Db, id: string, who: StepOptions & { override?: string | null } = {}) {
  return step(db, 'approve', id, who, async (tx) => {
    const opinions = await tx.query<sql.OpinionRow>(sql.OPINIONS_BY_ADJUSTMENT_SQL, [[id]]);
    const open = opinions.filter((o) => o.agrees !== true);
    const override = who.override?.trim() || null;
    if (open.length > 0 && !override) {
      const list = open
        .map((o) => `${o.body}${o.agrees === null ? '（未答复 · no answer）' : '（不同意 · disagrees）'}`)
        .join(', ');
      throw new AppError(
        'ADJUSTMENT_INVALID',
        `会商意见未齐或有异议：${list}；批准需写明 override 理由 · opinions missing or disagreeing: ${list}; approving needs an override reason`,
        [bad('override', list)],
      );
    }
    return { decided_by: who.actor ?? null, decision_reason: who.reason?.trim() || null, override_reason: override };
  });
}

/**
 * 实施: writes the records once, atomically, through the import writer (checks, scope guard, change feed),
 * refusing a stale adjustment or a past effective date, and publishes the catalogue's next version naming it.
 * The impact is computed in the same transaction (before and after the write) and kept with it.
 */
export async function applyAdjustment(db: Db, id: string, who: StepOptions = {}): Promise<sql.AdjustmentRow> {
  return step(db, 'apply', id, who, async (tx, a) => {
    const today = todayInChina();
    if (a.effectiveFrom < today)
      throw new AppError(
        'ADJUSTMENT_INVALID',
        `生效日期 ${a.effectiveFrom} 已过（今天 ${today}）：调整不改变过去某日清单的内容，请重新申请 · ` +
          `effectiveFrom ${a.effectiveFrom} has passed (today ${today}); an adjustment never changes a past day; apply anew`,
        [bad('effectiveFrom', a.effectiveFrom)],
      );
    const { parsed, problems } = mergedDocument(a.changes);
    const keys = recordKeys(parsed);
    const later = await tx.query<sql.LaterChangeRow>(sql.LATER_CHANGES_SQL, [
      a.submittedChange ?? '0',
      keys.map((k) => k.entity),
      keys.map((k) => k.key),
    ]);
    if (later.length > 0) {
      const named = later.map((c) => `${c.entity} "${c.key}"（${c.actor ?? 'system'}，${c.at}）`).join('; ');
      throw new AppError(
        'ADJUSTMENT_STALE',
        `调整申请 #${id} 已过时：提交后这些记录又被修改：${named} · adjustment #${id} is stale: these records changed after it was submitted: ${named}`,
        later.map((c) => ({
          path: `${c.entity}:${c.key}`,
          message: `changed by ${c.actor ?? 'system'} at ${c.at} (change ${c.id})`,
        })),
      );
    }
    const reason = `调整申请 #${id}：${a.reason} · adjustment #${id}${who.reason?.trim() ? `; ${who.reason.trim()}` : ''}`;
    const writer = { actor: who.actor, reason, principal: who.principal };
    const impact = await computeImpact(tx, a, async () => {
      const report = await applyParsed(tx, { parsed, problems }, writer);
      failOnProblems(report.problems);
      return [];
    });
    const version = await publishCatalogue(tx, a.catalogue, { ...writer, note: reason, publishedOn: a.effectiveFrom });
    await tx.query(sql.SET_VERSION_ADJUSTMENT_SQL, [a.catalogue, version.version, id]);
    return { applied_version: version.version, applied_impact: impact, decided_by: a.decidedBy };
  });
}

/** SPEC §10 impact of any adjustment: the one kept when it was applied, else computed in a rolled-back transaction. */
export async function adjustmentImpact(db: Db, a: sql.AdjustmentRow): Promise<Impact> {
  // an impact kept before conformance joined it has no conformance lists: empty ones
  if (a.state === 'APPLIED' && a.appliedImpact) {
    const kept = a.appliedImpact as Partial<Impact>;
    return {
      ...(kept as Impact),
      conformanceAdded: kept.conformanceAdded ?? [],
      conformanceRemoved: kept.conformanceRemoved ?? [],
    };
  }
  const rollback = new Error('impact preview: roll back');
  let result: Impact | null = null;
  try {
    await db.transaction(async (tx) => {
      result = await computeImpact(tx, a, async () => {
        const { parsed, problems } = mergedDocument(a.changes);
        // Written with the database's own authority (no principal): this is a preview, rolled back below.
        const report = await applyParsed(tx, { parsed, problems }, {});
        return report.problems;
      });
      throw rollback;
    });
  } catch (e) {
    if (e !== rollback) throw e;
  }
  return result!;
}
