import { describe, expect, it } from 'vitest';
import { closeReferralRiskProblem } from './closing-referral';

describe('closing a referral with risk alerts open (H2)', () => {
  it('is allowed with none open', () => {
    expect(closeReferralRiskProblem(0)).toBeNull();
  });

  it('is refused with one or more open, saying how many and what to do first', () => {
    expect(closeReferralRiskProblem(1)).toBe(
      'There is an open risk alert for this person. Record what you did about it, and close it, before closing their referral',
    );
    expect(closeReferralRiskProblem(3)).toMatch(
      /^There are 3 open risk alerts for this person\. Record what you did about each one/,
    );
  });
});
