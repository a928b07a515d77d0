import { describe, expect, it } from 'vitest';
import { daysText, waitMark, weeksText } from './waiting';

describe('waits against the standards', () => {
  it('counts 42 days as within 6 weeks and 126 as within 18', () => {
    expect(waitMark(0)).toBe('under_6_weeks');
    expect(waitMark(42)).toBe('under_6_weeks');
    expect(waitMark(43)).toBe('over_6_weeks');
    expect(waitMark(126)).toBe('over_6_weeks');
    expect(waitMark(127)).toBe('over_18_weeks');
  });
  it('words days and whole weeks', () => {
    expect(daysText(1)).toBe('1 day');
    expect(daysText(0)).toBe('0 days');
    expect(weeksText(6)).toBe('less than a week');
    expect(weeksText(7)).toBe('1 week');
    expect(weeksText(20)).toBe('2 weeks');
  });
});
