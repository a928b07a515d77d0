import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  daysToFirstTreatment,
  isLongWaitForSecondAppointment,
  londonCalendarDate,
  londonDaysBetween,
  waitingTimeStandards,
  type WaitingTimeRecord,
} from './index';

describe('londonCalendarDate', () => {
  it.each([
    // Winter: London is on GMT.
    ['2025-01-15T23:59:59Z', '2025-01-15'],
    ['2025-01-16T00:00:00Z', '2025-01-16'],
    // Summer: London is on BST (UTC+1), so 23:30 UTC is already the next day.
    ['2024-06-01T23:30:00Z', '2024-06-02'],
    ['2024-06-01T22:59:59Z', '2024-06-01'],
    // Clocks go forward 31 March 2024 at 01:00 UTC; back 27 October 2024 at 01:00 UTC.
    ['2024-03-30T23:30:00Z', '2024-03-30'],
    ['2024-03-31T23:30:00Z', '2024-04-01'],
    ['2024-10-26T23:30:00Z', '2024-10-27'],
    ['2024-10-27T23:30:00Z', '2024-10-27'],
    // Offsets are honoured.
    ['2024-06-02T00:30:00+01:00', '2024-06-02'],
    ['2025-01-15T01:00:00+02:00', '2025-01-14'],
    ['2024-06-01T23:30:00.123z', '2024-06-02'],
    // Plain calendar dates are London dates already.
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (input, expected) => {
    expect(londonCalendarDate(input)).toBe(expected);
  });

  it('accepts Date objects', () => {
    expect(londonCalendarDate(new Date('2024-06-01T23:30:00Z'))).toBe('2024-06-02');
  });

  it.each([
    '2025-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-06-01T12:00:00', // no zone: ambiguous
    '01/06/2024',
    'yesterday',
    '',
  ])('refuses %j', (input) => {
    expect(londonCalendarDate(input)).toBeNull();
  });

  it('refuses an invalid Date', () => {
    expect(londonCalendarDate(new Date('nope'))).toBeNull();
  });
});

describe('londonDaysBetween and daysToFirstTreatment', () => {
  it.each([
    ['2025-01-01', '2025-01-01', 0],
    ['2025-01-01', '2025-02-12', 42],
    ['2025-01-01', '2025-02-13', 43],
    ['2025-01-01', '2025-05-07', 126],
    ['2025-01-01', '2025-05-08', 127],
    ['2025-02-12', '2025-01-01', -42],
    ['2024-02-28', '2024-03-01', 2], // leap year
    ['2023-12-31', '2024-01-01', 1],
    // Across the spring clock change the calendar gap is still whole days.
    ['2024-03-30T09:00:00Z', '2024-03-31T09:00:00Z', 1],
    ['2024-03-25T23:30:00Z', '2024-04-01T08:00:00+01:00', 7],
    // A referral at 23:30 UTC in summer is received the next London day.
    ['2024-06-01T23:30:00Z', '2024-06-03', 1],
    // Late evening to early morning is one calendar day, though only minutes apart.
    ['2025-01-15T23:50:00Z', '2025-01-16T00:10:00Z', 1],
  ])('%s → %s is %i days', (from, to, days) => {
    expect(londonDaysBetween(from, to)).toBe(days);
    expect(daysToFirstTreatment(from, to)).toBe(days);
  });

  it('is null when a date is missing or invalid', () => {
    expect(daysToFirstTreatment('2025-01-01', null)).toBeNull();
    expect(daysToFirstTreatment(undefined, '2025-01-01')).toBeNull();
    expect(daysToFirstTreatment('2025-01-01', '2025-02-30')).toBeNull();
  });

  it('agrees with day arithmetic on UTC midnights for any pair of dates', () => {
    const day = fc.integer({ min: 0, max: 40_000 });
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 22 }), (a, b, hour) => {
        // London is UTC or UTC+1, so from 00:00 to 22:59 UTC the London date is the UTC date.
        const at = (d: number) => new Date(d * 86_400_000 + hour * 3_600_000);
        expect(londonDaysBetween(at(a), at(b))).toBe(b - a);
      }),
    );
  });
});

