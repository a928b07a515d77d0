import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weeklyDates } from './schedule';
import {
  addLondonDays,
  formatDate,
  formatLondonDate,
  formatLondonDateTime,
  formatLongDate,
  formatTime,
  londonLocalToUtc,
  resolveLondonLocal,
  utcToLondon,
} from './london';

const HOUR = 3_600_000;

/** Unwraps a successful conversion, failing the test otherwise. */
function utc(date: string, time: string): Date {
  const result = londonLocalToUtc(date, time);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

// Last Sundays of March (clocks forward) and October (clocks back).
const CLOCK_CHANGES = [
  { year: 2024, spring: '2024-03-31', autumn: '2024-10-27' },
  { year: 2025, spring: '2025-03-30', autumn: '2025-10-26' },
  { year: 2026, spring: '2026-03-29', autumn: '2026-10-25' },
  { year: 2027, spring: '2027-03-28', autumn: '2027-10-31' },
  { year: 2028, spring: '2028-03-26', autumn: '2028-10-29' },
];

describe('utcToLondon', () => {
  it('is UTC in winter (GMT)', () => {
    expect(utcToLondon(new Date('2026-11-25T09:30:00Z'))).toEqual({
      date: '2026-11-25',
      time: '09:30',
      weekday: 3,
      weekdayName: 'Wednesday',
      offsetMinutes: 0,
    });
  });

  it('is an hour ahead in summer (BST), including across midnight', () => {
    expect(utcToLondon(new Date('2026-07-01T08:00:00Z'))).toMatchObject({
      date: '2026-07-01',
      time: '09:00',
      offsetMinutes: 60,
    });
    expect(utcToLondon(new Date('2026-06-30T23:30:00Z'))).toMatchObject({
      date: '2026-07-01',
      time: '00:30',
      weekday: 3,
    });
  });

  it('truncates to the minute', () => {
    expect(utcToLondon(new Date('2026-11-25T16:59:59.999Z')).time).toBe('16:59');
  });

  it.each(CLOCK_CHANGES)('follows the clock changes in $year', ({ spring, autumn }) => {
    // Clocks go forward at 01:00 GMT: 00:59 GMT is followed by 02:00 BST.
    const springForward = new Date(`${spring}T01:00:00Z`);
    expect(utcToLondon(new Date(springForward.getTime() - 1000))).toMatchObject({
      time: '00:59',
      offsetMinutes: 0,
    });
    expect(utcToLondon(springForward)).toMatchObject({ time: '02:00', offsetMinutes: 60 });
    // Clocks go back at 02:00 BST (01:00 UTC): 01:00–01:59 happens twice.
    expect(utcToLondon(new Date(`${autumn}T00:30:00Z`))).toMatchObject({
      time: '01:30',
      offsetMinutes: 60,
    });
    expect(utcToLondon(new Date(`${autumn}T01:30:00Z`))).toMatchObject({
      time: '01:30',
      offsetMinutes: 0,
    });
  });

  it('throws on an invalid Date', () => {
    expect(() => utcToLondon(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('londonLocalToUtc', () => {
  it('converts winter and summer times', () => {
    expect(utc('2026-11-25', '09:30').toISOString()).toBe('2026-11-25T09:30:00.000Z');
    expect(utc('2026-07-01', '09:30').toISOString()).toBe('2026-07-01T08:30:00.000Z');
    expect(utc('2026-07-01', '00:30').toISOString()).toBe('2026-06-30T23:30:00.000Z');
  });

  it.each(CLOCK_CHANGES)('returns an error for times in the spring gap ($spring)', ({ spring }) => {
    for (const time of ['01:00', '01:30', '01:59']) {
      const result = londonLocalToUtc(spring, time);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toBe('nonexistent-time');
        expect(result.message).toMatch(/does not exist in UK time because the clocks go forward/);
      }
    }
    expect(utc(spring, '00:59').toISOString()).toBe(`${spring}T00:59:00.000Z`);
    expect(utc(spring, '02:00').toISOString()).toBe(`${spring}T01:00:00.000Z`);
  });

  it.each(CLOCK_CHANGES)(
    'chooses the first (BST) occurrence in the repeated autumn hour ($autumn)',
    ({ autumn }) => {
      expect(londonLocalToUtc(autumn, '01:30')).toEqual({
        ok: true,
        value: new Date(`${autumn}T00:30:00Z`),
        ambiguous: true,
      });
      expect(londonLocalToUtc(autumn, '01:00')).toMatchObject({ ok: true, ambiguous: true });
      expect(londonLocalToUtc(autumn, '00:59')).toMatchObject({ ok: true, ambiguous: false });
      expect(londonLocalToUtc(autumn, '02:00')).toEqual({
        ok: true,
        value: new Date(`${autumn}T02:00:00Z`),
        ambiguous: false,
      });
    },
  );

  it('explains the gap in plain English', () => {
    const result = londonLocalToUtc('2026-03-29', '01:30');
    expect(result).toEqual({
      ok: false,
      reason: 'nonexistent-time',
      message:
        '1:30am on Sunday 29 March 2026 does not exist in UK time because the clocks go forward. Choose a different time',
    });
  });

  it('reports malformed input', () => {
    expect(londonLocalToUtc('2026-02-30', '09:00')).toMatchObject({
      ok: false,
      reason: 'invalid-date',
    });
    expect(londonLocalToUtc('2026-02-03', '9am')).toMatchObject({
      ok: false,
      reason: 'invalid-time',
    });
  });

  it('round-trips any local time that exists (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2100-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 1439 }),
        (day, minutes) => {
          const date = day.toISOString().slice(0, 10);
          const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          const result = londonLocalToUtc(date, time);
          if (!result.ok) {
            expect(result.reason).toBe('nonexistent-time');
            return;
          }
          const back = utcToLondon(result.value);
          expect([back.date, back.time]).toEqual([date, time]);
        },
      ),
    );
  });

  it('recovers any instant to the minute, or its first occurrence in the autumn hour (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2100-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const local = utcToLondon(instant);
          const result = londonLocalToUtc(local.date, local.time);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          const truncated = Math.floor(instant.getTime() / 60_000) * 60_000;
          const diff = truncated - result.value.getTime();
          if (result.ambiguous) expect([0, HOUR]).toContain(diff);
          else expect(diff).toBe(0);
        },
      ),
    );
  });
});

