import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BANK_HOLIDAY_NAMES,
  bankHolidayOn,
  bankHolidaysEnglandWales,
  easterSunday,
  isBankHoliday,
} from './bankHolidays';
import { isoWeekday, isWeekend } from './isoDate';

// Published dates from GOV.UK (https://www.gov.uk/bank-holidays) and earlier announcements.
const PUBLISHED: Record<number, string[]> = {
  2012: [
    '2012-01-02',
    '2012-04-06',
    '2012-04-09',
    '2012-05-07',
    '2012-06-04',
    '2012-06-05',
    '2012-08-27',
    '2012-12-25',
    '2012-12-26',
  ],
  2020: [
    '2020-01-01',
    '2020-04-10',
    '2020-04-13',
    '2020-05-08',
    '2020-05-25',
    '2020-08-31',
    '2020-12-25',
    '2020-12-28',
  ],
  2021: [
    '2021-01-01',
    '2021-04-02',
    '2021-04-05',
    '2021-05-03',
    '2021-05-31',
    '2021-08-30',
    '2021-12-27',
    '2021-12-28',
  ],
  2022: [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ],
  2023: [
    '2023-01-02',
    '2023-04-07',
    '2023-04-10',
    '2023-05-01',
    '2023-05-08',
    '2023-05-29',
    '2023-08-28',
    '2023-12-25',
    '2023-12-26',
  ],
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
  2028: [
    '2028-01-03',
    '2028-04-14',
    '2028-04-17',
    '2028-05-01',
    '2028-05-29',
    '2028-08-28',
    '2028-12-25',
    '2028-12-26',
  ],
  2029: [
    '2029-01-01',
    '2029-03-30',
    '2029-04-02',
    '2029-05-07',
    '2029-05-28',
    '2029-08-27',
    '2029-12-25',
    '2029-12-26',
  ],
  2030: [
    '2030-01-01',
    '2030-04-19',
    '2030-04-22',
    '2030-05-06',
    '2030-05-27',
    '2030-08-26',
    '2030-12-25',
    '2030-12-26',
  ],
};

describe('easterSunday (anonymous Gregorian algorithm)', () => {
  it.each([
    [2020, '2020-04-12'],
    [2021, '2021-04-04'],
    [2022, '2022-04-17'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
    [2285, '2285-03-22'], // earliest possible
    [2038, '2038-04-25'], // latest possible
    [1943, '1943-04-25'],
    [1818, '1818-03-22'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('is always a Sunday between 22 March and 25 April (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        expect(isoWeekday(easter)).toBe(7);
        const monthDay = easter.slice(5);
        expect(monthDay >= '03-22' && monthDay <= '04-25').toBe(true);
      }),
    );
  });

  it('refuses years before the Gregorian calendar', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
  });
});

