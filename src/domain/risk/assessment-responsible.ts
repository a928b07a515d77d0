/**
 * Who is responsible for a person (their risk alerts go to them, H2) once their wellbeing
 * assessment is booked with a clinician: that clinician, when nobody is responsible yet or when
 * the one responsible is there only because an earlier booking of this referral's assessment
 * was with them (re-booked with someone else, a leaver's assessment among them, it is the new
 * clinician who will see the person). Anyone responsible for another reason (the therapist of a
 * course, or a clinician from an earlier referral) stays responsible.
 */
export function responsibleAfterAssessmentBooking(p: {
  readonly current: string | null;
  readonly bookedWith: string;
  /** The clinicians of this referral's earlier assessment bookings, cancelled or replaced. */
  readonly earlierAssessors: readonly string[];
}): string {
  if (p.current === null || p.earlierAssessors.includes(p.current)) return p.bookedWith;
  return p.current;
}
