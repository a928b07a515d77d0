import type { ReferralStatus } from '../../db/schema';
import { londonDaysBetween, WAITING_TIME_STANDARDS } from '../../domain/outcomes';

export type WaitMark = 'under_6_weeks' | 'over_6_weeks' | 'over_18_weeks';

/**
 * Where a wait sits against the NHS Talking Therapies standards (6 weeks = 42 days and 18 weeks
 * = 126 days; "within" includes the last day, as in domain/outcomes).
 */
export function waitMark(daysWaiting: number): WaitMark {
  if (daysWaiting > WAITING_TIME_STANDARDS.eighteenWeeks.withinDays) return 'over_18_weeks';
  if (daysWaiting > WAITING_TIME_STANDARDS.sixWeeks.withinDays) return 'over_6_weeks';
  return 'under_6_weeks';
}

/** "1 day", "12 days". */
export function daysText(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** For patients: "less than a week", "1 week", "3 weeks" (whole weeks, rounded down). */
export function weeksText(days: number): string {
  const weeks = Math.floor(Math.max(0, days) / 7);
  if (weeks < 1) return 'less than a week';
  return `${weeks} ${weeks === 1 ? 'week' : 'weeks'}`;
}

/** The statuses in which a person is still waiting: for triage, their assessment, or IPT. */
const STILL_WAITING: readonly ReferralStatus[] = ['new', 'assessment_booked', 'ipt_waiting'];

/**
 * How many London calendar days the person has waited since the referral, while they are still
 * waiting; null once they are not (in treatment, referred on, signposted, discharged, closed), so
 * a closed referral does not show a wait that keeps growing.
 */
export function daysStillWaiting(
  referral: { status: ReferralStatus; receivedAt: Date },
  now: Date,
): number | null {
  if (!STILL_WAITING.includes(referral.status)) return null;
  return Math.max(0, londonDaysBetween(referral.receivedAt, now) ?? 0);
}
