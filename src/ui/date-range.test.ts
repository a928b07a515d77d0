import { describe, expect, it } from 'vitest';
import { londonInstants, readDateRange } from './date-range';

const labels = { from: 'From date', to: 'To date' };

describe('readDateRange', () => {
  it('is no filter when empty', () => {
    expect(readDateRange({}, labels)).toMatchObject({ range: {}, errors: [] });
  });
  it('reads both dates, trimming the boxes', () => {
    const { range, values } = readDateRange(
      {
        'from-day': '1',
        'from-month': '4',
        'from-year': '2026',
        'to-day': ' 31 ',
        'to-month': '3',
        'to-year': '2027',
      },
      labels,
    );
    expect(range).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(values.toDay).toBe('31');
  });
  it('names the missing box, an unreal date and a backwards range', () => {
    const msgs = (q: Record<string, string>) =>
      readDateRange(q, labels).errors.map((e) => e.message);
    expect(msgs({ 'from-day': '1', 'from-year': '2026' })).toEqual([
      'From date must include a month',
    ]);
    expect(readDateRange({ 'to-year': '2026' }, labels).errors).toEqual([
      {
        field: 'to',
        href: 'to-day',
        message: 'To date must include a day and a month',
        boxes: ['day', 'month'],
      },
    ]);
    expect(msgs({ 'to-day': '31', 'to-month': '2', 'to-year': '2026' })).toEqual([
      'To date must be a real date',
    ]);
    expect(
      msgs({
        'from-day': '2',
        'from-month': '1',
        'from-year': '2026',
        'to-day': '1',
        'to-month': '1',
        'to-year': '2026',
      }),
    ).toEqual(['To date must be the same as or after the from date']);
  });
});

describe('londonInstants', () => {
  it('covers whole London days, in summer time too', () => {
    expect(londonInstants({ from: '2026-06-01', to: '2026-06-01' })).toEqual({
      from: new Date('2026-05-31T23:00:00Z'),
      to: new Date('2026-06-01T23:00:00Z'),
    });
  });
});
