import { addDays, resolveLondonLocal } from '../domain/calendar';
import { parseDateFields } from '../domain/diary';
import { singleQuery } from '../platform/edge/schemas';
import { dateError } from './fields';
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
  if (!parts.day && !parts.month && !parts.year) return undefined;
  const parsed = parseDateFields(parts, label);
  if (!parsed.ok) {
    errors.push(dateError(field, parsed));
    return undefined;
  }
  // A filter over this service's records: a year outside these is a slip, not a search.
  const year = Number(parsed.value.slice(0, 4));
  if (year < 2000 || year > 2100) {
    errors.push(dateError(field, { message: `${label} must be a real date`, boxes: ['year'] }));
    return undefined;
  }
  return parsed.value;
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
