import { describe, expect, it } from 'vitest';
import { newReference, REFERENCE_ALPHABET, REFERENCE_PATTERN } from './reference';

describe('referral references', () => {
  it('look like RAP-XXXX-XXXX with no characters that are easy to confuse', () => {
    for (let i = 0; i < 200; i++) {
      const ref = newReference();
      expect(ref).toMatch(REFERENCE_PATTERN);
      expect(ref.slice(4)).not.toMatch(/[01OILU]/);
    }
    expect(REFERENCE_ALPHABET).not.toMatch(/[01OILU]/);
  });
  it('use the random source given (so every character can appear)', () => {
    expect(newReference(() => 0)).toBe('RAP-AAAA-AAAA');
    expect(newReference((max) => max - 1)).toBe('RAP-9999-9999');
  });
  it('rarely repeat', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => newReference()));
    expect(seen.size).toBe(2000);
  });
});
