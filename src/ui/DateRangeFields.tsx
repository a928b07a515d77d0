import { DateInput } from 'nhsuk-react-components';
import { errorFor, type FieldError } from './forms';
import type { DateRangeValues } from './date-range';

export interface DateRangeFieldsProps {
  values: DateRangeValues;
  errors: readonly FieldError[];
  from: { legend: string; hint: string };
  to: { legend: string; hint: string };
}

/** The two NHS date inputs of a "from … to …" filter, named as `readDateRange` expects. */
export function DateRangeFields({ values, errors, from, to }: DateRangeFieldsProps) {
  return (
    <>
      <DateInput
        id="from"
        name="from"
        legend={from.legend}
        hint={from.hint}
        error={errorFor(errors, 'from')}
      >
        <DateInput.Day defaultValue={values.fromDay} />
        <DateInput.Month defaultValue={values.fromMonth} />
        <DateInput.Year defaultValue={values.fromYear} />
      </DateInput>
      <DateInput id="to" name="to" legend={to.legend} hint={to.hint} error={errorFor(errors, 'to')}>
        <DateInput.Day defaultValue={values.toDay} />
        <DateInput.Month defaultValue={values.toMonth} />
        <DateInput.Year defaultValue={values.toYear} />
      </DateInput>
    </>
  );
}
