/**
 * SPEC §11 乡呼县应: the states of a call and the only moves between them, declared once (the GraphQL enums and
 * the service read these arrays). ESCALATED (督办) is not an end: the responder still accepts and answers, late.
 */
export const CALL_STATES = ['CALLED', 'DISPATCHED', 'ACCEPTED', 'ANSWERED', 'RATED', 'ESCALATED'] as const;
export type CallState = (typeof CALL_STATES)[number];

export const CALL_STATE_ZH: Record<CallState, string> = {
  CALLED: '已呼叫',
  DISPATCHED: '已派单',
  ACCEPTED: '已响应',
  ANSWERED: '已反馈',
  RATED: '已评价',
  ESCALATED: '督办中',
};

/** Which rule of SPEC §11 routed the call (FALLBACK: the parent's government as 兜底). */
export const ROUTE_RULES = ['RECLAIMED', 'COOPERATING', 'PRIMARY', 'FALLBACK'] as const;
export type RouteRule = (typeof ROUTE_RULES)[number];

/** A call the lists could not route marks a dispute (the item applies there) or an admission (it does not). */
export const REFERRALS = ['DISPUTE', 'ADMISSION'] as const;
export type Referral = (typeof REFERRALS)[number];

/** The township's rating of the answer: 满意 / 基本满意 / 不满意. */
export const RATINGS = ['SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_ZH: Record<Rating, string> = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', UNSATISFIED: '不满意' };

/**
 * Who takes a step: the calling township (an EDITOR whose scope holds it, or its platform's token), a responder
 * (its own token, or an EDITOR whose scope holds the responder's place), the responder's REVIEWER, or the
 * service's own escalation job.
 */
export type CallActor = 'TOWNSHIP' | 'RESPONDER' | 'REVIEWER' | 'SYSTEM';

export const CALL_STEPS = {
  call: { from: [], to: 'CALLED', by: 'TOWNSHIP', zh: '呼叫' },
  dispatch: { from: ['CALLED'], to: 'DISPATCHED', by: 'SYSTEM', zh: '派单' },
  accept: { from: ['DISPATCHED', 'ESCALATED'], to: 'ACCEPTED', by: 'RESPONDER', zh: '响应' },
  answer: { from: ['ACCEPTED', 'ESCALATED'], to: 'ANSWERED', by: 'RESPONDER', zh: '反馈' },
  rate: { from: ['ANSWERED'], to: 'RATED', by: 'TOWNSHIP', zh: '评价' },
  escalate: { from: ['CALLED', 'DISPATCHED', 'ACCEPTED'], to: 'ESCALATED', by: 'SYSTEM', zh: '督办' },
  // a responder hands the call back for re-dispatch (with a reason); with no responder left it waits in CALLED
  handBack: { from: ['DISPATCHED', 'ACCEPTED', 'ESCALATED'], to: 'CALLED', by: 'RESPONDER', zh: '退回' },
  reassign: { from: ['CALLED', 'DISPATCHED', 'ACCEPTED', 'ESCALATED'], to: 'DISPATCHED', by: 'REVIEWER', zh: '改派' },
} as const satisfies Record<string, { from: readonly CallState[]; to: CallState; by: CallActor; zh: string }>;
export type CallStep = keyof typeof CALL_STEPS;

/**
 * Default time limits (the published 乡呼县应 notices): accept within 1 working day (24 working hours), answer
 * within 5 working days of acceptance, 15 for a complex matter. A county may set its own (call_setting).
 */
export const DEFAULT_CALL_LIMITS = { acceptHours: 24, answerDays: 5, complexDays: 15 } as const;
export interface CallLimits {
  acceptHours: number;
  answerDays: number;
  complexDays: number;
}
