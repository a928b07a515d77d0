/**
 * A session the patient cancels themselves (hazard H29: a course should not quietly lose
 * sessions, nor a struggling patient drift away). Their therapist is asked to offer another, and
 * the patient is told so, only when that is what happens.
 */

/** What happens after a patient cancels, as their confirmation says. */
export type AfterPatientCancels =
  /** An IPT session of an active course: their therapist is asked to offer another. */
  | 'therapist_offers_another'
  /** A wellbeing assessment: the referral goes back to the team to book again. */
  | 'assessment_rebooked'
  /** Anything else (a review, a session of an ended course): nothing further is promised. */
  | 'nothing_more';

export function afterPatientCancels(facts: {
  type: 'assessment' | 'ipt_session' | 'review';
  /** The status of the appointment's course; null when it has none. */
  courseStatus: 'active' | 'ended' | null;
}): AfterPatientCancels {
  if (facts.type === 'ipt_session' && facts.courseStatus === 'active')
    return 'therapist_offers_another';
  if (facts.type === 'assessment') return 'assessment_rebooked';
  return 'nothing_more';
}

/** One cancelled appointment, with its course and the course's latest booking. */
export interface CancelledSessionFacts {
  type: 'assessment' | 'ipt_session' | 'review';
  status: 'booked' | 'attended' | 'arrived_late' | 'did_not_attend' | 'cancelled';
  cancelledBy: 'patient' | 'service' | null;
  cancelledAt: Date | null;
  courseStatus: 'active' | 'ended' | null;
  /**
   * When the most recent booking was made of an IPT session of the same course that is still
   * booked or was attended (on time or late); null when there is none.
   */
  latestLiveBookingMadeAt: Date | null;
  /** When a clinician recorded that no other session is needed for it; null when nobody has. */
  noOtherSessionNeededAt: Date | null;
}

/**
 * Whether the therapist still needs to offer another session for a cancelled one: an IPT
 * session of a course still active, cancelled by the patient, with no IPT session of the course
 * booked since it was cancelled that is still booked or was attended. A session booked before the
 * cancellation (the rest of a weekly series) does not replace it: the course is one short. A
 * session booked since and then missed or cancelled does not count either: they still have
 * nothing to come to. Moving an existing session is not a new one. It leaves the list once the
 * course ends, or once a clinician records that no other session is needed (with why): a patient
 * who said they do not want one stays on the list for ever otherwise, and the list stops meaning
 * "to do".
 */
export function awaitsAnotherOffer(facts: CancelledSessionFacts): boolean {
  if (facts.type !== 'ipt_session') return false;
  if (facts.status !== 'cancelled' || facts.cancelledBy !== 'patient') return false;
  if (facts.courseStatus !== 'active') return false;
  if (!facts.cancelledAt) return false;
  if (facts.noOtherSessionNeededAt) return false;
  return (
    facts.latestLiveBookingMadeAt === null ||
    facts.latestLiveBookingMadeAt.getTime() <= facts.cancelledAt.getTime()
  );
}

/** Why a clinician says no other session is needed for a cancelled one (kept with who and when). */
export const NO_OTHER_SESSION_REASONS = [
  'patient_does_not_want',
  'course_ending',
  'offered_and_declined',
  'other',
] as const;
export type NoOtherSessionReason = (typeof NO_OTHER_SESSION_REASONS)[number];

/** The options as the form and the appointment's page say them. */
export const NO_OTHER_SESSION_REASON_LABELS: Record<NoOtherSessionReason, string> = {
  patient_does_not_want: 'The patient does not want another session',
  course_ending: 'The course is ending',
  offered_and_declined: 'We offered another session and they said no',
  other: 'Another reason',
};

/** The longest "Another reason" a clinician may type. */
export const NO_OTHER_SESSION_DETAIL_MAX = 500;

export function isNoOtherSessionReason(value: string): value is NoOtherSessionReason {
  return (NO_OTHER_SESSION_REASONS as readonly string[]).includes(value);
}

/** The reason in words: the option, or for "Another reason" what the clinician typed. */
export function noOtherSessionReasonText(
  reason: NoOtherSessionReason,
  detail: string | null,
): string {
  return reason === 'other' && detail ? detail : NO_OTHER_SESSION_REASON_LABELS[reason];
}
