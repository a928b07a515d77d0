/**
 * CSV (RFC 4180) for the report downloads. A cell is quoted when it holds a comma, quote or line
 * break. A cell starting with = + - @ or a tab is prefixed with ' so a spreadsheet shows it as
 * text and never runs it as a formula (CSV injection); numbers are written as they are.
 */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: string): string {
  const safe = FORMULA.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Parses CSV text into rows: round-trip checks, and files an operator imports (IMD). */
export function parseCsv(source: string): string[][] {
  const text = source.startsWith(UTF8_BOM) ? source.slice(1) : source;
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text.charAt(i + 1) === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || (ch === '\r' && text.charAt(i + 1) === '\n')) {
      // CRLF as written here; a bare LF as many published files use.
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      if (ch === '\r') i += 1;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

/** Excel reads a CSV file as UTF-8 only when it starts with this; other tools ignore it. */
export const UTF8_BOM = '\uFEFF';

/**
 * Lines of a CSV file from a header and rows that arrive a page at a time, after the byte-order
 * mark, so names such as Siân or Llŵyd open right in a spreadsheet.
 */
export async function* csvLines(
  header: readonly string[],
  pages: AsyncIterable<readonly (readonly string[])[]>,
): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(header);
  for await (const page of pages) {
    if (page.length > 0) yield page.map(csvLine).join('');
  }
}
