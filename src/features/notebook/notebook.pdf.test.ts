import { describe, expect, it } from 'vitest';
import { renderNotebookPdf } from './notebook.pdf';
import { pdfText } from './pdf-text.testkit';

describe('renderNotebookPdf', () => {
  it('writes a PDF with the notes and shared items on its pages', async () => {
    const pdf = await renderNotebookPdf({
      serviceName: 'Riverside Talking Therapies',
      printedOn: '28 November 2026',
      folders: [
        {
          name: 'Family',
          notes: [
            {
              title: 'Talking to Mum',
              date: '27 November 2026',
              shared: true,
              body: 'I told her how I felt.',
            },
          ],
        },
        { name: 'Empty', notes: [] },
        {
          name: 'Not in a folder',
          notes: [{ title: 'Walks', date: '26 November 2026', shared: false, body: '' }],
        },
      ],
      shared: [
        {
          heading: 'Session summaries',
          items: [{ title: 'Summary of session 3', date: '25 November 2026', text: 'We talked.' }],
        },
      ],
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const words of [
      'Riverside Talking Therapies',
      'Your notebook',
      'Family',
      'Talking to Mum',
      'I told her how I felt.',
      'Shared with your therapist',
      'Walks',
      'Session summaries',
      'Summary of session 3',
    ])
      expect(text).toContain(words);
    expect(text).not.toContain('Empty');
  });

  it('says so when there is nothing yet', async () => {
    const text = pdfText(
      await renderNotebookPdf({
        serviceName: 'S',
        printedOn: '1 December 2026',
        folders: [],
        shared: [],
      }),
    );
    expect(text).toContain('You have not written any notes yet.');
    expect(text).toContain('Nothing has been shared with you yet.');
  });
});
