/**
 * How urgent an open risk alert is, for the order of the risk queue (hazard H2). A clinical
 * judgement, recorded in the hazard log: a person who has made plans or means to end their life,
 * or who has thoughts of harming someone else, is seen first; then thoughts of ending their life
 * or of being better off dead on most days; then every other risk answer. Within a level the
 * oldest alert comes first, so nothing waits behind a stream of newer ones of its own level.
 *
 * The level is read from the alert's reason, the plain words staff see on the queue, written by
 * the referral form, the questionnaires, the assessment, and the crisis-word checks of messages
 * and community posts (a person who writes words of crisis to us unprompted is at least at the
 * middle level, and at the first when the words they used speak of a plan or a goodbye). An answer given and later changed
 * still counts: the person said it. Words this rule does not know fall to the lowest level,
 * which is still on the queue, still escalates and still sorts by age.
 */

export const RISK_SEVERITIES = ['plans_or_harm_to_others', 'frequent_thoughts', 'other'] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];

/** Staff wording for each level, shown on the queue. */
export const RISK_SEVERITY_LABELS: Record<RiskSeverity, string> = {
  plans_or_harm_to_others: 'Plans to end their life or harm to others',
  frequent_thoughts: 'Thoughts of ending their life',
  other: 'Other risk answer',
};

const PLANS_OR_HARM: readonly RegExp[] = [
  /plans? to end their life/i,
  // Words of crisis a person wrote to us that say they have a plan or are saying goodbye.
  /words of crisis.*“(?:plan to die|going to end it|plan to end it|end it tonight|goodbye forever|final goodbye)”/i,
  /intend(?:s|ing)? to end their life|intent to end their life/i,
  /harm(?:ing)? (?:someone else|others|other people)/i,
];

/**
 * The PHQ-9 risk question ("thoughts that you would be better off dead, or of hurting yourself")
 * on more than half the days or nearly every day, and the referral's "thoughts of ending their
 * life" question answered yes.
 */
const FREQUENT_THOUGHTS: readonly RegExp[] = [
  /thoughts of ending their life/i,
  // Written to us unprompted, in a message or a community post: at least as urgent as an answer.
  /words of crisis|crisis language/i,
  /PHQ-9 (?:question|item) 9 answered '(?:More than half the days|Nearly every day)'/i,
];

export function riskSeverity(alert: { reason: string }): RiskSeverity {
  if (PLANS_OR_HARM.some((re) => re.test(alert.reason))) return 'plans_or_harm_to_others';
  if (FREQUENT_THOUGHTS.some((re) => re.test(alert.reason))) return 'frequent_thoughts';
  return 'other';
}

export interface QueuedAlert {
  reason: string;
  raisedAt: Date;
}

/** The risk queue's order: most severe first, then oldest first; ties keep their order. */
export function compareRiskAlerts(a: QueuedAlert, b: QueuedAlert): number {
  const level = RISK_SEVERITIES.indexOf(riskSeverity(a)) - RISK_SEVERITIES.indexOf(riskSeverity(b));
  return level !== 0 ? level : a.raisedAt.getTime() - b.raisedAt.getTime();
}

/** A copy of the alerts in queue order. */
export function orderRiskQueue<T>(items: readonly T[], alertOf: (item: T) => QueuedAlert): T[] {
  return [...items].sort((x, y) => compareRiskAlerts(alertOf(x), alertOf(y)));
}

/**
 * Whether a risk answer needs an alert of its own when alerts are already open for the same
 * answers (a questionnaire saved unfinished, then finished, or sent again from a second tab):
 * it does unless one of them is at least as urgent (H1). A worse answer is never folded into a
 * milder alert, where the queue would place it too low and a letter would quote the milder words.
 */
export function needsOwnAlert(reason: string, openReasons: readonly string[]): boolean {
  const level = RISK_SEVERITIES.indexOf(riskSeverity({ reason }));
  return !openReasons.some(
    (open) => RISK_SEVERITIES.indexOf(riskSeverity({ reason: open })) <= level,
  );
}
