import {
  londonInstants,
  readDateRange,
  type DateRange,
  type DateRangeValues,
} from '../../ui/date-range';
import type { FieldError } from '../../ui/forms';

export type OutcomesFilterValues = DateRangeValues;
/** London calendar dates, inclusive. */
export type OutcomesFilter = DateRange;

/** Reads the "course ended between" filter from the query string. Never throws. */
export function parseOutcomesFilter(query: Record<string, string | undefined>): {
  values: OutcomesFilterValues;
  filter: OutcomesFilter;
  errors: FieldError[];
} {
  const { values, range, errors } = readDateRange(query, { from: 'Start date', to: 'End date' });
  return { values, filter: range, errors };
}

/** The filter as instants: from London midnight of `from` up to London midnight after `to`. */
export const filterRange = londonInstants;
