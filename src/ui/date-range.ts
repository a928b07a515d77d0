import { addDays, isRealDate, resolveLondonLocal, toIsoDate } from '../domain/calendar';
import { singleQuery } from '../platform/edge/schemas';
import type { FieldError } from './forms';

/** The six boxes of a "from … to …" filter, as typed (kept to show back). */
export interface DateRangeValues {
  fromDay: string;
  fromMonth: string;
  fromYear: string;
  toDay: string;
  toMonth: string;
  toYear: string;
}

export interface DateRange {
  /** London calendar dates (YYYY-MM-DD), both inclusive. */
  from?: string;
  to?: string;
}

function dateFromParts(
  parts: { day: string; month: string; year: string },
  label: string,
  field: string,
  errors: FieldError[],
): string | undefined {
  const { day, month, year } = parts;
  if (!day && !month && !year) return undefined;
  // Every missing box is named ("must include a day and a month"); the link goes to the first.
  const missing = (['day', 'month', 'year'] as const).filter((part) => !parts[part]);
  if (missing.length > 0) {
    errors.push({
      field,
      href: `${field}-${missing[0] ?? 'day'}`,
      message: `${label} must include ${missing.map((part) => `a ${part}`).join(' and ')}`,
    });
    return undefined;
  }
  const [d, m, y] = [day, month, year].map((p) => (/^\d{1,4}$/.test(p) ? Number(p) : NaN)) as [
    number,
    number,
    number,
  ];
  if (
    !Number.isInteger(d) ||
    !Number.isInteger(m) ||
    !Number.isInteger(y) ||
    y < 2000 ||
    y > 2100 ||
    !isRealDate(y, m, d)
  ) {
    errors.push({ field, href: `${field}-day`, message: `${label} must be a real date` });
    return undefined;
  }
  return toIsoDate({ year: y, month: m, day: d });
}

/**
 * Reads a date-range filter from a query string (`from-day`, … `to-year`), with NHS-style
 * messages naming each box. Never throws; an empty range is no filter.
 */
export function readDateRange(
  query: Record<string, string | undefined>,
  labels: { from: string; to: string },
): { values: DateRangeValues; range: DateRange; errors: FieldError[] } {
  const q = (k: string) => (query[k] ?? '').trim().slice(0, 10);
  const values: DateRangeValues = {
    fromDay: q('from-day'),
    fromMonth: q('from-month'),
    fromYear: q('from-year'),
    toDay: q('to-day'),
    toMonth: q('to-month'),
    toYear: q('to-year'),
  };
  const errors: FieldError[] = [];
  const range: DateRange = {};
  const from = dateFromParts(
    { day: values.fromDay, month: values.fromMonth, year: values.fromYear },
    labels.from,
    'from',
    errors,
  );
  const to = dateFromParts(
    { day: values.toDay, month: values.toMonth, year: values.toYear },
    labels.to,
    'to',
    errors,
  );
  if (from) range.from = from;
  if (to) range.to = to;
  if (from && to && to < from) {
    errors.push({
      field: 'to',
      href: 'to-day',
      message: `${labels.to} must be the same as or after the ${labels.from.toLowerCase()}`,
    });
  }
  return { values, range, errors };
}

/** The range as instants: from London midnight of `from` up to London midnight after `to`. */
export function londonInstants(range: DateRange): { from?: Date; to?: Date } {
  return {
    from: range.from ? resolveLondonLocal(range.from, '00:00') : undefined,
    to: range.to ? resolveLondonLocal(addDays(range.to, 1), '00:00') : undefined,
  };
}

/** The query-string schema of the six boxes `readDateRange` reads, for a route's explicit schema. */
export const DATE_RANGE_QUERY = {
  'from-day': singleQuery.optional(),
  'from-month': singleQuery.optional(),
  'from-year': singleQuery.optional(),
  'to-day': singleQuery.optional(),
  'to-month': singleQuery.optional(),
  'to-year': singleQuery.optional(),
};
