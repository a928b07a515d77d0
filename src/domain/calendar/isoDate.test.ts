import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  daysInMonth,
  epochDay,
  formatLocalTime,
  fromEpochDay,
  isIsoDate,
  isLeapYear,
  isLocalTime,
  isoWeekday,
  isRealDate,
  isWeekend,
  parseIsoDate,
  parseLocalTime,
  requireIsoDate,
  requireLocalTime,
  toIsoDate,
} from './isoDate';

describe('leap years and month lengths', () => {
  it.each([
    [2024, true],
    [2026, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
  ])('isLeapYear(%i) is %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  it('knows how long each month is', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});

describe('parseIsoDate', () => {
  it('parses a real date', () => {
    expect(parseIsoDate('2026-11-25')).toEqual({ year: 2026, month: 11, day: 25 });
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-01-00',
    '26-01-01',
    '2026-1-1',
    ' 2026-01-01',
    '2026-01-01T00:00',
    '0000-01-01',
    '',
  ])('rejects %j', (value) => {
    expect(parseIsoDate(value)).toBeUndefined();
    expect(isIsoDate(value)).toBe(false);
    expect(() => requireIsoDate(value)).toThrow(RangeError);
  });

  it('isRealDate rejects fractions and out-of-range years', () => {
    expect(isRealDate(2026, 1.5, 1)).toBe(false);
    expect(isRealDate(10000, 1, 1)).toBe(false);
    expect(isRealDate(1, 1, 1)).toBe(true);
  });
});

describe('toIsoDate', () => {
  it('pads', () => {
    expect(toIsoDate({ year: 987, month: 3, day: 4 })).toBe('0987-03-04');
  });
  it('refuses an impossible date', () => {
    expect(() => toIsoDate({ year: 2026, month: 2, day: 30 })).toThrow(RangeError);
  });
});

describe('local times', () => {
  it('parses HH:MM', () => {
    expect(parseLocalTime('00:00')).toBe(0);
    expect(parseLocalTime('09:30')).toBe(570);
    expect(parseLocalTime('23:59')).toBe(1439);
    expect(isLocalTime('17:00')).toBe(true);
  });
  it.each(['24:00', '9:30', '09:60', '0930', '09:30:00', ''])('rejects %j', (value) => {
    expect(parseLocalTime(value)).toBeUndefined();
    expect(() => requireLocalTime(value)).toThrow(RangeError);
  });
  it('formats minutes since midnight', () => {
    expect(formatLocalTime(0)).toBe('00:00');
    expect(formatLocalTime(570)).toBe('09:30');
    expect(formatLocalTime(1439)).toBe('23:59');
  });
});

describe('day arithmetic', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-25', 0)).toBe('2026-11-25');
    expect(addDays('2026-11-25', 365)).toBe('2027-11-25');
  });

  it('refuses fractional days and bad dates', () => {
    expect(() => addDays('2026-11-25', 0.5)).toThrow(RangeError);
    expect(() => addDays('2026-11-31', 1)).toThrow(RangeError);
  });

  it('counts days between dates', () => {
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-11-25', '2026-11-18')).toBe(-7);
  });

  it('epoch day 0 is 1970-01-01', () => {
    expect(epochDay({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(fromEpochDay(-1)).toEqual({ year: 1969, month: 12, day: 31 });
  });

  it('agrees with Date for any date in years 1–9999 (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const days = Math.floor(d.getTime() / 86_400_000);
          expect(epochDay(requireIsoDate(iso))).toBe(days);
          expect(toIsoDate(fromEpochDay(days))).toBe(iso);
          expect(isoWeekday(iso)).toBe(((d.getUTCDay() + 6) % 7) + 1);
        },
      ),
    );
  });

  it('addDays then subtracting returns the same date (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -5000, max: 5000 }),
        (d, n) => {
          const iso = d.toISOString().slice(0, 10);
          expect(addDays(addDays(iso, n), -n)).toBe(iso);
          expect(daysBetween(iso, addDays(iso, n))).toBe(n);
        },
      ),
    );
  });
});

describe('weekdays', () => {
  it('numbers Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-25')).toBe(3);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('1969-12-28')).toBe(7);
  });
  it('knows weekends', () => {
    expect(isWeekend('2026-11-28')).toBe(true);
    expect(isWeekend('2026-11-29')).toBe(true);
    expect(isWeekend('2026-11-27')).toBe(false);
  });
});
