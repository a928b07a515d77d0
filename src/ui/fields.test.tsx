import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  CharacterCountField,
  CheckboxesField,
  DateField,
  fieldHref,
  RadiosField,
  SelectField,
  TextareaField,
  TextField,
  type FormState,
} from './fields';
import { ErrorSummaryBox, type FieldError } from './forms';
import { summaryTargets } from './summary-targets';

interface Values {
  time: string;
  notes: string;
  story: string;
  roomId: string;
  mode: string;
  needs: string[];
  day: string;
  month: string;
  year: string;
}

const values: Values = {
  time: '09:30',
  notes: 'Line one <b>',
  story: 'About me',
  roomId: 'r2',
  mode: 'face_to_face',
  needs: ['bsl', 'large_print'],
  day: '2',
  month: '12',
  year: '2026',
};

function page(form: FormState<Values>): ReactElement {
  return (
    <>
      <ErrorSummaryBox errors={form.errors} />
      <TextField form={form} name="time" label="Time" width={5} />
      <TextareaField form={form} name="notes" label="Notes" />
      <CharacterCountField form={form} name="story" label="Your story" maxLength={100} />
      <SelectField form={form} name="roomId" label="Room">
        <option value="">Choose a room</option>
        <option value="r1">Room 1</option>
        <option value="r2">Room 2</option>
      </SelectField>
      <RadiosField
        form={form}
        name="mode"
        legend="How"
        choices={[
          { value: 'video', label: 'Video call', hint: 'We send a link' },
          { divider: 'or' },
          { value: 'face_to_face', label: 'In person', conditional: <p>Choose a room</p> },
        ]}
      />
      <CheckboxesField
        form={form}
        name="needs"
        legend="Needs"
        choices={[
          { value: 'bsl', label: 'BSL interpreter' },
          { value: 'large_print', label: 'Large print' },
          { divider: 'or' },
          { value: 'none', label: 'None', exclusive: true },
        ]}
      />
      <DateField
        form={form}
        name="date"
        legend="Date"
        parts={{ day: 'day', month: 'month', year: 'year' }}
      />
    </>
  );
}

// Worded as the design system asks: each message names its question and says how to fix it.
const everyError: FieldError[] = [
  { field: 'time', message: 'Enter the time of the appointment, like 14:30' },
  { field: 'notes', message: 'Notes must be 2,000 characters or fewer' },
  { field: 'story', message: 'Enter your story' },
  { field: 'roomId', message: 'Select the room for the appointment' },
  {
    field: 'mode',
    href: fieldHref.choice('mode'),
    message: 'Select how the appointment will happen',
  },
  {
    field: 'needs',
    href: fieldHref.choice('needs'),
    message: 'Select the needs you have, or none',
  },
  {
    field: 'date',
    href: fieldHref.date('date'),
    message: 'Date of the appointment must be a real date',
  },
];

describe('field components', () => {
  it('derive id, name and the answer from the field name', () => {
    const html = renderToStaticMarkup(page({ values }));
    expect(html).toMatch(/<input[^>]*id="time"[^>]*name="time"[^>]*value="09:30"/);
    expect(html).toMatch(/<textarea[^>]*id="notes"[^>]*name="notes"[^>]*>Line one &lt;b&gt;</);
    expect(html).toMatch(/<textarea[^>]*id="story"[^>]*name="story"[^>]*>About me</);
    expect(html).toMatch(/<select[^>]*id="roomId"[^>]*name="roomId"/);
    expect(html).toContain('<option value="r2" selected="">Room 2</option>');
    expect(html).toMatch(/id="mode-1" type="radio"[^>]*name="mode" value="video"\/>/);
    expect(html).toMatch(
      /id="mode-2" type="radio"[^>]*name="mode" checked="" value="face_to_face"/,
    );
    expect(html).toMatch(/id="needs-1" type="checkbox" name="needs" checked="" value="bsl"/);
    expect(html).toMatch(
      /id="needs-2" type="checkbox" name="needs" checked="" value="large_print"/,
    );
    expect(html).toMatch(/id="needs-3" type="checkbox"[^>]*name="needs" value="none"\/>/);
    expect(html).toMatch(/id="date-day"[^>]*name="date-day" value="2"/);
    expect(html).toMatch(/id="date-month"[^>]*name="date-month" value="12"/);
    expect(html).toMatch(/id="date-year"[^>]*name="date-year" value="2026"/);
    expect(html).not.toContain('nhsuk-form-group--error');
  });

  it('show each error at its own field, and only there', () => {
    const html = renderToStaticMarkup(
      page({ values, errors: [{ field: 'time', message: 'Enter the time of the appointment' }] }),
    );
    expect(html.match(/nhsuk-form-group--error/g)).toHaveLength(1);
    expect(html).toMatch(
      /<span class="nhsuk-error-message" id="time--error-message">.*Enter the time of the appointment/,
    );
    expect(html).toMatch(/class="nhsuk-input nhsuk-input--width-5 nhsuk-input--error"/);
  });

  it('mark every field in error, and every summary link lands on an element of the page', () => {
    const html = renderToStaticMarkup(page({ values, errors: everyError }));
    expect(html.match(/nhsuk-form-group--error/g)?.length).toBeGreaterThanOrEqual(7);
    for (const e of everyError) expect(html).toContain(e.message);
    const { hrefs, missing } = summaryTargets(html);
    expect(hrefs).toEqual(['time', 'notes', 'story', 'roomId', 'mode-1', 'needs-1', 'date-day']);
    expect(missing).toEqual([]);
  });

  it('find a summary link that points nowhere', () => {
    const html = renderToStaticMarkup(
      page({
        values,
        errors: [{ field: 'mode', message: 'Select how the appointment will happen' }],
      }),
    );
    // Without the group's href the summary would link to #mode, which no element has.
    expect(summaryTargets(html).missing).toEqual(['mode']);
  });

  it('outline only the date boxes the parser names', () => {
    const boxError = {
      field: 'date',
      message: 'Date of the appointment must include a month',
      boxes: ['month' as const],
    };
    const html = renderToStaticMarkup(page({ values, errors: [boxError] }));
    expect(html).toMatch(/class="[^"]*nhsuk-input--error"[^>]*id="date-month"/);
    expect(html).not.toMatch(/class="[^"]*nhsuk-input--error"[^>]*id="date-day"/);
    expect(html).not.toMatch(/class="[^"]*nhsuk-input--error"[^>]*id="date-year"/);
  });

  it('read answers posted under the default date box names', () => {
    const form: FormState<Record<string, string>> = {
      values: { 'dateOfBirth-day': '15', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1984' },
    };
    const html = renderToStaticMarkup(
      <DateField
        form={form}
        name="dateOfBirth"
        legend="Date of birth"
        autoComplete={{ day: 'bday-day', month: 'bday-month', year: 'bday-year' }}
      />,
    );
    expect(html).toMatch(/id="dateOfBirth-day"[^>]*name="dateOfBirth-day" value="15"/);
    expect(html).toContain('autoComplete="bday-year"');
  });
});
