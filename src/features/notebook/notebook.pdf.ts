import { lazyModule } from '../../platform/lazy';

const NHS_BLUE = '#005eb8';
const pdfkit = lazyModule(async () => (await import('pdfkit')).default);

export interface NotebookPdfContent {
  serviceName: string;
  /** "28 November 2026". */
  printedOn: string;
  folders: {
    name: string;
    notes: { title: string; date: string; shared: boolean; body: string }[];
  }[];
  shared: { heading: string; items: { title: string; date: string; text: string }[] }[];
}

/**
 * The notebook as a PDF, in the letters' layout (src/features/letters/letters.pdf.ts): the
 * service's name in NHS blue at the top right, Helvetica (Arial's PDF twin), A4, tagged, with the
 * person's notes by folder and then what their therapy shared with them, by kind.
 */
export async function renderNotebookPdf(content: NotebookPdfContent): Promise<Buffer> {
  const PDFDocument = await pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 64 },
    info: { Title: 'Your notebook', Author: content.serviceName },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  const width = doc.page.width - 128;
  const heading = (text: string, size: number) => {
    doc.moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(size).fillColor('black').text(text, { width });
    doc.font('Helvetica').fontSize(11);
  };

  doc.font('Helvetica-Bold').fontSize(14).fillColor(NHS_BLUE);
  doc.text(content.serviceName, { width, align: 'right' });
  doc.moveDown();
  doc.fillColor('black');
  heading('Your notebook', 20);
  doc.text(`Printed from Rapport on ${content.printedOn}.`, { width });
  doc.moveDown();

  heading('Your notes', 16);
  if (content.folders.every((f) => f.notes.length === 0))
    doc.text('You have not written any notes yet.', { width });
  for (const folder of content.folders) {
    if (folder.notes.length === 0) continue;
    heading(folder.name, 13);
    for (const note of folder.notes) {
      doc.moveDown(0.5);
      doc.font('Helvetica-Bold').text(note.title, { width });
      doc.font('Helvetica').fontSize(9);
      doc.text(`Last changed ${note.date}${note.shared ? '. Shared with your therapist' : ''}`, {
        width,
      });
      doc.fontSize(11);
      if (note.body) doc.text(note.body, { width });
    }
  }

  doc.moveDown();
  heading('From your therapy', 16);
  if (content.shared.length === 0) doc.text('Nothing has been shared with you yet.', { width });
  for (const group of content.shared) {
    heading(group.heading, 13);
    for (const item of group.items) {
      doc.moveDown(0.5);
      doc.font('Helvetica-Bold').text(item.title, { width });
      doc.font('Helvetica').fontSize(9).text(item.date, { width });
      doc.fontSize(11);
      if (item.text) doc.text(item.text, { width });
    }
  }
  doc.end();
  return done;
}
