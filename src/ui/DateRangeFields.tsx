import { DateField } from './fields';
import type { FieldError } from './forms';
import type { DateRangeValues } from './date-range';

export interface DateRangeFieldsProps {
  values: DateRangeValues;
  errors: readonly FieldError[];
  from: { legend: string; hint: string };
  to: { legend: string; hint: string };
}

/** The two NHS date inputs of a "from … to …" filter, named as `readDateRange` expects. */
export function DateRangeFields({ values, errors, from, to }: DateRangeFieldsProps) {
  const form = { values, errors };
  return (
    <>
      <DateField
        form={form}
        name="from"
        parts={{ day: 'fromDay', month: 'fromMonth', year: 'fromYear' }}
        legend={from.legend}
        hint={from.hint}
      />
      <DateField
        form={form}
        name="to"
        parts={{ day: 'toDay', month: 'toMonth', year: 'toYear' }}
        legend={to.legend}
        hint={to.hint}
      />
    </>
  );
}
