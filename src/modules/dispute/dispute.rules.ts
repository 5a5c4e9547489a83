/**
 * SPEC §10 职责争议: the states of a dispute and the only moves between them, declared once (the GraphQL enum
 * and the service read these). While a dispute is open the existing division stands (协商期间按原职责分工).
 */
export const DISPUTE_STATES = ['OPEN', 'RULED', 'WITHDRAWN'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

export const DISPUTE_STATE_ZH: Record<DisputeState, string> = { OPEN: '待裁定', RULED: '已裁定', WITHDRAWN: '已撤回' };

/** Who takes a step: a party (an EDITOR whose scope holds the party body) or the reviewer (编办) over every place. */
export const DISPUTE_STEPS = {
  state: { from: ['OPEN'], to: 'OPEN', zh: '陈述' },
  rule: { from: ['OPEN'], to: 'RULED', zh: '裁定' },
  withdraw: { from: ['OPEN'], to: 'WITHDRAWN', zh: '撤回' },
} as const satisfies Record<string, { from: readonly DisputeState[]; to: DisputeState; zh: string }>;
export type DisputeStep = keyof typeof DISPUTE_STEPS;
