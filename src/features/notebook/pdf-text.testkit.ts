import { inflateSync } from 'node:zlib';

/**
 * For tests: the text drawn on the PDF's pages. pdfkit deflates each content stream and writes the standard
 * fonts' text as hex strings (`<48656c6c6f> Tj`): inflate the streams and decode those strings.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw)) !== null) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      const content = inflateSync(pdf.subarray(start, end)).toString('latin1');
      for (const hex of content.matchAll(/<([0-9a-fA-F]+)>/g))
        out.push(Buffer.from(hex[1] ?? '', 'hex').toString('latin1'));
      out.push('\n');
    } catch {
      // Not a deflated content stream (fonts, images): nothing to read.
    }
  }
  return out.join('');
}
