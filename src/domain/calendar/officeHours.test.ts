import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utcToLondon } from './london';
import {
  DEFAULT_OFFICE_HOURS,
  endOfWorkingDay,
  isWithinOfficeHours,
  isWorkingDay,
  nextOpening,
  nextWorkingDay,
  type OfficeHoursOptions,
} from './officeHours';

const HOURS: OfficeHoursOptions = {
  openingTime: '09:00',
  closingTime: '17:00',
  days: [1, 2, 3, 4, 5],
  extraClosures: ['2026-11-27'], // Friday staff training day
};

const at = (iso: string) => new Date(iso);

describe('isWithinOfficeHours', () => {
  it('is open from 9am up to but not including 5pm in winter', () => {
    expect(isWithinOfficeHours(at('2026-11-25T08:59:59Z'), HOURS)).toBe(false);
    expect(isWithinOfficeHours(at('2026-11-25T09:00:00Z'), HOURS)).toBe(true);
    expect(isWithinOfficeHours(at('2026-11-25T16:59:59Z'), HOURS)).toBe(true);
    expect(isWithinOfficeHours(at('2026-11-25T17:00:00Z'), HOURS)).toBe(false);
  });

  it('uses London time in summer (BST)', () => {
    expect(isWithinOfficeHours(at('2026-07-01T07:59:00Z'), HOURS)).toBe(false);
    expect(isWithinOfficeHours(at('2026-07-01T08:00:00Z'), HOURS)).toBe(true);
    expect(isWithinOfficeHours(at('2026-07-01T15:59:00Z'), HOURS)).toBe(true);
    expect(isWithinOfficeHours(at('2026-07-01T16:00:00Z'), HOURS)).toBe(false);
  });

  it('is closed at weekends', () => {
    expect(isWithinOfficeHours(at('2026-11-28T12:00:00Z'), HOURS)).toBe(false);
    expect(isWithinOfficeHours(at('2026-11-29T12:00:00Z'), HOURS)).toBe(false);
  });

  it('is closed on bank holidays, including substitute days', () => {
    expect(isWithinOfficeHours(at('2026-12-25T12:00:00Z'), HOURS)).toBe(false);
    expect(isWithinOfficeHours(at('2026-12-28T12:00:00Z'), HOURS)).toBe(false);
    expect(isWithinOfficeHours(at('2026-04-03T11:00:00Z'), HOURS)).toBe(false);
    expect(isWithinOfficeHours(at('2026-12-24T12:00:00Z'), HOURS)).toBe(true);
  });

  it('is closed on extra closures', () => {
    expect(isWithinOfficeHours(at('2026-11-27T12:00:00Z'), HOURS)).toBe(false);
    expect(isWithinOfficeHours(at('2026-11-27T12:00:00Z'), DEFAULT_OFFICE_HOURS)).toBe(true);
  });

  it('supports other days and hours', () => {
    const saturdayMornings: OfficeHoursOptions = {
      openingTime: '10:00',
      closingTime: '12:30',
      days: [6],
      extraClosures: [],
    };
    expect(isWithinOfficeHours(at('2026-11-28T12:29:00Z'), saturdayMornings)).toBe(true);
    expect(isWithinOfficeHours(at('2026-11-28T12:30:00Z'), saturdayMornings)).toBe(false);
    expect(isWithinOfficeHours(at('2026-11-25T11:00:00Z'), saturdayMornings)).toBe(false);
  });

  it('defaults to Monday to Friday, 9am to 5pm', () => {
    expect(isWithinOfficeHours(at('2026-11-25T10:00:00Z'))).toBe(true);
    expect(DEFAULT_OFFICE_HOURS).toEqual({
      openingTime: '09:00',
      closingTime: '17:00',
      days: [1, 2, 3, 4, 5],
      extraClosures: [],
    });
  });

  it.each([
    [{ ...HOURS, openingTime: '9:00' }],
    [{ ...HOURS, closingTime: '17:60' }],
    [{ ...HOURS, openingTime: '17:00', closingTime: '09:00' }],
    [{ ...HOURS, openingTime: '09:00', closingTime: '09:00' }],
    [{ ...HOURS, days: [] }],
    [{ ...HOURS, days: [0] } as unknown as OfficeHoursOptions],
    [{ ...HOURS, extraClosures: ['27/11/2026'] }],
  ])('refuses invalid options %#', (options) => {
    expect(() => isWithinOfficeHours(at('2026-11-25T10:00:00Z'), options)).toThrow(RangeError);
    expect(() => nextOpening(at('2026-11-25T10:00:00Z'), options)).toThrow(RangeError);
    expect(() => endOfWorkingDay(at('2026-11-25T10:00:00Z'), options)).toThrow(RangeError);
  });
});

describe('isWorkingDay and nextWorkingDay', () => {
  it('knows working days', () => {
    expect(isWorkingDay('2026-11-25', HOURS)).toBe(true);
    expect(isWorkingDay('2026-11-27', HOURS)).toBe(false);
    expect(isWorkingDay('2026-11-28', HOURS)).toBe(false);
    expect(isWorkingDay('2026-12-28', HOURS)).toBe(false);
  });
  it('finds the next working day after a date', () => {
    expect(nextWorkingDay('2026-11-25', HOURS)).toBe('2026-11-26');
    expect(nextWorkingDay('2026-11-26', HOURS)).toBe('2026-11-30');
    expect(nextWorkingDay('2026-12-24', HOURS)).toBe('2026-12-29');
    expect(nextWorkingDay('2027-12-24', DEFAULT_OFFICE_HOURS)).toBe('2027-12-29');
  });
  it('gives up rather than looping when nothing is ever open', () => {
    const closures = Array.from({ length: 800 }, (_, i) => {
      const d = new Date(Date.UTC(2026, 10, 26 + i));
      return d.toISOString().slice(0, 10);
    });
    expect(() => nextWorkingDay('2026-11-25', { ...HOURS, extraClosures: closures })).toThrow(
      RangeError,
    );
  });
});

