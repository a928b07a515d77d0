import { describe, expect, it } from 'vitest';
import {
  afterPatientCancels,
  awaitsAnotherOffer,
  isNoOtherSessionReason,
  NO_OTHER_SESSION_REASONS,
  noOtherSessionReasonText,
  type CancelledSessionFacts,
} from './cancelled';

const cancelledAt = new Date('2026-11-25T10:00:00Z');
const base: CancelledSessionFacts = {
  type: 'ipt_session',
  status: 'cancelled',
  cancelledBy: 'patient',
  cancelledAt,
  courseStatus: 'active',
  latestLiveBookingMadeAt: null,
  noOtherSessionNeededAt: null,
};

describe('whether the therapist still needs to offer another session', () => {
  it('does for an IPT session of an active course the patient cancelled, nothing booked since', () => {
    expect(awaitsAnotherOffer(base)).toBe(true);
  });

  it('does while the only live sessions were booked before the cancellation (a weekly series)', () => {
    expect(
      awaitsAnotherOffer({ ...base, latestLiveBookingMadeAt: new Date('2026-11-01T09:00:00Z') }),
    ).toBe(true);
    expect(awaitsAnotherOffer({ ...base, latestLiveBookingMadeAt: cancelledAt })).toBe(true);
  });

  it('does not once a session of the course has been booked since the cancellation', () => {
    expect(
      awaitsAnotherOffer({ ...base, latestLiveBookingMadeAt: new Date('2026-11-25T10:00:01Z') }),
    ).toBe(false);
  });

  it('does not once the course has ended', () => {
    expect(awaitsAnotherOffer({ ...base, courseStatus: 'ended' })).toBe(false);
  });

  it('does not once a clinician has recorded that no other session is needed', () => {
    expect(
      awaitsAnotherOffer({ ...base, noOtherSessionNeededAt: new Date('2026-11-26T09:00:00Z') }),
    ).toBe(false);
    // Whatever else is true: nothing booked since, a weekly series booked before.
    expect(
      awaitsAnotherOffer({
        ...base,
        latestLiveBookingMadeAt: new Date('2026-11-01T09:00:00Z'),
        noOtherSessionNeededAt: new Date('2026-11-26T09:00:00Z'),
      }),
    ).toBe(false);
  });

  it('does not for a session the service cancelled, a review, an assessment or one not cancelled', () => {
    expect(awaitsAnotherOffer({ ...base, cancelledBy: 'service' })).toBe(false);
    expect(awaitsAnotherOffer({ ...base, type: 'review' })).toBe(false);
    expect(awaitsAnotherOffer({ ...base, type: 'assessment', courseStatus: null })).toBe(false);
    expect(awaitsAnotherOffer({ ...base, status: 'booked', cancelledBy: null })).toBe(false);
    expect(awaitsAnotherOffer({ ...base, cancelledAt: null })).toBe(false);
  });
});

describe('what a patient is told happens after they cancel', () => {
  it('their therapist offers another for an IPT session of an active course', () => {
    expect(afterPatientCancels({ type: 'ipt_session', courseStatus: 'active' })).toBe(
      'therapist_offers_another',
    );
  });

  it('promises nothing more for a session of an ended course, or a review', () => {
    expect(afterPatientCancels({ type: 'ipt_session', courseStatus: 'ended' })).toBe(
      'nothing_more',
    );
    expect(afterPatientCancels({ type: 'review', courseStatus: 'active' })).toBe('nothing_more');
  });

  it('an assessment goes back to the team to book again', () => {
    expect(afterPatientCancels({ type: 'assessment', courseStatus: null })).toBe(
      'assessment_rebooked',
    );
  });
});

describe('why no other session is needed', () => {
  it('knows its options and no others', () => {
    for (const r of NO_OTHER_SESSION_REASONS) expect(isNoOtherSessionReason(r)).toBe(true);
    expect(isNoOtherSessionReason('')).toBe(false);
    expect(isNoOtherSessionReason('Other')).toBe(false);
  });

  it('says the option in words, or what was typed for another reason', () => {
    expect(noOtherSessionReasonText('patient_does_not_want', null)).toBe(
      'The patient does not want another session',
    );
    expect(noOtherSessionReasonText('course_ending', null)).toBe('The course is ending');
    expect(noOtherSessionReasonText('offered_and_declined', null)).toBe(
      'We offered another session and they said no',
    );
    expect(noOtherSessionReasonText('other', 'Moving to another service')).toBe(
      'Moving to another service',
    );
  });
});
