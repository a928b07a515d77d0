/**
 * Onward referral (issue 11, hazard H27): when an assessment offers another treatment, the
 * person is referred on. Two rules keep risk from being lost on the way:
 * - a person with a risk alert still open, a PHQ-9 question 9 answer raising one now, or high
 *   risk at the assessment is never referred on as routine;
 * - the letter to the receiving service names every risk alert open at the assessment, with
 *   what raised it and when, and states the risk level recorded; with none it says so plainly.
 */

export const ONWARD_URGENCY_LABELS = {
  routine: 'Routine',
  soon: 'Soon (within 2 weeks)',
  urgent: 'Urgent (within 2 working days)',
} as const;
export type OnwardUrgencyId = keyof typeof ONWARD_URGENCY_LABELS;
export const ONWARD_URGENCY_IDS = Object.keys(ONWARD_URGENCY_LABELS) as OnwardUrgencyId[];

export type RiskLevelId = 'low' | 'moderate' | 'high';

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

/** The risk paragraphs of the onward-referral letter: every open alert is named. */
export function onwardRiskParagraphs(input: {
  riskLevel: RiskLevelId;
  riskAgreed: string;
  openAlerts: readonly OpenAlertForLetter[];
}): string[] {
  const out = [
    `Risk at the assessment was judged ${RISK_WORDS[input.riskLevel]}. What was agreed: ${input.riskAgreed}`,
  ];
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
