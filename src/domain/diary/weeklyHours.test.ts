import { describe, expect, it } from 'vitest';
import { describeWeeklyHours, isWithinWeeklyHours, parseWeeklyHours } from './weeklyHours';

const empty = { opens: '', closes: '' };

describe('parseWeeklyHours', () => {
  it('reads the days filled in and leaves empty days closed', () => {
    const { value, issues } = parseWeeklyHours({
      '1': { opens: '9:00', closes: '5pm' },
      '2': empty,
      '3': { opens: '12', closes: '20:00' },
    });
    expect(issues).toEqual([]);
    expect(value).toEqual({
      '1': { opens: '09:00', closes: '17:00' },
      '3': { opens: '12:00', closes: '20:00' },
    });
  });

  it('reports a missing half, a time that is not real and closing before opening', () => {
    const { value, issues } = parseWeeklyHours(
      {
        '1': { opens: '09:00', closes: '' },
        '2': { opens: '', closes: '17:00' },
        '3': { opens: '25:00', closes: '17:00' },
        '4': { opens: '17:00', closes: '09:00' },
        '5': { opens: '09:00', closes: '09:00' },
      },
      { opens: 'opening time', closes: 'closing time' },
    );
    expect(value).toEqual({});
    expect(issues).toEqual([
      { day: 1, part: 'closes', message: 'Enter the closing time for Monday' },
      { day: 2, part: 'opens', message: 'Enter the opening time for Tuesday' },
      {
        day: 3,
        part: 'opens',
        message: 'Wednesday opening time must be a real time, like 09:30 or 2:15pm',
      },
      { day: 4, part: 'closes', message: 'Thursday closing time must be after the opening time' },
      { day: 5, part: 'closes', message: 'Friday closing time must be after the opening time' },
    ]);
  });
});

describe('describeWeeklyHours', () => {
  it('lists open days in order', () => {
    expect(
      describeWeeklyHours({
        '5': { opens: '09:00', closes: '12:00' },
        '1': { opens: '09:00', closes: '17:30' },
      }),
    ).toEqual(['Monday: 9am to 5:30pm', 'Friday: 9am to midday']);
  });
});

describe('isWithinWeeklyHours', () => {
  const hours = { '3': { opens: '09:00', closes: '17:00' } };
  const at = (s: string, minutes: number) =>
    [new Date(s), new Date(new Date(s).getTime() + minutes * 60_000)] as const;
  it('is true inside the hours (London time, summer and winter)', () => {
    expect(isWithinWeeklyHours(hours, ...at('2026-12-02T09:00:00Z', 50))).toBe(true);
    expect(isWithinWeeklyHours(hours, ...at('2026-12-02T16:10:00Z', 50))).toBe(true);
    expect(isWithinWeeklyHours(hours, ...at('2026-07-01T08:00:00Z', 50))).toBe(true); // 9am BST
  });
  it('is false outside them or on a day not worked', () => {
    expect(isWithinWeeklyHours(hours, ...at('2026-12-02T08:30:00Z', 50))).toBe(false);
    expect(isWithinWeeklyHours(hours, ...at('2026-12-02T16:30:00Z', 50))).toBe(false);
    expect(isWithinWeeklyHours(hours, ...at('2026-12-03T10:00:00Z', 50))).toBe(false);
    expect(isWithinWeeklyHours(hours, ...at('2026-12-02T23:30:00Z', 60))).toBe(false);
  });
});
