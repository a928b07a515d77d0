import { describe, expect, it } from 'vitest';
import { filterRange, parseOutcomesFilter } from './outcomes.forms';

describe('parseOutcomesFilter', () => {
  it('is empty when nothing is given', () => {
    expect(parseOutcomesFilter({})).toMatchObject({ filter: {}, errors: [] });
  });

  it('reads both dates', () => {
    const { filter, errors } = parseOutcomesFilter({
      'from-day': '1',
      'from-month': '4',
      'from-year': '2026',
      'to-day': ' 31 ',
      'to-month': '3',
      'to-year': '2027',
    });
    expect(errors).toEqual([]);
    expect(filter).toEqual({ from: '2026-04-01', to: '2027-03-31' });
  });

  it.each([
    [
      { 'from-day': '30', 'from-month': '2', 'from-year': '2026' },
      'Start date must be a real date',
    ],
    [{ 'from-day': '1', 'from-year': '2026' }, 'Start date must include a month'],
    [{ 'to-day': 'x', 'to-month': '1', 'to-year': '2026' }, 'End date must be a real date'],
    [{ 'to-day': '1', 'to-month': '1', 'to-year': '1999' }, 'End date must be a real date'],
    [
      {
        'from-day': '2',
        'from-month': '1',
        'from-year': '2026',
        'to-day': '1',
        'to-month': '1',
        'to-year': '2026',
      },
      'End date must be the same as or after the start date',
    ],
  ])('refuses %j', (query, message) => {
    expect(parseOutcomesFilter(query).errors.map((e) => e.message)).toEqual([message]);
  });
});

describe('filterRange', () => {
  it('runs from London midnight to London midnight after the end date', () => {
    // 1 June is in British Summer Time (UTC+1); 1 December is GMT.
    expect(filterRange({ from: '2026-06-01', to: '2026-12-01' })).toEqual({
      from: new Date('2026-05-31T23:00:00Z'),
      to: new Date('2026-12-02T00:00:00Z'),
    });
    expect(filterRange({})).toEqual({ from: undefined, to: undefined });
  });
});
