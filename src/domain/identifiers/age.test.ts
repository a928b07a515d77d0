import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, checkMinimumAge, dateOfReachingAge } from './age';

describe('ageOn', () => {
  it('goes up on the birthday itself, not the day before', () => {
    expect(ageOn('2008-11-25', '2026-11-24')).toBe(17);
    expect(ageOn('2008-11-25', '2026-11-25')).toBe(18);
    expect(ageOn('2008-11-25', '2026-11-26')).toBe(18);
  });

  it('is 0 on the day of birth and until the first birthday', () => {
    expect(ageOn('2026-11-25', '2026-11-25')).toBe(0);
    expect(ageOn('2025-11-25', '2026-11-24')).toBe(0);
    expect(ageOn('2025-11-25', '2026-11-25')).toBe(1);
  });

  it('handles birthdays at the turn of the year', () => {
    expect(ageOn('2000-12-31', '2018-12-30')).toBe(17);
    expect(ageOn('2000-12-31', '2018-12-31')).toBe(18);
    expect(ageOn('2000-01-01', '2017-12-31')).toBe(17);
    expect(ageOn('2000-01-01', '2018-01-01')).toBe(18);
  });

  describe('29 February birthdays (1 March in non-leap years)', () => {
    it('in a non-leap year, the birthday is 1 March', () => {
      expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
      expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    });
    it('in a leap year, the birthday is 29 February', () => {
      expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
      expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
    });
    it('someone born on 1 March is not affected', () => {
      expect(ageOn('2008-03-01', '2026-02-28')).toBe(17);
      expect(ageOn('2008-03-01', '2026-03-01')).toBe(18);
    });
  });

  it('refuses impossible input', () => {
    expect(() => ageOn('2026-11-26', '2026-11-25')).toThrow(RangeError);
    expect(() => ageOn('2026-02-30', '2026-11-25')).toThrow(RangeError);
    expect(() => ageOn('2000-01-01', '25/11/2026')).toThrow(RangeError);
  });

  it('agrees with counting birthdays (property)', () => {
    const date = fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2100-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, (a, b) => {
        const [dob, on] = a <= b ? [a, b] : [b, a];
        const age = ageOn(dob, on);
        expect(age).toBeGreaterThanOrEqual(0);
        expect(dateOfReachingAge(dob, age) <= on).toBe(true);
        expect(dateOfReachingAge(dob, age + 1) > on).toBe(true);
      }),
    );
  });
});

describe('dateOfReachingAge', () => {
  it('is the birthday that many years on', () => {
    expect(dateOfReachingAge('2008-11-25', 18)).toBe('2026-11-25');
    expect(dateOfReachingAge('2008-02-29', 18)).toBe('2026-03-01');
    expect(dateOfReachingAge('2008-02-29', 16)).toBe('2024-02-29');
  });
  it('refuses a negative or fractional age', () => {
    expect(() => dateOfReachingAge('2008-11-25', -1)).toThrow(RangeError);
    expect(() => dateOfReachingAge('2008-11-25', 1.5)).toThrow(RangeError);
  });
});

describe('checkMinimumAge', () => {
  it('accepts someone whose birthday is today', () => {
    expect(checkMinimumAge('2008-11-25', '2026-11-25', 18)).toEqual({ ok: true, age: 18 });
  });

  it('refuses someone whose birthday is tomorrow, and says when they will be old enough', () => {
    expect(checkMinimumAge('2008-11-26', '2026-11-25', 18)).toEqual({
      ok: false,
      reason: 'too-young',
      age: 17,
      oldEnoughOn: '2026-11-26',
      message: 'You must be 18 or older to use this service',
    });
  });

  it('works with other minimum ages', () => {
    expect(checkMinimumAge('2010-06-01', '2026-06-01', 16)).toMatchObject({ ok: true, age: 16 });
    expect(checkMinimumAge('2010-06-02', '2026-06-01', 16)).toMatchObject({ ok: false, age: 15 });
    expect(checkMinimumAge('2026-06-01', '2026-06-01', 0)).toMatchObject({ ok: true, age: 0 });
  });

  it('treats a 29 February birthday as 1 March in a non-leap year', () => {
    expect(checkMinimumAge('2008-02-29', '2026-02-28', 18)).toMatchObject({
      ok: false,
      oldEnoughOn: '2026-03-01',
    });
    expect(checkMinimumAge('2008-02-29', '2026-03-01', 18)).toMatchObject({ ok: true });
  });

  it('refuses a nonsense minimum age', () => {
    expect(() => checkMinimumAge('2008-11-25', '2026-11-25', -1)).toThrow(RangeError);
    expect(() => checkMinimumAge('2008-11-25', '2026-11-25', 17.5)).toThrow(RangeError);
  });
});
