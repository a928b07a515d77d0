/**
 * Whether a referral can be closed with these risk alerts open for it or its patient (hazard H2):
 * not while any is open. Closing takes the referral off every list a clinician works from, so an
 * open alert would be left with nobody looking out for the person (walk: "Plans to end their
 * life" left open with no responsible clinician). As at discharge (H19), what was done about it
 * is recorded, and the alert closed, first. Answers the problem to show, or null.
 */
export function closeReferralRiskProblem(openAlerts: number): string | null {
  if (openAlerts <= 0) return null;
  return openAlerts === 1
    ? 'There is an open risk alert for this person. Record what you did about it, and close it, before closing their referral'
    : `There are ${openAlerts} open risk alerts for this person. Record what you did about each one, and close it, before closing their referral`;
}
