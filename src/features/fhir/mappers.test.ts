import { describe, expect, it } from 'vitest';
import { administrativeGender } from './mappers';

describe('administrativeGender', () => {
  it.each([
    ['female', 'female'],
    ['male', 'male'],
    ['non_binary', 'other'],
    ['other', 'other'],
    ['not_stated', 'unknown'],
  ])('maps the referral answer %j to %j', (code, gender) => {
    expect(administrativeGender(code)).toBe(gender);
  });

  it('leaves gender out when there is no answer', () => {
    expect(administrativeGender(undefined)).toBeUndefined();
    expect(administrativeGender('something else')).toBeUndefined();
  });
});
