/**
 * NHS Talking Therapies outcome definitions, in one place, from clinical.md ("Outcome
 * definitions", NHS Talking Therapies manual and the NHS England data pack SQL).
 * Rules marked RECALLED were written from memory of the national definitions, not copied from
 * a document: a clinician should check them here, and one edit here changes them everywhere.
 */
import type { ReliableChange } from '../measures';

// clinical.md "Finished a course of treatment": the referral has ended (discharged) with at
// least 2 attended treatment contacts; assessment and follow-up contacts do not count, so
// callers must pass treatment contacts only.
export const MIN_TREATMENT_CONTACTS_TO_FINISH = 2;

export function hasFinishedTreatment(
  attendedTreatmentContacts: number,
  discharged: boolean,
): boolean {
  return discharged && attendedTreatmentContacts >= MIN_TREATMENT_CONTACTS_TO_FINISH;
}

// clinical.md "Caseness at the start": PHQ-9 at caseness OR the anxiety measure at caseness.
// The same rule read on the last scores gives caseness at the end.
export function isCasenessPair(depressionCaseness: boolean, anxietyCaseness: boolean): boolean {
  return depressionCaseness || anxietyCaseness;
}

// clinical.md "Recovery": at caseness at the start and not at caseness on both measures at the
// end. Not applicable (null) when not at caseness at the start.
export function isRecovered(casenessAtStart: boolean, casenessAtEnd: boolean): boolean | null {
  return casenessAtStart ? !casenessAtEnd : null;
}

// clinical.md "Reliable improvement": PHQ-9 or the anxiety measure reliably improved (or both),
// AND neither measure reliably deteriorated. RECALLED: the "and neither deteriorated" part.
export function isReliableImprovement(
  depression: ReliableChange,
  anxiety: ReliableChange,
): boolean {
  const someImproved = depression === 'improved' || anxiety === 'improved';
  const someDeteriorated = depression === 'deteriorated' || anxiety === 'deteriorated';
  return someImproved && !someDeteriorated;
}

// clinical.md "Reliable deterioration": a measure reliably deteriorated AND neither measure
// reliably improved. RECALLED. A mixed course (one improved, the other deteriorated) is
// therefore neither improvement nor deterioration and counts as "no reliable change".
export function isReliableDeterioration(
  depression: ReliableChange,
  anxiety: ReliableChange,
): boolean {
  const someImproved = depression === 'improved' || anxiety === 'improved';
  const someDeteriorated = depression === 'deteriorated' || anxiety === 'deteriorated';
  return someDeteriorated && !someImproved;
}

// clinical.md "No reliable change": neither reliable improvement nor reliable deterioration
// (RECALLED, follows from the two rules above, including mixed courses).
export function isNoReliableChange(depression: ReliableChange, anxiety: ReliableChange): boolean {
  return (
    !isReliableImprovement(depression, anxiety) && !isReliableDeterioration(depression, anxiety)
  );
}

// clinical.md "Reliable recovery" (headline measure since April 2024): recovery AND reliable
// improvement. Not applicable (null) where recovery is not applicable.
export function isReliableRecovery(
  recovered: boolean | null,
  reliableImprovement: boolean,
): boolean | null {
  return recovered === null ? null : recovered && reliableImprovement;
}

// clinical.md: reliable recovery national figure April 2025 and planning targets (fractions).
export const RELIABLE_RECOVERY_BENCHMARKS = {
  nationalApril2025: 0.484,
  target2026to27: 0.51,
  target2028to29: 0.53,
} as const;

// clinical.md "Waiting times": days from referral received to first treatment appointment,
// over referrals that finished a course of treatment. "Within" includes the last day.
export const WAITING_TIME_STANDARDS = {
  sixWeeks: { withinDays: 42, target: 0.75 },
  eighteenWeeks: { withinDays: 126, target: 0.95 },
} as const;

// clinical.md: watch the wait between first and second treatment appointments; 90 days or more
// is a known national problem.
export const SECOND_APPOINTMENT_WAIT_WATCH_DAYS = 90;
