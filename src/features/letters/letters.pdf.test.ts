import { describe, expect, it } from 'vitest';
import { renderLetterPdf } from './letters.pdf';

describe('renderLetterPdf', () => {
  it('writes a PDF file', async () => {
    const pdf = await renderLetterPdf({
      serviceName: 'Riverside Talking Therapies',
      to: ['Dr Grey', 'Riverside Surgery'],
      salutation: 'Dear Dr Grey',
      heading: 'Discharge: Alice Ames',
      patientLines: ['Date of birth: 1 January 1990'],
      paragraphs: ['Alice completed a course of interpersonal therapy.'],
      signOff: ['Yours sincerely', 'Tess Therapist'],
      date: '25 November 2026',
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
  });
});
