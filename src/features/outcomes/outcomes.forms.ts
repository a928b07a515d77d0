import { addDays, isRealDate, resolveLondonLocal, toIsoDate } from '../../domain/calendar';
import type { FieldError } from '../../ui/forms';

export interface OutcomesFilterValues {
  fromDay: string;
  fromMonth: string;
  fromYear: string;
  toDay: string;
  toMonth: string;
  toYear: string;
}

export interface OutcomesFilter {
  /** London calendar dates, inclusive. */
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
  const [d, m, y] = [day, month, year].map((p) => (/^\d{1,4}$/.test(p) ? Number(p) : NaN)) as [
    number,
    number,
    number,
  ];
  if (!day || !month || !year) {
    const missing = !day ? 'day' : !month ? 'month' : 'year';
    errors.push({
      field,
      href: `${field}-${missing}`,
      message: `${label} must include a ${missing}`,
    });
    return undefined;
  }
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

/** Reads the "course ended between" filter from the query string. Never throws. */
export function parseOutcomesFilter(query: Record<string, string | undefined>): {
  values: OutcomesFilterValues;
  filter: OutcomesFilter;
  errors: FieldError[];
} {
  const q = (k: string) => (query[k] ?? '').trim().slice(0, 10);
  const values: OutcomesFilterValues = {
    fromDay: q('from-day'),
    fromMonth: q('from-month'),
    fromYear: q('from-year'),
    toDay: q('to-day'),
    toMonth: q('to-month'),
    toYear: q('to-year'),
  };
  const errors: FieldError[] = [];
  const filter: OutcomesFilter = {};
  const from = dateFromParts(
    { day: values.fromDay, month: values.fromMonth, year: values.fromYear },
    'Start date',
    'from',
    errors,
  );
  const to = dateFromParts(
    { day: values.toDay, month: values.toMonth, year: values.toYear },
    'End date',
    'to',
    errors,
  );
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (from && to && to < from)
    errors.push({
      field: 'to',
      href: 'to-day',
      message: 'End date must be the same as or after the start date',
    });
  return { values, filter, errors };
}

/** The filter as instants: from London midnight of `from` up to London midnight after `to`. */
export function filterRange(filter: OutcomesFilter): { from?: Date; to?: Date } {
  return {
    from: filter.from ? resolveLondonLocal(filter.from, '00:00') : undefined,
    to: filter.to ? resolveLondonLocal(addDays(filter.to, 1), '00:00') : undefined,
  };
}
