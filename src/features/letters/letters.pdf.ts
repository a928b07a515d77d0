import { lazyModule } from '../../platform/lazy';
import type { LetterContent } from '../../db/schema';

const NHS_BLUE = '#005eb8';
const pdfkit = lazyModule(async () => (await import('pdfkit')).default);

/**
 * A letter as a PDF in the NHS letter layout: the service's name in NHS blue at the top right,
 * the addressee at the top left, the date, a bold heading naming the patient with their
 * identifiers, the body, then the sign-off. Arial is not embedded: Helvetica is its PDF twin.
 */
export async function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  const PDFDocument = await pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 64 },
    info: { Title: letter.heading, Author: letter.serviceName },
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

  doc.font('Helvetica-Bold').fontSize(14).fillColor(NHS_BLUE);
  doc.text(letter.serviceName, { width, align: 'right' });
  doc.moveDown(2);
  doc.font('Helvetica').fontSize(11).fillColor('black');
  for (const line of letter.to) doc.text(line);
  doc.moveDown();
  doc.text(letter.date, { width, align: 'right' });
  doc.moveDown();
  doc.text(letter.salutation);
  doc.moveDown();
  doc.font('Helvetica-Bold').text(letter.heading);
  for (const line of letter.patientLines) doc.text(line);
  doc.font('Helvetica');
  doc.moveDown();
  for (const para of letter.paragraphs) {
    doc.text(para, { width });
    doc.moveDown();
  }
  for (const line of letter.signOff) doc.text(line);
  doc.end();
  return done;
}
