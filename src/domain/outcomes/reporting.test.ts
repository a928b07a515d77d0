import { describe, expect, it } from 'vitest';
import { PHQ9, GAD7 } from '../measures';
import {
  AGE_BANDS,
  DEFAULT_SMALL_CELL_THRESHOLD,
  EXPORT_SCORE_CODES,
  ageBand,
  isSmallCell,
  suppressBreakdown,
} from './reporting';

describe('small cells', () => {
  it('hides 1 to threshold − 1, shows 0 and the threshold itself', () => {
    expect(DEFAULT_SMALL_CELL_THRESHOLD).toBe(5);
    expect([0, 1, 4, 5, 6].map((n) => isSmallCell(n, 5))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(isSmallCell(9, 10)).toBe(true);
  });

  it('hides a group whose denominator, numerator or remainder is small', () => {
    const out = suppressBreakdown(
      [
        { group: 'a', denominator: 40, numerator: 20 },
        { group: 'b', denominator: 4, numerator: 0 },
        { group: 'c', denominator: 40, numerator: 3 },
        { group: 'd', denominator: 40, numerator: 38 },
        { group: 'e', denominator: 0, numerator: 0 },
      ],
      5,
    );
    expect(out.map((c) => c.suppressed)).toEqual([false, true, true, true, false]);
    expect(out[0]).toEqual({
      group: 'a',
      denominator: 40,
      numerator: 20,
      rate: 0.5,
      suppressed: false,
    });
    expect(out[1]).toMatchObject({ denominator: null, numerator: null, rate: null });
    expect(out[4]).toMatchObject({ denominator: 0, numerator: 0, rate: null });
  });

  it('hides the next smallest group too when only one is hidden (no working it out from the total)', () => {
    const out = suppressBreakdown([
      { group: 'big', denominator: 100, numerator: 50 },
      { group: 'mid', denominator: 20, numerator: 10 },
      { group: 'tiny', denominator: 2, numerator: 1 },
    ]);
    expect(out.map((c) => c.suppressed)).toEqual([false, true, true]);
  });

  it('uses a configured threshold', () => {
    const cells = [
      { group: 'x', denominator: 10, numerator: 5 },
      { group: 'y', denominator: 30, numerator: 15 },
      { group: 'z', denominator: 30, numerator: 15 },
    ];
    expect(suppressBreakdown(cells, 5).every((c) => !c.suppressed)).toBe(true);
    expect(suppressBreakdown(cells, 10).map((c) => c.suppressed)).toEqual([true, true, false]);
  });
});

describe('age bands', () => {
  it('puts boundary ages in the band they start', () => {
    expect(AGE_BANDS[0].from).toBe(18);
    expect([17, 18, 25, 26, 35, 36, 55, 56, 64, 65, 99].map(ageBand)).toEqual([
      'under-18',
      '18-25',
      '18-25',
      '26-35',
      '26-35',
      '36-45',
      '46-55',
      '56-64',
      '56-64',
      '65+',
      '65+',
    ]);
  });
});

describe('export codes', () => {
  it('carry the same LOINC total-score codes as the instruments', () => {
    expect(EXPORT_SCORE_CODES.phq9.loinc).toBe(PHQ9.loinc?.total);
    expect(EXPORT_SCORE_CODES.gad7.loinc).toBe(GAD7.loinc?.total);
  });
});
