import { describe, expect, it } from 'vitest';
import { canBeReached } from './reachable';

describe('canBeReached (hazard H2)', () => {
  it('needs a mobile phone number or an email address', () => {
    expect(canBeReached({ email: null, mobile: null })).toBe(false);
    expect(canBeReached({ email: ' ', mobile: '' })).toBe(false);
    expect(canBeReached({ email: 'alice@example.com', mobile: null })).toBe(true);
    expect(canBeReached({ email: null, mobile: '07700900982' })).toBe(true);
    expect(canBeReached({ email: 'alice@example.com', mobile: '07700900982' })).toBe(true);
  });
});
