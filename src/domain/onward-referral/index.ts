/**
 * Onward referral (issue 11, hazard H27): when an assessment offers another treatment, the
 * person is referred on. Two rules keep risk from being lost on the way:
 * - a person with a risk alert still open, a PHQ-9 question 9 answer raising one now, or high
 *   risk at the assessment is never referred on as routine;
 * - the letter to the receiving service names every risk alert open at the assessment, with
 *   what raised it and when, and states the risk level recorded and the safety plan agreed;
 *   with no alert it says so plainly.
 */

export const ONWARD_URGENCY_LABELS = {
  routine: 'Routine',
  soon: 'Soon (within 2 weeks)',
  urgent: 'Urgent (within 2 working days)',
} as const;
export type OnwardUrgencyId = keyof typeof ONWARD_URGENCY_LABELS;

/** When the person should ask us, not having heard from the receiving service (their letter). */
export const ONWARD_HEAR_WITHIN: Record<OnwardUrgencyId, string> = {
  routine: '4 weeks',
  soon: '2 weeks',
  urgent: '2 working days',
};
export const ONWARD_URGENCY_IDS = Object.keys(ONWARD_URGENCY_LABELS) as OnwardUrgencyId[];

export type RiskLevelId = 'low' | 'moderate' | 'high';

/**
 * How the letter reached the receiving service. Rapport does not send it there itself (each
 * service has its own route in), so staff record how they did, and until they do the referral
 * stays on their home page (H27): the question the form asks, and the words on the record.
 */
export const ONWARD_SENT_WAY_LABELS = {
  secure_email: 'By secure email (for example NHSmail)',
  e_referral: 'Through the NHS e-Referral Service (e-RS)',
  post: 'By post',
  another_way: 'Another way',
} as const;
export type OnwardSentWayId = keyof typeof ONWARD_SENT_WAY_LABELS;
export const ONWARD_SENT_WAY_IDS = Object.keys(ONWARD_SENT_WAY_LABELS) as OnwardSentWayId[];

export const ONWARD_SENT_WAY_WORDS: Record<OnwardSentWayId, string> = {
  secure_email: 'by secure email',
  e_referral: 'through the NHS e-Referral Service',
  post: 'by post',
  another_way: 'another way',
};

const URGENCY_RANK: Record<OnwardUrgencyId, number> = { urgent: 0, soon: 1, routine: 2 };

/**
 * The order onward referrals still to send are listed in: the most urgent first, and within the
 * same urgency the one made longest ago, so the letter a person is waiting on most is seen first.
 */
export function compareOnwardToSend(
  a: { urgency: OnwardUrgencyId; referredAt: Date },
  b: { urgency: OnwardUrgencyId; referredAt: Date },
): number {
  return (
    URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] ||
    a.referredAt.getTime() - b.referredAt.getTime()
  );
}

export interface RiskAtAssessment {
  riskLevel: RiskLevelId;
  /** Alerts open for the person when the assessment is recorded, including any it raises. */
  openAlerts: number;
}

/** Why this urgency may not be used for this person, or null when it may. */
export function onwardUrgencyProblem(
  urgency: OnwardUrgencyId,
  risk: RiskAtAssessment,
): string | null {
  if (urgency !== 'routine') return null;
  if (risk.openAlerts > 0)
    return 'They have an open risk alert, so the onward referral cannot be routine: choose soon or urgent';
  if (risk.riskLevel === 'high')
    return 'Risk is high, so the onward referral cannot be routine: choose soon or urgent';
  return null;
}

export interface OpenAlertForLetter {
  reason: string;
  /** Already in words, e.g. "3 March 2026". */
  raisedOn: string;
}

const RISK_WORDS: Record<RiskLevelId, string> = { low: 'low', moderate: 'moderate', high: 'high' };

/**
 * The risk paragraphs of the onward-referral letter: the risk level, what was agreed, the safety
 * plan agreed at the assessment when one was recorded (the receiving service needs to know what
 * the person has to keep them safe), and every open alert, named.
 */
export function onwardRiskParagraphs(input: {
  riskLevel: RiskLevelId;
  riskAgreed: string;
  /** The safety plan recorded at the assessment; null or blank when none was. */
  safetyPlan: string | null;
  openAlerts: readonly OpenAlertForLetter[];
}): string[] {
  const out = [
    `Risk at the assessment was judged ${RISK_WORDS[input.riskLevel]}. What was agreed: ${input.riskAgreed}`,
  ];
  const safetyPlan = input.safetyPlan?.trim() ?? '';
  if (safetyPlan !== '') out.push('Safety plan agreed at assessment:', safetyPlan);
  if (input.openAlerts.length === 0)
    out.push('There were no open risk alerts for them at the assessment.');
  else {
    out.push(
      input.openAlerts.length === 1
        ? 'One risk alert was open at the assessment and has not yet been closed:'
        : `${input.openAlerts.length} risk alerts were open at the assessment and have not yet been closed:`,
    );
    for (const a of input.openAlerts) out.push(`- ${a.reason} (raised ${a.raisedOn}).`);
    out.push('Please make sure these are reviewed when you first see them.');
  }
  return out;
}

/**
 * At discharge ("referred on to another service") no risk alert can still be open (H19), so the
 * rule looks back over their whole time with the service, from the referral (walk 5: an alert
 * at referral or on the waiting list counts too): after any risk alert, never routine.
 */
export function onwardUrgencyProblemAtDischarge(
  urgency: OnwardUrgencyId,
  risk: { alertsSinceReferral: number },
): string | null {
  if (urgency !== 'routine' || risk.alertsSinceReferral === 0) return null;
  return risk.alertsSinceReferral === 1
    ? 'A risk alert was raised while they were with us, so the onward referral cannot be routine: choose soon or urgent'
    : 'Risk alerts were raised while they were with us, so the onward referral cannot be routine: choose soon or urgent';
}

export interface AlertSinceReferral {
  reason: string;
  /** Already in words, e.g. "3 March 2026". */
  raisedOn: string;
  /** What the clinician recorded doing when they closed it. */
  actionTaken: string | null;
}

/**
 * Every risk alert raised while the person was with the service, with what was done, in the
 * letters written at discharge (the GP's, and an onward referral's): one wording for both.
 */
export function alertHistoryParagraphs(alerts: readonly AlertSinceReferral[]): string[] {
  if (alerts.length === 0)
    return ['No risk alerts were raised while they were with us, from their referral on.'];
  return [
    alerts.length === 1
      ? 'One risk alert was raised while they were with us, from their referral on:'
      : `${alerts.length} risk alerts were raised while they were with us, from their referral on:`,
    ...alerts.map(
      (a) =>
        `${a.raisedOn}: ${a.reason.replace(/\.$/, '')}. ${a.actionTaken ? `What was done: ${a.actionTaken}` : 'No action recorded.'}`,
    ),
  ];
}

/** The risk paragraphs of an onward-referral letter written at discharge: every alert named. */
export function onwardRiskParagraphsAtDischarge(alerts: readonly AlertSinceReferral[]): string[] {
  const history = alertHistoryParagraphs(alerts);
  return alerts.length === 0
    ? history
    : [...history, 'Please take this history into account when you first see them.'];
}