describe('isLongWaitForSecondAppointment', () => {
  it.each([
    ['2025-01-01', '2025-03-31', false], // 89 days
    ['2025-01-01', '2025-04-01', true], // 90 days
    ['2025-01-01', '2025-01-08', false],
    ['2025-01-08', '2025-01-01', null], // second before first
    ['2025-01-01', null, null],
  ] as const)('%s → %s: %s', (first, second, expected) => {
    expect(isLongWaitForSecondAppointment(first, second)).toBe(expected);
  });
});

function record(days: number | null, finishedTreatment = true): WaitingTimeRecord {
  const referral = new Date(Date.UTC(2025, 0, 1, 12));
  return {
    referralReceived: referral,
    firstTreatmentAppointment:
      days === null ? null : new Date(referral.getTime() + days * 86_400_000),
    finishedTreatment,
  };
}

describe('waitingTimeStandards', () => {
  it('counts 42 as within 6 weeks and 43 as not; 126 within 18 weeks and 127 not', () => {
    const report = waitingTimeStandards([record(42), record(43), record(126), record(127)]);
    expect(report.measured).toBe(4);
    expect(report.within6Weeks).toMatchObject({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(report.within18Weeks).toMatchObject({ numerator: 3, denominator: 4, rate: 0.75 });
  });

  it('meets a target exactly at 75% and 95%', () => {
    const six = waitingTimeStandards([record(10), record(20), record(42), record(50)]);
    expect(six.within6Weeks).toMatchObject({ rate: 0.75, target: 0.75, withinDays: 42, met: true });
    const below = waitingTimeStandards([record(10), record(43), record(43), record(50)]);
    expect(below.within6Weeks.met).toBe(false);

    const nineteen = Array.from({ length: 19 }, () => record(100));
    const eighteen = waitingTimeStandards([...nineteen, record(200)]);
    expect(eighteen.within18Weeks).toMatchObject({
      rate: 0.95,
      target: 0.95,
      withinDays: 126,
      met: true,
    });
    const short = waitingTimeStandards([...nineteen.slice(1), record(200), record(200)]);
    expect(short.within18Weeks.met).toBe(false);
  });

  it('counts only referrals that finished a course of treatment', () => {
    const report = waitingTimeStandards([record(10), record(200, false), record(300, false)]);
    expect(report.finished).toBe(1);
    expect(report.within6Weeks).toMatchObject({ numerator: 1, denominator: 1, rate: 1, met: true });
  });

  it('reports finished courses with missing, invalid or backwards dates instead of hiding them', () => {
    const report = waitingTimeStandards([
      record(10),
      record(null),
      record(-3),
      {
        referralReceived: 'not a date',
        firstTreatmentAppointment: '2025-01-01',
        finishedTreatment: true,
      },
    ]);
    expect(report).toMatchObject({ finished: 4, measured: 1, excludedForDataErrors: 3 });
    expect(report.within6Weeks.denominator).toBe(1);
  });

  it('gives null rates and "met" for an empty list or no finished courses', () => {
    for (const list of [[], [record(10, false)]]) {
      const report = waitingTimeStandards(list);
      expect(report.within6Weeks).toEqual({
        numerator: 0,
        denominator: 0,
        rate: null,
        withinDays: 42,
        target: 0.75,
        met: null,
      });
      expect(report.within18Weeks.rate).toBeNull();
      expect(report.within18Weeks.met).toBeNull();
    }
  });

  it('never has more within 6 weeks than within 18 weeks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.option(fc.integer({ min: -10, max: 400 })), fc.boolean())),
        (rows) => {
          const report = waitingTimeStandards(rows.map(([d, f]) => record(d, f)));
          expect(report.within6Weeks.numerator).toBeLessThanOrEqual(report.within18Weeks.numerator);
          expect(report.measured + report.excludedForDataErrors).toBe(report.finished);
        },
      ),
    );
  });
});
