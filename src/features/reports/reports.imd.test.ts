import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalisePostcode, parseImdCsv } from './reports.imd';

describe('the IMD lookup file', () => {
  it('reads postcodes and deciles by their headings, whatever else the file has', () => {
    const parsed = parseImdCsv(readFileSync('tests/fixtures/imd-sample.csv', 'utf8'));
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { postcode: 'LS14AP', decile: 1 },
        { postcode: 'M11AE', decile: 2 },
        { postcode: 'SW1A1AA', decile: 9 },
        { postcode: 'OX12JD', decile: 10 },
      ],
    });
  });

  it('refuses a file without the headings, naming what it needs', () => {
    expect(parseImdCsv('pcd,decile\nLS1 4AP,1\n')).toEqual({
      ok: false,
      problem: 'the first line must name the columns postcode and imd_decile',
    });
  });

  it('names the line of a bad postcode or decile', () => {
    expect(parseImdCsv('imd_decile,postcode\n3,LS1 4AP\n11,M1 1AE\n')).toEqual({
      ok: false,
      problem: 'line 3: the IMD decile must be a whole number 1 to 10',
    });
    expect(parseImdCsv('postcode,imd_decile\nnot a postcode,3\n')).toEqual({
      ok: false,
      problem: 'line 2: "not a postcode" is not a postcode',
    });
  });

  it('stores postcodes upper case without spaces', () => {
    expect(normalisePostcode(' sw1a  1aa ')).toBe('SW1A1AA');
  });
});
