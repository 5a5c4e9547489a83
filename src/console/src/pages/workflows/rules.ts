import type { Viewer } from '../../session';

/**
 * What the signed-in role may do with a workflow item, mirroring the server's rules (SPEC §10) so that what the
 * role may not do is not offered. The server still decides: a step it refuses shows its error.
 */
const RANK = ['VIEWER', 'EDITOR', 'REVIEWER', 'ADMIN'];
export const atLeast = (viewer: Viewer | null, role: 'EDITOR' | 'REVIEWER' | 'ADMIN') =>
  !!viewer?.role && RANK.indexOf(viewer.role) >= RANK.indexOf(role);

/** A place (or a body named after its place, 370685-SCJG) under a scope: 37 / 3706 / 370685 / 370685004. */
export function underScope(code: string, scope: string | null | undefined): boolean {
  if (!scope || scope === '000000') return true;
  const prefix = scope.length === 9 ? scope : scope.replace(/(00)+$/, '');
  return code.startsWith(prefix);
}

export type AdjustmentStep = 'submit' | 'withdraw' | 'consult' | 'answer' | 'approve' | 'reject' | 'apply';
/** The states each step starts from and who takes it (adjustment.rules STEPS on the server). */
const ADJUSTMENT_STEPS: Record<Exclude<AdjustmentStep, 'answer'>, { from: string[]; by: 'APPLICANT' | 'REVIEWER' }> = {
  submit: { from: ['DRAFT'], by: 'APPLICANT' },
  withdraw: { from: ['DRAFT', 'SUBMITTED', 'CONSULTING'], by: 'APPLICANT' },
  consult: { from: ['SUBMITTED'], by: 'REVIEWER' },
  approve: { from: ['SUBMITTED', 'CONSULTING'], by: 'REVIEWER' },
  reject: { from: ['DRAFT', 'SUBMITTED', 'CONSULTING'], by: 'REVIEWER' },
  apply: { from: ['APPROVED'], by: 'REVIEWER' },
};

export function adjustmentSteps(
  viewer: Viewer | null,
  a: { state: string; owner: string; applicant: string; opinions: { body: string; agrees?: boolean | null }[] },
): AdjustmentStep[] {
  const steps: AdjustmentStep[] = [];
  for (const [step, rule] of Object.entries(ADJUSTMENT_STEPS) as [
    Exclude<AdjustmentStep, 'answer'>,
    (typeof ADJUSTMENT_STEPS)['submit'],
  ][]) {
    if (!rule.from.includes(a.state)) continue;
    const ok =
      rule.by === 'REVIEWER'
        ? atLeast(viewer, 'REVIEWER') && underScope(a.owner, viewer?.scope?.code)
        : atLeast(viewer, 'EDITOR') && underScope(a.applicant, viewer?.scope?.code);
    if (ok) steps.push(step);
  }
  // a consulted body answers with its own token (sub = the body's code)
  if (a.state === 'CONSULTING' && a.opinions.some((o) => o.body === viewer?.subject && o.agrees == null)) steps.push('answer');
  return steps;
}

export type DisputeStep = 'state' | 'rule' | 'withdraw';
export function disputeSteps(
  viewer: Viewer | null,
  d: { state: string; places: string[]; parties: string[]; raisedBy: string },
): DisputeStep[] {
  if (d.state !== 'OPEN') return [];
  const scope = viewer?.scope?.code;
  const steps: DisputeStep[] = [];
  if (d.parties.includes(viewer?.subject ?? '') || (atLeast(viewer, 'EDITOR') && d.parties.some((p) => underScope(p, scope))))
    steps.push('state');
  if (atLeast(viewer, 'REVIEWER') && d.places.every((p) => underScope(p, scope))) steps.push('rule');
  if (atLeast(viewer, 'EDITOR') && underScope(d.raisedBy, scope)) steps.push('withdraw');
  return steps;
}

export type CallStep = 'accept' | 'answer' | 'rate' | 'reassign';
/** SPEC §11 steps (call.rules CALL_STEPS on the server): a responder accepts and answers, the township rates. */
export function callSteps(
  viewer: Viewer | null,
  c: { state: string; township: string; responders: string[]; acceptedAt?: string | null },
): CallStep[] {
  const scope = viewer?.scope?.code;
  const responder =
    c.responders.includes(viewer?.subject ?? '') || (atLeast(viewer, 'EDITOR') && c.responders.some((r) => underScope(r, scope)));
  const steps: CallStep[] = [];
  if (responder && !c.acceptedAt && ['DISPATCHED', 'ESCALATED'].includes(c.state)) steps.push('accept');
  if (responder && c.acceptedAt && ['ACCEPTED', 'ESCALATED'].includes(c.state)) steps.push('answer');
  if (c.state === 'ANSWERED' && atLeast(viewer, 'EDITOR') && underScope(c.township, scope)) steps.push('rate');
  if (
    ['DISPATCHED', 'ACCEPTED', 'ESCALATED'].includes(c.state) &&
    atLeast(viewer, 'REVIEWER') &&
    c.responders.some((r) => underScope(r, scope))
  )
    steps.push('reassign');
  return steps;
}
