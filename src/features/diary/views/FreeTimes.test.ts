import { describe, expect, it } from 'vitest';
import { freeTimesWeek } from './FreeTimes';

describe('the week the free times open on', () => {
  it('is the one asked for, else the chosen date’s, else this week', () => {
    expect(freeTimesWeek('2026-12-07', '2026-12-14', '2026-11-25')).toBe('2026-12-07');
    expect(freeTimesWeek(undefined, '2026-12-14', '2026-11-25')).toBe('2026-12-14');
    expect(freeTimesWeek(undefined, null, '2026-11-25')).toBe('2026-11-25'); // a Wednesday
  });

  it('is next week at the weekend, when this week’s days have gone', () => {
    expect(freeTimesWeek(undefined, null, '2026-11-28')).toBe('2026-11-30'); // Saturday
    expect(freeTimesWeek(undefined, null, '2026-11-29')).toBe('2026-11-30'); // Sunday
    expect(freeTimesWeek('nonsense', null, '2026-11-29')).toBe('2026-11-30');
  });
});
