import { describe, expect, it } from 'vitest';
import { responsibleAfterAssessmentBooking } from './assessment-responsible';

describe('responsibleAfterAssessmentBooking (H2)', () => {
  it('makes the assessing clinician responsible when nobody is', () => {
    expect(
      responsibleAfterAssessmentBooking({ current: null, bookedWith: 'b', earlierAssessors: [] }),
    ).toBe('b');
  });
  it('moves responsibility with a re-booked assessment from the earlier assessor', () => {
    expect(
      responsibleAfterAssessmentBooking({ current: 'a', bookedWith: 'b', earlierAssessors: ['a'] }),
    ).toBe('b');
  });
  it('keeps someone responsible for another reason (a course, an earlier referral)', () => {
    expect(
      responsibleAfterAssessmentBooking({ current: 't', bookedWith: 'b', earlierAssessors: [] }),
    ).toBe('t');
    expect(
      responsibleAfterAssessmentBooking({ current: 't', bookedWith: 'b', earlierAssessors: ['a'] }),
    ).toBe('t');
  });
});
