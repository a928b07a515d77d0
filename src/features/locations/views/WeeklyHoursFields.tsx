import { Fieldset } from 'nhsuk-react-components';
import { ISO_WEEKDAYS, type WeeklyHoursFields as Fields } from '../../../domain/diary';
import { WEEKDAY_NAMES } from '../../../domain/calendar';
import { TextField } from '../../../ui/fields';
import type { FieldError } from '../../../ui/forms';
import { weeklyHoursFieldName } from '../weekly-hours.forms';

/**
 * Seven days, each a fieldset with two time boxes side by side. Both empty means closed (or not
 * worked). Works without JavaScript; each box has its own label for screen readers.
 */
export function WeeklyHoursFields({
  prefix,
  legend,
  hint,
  fields,
  errors,
  words,
}: {
  prefix: string;
  legend: string;
  hint: string;
  fields: Fields;
  errors?: FieldError[];
  words: { opens: string; closes: string };
}) {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return (
    <Fieldset>
      <Fieldset.Legend size="m">{legend}</Fieldset.Legend>
      <p className="nhsuk-hint">{hint}</p>
      {ISO_WEEKDAYS.map((day) => {
        const name = WEEKDAY_NAMES[day - 1] ?? String(day);
        const opens = weeklyHoursFieldName(prefix, day, 'opens');
        const closes = weeklyHoursFieldName(prefix, day, 'closes');
        const value = fields[String(day)] ?? { opens: '', closes: '' };
        // The two boxes of this day, as the form state the field components read.
        const form = { values: { [opens]: value.opens, [closes]: value.closes }, errors };
        return (
          <Fieldset key={day}>
            <Fieldset.Legend size="s">{name}</Fieldset.Legend>
            <div className="nhsuk-date-input">
              <div className="nhsuk-date-input__item">
                <TextField
                  form={form}
                  name={opens}
                  label={`${cap(words.opens)} on ${name}`}
                  width={5}
                />
              </div>
              <div className="nhsuk-date-input__item">
                <TextField
                  form={form}
                  name={closes}
                  label={`${cap(words.closes)} on ${name}`}
                  width={5}
                />
              </div>
            </div>
          </Fieldset>
        );
      })}
    </Fieldset>
  );
}
