import { describe, expect, it } from 'vitest';
import {
  PHONE_MESSAGES,
  formatUkPhoneNumber,
  isUkMobile,
  validateUkMobileNumber,
  validateUkPhoneNumber,
} from './phone';

describe('validateUkPhoneNumber', () => {
  it.each([
    '07700900982',
    '07700 900982',
    '07700 900 982',
    '+447700900982',
    '+44 7700 900982',
    '+44 (0)7700 900982',
    '+44 07700 900982',
    '0044 7700 900 982',
    '447700900982',
    '(07700) 900-982',
    '07700.900.982',
  ])('accepts the mobile number %j', (input) => {
    expect(validateUkPhoneNumber(input)).toEqual({
      ok: true,
      value: '+447700900982',
      national: '07700 900982',
      type: 'mobile',
    });
  });

  it.each([
    ['020 7946 0000', '+442079460000', '020 7946 0000', 'landline'],
    ['+44 (0)20 7946 0000', '+442079460000', '020 7946 0000', 'landline'],
    ['0113 496 0000', '+441134960000', '0113 496 0000', 'landline'],
    ['0161 496 0000', '+441614960000', '0161 496 0000', 'landline'],
    ['01632 960001', '+441632960001', '01632 960001', 'landline'],
    ['016977 4321', '+44169774321', '016977 4321', 'landline'],
    ['0300 123 4567', '+443001234567', '0300 123 4567', 'non-geographic'],
    ['0800 123456', '+44800123456', '0800 123456', 'non-geographic'],
    ['0800 123 4567', '+448001234567', '0800 123 4567', 'non-geographic'],
    ['+44 808 157 0192', '+448081570192', '0808 157 0192', 'non-geographic'],
    ['07624 123456', '+447624123456', '07624 123456', 'mobile'],
    ['07123 456789', '+447123456789', '07123 456789', 'mobile'],
    ['07912 345678', '+447912345678', '07912 345678', 'mobile'],
  ])('accepts %j', (input, value, national, type) => {
    expect(validateUkPhoneNumber(input)).toEqual({ ok: true, value, national, type });
  });

  it('asks for a number when empty', () => {
    expect(validateUkPhoneNumber('  ')).toEqual({
      ok: false,
      reason: 'empty',
      message: 'Enter a phone number',
    });
  });

  it.each([
    '0770090098', // too short
    '077009009821', // too long
    '7700900982', // missing the leading 0
    '07000 123456', // 070 personal numbers
    '07600 123456', // 076 pagers
    '0845 123 4567',
    '0909 123 4567',
    '0207 946 000',
    '12345',
    'call me',
    '07700 900982 ext 2',
    '+44',
    '++447700900982',
  ])('refuses %j', (input) => {
    expect(validateUkPhoneNumber(input)).toEqual({
      ok: false,
      reason: 'invalid',
      message: PHONE_MESSAGES.invalid,
    });
  });

  it.each(['+1 202 555 0100', '00353 1 234 5678', '+33 1 23 45 67 89'])(
    'refuses the non-UK number %j',
    (input) => {
      expect(validateUkPhoneNumber(input)).toEqual({
        ok: false,
        reason: 'not-uk',
        message: 'Enter a UK phone number, starting with 0 or +44',
      });
    },
  );

  it('gives a message with example numbers', () => {
    expect(PHONE_MESSAGES.invalid).toBe(
      'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
    );
  });
});

describe('mobiles', () => {
  it('isUkMobile is true only for mobiles', () => {
    expect(isUkMobile('+44 7700 900982')).toBe(true);
    expect(isUkMobile('07624 123456')).toBe(true);
    expect(isUkMobile('020 7946 0000')).toBe(false);
    expect(isUkMobile('0300 123 4567')).toBe(false);
    expect(isUkMobile('not a number')).toBe(false);
    expect(isUkMobile('')).toBe(false);
  });

  it('validateUkMobileNumber explains when a landline was given', () => {
    expect(validateUkMobileNumber('020 7946 0000')).toEqual({
      ok: false,
      reason: 'not-mobile',
      message: 'Enter a UK mobile phone number, like 07700 900 982',
    });
    expect(validateUkMobileNumber('07700900982')).toMatchObject({
      ok: true,
      value: '+447700900982',
    });
    expect(validateUkMobileNumber('')).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('formatUkPhoneNumber shows a stored number as it is written in the UK', () => {
    expect(formatUkPhoneNumber('+447700900982')).toBe('07700 900982');
    expect(formatUkPhoneNumber('+442079460000')).toBe('020 7946 0000');
    // Not a UK number (stored before checks, or abroad): shown as stored.
    expect(formatUkPhoneNumber('+33612345678')).toBe('+33612345678');
  });
});
