import { describe, expect, it } from 'vitest';
import { alertRaisedBy } from './RiskPages';

describe('what raised an alert, on the risk queue', () => {
  it('names the source once when the reason already begins with it', () => {
    expect(
      alertRaisedBy('referral', "Self-referral: PHQ-9 item 9 answered 'More than half the days'"),
    ).toBe("Self-referral: PHQ-9 item 9 answered 'More than half the days'");
    expect(alertRaisedBy('referral', 'Self-referral NOT SENT: Sam Taylor gave risk answers')).toBe(
      'Self-referral NOT SENT: Sam Taylor gave risk answers',
    );
  });
  it('puts the source in front of a reason that does not name it', () => {
    expect(alertRaisedBy('referral', 'Synthetic: risk answer on the referral')).toBe(
      'Self-referral: Synthetic: risk answer on the referral',
    );
    expect(
      alertRaisedBy('assessment', "PHQ-9 question 9 answered 'Several days' at the assessment"),
    ).toBe("Wellbeing assessment: PHQ-9 question 9 answered 'Several days' at the assessment");
    expect(alertRaisedBy('attendance', 'Did not attend the session')).toBe(
      'Missed appointment: Did not attend the session',
    );
  });
});
