/**
 * Deprivation for the equity breakdown (issue 15). NHS data records deprivation as the Index of
 * Multiple Deprivation (English Indices of Deprivation) decile of the small area (LSOA) a person
 * lives in, found from their postcode. There is no internet here, so an operator imports the
 * published postcode → IMD decile lookup (`rapport import-imd FILE.csv`, header documented in
 * docs/data-export.md) into `imd_deciles`; the equity query looks each patient's postcode up.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { parseCsv } from './reports.csv';

/** How a postcode is stored and looked up: upper case, no spaces ("SW1A 1AA" → "SW1A1AA"). */
export const normalisePostcode = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

/** The same, in SQL, for a patient's postcode column. */
export const postcodeKey = (column: string) =>
  sql.raw(`upper(regexp_replace(${column}, '\\s', '', 'g'))`);

export type ImdParse =
  { ok: true; rows: { postcode: string; decile: number }[] } | { ok: false; problem: string };

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;

/**
 * Reads the lookup: a header naming `postcode` and `imd_decile` (any order, case-insensitive,
 * other columns ignored), then one row per postcode. Any bad row stops the import, naming its line.
 */
export function parseImdCsv(text: string): ImdParse {
  const lines = parseCsv(text);
  const header = (lines[0] ?? []).map((h) => h.trim().toLowerCase());
  const pc = header.indexOf('postcode');
  const dec = header.indexOf('imd_decile');
  if (pc < 0 || dec < 0)
    return { ok: false, problem: 'the first line must name the columns postcode and imd_decile' };
  const rows = new Map<string, number>();
  for (let i = 1; i < lines.length; i += 1) {
    const f = (lines[i] ?? []).map((cell) => cell.trim());
    if (f.length === 1 && f[0] === '') continue;
    const postcode = normalisePostcode(f[pc] ?? '');
    const decile = Number(f[dec]);
    if (!POSTCODE.test(postcode))
      return { ok: false, problem: `line ${i + 1}: "${f[pc] ?? ''}" is not a postcode` };
    if (!Number.isInteger(decile) || decile < 1 || decile > 10)
      return { ok: false, problem: `line ${i + 1}: the IMD decile must be a whole number 1 to 10` };
    rows.set(postcode, decile);
  }
  return { ok: true, rows: [...rows].map(([postcode, decile]) => ({ postcode, decile })) };
}

/** Adds or replaces the postcodes' deciles, 10,000 per statement; returns how many. */
export async function importImd(
  db: Db,
  rows: readonly { postcode: string; decile: number }[],
): Promise<number> {
  for (let i = 0; i < rows.length; i += 10_000) {
    const chunk = rows.slice(i, i + 10_000);
    await db.execute(sql`insert into imd_deciles (postcode, decile)
      select * from unnest(${sql.param(chunk.map((r) => r.postcode))}::text[], ${sql.param(chunk.map((r) => r.decile))}::smallint[])
      on conflict (postcode) do update set decile = excluded.decile`);
  }
  return rows.length;
}
