import { describe, expect, it } from 'vitest';
import { validateDateOfBirth } from './dateOfBirth';

const TODAY = '2026-11-25';
const dob = (day: string, month: string, year: string) =>
  validateDateOfBirth({ day, month, year }, TODAY);

describe('validateDateOfBirth', () => {
  it('accepts a real date in the past', () => {
    expect(dob('5', '3', '1990')).toEqual({ ok: true, value: '1990-03-05' });
    expect(dob('05', '03', '1990')).toEqual({ ok: true, value: '1990-03-05' });
    expect(dob(' 5 ', ' 3 ', ' 1990 ')).toEqual({ ok: true, value: '1990-03-05' });
  });

  it('accepts months written as words', () => {
    expect(dob('5', 'March', '1990')).toEqual({ ok: true, value: '1990-03-05' });
    expect(dob('5', 'mar', '1990')).toEqual({ ok: true, value: '1990-03-05' });
    expect(dob('5', 'SEPT', '1990')).toEqual({ ok: true, value: '1990-09-05' });
    expect(dob('5', 'Sep', '1990')).toEqual({ ok: true, value: '1990-09-05' });
  });

  it('asks for a date of birth when nothing was entered', () => {
    expect(dob('', ' ', '')).toEqual({
      ok: false,
      reason: 'missing',
      message: 'Enter a date of birth',
      fields: ['day', 'month', 'year'],
    });
  });

  it.each([
    ['', '3', '1990', 'Date of birth must include a day', ['day']],
    ['5', '', '1990', 'Date of birth must include a month', ['month']],
    ['5', '3', '', 'Date of birth must include a year', ['year']],
    ['', '', '1990', 'Date of birth must include a day and month', ['day', 'month']],
    ['', '3', '', 'Date of birth must include a day and year', ['day', 'year']],
    ['5', '', '', 'Date of birth must include a month and year', ['month', 'year']],
  ])('says what is missing: %j/%j/%j', (day, month, year, message, fields) => {
    expect(dob(day, month, year)).toEqual({ ok: false, reason: 'missing', message, fields });
  });

  it.each(['90', '19900', 'year', '199O'])('asks for a 4-digit year: %j', (year) => {
    expect(dob('5', '3', year)).toEqual({
      ok: false,
      reason: 'year-format',
      message: 'Year must include 4 numbers',
      fields: ['year'],
    });
  });

  it.each([
    ['ab', '3', '84', ['day', 'year']],
    ['5', '13', '90', ['month', 'year']],
    ['40', 'x', '19900', ['day', 'month', 'year']],
  ])('names a bad day or month with a bad year at once: %j/%j/%j', (day, month, year, fields) => {
    expect(dob(day, month, year)).toEqual({
      ok: false,
      reason: 'not-real',
      message: 'Date of birth must be a real date',
      fields,
    });
  });

  it.each([
    ['31', '4', '1990', ['day']],
    ['29', '2', '1990', ['day']],
    ['32', '1', '1990', ['day']],
    ['0', '1', '1990', ['day']],
    ['5', '13', '1990', ['month']],
    ['5', '0', '1990', ['month']],
    ['5', 'Marchember', '1990', ['month']],
    ['five', '3', '1990', ['day']],
    ['40', '13', '1990', ['day', 'month']],
    ['1', '1', '0000', ['day', 'month', 'year']],
    ['1.5', '1', '1990', ['day']],
  ])('refuses an impossible date: %j/%j/%j', (day, month, year, fields) => {
    expect(dob(day, month, year)).toEqual({
      ok: false,
      reason: 'not-real',
      message: 'Date of birth must be a real date',
      fields,
    });
  });

  it('accepts 29 February in a leap year', () => {
    expect(dob('29', '2', '2000')).toEqual({ ok: true, value: '2000-02-29' });
  });

  it('refuses today and future dates, and accepts yesterday', () => {
    const future = {
      ok: false,
      reason: 'future',
      message: 'Date of birth must be in the past',
      fields: ['day', 'month', 'year'],
    };
    expect(dob('25', '11', '2026')).toEqual(future);
    expect(dob('26', '11', '2026')).toEqual(future);
    expect(dob('1', '1', '2030')).toEqual(future);
    expect(dob('24', '11', '2026')).toEqual({ ok: true, value: '2026-11-24' });
  });

  it('refuses dates before 1900 unless told otherwise', () => {
    expect(dob('31', '12', '1899')).toEqual({
      ok: false,
      reason: 'too-early',
      message: 'Date of birth must be the same as or after 1 January 1900',
      fields: ['day', 'month', 'year'],
    });
    expect(dob('1', '1', '1900')).toEqual({ ok: true, value: '1900-01-01' });
    expect(
      validateDateOfBirth({ day: '31', month: '12', year: '1899' }, TODAY, {
        earliest: '1850-01-01',
      }),
    ).toEqual({ ok: true, value: '1899-12-31' });
  });

  it('refuses a malformed today or earliest date (programmer error)', () => {
    expect(() => validateDateOfBirth({ day: '1', month: '1', year: '1990' }, '25/11/2026')).toThrow(
      RangeError,
    );
    expect(() =>
      validateDateOfBirth({ day: '1', month: '1', year: '1990' }, TODAY, { earliest: '1900' }),
    ).toThrow(RangeError);
  });
});
