import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NHS_NUMBER_MESSAGES,
  formatNhsNumber,
  sameNhsNumber,
  isValidNhsNumber,
  nhsNumberCheckDigit,
  validateNhsNumber,
} from './nhsNumber';

/** Independent restatement of the clinical.md rule, for property tests. */
function referenceCheckDigit(nine: string): number | 'invalid' {
  const weights = [10, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((total, w, i) => total + w * Number(nine.charAt(i)), 0);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check === 10 ? 'invalid' : check;
}

describe('validateNhsNumber', () => {
  it.each(['9434765919', '4010232137', '9999999999', '9074833780'])('accepts %s', (n) => {
    expect(validateNhsNumber(n)).toEqual({
      ok: true,
      value: n,
      formatted: `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
    });
  });

  it('accepts spaces and dashes, and trims', () => {
    for (const input of [
      '943 476 5919',
      '943-476-5919',
      ' 943 476 5919 ',
      '9434 765 919',
      '943 - 476 - 5919',
    ]) {
      expect(validateNhsNumber(input)).toEqual({
        ok: true,
        value: '9434765919',
        formatted: '943 476 5919',
      });
    }
  });

  it('reports empty input', () => {
    for (const input of ['', '   ', ' - ']) {
      expect(validateNhsNumber(input)).toEqual({
        ok: false,
        reason: 'empty',
        message: 'Enter an NHS number',
      });
    }
  });

  it('reports characters other than numbers', () => {
    for (const input of [
      '943476591O',
      'abc',
      '943.476.5919',
      '+9434765919',
      '９４３４７６５９１９',
    ]) {
      expect(validateNhsNumber(input)).toEqual({
        ok: false,
        reason: 'non-digit',
        message: 'NHS number must only include numbers',
      });
    }
  });

  it('reports the wrong number of digits', () => {
    for (const input of ['943476591', '94347659190', '1', '943 476 591']) {
      expect(validateNhsNumber(input)).toEqual({
        ok: false,
        reason: 'length',
        message: 'NHS number must be 10 digits',
      });
    }
  });

  it('reports a wrong check digit', () => {
    expect(validateNhsNumber('9434765918')).toEqual({
      ok: false,
      reason: 'checksum',
      message: NHS_NUMBER_MESSAGES.checksum,
    });
  });

  it('refuses every number whose check digit would be 10', () => {
    // 123456789 gives 11 − (210 mod 11) = 10.
    for (let last = 0; last <= 9; last += 1) {
      expect(validateNhsNumber(`123456789${last}`)).toMatchObject({
        ok: false,
        reason: 'checksum',
      });
    }
  });

  it('has a plain-English message for every reason', () => {
    expect(Object.keys(NHS_NUMBER_MESSAGES).sort()).toEqual([
      'checksum',
      'empty',
      'length',
      'non-digit',
    ]);
    for (const message of Object.values(NHS_NUMBER_MESSAGES)) expect(message).toMatch(/NHS number/);
  });

  it('9 random digits plus the computed check digit is valid, unless it would be 10 (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const check = referenceCheckDigit(nine);
        expect(nhsNumberCheckDigit(nine)).toBe(check === 'invalid' ? undefined : check);
        if (check === 'invalid') {
          for (let d = 0; d <= 9; d += 1) expect(isValidNhsNumber(`${nine}${d}`)).toBe(false);
        } else {
          expect(validateNhsNumber(`${nine}${check}`)).toMatchObject({
            ok: true,
            value: `${nine}${check}`,
          });
        }
      }),
    );
  });

  it('changing any one digit of a valid number makes it invalid (property)', () => {
    const validNumber = fc
      .stringMatching(/^\d{9}$/)
      .map((nine) => ({ nine, check: referenceCheckDigit(nine) }))
      .filter((x): x is { nine: string; check: number } => x.check !== 'invalid')
      .map(({ nine, check }) => `${nine}${check}`);
    fc.assert(
      fc.property(
        validNumber,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (n, position, delta) => {
          const changed = (Number(n.charAt(position)) + delta) % 10;
          const mutated = `${n.slice(0, position)}${changed}${n.slice(position + 1)}`;
          expect(isValidNhsNumber(mutated)).toBe(false);
        },
      ),
    );
  });
});

describe('nhsNumberCheckDigit', () => {
  it('maps 11 to 0 and 10 to undefined', () => {
    expect(nhsNumberCheckDigit('907483378')).toBe(0);
    expect(nhsNumberCheckDigit('123456789')).toBeUndefined();
    expect(nhsNumberCheckDigit('943476591')).toBe(9);
  });
  it('needs exactly nine digits', () => {
    expect(() => nhsNumberCheckDigit('12345678')).toThrow(RangeError);
    expect(() => nhsNumberCheckDigit('12345678a')).toThrow(RangeError);
  });
});

describe('formatNhsNumber', () => {
  it('formats as XXX XXX XXXX', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('943-476-5919')).toBe('943 476 5919');
  });
  it('leaves anything else as it was (trimmed)', () => {
    expect(formatNhsNumber(' 12345 ')).toBe('12345');
    expect(formatNhsNumber('not known')).toBe('not known');
  });
});

describe('sameNhsNumber (H3: one person, one record)', () => {
  it('matches the same number however it is spaced, never two missing numbers', () => {
    expect(sameNhsNumber({ nhsNumber: '9434765919' }, { nhsNumber: '943 476 5919' })).toBe(true);
    expect(sameNhsNumber({ nhsNumber: '9434765919' }, { nhsNumber: '4010232137' })).toBe(false);
    expect(sameNhsNumber({ nhsNumber: null }, { nhsNumber: null })).toBe(false);
    expect(sameNhsNumber({ nhsNumber: '' }, { nhsNumber: '' })).toBe(false);
    expect(sameNhsNumber({ nhsNumber: null }, { nhsNumber: '9434765919' })).toBe(false);
  });
});