describe('resolveLondonLocal', () => {
  it('moves a time in the spring gap forward by the gap', () => {
    expect(resolveLondonLocal('2026-03-29', '01:30').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(utcToLondon(resolveLondonLocal('2026-03-29', '01:30')).time).toBe('02:30');
  });
  it('takes the first occurrence in the autumn hour, and agrees with londonLocalToUtc otherwise', () => {
    expect(resolveLondonLocal('2026-10-25', '01:30').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(resolveLondonLocal('2026-07-01', '10:00')).toEqual(utc('2026-07-01', '10:00'));
  });
  it('throws on malformed input', () => {
    expect(() => resolveLondonLocal('2026-02-30', '10:00')).toThrow(RangeError);
    expect(() => resolveLondonLocal('2026-02-03', '25:00')).toThrow(RangeError);
  });
});

describe('weekly appointments across the clock changes', () => {
  it.each(CLOCK_CHANGES)(
    'a weekly 10:00 appointment stays at 10:00 across both changes in $year',
    ({ spring, autumn }) => {
      for (const change of [spring, autumn]) {
        // Sunday is the change; start on the Wednesday before.
        const before = utc(addLondonDays(change, -4), '10:00');
        const after = addLondonDays(before, 7);
        expect(utcToLondon(after)).toMatchObject({ date: addLondonDays(change, 3), time: '10:00' });
        const hours = (after.getTime() - before.getTime()) / HOUR;
        expect(hours).toBe(change === spring ? 167 : 169);
      }
    },
  );

  it('16 weekly sessions from weeklyDates all sit at 10:00 London time', () => {
    const dates = weeklyDates('2026-02-11', 16, { skip: () => false });
    const instants = dates.map((d) => utc(d, '10:00'));
    expect(instants.map((i) => utcToLondon(i).time)).toEqual(Array(16).fill('10:00'));
    expect(instants[0]?.toISOString()).toBe('2026-02-11T10:00:00.000Z');
    expect(instants[7]?.toISOString()).toBe('2026-04-01T09:00:00.000Z');
  });
});

describe('addLondonDays', () => {
  it('adds days to a date', () => {
    expect(addLondonDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addLondonDays('2026-03-29', -1)).toBe('2026-03-28');
  });

  it('keeps the wall-clock time, seconds and milliseconds of an instant', () => {
    const start = new Date('2026-03-28T10:15:30.250Z'); // Saturday, GMT
    expect(addLondonDays(start, 1).toISOString()).toBe('2026-03-29T09:15:30.250Z'); // BST
    expect(addLondonDays(start, 0).toISOString()).toBe(start.toISOString());
  });

  it('moves forward a wall-clock time that does not exist on the new day', () => {
    const saturday = new Date('2026-03-28T01:30:00Z');
    expect(utcToLondon(addLondonDays(saturday, 1)).time).toBe('02:30');
  });

  it('throws on an invalid Date', () => {
    expect(() => addLondonDays(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('UK display formatting', () => {
  it('formats dates', () => {
    expect(formatLongDate('2026-11-25')).toBe('Wednesday 25 November 2026');
    expect(formatLongDate('2027-01-03')).toBe('Sunday 3 January 2027');
    expect(formatDate('2026-11-05')).toBe('5 November 2026');
    expect(() => formatDate('2026-11-31')).toThrow(RangeError);
  });

  it('formats the London day of an instant, not the UTC one', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST); in winter the two days agree.
    expect(formatLondonDate(new Date('2026-06-30T23:30:00Z'))).toBe('1 July 2026');
    expect(formatLondonDate(new Date('2026-12-31T23:30:00Z'))).toBe('31 December 2026');
  });

  it.each([
    ['09:30', '9:30am'],
    ['09:00', '9am'],
    ['00:00', 'midnight'],
    ['00:05', '12:05am'],
    ['11:59', '11:59am'],
    ['12:00', 'midday'],
    ['12:30', '12:30pm'],
    ['13:00', '1pm'],
    ['17:15', '5:15pm'],
    ['23:59', '11:59pm'],
  ])('formats %s as %s', (time, expected) => {
    expect(formatTime(time)).toBe(expected);
  });

  it('formats an instant in London time', () => {
    expect(formatLondonDateTime(new Date('2026-11-25T09:30:00Z'))).toBe(
      'Wednesday 25 November 2026 at 9:30am',
    );
    expect(formatLondonDateTime(new Date('2026-07-01T16:00:00Z'))).toBe(
      'Wednesday 1 July 2026 at 5pm',
    );
  });
});