describe('nextOpening', () => {
  it('returns the instant itself when open', () => {
    const now = at('2026-11-25T11:12:13Z');
    expect(nextOpening(now, HOURS)).toEqual(now);
  });

  it('returns 9am the same day when before opening', () => {
    expect(nextOpening(at('2026-11-25T06:00:00Z'), HOURS).toISOString()).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });

  it('returns 9am the next working day when after closing', () => {
    expect(nextOpening(at('2026-11-24T17:00:00Z'), HOURS).toISOString()).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });

  it('skips extra closures and weekends', () => {
    // Thursday evening → Friday is a closure → Monday.
    expect(nextOpening(at('2026-11-26T18:00:00Z'), HOURS).toISOString()).toBe(
      '2026-11-30T09:00:00.000Z',
    );
  });

  it('skips Christmas and the Boxing Day substitute', () => {
    expect(nextOpening(at('2026-12-24T17:30:00Z'), HOURS).toISOString()).toBe(
      '2026-12-29T09:00:00.000Z',
    );
  });

  it('skips Easter and crosses into BST', () => {
    // Friday 27 March 2026 (GMT) after closing → Monday 30 March 9am BST.
    expect(nextOpening(at('2026-03-27T18:00:00Z'), HOURS).toISOString()).toBe(
      '2026-03-30T08:00:00.000Z',
    );
    // Thursday 2 April 2026 evening → Good Friday, Easter Monday closed → Tuesday 7 April.
    expect(nextOpening(at('2026-04-02T17:00:00Z'), HOURS).toISOString()).toBe(
      '2026-04-07T08:00:00.000Z',
    );
  });

  it('crosses back into GMT', () => {
    expect(nextOpening(at('2026-10-23T16:30:00Z'), HOURS).toISOString()).toBe(
      '2026-10-26T09:00:00.000Z',
    );
  });

  it('is never earlier than the instant and always open (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2035-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const opening = nextOpening(instant, HOURS);
          expect(opening.getTime()).toBeGreaterThanOrEqual(instant.getTime());
          expect(isWithinOfficeHours(opening, HOURS)).toBe(true);
          if (opening.getTime() > instant.getTime()) {
            expect(utcToLondon(opening).time).toBe('09:00');
            // Just before the next opening the office was closed.
            expect(isWithinOfficeHours(new Date(opening.getTime() - 60_000), HOURS)).toBe(false);
          }
        },
      ),
    );
  });
});

describe('endOfWorkingDay', () => {
  it('is 5pm today during a working day, even before opening', () => {
    expect(endOfWorkingDay(at('2026-11-25T10:00:00Z'), HOURS).toISOString()).toBe(
      '2026-11-25T17:00:00.000Z',
    );
    expect(endOfWorkingDay(at('2026-11-25T06:00:00Z'), HOURS).toISOString()).toBe(
      '2026-11-25T17:00:00.000Z',
    );
    expect(endOfWorkingDay(at('2026-11-25T16:59:59Z'), HOURS).toISOString()).toBe(
      '2026-11-25T17:00:00.000Z',
    );
  });

  it('is 5pm on the next working day from closing time onwards', () => {
    expect(endOfWorkingDay(at('2026-11-25T17:00:00Z'), HOURS).toISOString()).toBe(
      '2026-11-26T17:00:00.000Z',
    );
    expect(endOfWorkingDay(at('2026-11-25T23:59:00Z'), HOURS).toISOString()).toBe(
      '2026-11-26T17:00:00.000Z',
    );
  });

  it('skips weekends, bank holidays and extra closures', () => {
    expect(endOfWorkingDay(at('2026-11-28T10:00:00Z'), HOURS).toISOString()).toBe(
      '2026-11-30T17:00:00.000Z',
    );
    expect(endOfWorkingDay(at('2026-11-27T10:00:00Z'), HOURS).toISOString()).toBe(
      '2026-11-30T17:00:00.000Z',
    );
    expect(endOfWorkingDay(at('2026-12-24T20:00:00Z'), HOURS).toISOString()).toBe(
      '2026-12-29T17:00:00.000Z',
    );
  });

  it('is 5pm London time in summer', () => {
    expect(endOfWorkingDay(at('2026-07-01T10:00:00Z'), HOURS).toISOString()).toBe(
      '2026-07-01T16:00:00.000Z',
    );
    // Saturday 28 March 2026 (GMT) → Monday 30 March 5pm BST.
    expect(endOfWorkingDay(at('2026-03-28T10:00:00Z'), HOURS).toISOString()).toBe(
      '2026-03-30T16:00:00.000Z',
    );
  });

  it('is always after the instant, at 5pm on a working day (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2035-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const end = endOfWorkingDay(instant, HOURS);
          expect(end.getTime()).toBeGreaterThan(instant.getTime());
          const local = utcToLondon(end);
          expect(local.time).toBe('17:00');
          expect(isWorkingDay(local.date, HOURS)).toBe(true);
          // Never more than a fortnight away (the longest closure is Christmas).
          expect(end.getTime() - instant.getTime()).toBeLessThan(14 * 86_400_000);
        },
      ),
    );
  });
});
