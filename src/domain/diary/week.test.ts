import { describe, expect, it } from 'vitest';
import {
  diaryDateOrToday,
  diaryDates,
  diaryRange,
  formatTimeRange,
  isDiaryDate,
  layoutDiary,
  minutesBetween,
} from './week';

const item = (start: string, minutes = 50, id = start) => ({
  id,
  startsAt: new Date(start),
  endsAt: new Date(new Date(start).getTime() + minutes * 60_000),
});

describe('diaryDates and diaryRange', () => {
  it('gives Monday to Sunday for a week', () => {
    expect(diaryDates('week', '2026-11-25')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
  });
  it('gives one day for a day', () => {
    expect(diaryDates('day', '2026-11-25')).toEqual(['2026-11-25']);
  });
  it('queries from London midnight to London midnight', () => {
    const summer = diaryRange('day', '2026-07-01');
    expect(summer.from.toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(summer.to.toISOString()).toBe('2026-07-01T23:00:00.000Z');
    // The week of the October change is 169 hours long.
    const week = diaryRange('week', '2026-10-25');
    expect((week.to.getTime() - week.from.getTime()) / 3_600_000).toBe(169);
  });
});

describe('layoutDiary', () => {
  it('puts each appointment on its London day, in time order', () => {
    const items = [
      item('2026-11-25T14:00:00Z', 50, 'b'),
      item('2026-11-25T09:00:00Z', 50, 'a'),
      item('2026-11-27T10:00:00Z', 50, 'c'),
    ];
    const layout = layoutDiary('week', '2026-11-25', items, (i) => i);
    expect(layout.from).toBe('2026-11-23');
    expect(layout.to).toBe('2026-11-29');
    expect(layout.days.map((d) => d.items.map((i) => i.id))).toEqual([
      [],
      [],
      ['a', 'b'],
      [],
      ['c'],
      [],
      [],
    ]);
    expect(layout.days[2]!.label).toBe('Wednesday 25 November 2026');
    expect(layout.previous).toBe('2026-11-16');
    expect(layout.next).toBe('2026-11-30');
  });

  it('puts a late-evening BST appointment on the right London day', () => {
    // 23:30 UTC on 30 June is 00:30 BST on 1 July.
    const layout = layoutDiary('day', '2026-07-01', [item('2026-06-30T23:30:00Z', 30)], (i) => i);
    expect(layout.days[0]!.items).toHaveLength(1);
    const before = layoutDiary('day', '2026-06-30', [item('2026-06-30T23:30:00Z', 30)], (i) => i);
    expect(before.days[0]!.items).toHaveLength(0);
  });

  it('marks bank holidays and extra closures', () => {
    const layout = layoutDiary('week', '2026-12-23', [], (i) => i, {
      extraClosures: ['2026-12-24'],
    });
    expect(layout.days.map((d) => d.closure)).toEqual([
      null,
      null,
      null,
      'Service closed',
      'Bank holiday: Christmas Day',
      null,
      null,
    ]);
  });

  it('shows the working hours for each day from a pattern', () => {
    const layout = layoutDiary('week', '2026-11-25', [], (i) => i, {
      workingPattern: {
        '1': { opens: '09:00', closes: '17:00' },
        '3': { opens: '12:00', closes: '20:00' },
      },
    });
    expect(layout.days.map((d) => d.hours?.opens ?? null)).toEqual([
      '09:00',
      null,
      '12:00',
      null,
      null,
      null,
      null,
    ]);
  });

  it('steps a day at a time in the day view', () => {
    const layout = layoutDiary('day', '2026-11-25', [], (i) => i);
    expect(layout.previous).toBe('2026-11-24');
    expect(layout.next).toBe('2026-11-26');
  });
});

describe('formatting', () => {
  it('formats a time range in London time', () => {
    expect(
      formatTimeRange(new Date('2026-07-01T09:00:00Z'), new Date('2026-07-01T09:50:00Z')),
    ).toBe('10am to 10:50am');
    expect(
      formatTimeRange(new Date('2026-12-01T11:30:00Z'), new Date('2026-12-01T12:00:00Z')),
    ).toBe('11:30am to midday');
  });
  it('counts minutes', () => {
    expect(minutesBetween(new Date('2026-12-01T10:00:00Z'), new Date('2026-12-01T10:50:00Z'))).toBe(
      50,
    );
  });
  it('reads a date from the query, or today in London', () => {
    expect(diaryDateOrToday('2026-12-02', new Date('2026-11-25T10:00:00Z'))).toBe('2026-12-02');
    expect(diaryDateOrToday('2026-02-31', new Date('2026-11-25T10:00:00Z'))).toBe('2026-11-25');
    expect(diaryDateOrToday(undefined, new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });
});

describe('isDiaryDate', () => {
  it('takes real dates whose week the diary can draw', () => {
    expect(isDiaryDate('2026-12-02')).toBe(true);
    expect(isDiaryDate('1979-01-01')).toBe(true);
    expect(isDiaryDate('9998-12-31')).toBe(true);
  });
  it('refuses impossible dates and years outside the bank-holiday calendar', () => {
    for (const d of ['2026-02-30', '9999-12-31', '1978-01-02', '1900-01-01', '0001-01-01', 'x'])
      expect(isDiaryDate(d)).toBe(false);
  });
});
