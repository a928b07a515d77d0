import { describe, expect, it } from 'vitest';
import { ageOn, dateOfBirthText } from './patient-summary';

describe('date of birth on the summary', () => {
  it('is written in NHS style with the age', () => {
    expect(dateOfBirthText('1980-03-04', '2026-11-28')).toBe('4 March 1980 (aged 46)');
  });
  it('counts a year only once the birthday has come', () => {
    expect(ageOn('1980-11-28', '2026-11-28')).toBe(46);
    expect(ageOn('1980-11-29', '2026-11-28')).toBe(45);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26);
  });
  it('keeps a date it cannot read as it is', () => {
    expect(dateOfBirthText('not a date', '2026-11-28')).toBe('not a date');
    expect(ageOn('2030-01-01', '2026-11-28')).toBeNull();
  });
});
