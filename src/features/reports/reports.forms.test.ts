import { describe, expect, it } from 'vitest';
import { filterQuery, parseFigure, parseReportFilter, thisMonth } from './reports.forms';

const NOW = new Date('2026-03-15T12:00:00Z');

describe('report filter', () => {
  it('defaults to this month in London, including a month that ends in a clock change', () => {
    expect(thisMonth(NOW)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(thisMonth(new Date('2026-12-31T23:30:00Z'))).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    });
    // 23:30 UTC on 31 May is already 1 June in London (BST).
    expect(thisMonth(new Date('2026-05-31T23:30:00Z')).from).toBe('2026-06-01');
    const { filter, errors } = parseReportFilter({}, NOW);
    expect(errors).toEqual([]);
    expect(filter.from.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    // London changes to BST on 29 March: midnight of 1 April is 23:00 UTC.
    expect(filter.to.toISOString()).toBe('2026-03-31T23:00:00.000Z');
  });

  it('reads ids and a therapy, and refuses anything else as a field error', () => {
    const id = '6f1c1d52-8d0e-4c1f-9a43-3b0f7c2d9e11';
    const ok = parseReportFilter({ therapist: id, therapy: 'ipt' }, NOW);
    expect(ok.errors).toEqual([]);
    expect(ok.filter).toMatchObject({ therapistId: id, therapy: 'ipt' });
    const bad = parseReportFilter({ therapist: 'x', location: "1' or 1=1", therapy: 'magic' }, NOW);
    expect(bad.errors.map((e) => e.field)).toEqual(['therapist', 'location', 'therapy']);
    const focal = parseReportFilter({ focal: 'role-transitions' }, NOW);
    expect(focal.filter.focalArea).toBe('role-transitions');
    expect(parseReportFilter({ focal: 'sadness' }, NOW).errors).toEqual([
      { field: 'focal', href: 'focal', message: 'Select a focal area from the list' },
    ]);
  });

  it('round-trips through its query string', () => {
    const first = parseReportFilter(
      { 'from-day': '2', 'from-month': '1', 'from-year': '2026', therapy: 'ipt', focal: 'grief' },
      NOW,
    );
    expect(first.filter.focalArea).toBe('grief');
    const again = parseReportFilter(
      Object.fromEntries(new URLSearchParams(filterQuery(first.values, first.period))),
      NOW,
    );
    expect(again.period).toEqual({ from: '2026-01-02', to: '2026-03-31' });
    expect(again.filter).toEqual(first.filter);
  });

  it('says a start date after today is too late, on the start date, whatever the end', () => {
    // 15 March 2026: a start in April, with no end date (which would be the end of March).
    const late = parseReportFilter(
      { 'from-day': '1', 'from-month': '4', 'from-year': '2026' },
      NOW,
    );
    expect(late.errors).toEqual([
      { field: 'from', href: 'from-day', message: 'Start date must be today or earlier' },
    ]);
    // Today itself is fine, with this month's end.
    const today = parseReportFilter(
      { 'from-day': '15', 'from-month': '3', 'from-year': '2026' },
      NOW,
    );
    expect(today.errors).toEqual([]);
    expect(today.period).toEqual({ from: '2026-03-15', to: '2026-03-31' });
  });

  it('starts a period with only an end date in an earlier month on the first of that month', () => {
    const r = parseReportFilter({ 'to-day': '20', 'to-month': '1', 'to-year': '2026' }, NOW);
    expect(r.errors).toEqual([]);
    expect(r.period).toEqual({ from: '2026-01-01', to: '2026-01-20' });
  });

  it('knows its figures', () => {
    expect(parseFigure('recovered')).toBe('recovered');
    expect(parseFigure('toString')).toBeNull();
    expect(parseFigure(undefined)).toBeNull();
  });
});
