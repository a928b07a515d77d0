import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween } from './isoDate';
import { bankHolidaysAndClosures, weeklyDates } from './schedule';

describe('weeklyDates', () => {
  it('gives count dates a week apart, starting on the start date', () => {
    expect(weeklyDates('2026-11-25', 4)).toEqual([
      '2026-11-25',
      '2026-12-02',
      '2026-12-09',
      '2026-12-16',
    ]);
  });

  it('skips bank holidays by default without reducing the count', () => {
    // Mondays from 20 April 2026: 4 May (early May) and 25 May (spring) are skipped.
    expect(weeklyDates('2026-04-20', 6)).toEqual([
      '2026-04-20',
      '2026-04-27',
      '2026-05-11',
      '2026-05-18',
      '2026-06-01',
      '2026-06-08',
    ]);
  });

  it('skips the start date when it is closed', () => {
    // Christmas Day and New Year's Day 2027 are both Fridays.
    expect(weeklyDates('2026-12-25', 2)).toEqual(['2027-01-08', '2027-01-15']);
  });

  it('skips extra closures as well as bank holidays', () => {
    const skip = bankHolidaysAndClosures(['2026-12-02']);
    expect(weeklyDates('2026-11-25', 3, { skip })).toEqual([
      '2026-11-25',
      '2026-12-09',
      '2026-12-16',
    ]);
    expect(skip('2026-12-25')).toBe(true);
    expect(skip('2026-12-02')).toBe(true);
    expect(skip('2026-12-03')).toBe(false);
  });

  it('uses the given skip function instead of the default', () => {
    expect(weeklyDates('2026-12-25', 2, { skip: () => false })).toEqual([
      '2026-12-25',
      '2027-01-01',
    ]);
  });

  it('returns nothing for a count of 0', () => {
    expect(weeklyDates('2026-11-25', 0)).toEqual([]);
  });

  it('refuses bad input', () => {
    expect(() => weeklyDates('2026-11-31', 1)).toThrow(RangeError);
    expect(() => weeklyDates('2026-11-25', -1)).toThrow(RangeError);
    expect(() => weeklyDates('2026-11-25', 1.5)).toThrow(RangeError);
    expect(() => weeklyDates('2026-11-25', 1, { skip: () => true })).toThrow(RangeError);
    expect(() => bankHolidaysAndClosures(['tomorrow'])).toThrow(RangeError);
  });

  it('always gives count unskipped dates on the same weekday (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2040-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 5 }),
        (start, count, closedWeeks) => {
          const startDate = start.toISOString().slice(0, 10);
          const closures = closedWeeks.map((w) =>
            new Date(start.getTime() + w * 7 * 86_400_000).toISOString().slice(0, 10),
          );
          const skip = bankHolidaysAndClosures(closures);
          const dates = weeklyDates(startDate, count, { skip });
          expect(dates).toHaveLength(count);
          for (const [i, date] of dates.entries()) {
            expect(skip(date)).toBe(false);
            expect(daysBetween(startDate, date) % 7).toBe(0);
            if (i > 0) expect(daysBetween(dates[i - 1] ?? '', date)).toBeGreaterThanOrEqual(7);
          }
          // Every week between the first and last date that was passed over was closed.
          const first = dates[0];
          const last = dates.at(-1);
          if (first !== undefined && last !== undefined) {
            const weeks = daysBetween(first, last) / 7 + 1;
            expect(weeks - count).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});
