import {
  ISO_WEEKDAYS,
  parseWeeklyHours,
  type WeeklyHoursFields,
  type WeeklyHoursMap,
} from '../../domain/diary';
import { str, type FieldError } from '../../ui/forms';

/** Field names: `${prefix}-${isoWeekday}-opens` and `${prefix}-${isoWeekday}-closes`. */
export function weeklyHoursFieldName(prefix: string, day: number, part: 'opens' | 'closes') {
  return `${prefix}-${day}-${part}`;
}

export function readWeeklyHoursFields(body: unknown, prefix: string): WeeklyHoursFields {
  const fields: Record<string, { opens: string; closes: string }> = {};
  for (const day of ISO_WEEKDAYS)
    fields[String(day)] = {
      opens: str(body, weeklyHoursFieldName(prefix, day, 'opens')).trim(),
      closes: str(body, weeklyHoursFieldName(prefix, day, 'closes')).trim(),
    };
  return fields;
}

/** The fields as stored, for showing a saved pattern in the form again. */
export function weeklyHoursToFields(hours: WeeklyHoursMap): WeeklyHoursFields {
  const fields: Record<string, { opens: string; closes: string }> = {};
  for (const day of ISO_WEEKDAYS) {
    const h = hours[String(day)];
    fields[String(day)] = { opens: h?.opens ?? '', closes: h?.closes ?? '' };
  }
  return fields;
}

export function parseWeeklyHoursForm(
  body: unknown,
  prefix: string,
  words: { opens: string; closes: string },
): { fields: WeeklyHoursFields; value: WeeklyHoursMap; errors: FieldError[] } {
  const fields = readWeeklyHoursFields(body, prefix);
  const { value, issues } = parseWeeklyHours(fields, words);
  return {
    fields,
    value,
    errors: issues.map((i) => ({
      field: weeklyHoursFieldName(prefix, i.day, i.part),
      message: i.message,
    })),
  };
}
