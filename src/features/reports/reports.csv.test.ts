import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, csvLine, csvLines, parseCsv } from './reports.csv';

describe('CSV', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines'])).toBe(
      'a,"b,c","say ""hi""","two\nlines"\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as formulas, but not negative numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+44')).toBe("'+44");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-3')).toBe('-3');
    expect(csvCell('-3x')).toBe("'-3x");
  });

  it('round-trips any text that does not start like a formula', () => {
    const cell = fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1 }),
        (rows) => {
          // A single empty cell on its own line is indistinguishable from a blank line.
          fc.pre(rows.every((r) => !(r.length === 1 && r[0] === '')));
          expect(parseCsv(rows.map(csvLine).join(''))).toEqual(rows);
        },
      ),
    );
  });

  it('streams the header, then each page', async () => {
    async function* pages() {
      yield await Promise.resolve([['1', 'a']]);
      yield [];
      yield [
        ['2', 'b'],
        ['3', 'c'],
      ];
    }
    const parts: string[] = [];
    for await (const line of csvLines(['id', 'name'], pages())) parts.push(line);
    // The byte-order mark first, so a spreadsheet reads the file as UTF-8 (Siân, Llŵyd).
    expect(parts).toEqual(['\uFEFFid,name\r\n', '1,a\r\n', '2,b\r\n3,c\r\n']);
    expect(parseCsv(parts.join(''))[0]).toEqual(['id', 'name']);
  });
});
