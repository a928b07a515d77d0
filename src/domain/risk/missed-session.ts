/**
 * A missed session by someone who has recently told us about risk (hazard H29). Anyone can miss a
 * session; a person who answered a risk question in the weeks before and then does not come may
 * be less safe than when we last saw them, so someone must contact them that day. The rule raises
 * a risk alert, which stays on the queue until a clinician records what they did and escalates at
 * the end of the working day like any other.
 *
 * "Recently" is the 16 weeks before the session: the longest usual IPT course, and so it takes in
 * risk told at the referral or the assessment as well as in the course. Every risk answer raises
 * an alert (H1), so the alerts, open or closed, are the record of it.
 */
import { formatLondonDateTime } from '../calendar';

export const MISSED_SESSION_RISK_LOOKBACK_DAYS = 16 * 7;

/** The appointments a missed one matters for: therapy sessions and reviews (assessments are triage's). */
const FOLLOWED_UP_TYPES: ReadonlySet<string> = new Set(['ipt_session', 'review']);

export interface EarlierRisk {
  reason: string;
  raisedAt: Date;
}

/** The first moment whose risk alerts count for a session starting at `startsAt`. */
export function riskLookbackStart(startsAt: Date): Date {
  return new Date(startsAt.getTime() - MISSED_SESSION_RISK_LOOKBACK_DAYS * 86_400_000);
}

/**
 * The alert's reason for a missed appointment, or null when none is needed: it was not a session
 * or review, it was not missed, or no risk was told in the lookback before it. The latest risk's
 * own words are quoted, so the alert sorts on the queue as that risk did (src/domain/risk).
 */
export function missedSessionAlertReason(input: {
  appointmentType: string;
  status: string;
  startsAt: Date;
  earlierRisks: readonly EarlierRisk[];
}): string | null {
  if (input.status !== 'did_not_attend' || !FOLLOWED_UP_TYPES.has(input.appointmentType))
    return null;
  const from = riskLookbackStart(input.startsAt).getTime();
  const counted = input.earlierRisks.filter(
    (r) => r.raisedAt.getTime() >= from && r.raisedAt.getTime() <= input.startsAt.getTime(),
  );
  const latest = counted.reduce<EarlierRisk | null>(
    (a, r) => (a === null || r.raisedAt > a.raisedAt ? r : a),
    null,
  );
  if (!latest) return null;
  const what = input.appointmentType === 'review' ? 'review appointment' : 'session';
  return (
    `Did not attend the ${what} on ${formatLondonDateTime(input.startsAt)}, after telling us ` +
    `about risk on ${formatLondonDateTime(latest.raisedAt)} (${latest.reason}). Contact them today.`
  );
}
