import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fieldHref } from '../../../ui/fields';
import { summaryTargets } from '../../../ui/summary-targets';
import { BookPage, type BookPageProps } from './BookPage';

const props = {
  referral: { id: 'ref-1', givenName: 'Ada', familyName: 'Lovelace', reference: 'R-1' },
  clinicians: [{ id: 'c1', displayName: 'Dr Who' }],
  rooms: [{ id: 'r1', name: 'Room 1', locationId: 'l1', locationName: 'Town Hall' }],
  current: null,
  values: {
    clinicianId: 'c1',
    day: '27',
    month: '3',
    year: '2027',
    time: '09:30',
    mode: 'face_to_face',
    roomId: 'r1',
  },
  recipients: [],
  csrfToken: 't',
} as unknown as BookPageProps;

describe('BookPage', () => {
  it('keeps the answers and links every summary error to its field', () => {
    // The booking parser's own words (triage.forms.ts), so the page is checked with them.
    const errors = [
      { field: 'clinicianId', message: 'Select the clinician who will do the assessment' },
      {
        field: 'date',
        href: fieldHref.date('date'),
        message: 'Date of the assessment must be a real date',
      },
      { field: 'time', message: 'Enter the time of the assessment' },
      {
        field: 'mode',
        href: fieldHref.choice('mode'),
        message: 'Select how the assessment will happen',
      },
      { field: 'roomId', message: 'Select the room for the face-to-face assessment' },
    ];
    const html = renderToStaticMarkup(<BookPage {...props} errors={errors} />);
    expect(summaryTargets(html)).toEqual({
      hrefs: ['clinicianId', 'date-day', 'time', 'mode-1', 'roomId'],
      missing: [],
    });
    expect(html).toMatch(/id="date-day"[^>]*name="date-day" value="27"/);
    expect(html).toMatch(/id="time"[^>]*name="time" value="09:30"/);
    expect(html).toMatch(/name="mode" checked="" value="face_to_face"/);
    expect(html).toContain('<option value="r1" selected="">Room 1, Town Hall</option>');
    expect(html.match(/nhsuk-form-group--error/g)?.length).toBeGreaterThanOrEqual(5);
    for (const e of errors) expect(html).toContain(e.message);
  });
});
