import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePostcode, validatePostcode } from './postcode';

describe('validatePostcode', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    ['SW1A 1AA', 'SW1A 1AA'],
    ['  sw1a   1aa ', 'SW1A 1AA'],
    ['ec1a1bb', 'EC1A 1BB'],
    ['W1A 0AX', 'W1A 0AX'],
    ['m11ae', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['cr2 6xh', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['LS1 4AP', 'LS1 4AP'],
    ['E20 2ST', 'E20 2ST'],
    ['gir0aa', 'GIR 0AA'],
    ['sw1a\t1aa', 'SW1A 1AA'],
  ])('accepts %j as %j', (input, expected) => {
    expect(validatePostcode(input)).toEqual({ ok: true, value: expected });
    expect(normalisePostcode(input)).toBe(expected);
  });

  it.each([
    'SW1A',
    '12345',
    'SW1A 1A',
    'SW1A 1AAA',
    'QA1 1AA', // Q never starts a postcode
    'AI1 1AA', // I never comes second
    'SW1A 1AI', // I not used in the inward code
    'SW1A 1CA', // C not used in the inward code
    'SW1A-1AA',
    'SW1A 1ÅA',
    'ASCN 1ZZ', // Ascension Island: not a UK postcode
    'AB',
  ])('refuses %j', (input) => {
    expect(validatePostcode(input)).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'Enter a real postcode',
    });
    expect(normalisePostcode(input)).toBeUndefined();
  });

  it.each(['BFPO 1234', 'bfpo105', ' BFPO  7 '])(
    'asks for the UK postcode instead of %j',
    (input) => {
      const result = validatePostcode(input);
      expect(result).toMatchObject({ ok: false, reason: 'bfpo' });
      expect(result.ok ? '' : result.message).toContain('not a BFPO number');
    },
  );

  it('asks for a postcode when empty', () => {
    expect(validatePostcode('  ')).toEqual({
      ok: false,
      reason: 'empty',
      message: 'Enter a postcode',
    });
  });

  it('normalising is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (input) => {
        const result = validatePostcode(input);
        if (result.ok) expect(validatePostcode(result.value)).toEqual(result);
      }),
    );
  });
});
