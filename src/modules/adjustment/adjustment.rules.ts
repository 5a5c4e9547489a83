/**
 * SPEC §10: the states of an adjustment and the only moves between them, declared once (the GraphQL enums
 * and the service read these arrays).
 */
export const ADJUSTMENT_STATES = ['DRAFT', 'SUBMITTED', 'CONSULTING', 'APPROVED', 'APPLIED', 'REJECTED', 'WITHDRAWN'] as const;
export type AdjustmentState = (typeof ADJUSTMENT_STATES)[number];

export const STATE_ZH: Record<AdjustmentState, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交',
  CONSULTING: '会商中',
  APPROVED: '已批准',
  APPLIED: '已实施',
  REJECTED: '已驳回',
  WITHDRAWN: '已撤回',
};

/** A change's label: for people and statistics; the records say what changes. */
export const CHANGE_LABELS = ['ADD', 'REMOVE', 'DELEGATE', 'RECLAIM', 'CHANGE'] as const;
export type ChangeLabel = (typeof CHANGE_LABELS)[number];

/** Why the lists change: 法律法规“立改废释”, a higher-level policy, 基层工作实际. */
export const TRIGGERS = ['LAW', 'POLICY', 'PRACTICE'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Who takes a step: the applicant (an EDITOR whose scope holds the applicant body) or the reviewer (编办). */
export type Actor = 'APPLICANT' | 'REVIEWER';

export const STEPS = {
  submit: { from: ['DRAFT'], to: 'SUBMITTED', by: 'APPLICANT' },
  consult: { from: ['SUBMITTED'], to: 'CONSULTING', by: 'REVIEWER' },
  approve: { from: ['SUBMITTED', 'CONSULTING'], to: 'APPROVED', by: 'REVIEWER' },
  reject: { from: ['DRAFT', 'SUBMITTED', 'CONSULTING'], to: 'REJECTED', by: 'REVIEWER' },
  withdraw: { from: ['DRAFT', 'SUBMITTED', 'CONSULTING'], to: 'WITHDRAWN', by: 'APPLICANT' },
  apply: { from: ['APPROVED'], to: 'APPLIED', by: 'REVIEWER' },
} as const satisfies Record<string, { from: readonly AdjustmentState[]; to: AdjustmentState; by: Actor }>;
export type Step = keyof typeof STEPS;

export const STEP_ZH: Record<Step, string> = {
  submit: '提交',
  consult: '会商',
  approve: '批准',
  reject: '驳回',
  withdraw: '撤回',
  apply: '实施',
};

/** States in which an adjustment may still come into force (a pending admission, SPEC §10). */
export const PENDING_STATES: AdjustmentState[] = ['SUBMITTED', 'CONSULTING', 'APPROVED'];
