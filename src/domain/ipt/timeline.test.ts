import { describe, expect, it } from 'vitest';
import { formatLifeEventDate, parseLifeEventDate, parseRating } from './timeline';

const TODAY = '2026-11-25';
const parse = (day: string, month: string, year: string) =>
  parseLifeEventDate({ day, month, year }, TODAY);

describe('parseLifeEventDate', () => {
  it('keeps what was given: a day, a month or only a year', () => {
    expect(parse('3', '6', '2019')).toEqual({
      ok: true,
      value: { occurredOn: '2019-06-03', precision: 'day' },
    });
    expect(parse('', '6', '2019')).toEqual({
      ok: true,
      value: { occurredOn: '2019-06-01', precision: 'month' },
    });
    expect(parse(' ', '', '2019 ')).toEqual({
      ok: true,
      value: { occurredOn: '2019-01-01', precision: 'year' },
    });
  });

  it.each([
    ['', '', '', 'no-year'],
    ['', '', '19', 'bad-year'],
    ['', '', '1899', 'bad-year'],
    ['', '13', '2019', 'bad-month'],
    ['', 'June', '2019', 'bad-month'],
    ['30', '2', '2020', 'bad-day'],
    ['29', '2', '2019', 'bad-day'],
    ['4', '', '2019', 'day-without-month'],
    ['', '', '2027', 'future'],
    ['', '12', '2026', 'future'],
    ['26', '11', '2026', 'future'],
  ])('refuses %j/%j/%j (%s)', (day, month, year, reason) => {
    expect(parse(day, month, year)).toMatchObject({ ok: false, reason });
  });

  it('accepts this year, this month and today', () => {
    expect(parse('', '', '2026').ok).toBe(true);
    expect(parse('', '11', '2026').ok).toBe(true);
    expect(parse('25', '11', '2026').ok).toBe(true);
    expect(parse('29', '2', '2024').ok).toBe(true);
  });

  it('refuses a date before their date of birth, compared at the precision given (walk 6)', () => {
    const born = (day: string, month: string, year: string) =>
      parseLifeEventDate({ day, month, year }, TODAY, '1990-06-15');
    expect(born('', '', '1989')).toMatchObject({ ok: false, reason: 'before-birth' });
    expect(born('', '5', '1990')).toMatchObject({ ok: false, reason: 'before-birth' });
    expect(born('14', '6', '1990')).toMatchObject({
      ok: false,
      reason: 'before-birth',
      message: 'The date it happened must be on or after their date of birth, 15 June 1990',
    });
    // The year or month they were born, and the day itself, are not before it.
    expect(born('', '', '1990').ok).toBe(true);
    expect(born('', '6', '1990').ok).toBe(true);
    expect(born('15', '6', '1990').ok).toBe(true);
    // No date of birth (or an unreadable one): only the other checks.
    expect(parseLifeEventDate({ day: '', month: '', year: '1950' }, TODAY, null).ok).toBe(true);
    expect(parseLifeEventDate({ day: '', month: '', year: '1950' }, TODAY, 'x').ok).toBe(true);
  });
});

describe('formatLifeEventDate', () => {
  it('shows only what was given', () => {
    expect(formatLifeEventDate({ occurredOn: '2019-06-03', precision: 'day' })).toBe('3 June 2019');
    expect(formatLifeEventDate({ occurredOn: '2019-06-01', precision: 'month' })).toBe('June 2019');
    expect(formatLifeEventDate({ occurredOn: '2019-01-01', precision: 'year' })).toBe('2019');
  });
});

describe('parseRating', () => {
  it.each(['0', '7', '10', ' 5 '])('accepts %j', (s) => {
    expect(parseRating(s)).toEqual({ ok: true, value: Number(s) });
  });
  it.each(['', '11', '-1', '5.5', 'ten'])('refuses %j', (s) => {
    expect(parseRating(s).ok).toBe(false);
  });
});
