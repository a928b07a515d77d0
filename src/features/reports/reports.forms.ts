import { addDays, toIsoDate, utcToLondon } from '../../domain/calendar';
import { THERAPIES, type Therapy } from '../../db/schema';
import { FOCAL_AREAS } from '../../domain/ipt';
import { londonInstants, readDateRange, type DateRangeValues } from '../../ui/date-range';
import type { FieldError } from '../../ui/forms';
import { isFigureKey, type FigureKey, type ReportFilter } from './reports.figures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReportFilterValues extends DateRangeValues {
  therapist: string;
  supervisor: string;
  location: string;
  therapy: string;
  focal: string;
}

export interface ParsedReportFilter {
  values: ReportFilterValues;
  /** London calendar dates of the period, both inclusive. */
  period: { from: string; to: string };
  filter: ReportFilter;
  errors: FieldError[];
}

/** The first and last day (London) of the month `now` falls in. */
export function thisMonth(now: Date): { from: string; to: string } {
  const today = utcToLondon(now).date;
  const from = `${today.slice(0, 7)}-01`;
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const next = toIsoDate({ year: m === 12 ? y + 1 : y, month: m === 12 ? 1 : m + 1, day: 1 });
  return { from, to: addDays(next, -1) };
}

/**
 * Reads the period and the filters from the query string. An empty period is this month; an id
 * that is not a uuid, or a therapy we do not know, is a field error (never a 500).
 */
export function parseReportFilter(
  query: Record<string, string | undefined>,
  now: Date,
): ParsedReportFilter {
  const {
    values: range,
    range: dates,
    errors,
  } = readDateRange(query, {
    from: 'Start date',
    to: 'End date',
  });
  const q = (k: string) => (query[k] ?? '').trim().slice(0, 64);
  const values: ReportFilterValues = {
    ...range,
    therapist: q('therapist'),
    supervisor: q('supervisor'),
    location: q('location'),
    therapy: q('therapy'),
    focal: q('focal'),
  };
  const month = thisMonth(now);
  const today = utcToLondon(now).date;
  // An empty end is the end of this month; an empty start is the first of this month, or of the
  // end date's month when that is earlier (this month's first day would come after the end).
  const period = {
    from:
      dates.from ?? (dates.to && dates.to < month.from ? `${dates.to.slice(0, 7)}-01` : month.from),
    to: dates.to ?? month.to,
  };
  // The figures count what has happened: a period that starts after today has nothing to count
  // (and, with no end date given, would end before it starts). Said of the date they entered.
  if (dates.from && dates.from > today && errors.length === 0)
    errors.push({
      field: 'from',
      href: 'from-day',
      message: 'Start date must be today or earlier',
    });
  if (period.to < period.from && errors.length === 0)
    errors.push({
      field: 'to',
      href: 'to-day',
      message: 'End date must be the same as or after the start date',
    });
  const { from, to } = londonInstants(period);
  if (!from || !to) throw new Error('a period always has both ends');
  const filter: ReportFilter = { from, to };
  const ids = [
    ['therapist', 'therapistId', 'Select a therapist from the list'],
    ['supervisor', 'supervisorId', 'Select a supervisor from the list'],
    ['location', 'locationId', 'Select a location from the list'],
  ] as const;
  for (const [name, key, message] of ids) {
    const v = values[name];
    if (v === '') continue;
    if (UUID.test(v)) filter[key] = v.toLowerCase();
    else errors.push({ field: name, href: name, message });
  }
  if (values.therapy !== '') {
    if ((THERAPIES as readonly string[]).includes(values.therapy))
      filter.therapy = values.therapy as Therapy;
    else
      errors.push({ field: 'therapy', href: 'therapy', message: 'Select a therapy from the list' });
  }
  if (values.focal !== '') {
    const area = FOCAL_AREAS.find((a) => a.id === values.focal);
    if (area) filter.focalArea = area.id;
    else
      errors.push({ field: 'focal', href: 'focal', message: 'Select a focal area from the list' });
  }
  return { values, period, filter, errors };
}

/** The query string that reproduces a filter (for links to drill-downs and exports). */
export function filterQuery(
  values: ReportFilterValues,
  period: { from: string; to: string },
): string {
  const p = new URLSearchParams();
  const [fy, fm, fd] = period.from.split('-');
  const [ty, tm, td] = period.to.split('-');
  p.set('from-day', String(Number(fd)));
  p.set('from-month', String(Number(fm)));
  p.set('from-year', fy ?? '');
  p.set('to-day', String(Number(td)));
  p.set('to-month', String(Number(tm)));
  p.set('to-year', ty ?? '');
  for (const k of ['therapist', 'supervisor', 'location', 'therapy', 'focal'] as const)
    if (values[k]) p.set(k, values[k]);
  return p.toString();
}

/** The figure a drill-down asks for; unknown names are refused (the route answers 404). */
export function parseFigure(value: string | undefined): FigureKey | null {
  return value !== undefined && isFigureKey(value) ? value : null;
}
