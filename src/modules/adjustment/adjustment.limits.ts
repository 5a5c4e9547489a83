import { TIME_LIMITS, overdueCutoff, workingDeadline, type Deadline } from '../../workdays';

export interface TimeLimits {
  /** 10 working days after the trigger: the day the application is due (null: no trigger date). */
  applyBy: Deadline | null;
  /** 15 working days after submission: the day the review is due (null: not submitted). */
  reviewBy: Deadline | null;
  /** The limit running now has passed on `today` (an application still a draft, or a review not decided). */
  overdue: boolean;
}

/** SPEC §10 time limits of one adjustment on `today` (the same rule as `overdueSql`, for one row). */
export function adjustmentLimits(
  a: { state: string; triggeredOn: string | null; submittedOn: string | null },
  today: string,
): TimeLimits {
  const applyBy = a.triggeredOn ? workingDeadline(a.triggeredOn, TIME_LIMITS.apply) : null;
  const reviewBy = a.submittedOn ? workingDeadline(a.submittedOn, TIME_LIMITS.review) : null;
  const running = a.state === 'DRAFT' ? applyBy : a.state === 'SUBMITTED' || a.state === 'CONSULTING' ? reviewBy : null;
  return { applyBy, reviewBy, overdue: running !== null && running.day < today };
}

/** The cutoffs the list filter compares with (`overdueSql`): starts on or before them are overdue on `today`. */
export const adjustmentCutoffs = (today: string) => [
  overdueCutoff(today, TIME_LIMITS.apply),
  overdueCutoff(today, TIME_LIMITS.review),
];
