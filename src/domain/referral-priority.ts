/**
 * Which referrals come first, and which answers about safety need a clinician's eye: pure rules
 * for staff screens (issue 9 item 5; hazard H1).
 */

export interface WaitingReferral {
  urgent: boolean;
  receivedAt: Date;
  reference: string;
}

/**
 * Waiting-list order: urgent referrals first, then the longest waiting, then by reference so
 * the order is stable.
 */
export function byWaitingPriority(a: WaitingReferral, b: WaitingReferral): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  const byAge = a.receivedAt.getTime() - b.receivedAt.getTime();
  if (byAge !== 0) return byAge;
  return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
}

/** The answers that say "nothing to report" on a safety question, as staff screens show them. */
const NOTHING_TO_REPORT = new Set(['', 'no', '0', 'none', 'not answered', 'not asked']);

/**
 * Whether a shown answer to a safety question reports a risk: anything but "No", 0, "None" or
 * no answer. Unknown wording counts as a risk, so a new answer is never hidden.
 */
export function reportsRisk(shownValue: string): boolean {
  return !NOTHING_TO_REPORT.has(shownValue.trim().toLowerCase());
}