describe('bankHolidaysEnglandWales', () => {
  it.each(Object.entries(PUBLISHED))('%s matches the published dates', (year, dates) => {
    expect(bankHolidaysEnglandWales(Number(year)).map((h) => h.date)).toEqual(dates);
  });

  it('names the holidays in a plain year', () => {
    expect(bankHolidaysEnglandWales(2025)).toEqual([
      { date: '2025-01-01', name: BANK_HOLIDAY_NAMES.newYear, substitute: false },
      { date: '2025-04-18', name: 'Good Friday', substitute: false },
      { date: '2025-04-21', name: 'Easter Monday', substitute: false },
      { date: '2025-05-05', name: 'Early May bank holiday', substitute: false },
      { date: '2025-05-26', name: 'Spring bank holiday', substitute: false },
      { date: '2025-08-25', name: 'Summer bank holiday', substitute: false },
      { date: '2025-12-25', name: 'Christmas Day', substitute: false },
      { date: '2025-12-26', name: 'Boxing Day', substitute: false },
    ]);
  });

  describe('substitute days', () => {
    it('Christmas on Saturday: Christmas → Monday 27th, Boxing Day → Tuesday 28th (2021, 2027)', () => {
      for (const year of [2021, 2027]) {
        expect(bankHolidayOn(`${year}-12-27`)).toEqual({
          date: `${year}-12-27`,
          name: 'Christmas Day (substitute day)',
          substitute: true,
        });
        expect(bankHolidayOn(`${year}-12-28`)?.name).toBe('Boxing Day (substitute day)');
        expect(isBankHoliday(`${year}-12-25`)).toBe(false);
        expect(isBankHoliday(`${year}-12-26`)).toBe(false);
      }
    });

    it('Christmas on Sunday: Boxing Day stays Monday 26th, Christmas → Tuesday 27th (2022)', () => {
      expect(bankHolidayOn('2022-12-26')).toEqual({
        date: '2022-12-26',
        name: 'Boxing Day',
        substitute: false,
      });
      expect(bankHolidayOn('2022-12-27')?.name).toBe('Christmas Day (substitute day)');
    });

    it('Christmas on Friday: Boxing Day → Monday 28th (2020, 2026)', () => {
      expect(bankHolidayOn('2020-12-25')?.name).toBe('Christmas Day');
      expect(bankHolidayOn('2020-12-28')?.name).toBe('Boxing Day (substitute day)');
      expect(bankHolidayOn('2026-12-28')?.name).toBe('Boxing Day (substitute day)');
    });

    it("New Year's Day on Saturday → Monday 3rd (2022), on Sunday → Monday 2nd (2023)", () => {
      expect(bankHolidayOn('2022-01-03')?.name).toBe("New Year's Day (substitute day)");
      expect(isBankHoliday('2022-01-01')).toBe(false);
      expect(bankHolidayOn('2023-01-02')?.substitute).toBe(true);
    });

    it('no bank holiday ever falls on a weekend, and there are no duplicates (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1978, max: 9999 }), (year) => {
          const holidays = bankHolidaysEnglandWales(year);
          expect(holidays.some((h) => isWeekend(h.date))).toBe(false);
          expect(new Set(holidays.map((h) => h.date)).size).toBe(holidays.length);
          expect(holidays.every((h) => h.date.startsWith(`${year}-`))).toBe(true);
          const sorted = [...holidays].sort((a, b) => a.date.localeCompare(b.date));
          expect(holidays).toEqual(sorted);
        }),
      );
    });

    it('ordinary years have exactly eight bank holidays (property)', () => {
      const special = new Set([1981, 1995, 1999, 2002, 2011, 2012, 2020, 2022, 2023]);
      fc.assert(
        fc.property(
          fc.integer({ min: 1978, max: 2500 }).filter((y) => !special.has(y)),
          (year) => {
            expect(bankHolidaysEnglandWales(year)).toHaveLength(8);
          },
        ),
      );
    });
  });

  describe('one-off changes by proclamation', () => {
    it('2012: spring moved to Monday 4 June, Diamond Jubilee on Tuesday 5 June', () => {
      expect(isBankHoliday('2012-05-28')).toBe(false);
      expect(bankHolidayOn('2012-06-04')?.name).toBe('Spring bank holiday');
      expect(bankHolidayOn('2012-06-05')?.name).toBe("Queen's Diamond Jubilee");
    });

    it('2020: early May moved to Friday 8 May', () => {
      expect(isBankHoliday('2020-05-04')).toBe(false);
      expect(bankHolidayOn('2020-05-08')?.name).toBe('Early May bank holiday');
    });

    it('2022: spring moved to Thursday 2 June, Platinum Jubilee Friday 3 June, State Funeral 19 September', () => {
      expect(isBankHoliday('2022-05-30')).toBe(false);
      expect(bankHolidayOn('2022-06-02')?.name).toBe('Spring bank holiday');
      expect(bankHolidayOn('2022-06-03')?.name).toBe('Platinum Jubilee bank holiday');
      expect(bankHolidayOn('2022-09-19')?.name).toMatch(/State Funeral/);
      expect(bankHolidaysEnglandWales(2022)).toHaveLength(10);
    });

    it('2023: coronation on Monday 8 May, early May still on 1 May', () => {
      expect(bankHolidayOn('2023-05-01')?.name).toBe('Early May bank holiday');
      expect(bankHolidayOn('2023-05-08')?.name).toMatch(/coronation/);
    });

    it('earlier ones: 2011 royal wedding, 2002 Golden Jubilee, 1999 millennium, 1995 VE Day', () => {
      expect(isBankHoliday('2011-04-29')).toBe(true);
      expect(isBankHoliday('2002-05-27')).toBe(false);
      expect(isBankHoliday('2002-06-03')).toBe(true);
      expect(isBankHoliday('2002-06-04')).toBe(true);
      expect(isBankHoliday('1999-12-31')).toBe(true);
      expect(isBankHoliday('1995-05-01')).toBe(false);
      expect(isBankHoliday('1995-05-08')).toBe(true);
    });
  });

  it('returns the same frozen list each time', () => {
    const first = bankHolidaysEnglandWales(2026);
    expect(bankHolidaysEnglandWales(2026)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('refuses years it cannot answer correctly', () => {
    expect(() => bankHolidaysEnglandWales(1977)).toThrow(RangeError);
    expect(() => bankHolidaysEnglandWales(2026.5)).toThrow(RangeError);
    expect(() => bankHolidaysEnglandWales(10000)).toThrow(RangeError);
  });
});

describe('isBankHoliday', () => {
  it('is true on bank holidays and false on ordinary days', () => {
    expect(isBankHoliday('2026-12-25')).toBe(true);
    expect(isBankHoliday('2026-04-03')).toBe(true);
    expect(isBankHoliday('2026-11-25')).toBe(false);
    expect(isBankHoliday('2026-12-24')).toBe(false);
    expect(bankHolidayOn('2026-11-25')).toBeUndefined();
  });

  it('throws on a malformed date', () => {
    expect(() => isBankHoliday('25/12/2026')).toThrow(RangeError);
  });
});
