import { describe, expect, it } from 'vitest';
import { parseDateFields, parseDateLine, parseMinutes, parseTimeInput } from './inputs';

describe('parseTimeInput', () => {
  it.each([
    ['14:30', '14:30'],
    ['9:30', '09:30'],
    ['09.30', '09:30'],
    ['0930', '09:30'],
    ['930', '09:30'],
    ['1430', '14:30'],
    ['9', '09:00'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    [' 10:00 ', '10:00'],
    ['2pm', '14:00'],
    ['2 PM', '14:00'],
    ['2:15pm', '14:15'],
    ['12pm', '12:00'],
    ['12am', '00:00'],
    ['12:30am', '00:30'],
    ['11:59pm', '23:59'],
    ['midday', '12:00'],
    ['noon', '12:00'],
    ['midnight', '00:00'],
  ])('reads "%s" as %s', (input, expected) => {
    expect(parseTimeInput(input, 'Start time')).toEqual({ ok: true, value: expected });
  });

  it.each(['24:00', '25', '10:60', '13pm', '0pm', 'ten', '10:5', '10:000', '1:2:3', '-1', '10;30'])(
    'refuses "%s"',
    (input) => {
      const r = parseTimeInput(input, 'Start time');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toBe('Start time must be a real time, like 09:30 or 2:15pm');
    },
  );

  it('asks for the time, named by its label, when empty', () => {
    expect(parseTimeInput('  ', 'Start time')).toEqual({
      ok: false,
      message: 'Enter the start time',
    });
    // Only the first letter is lowered: a name in the label keeps its capital.
    expect(parseTimeInput('', 'Time the Wall opens')).toEqual({
      ok: false,
      message: 'Enter the time the Wall opens',
    });
  });
});

describe('parseDateFields', () => {
  it('reads day, month and year', () => {
    expect(parseDateFields({ day: '2', month: '12', year: '2026' }, 'Appointment date')).toEqual({
      ok: true,
      value: '2026-12-02',
    });
    expect(parseDateFields({ day: '02', month: '03', year: '2026' }, 'Appointment date')).toEqual({
      ok: true,
      value: '2026-03-02',
    });
  });

  it('accepts month names as the design system suggests', () => {
    expect(
      parseDateFields({ day: '2', month: 'December', year: '2026' }, 'Appointment date'),
    ).toEqual({
      ok: true,
      value: '2026-12-02',
    });
    expect(parseDateFields({ day: '2', month: 'dec', year: '2026' }, 'Appointment date')).toEqual({
      ok: true,
      value: '2026-12-02',
    });
  });

  it('asks for the date when all boxes are empty', () => {
    expect(parseDateFields({ day: '', month: '', year: '' }, 'Appointment date')).toEqual({
      ok: false,
      message: 'Enter the appointment date',
      boxes: ['day', 'month', 'year'],
    });
  });

  it('names what is missing', () => {
    expect(parseDateFields({ day: '1', month: '', year: '2026' }, 'Appointment date')).toEqual({
      ok: false,
      message: 'Appointment date must include a month',
      boxes: ['month'],
    });
    expect(parseDateFields({ day: '', month: '', year: '2026' }, 'Appointment date')).toEqual({
      ok: false,
      message: 'Appointment date must include a day and a month',
      boxes: ['day', 'month'],
    });
  });

  // The boxes at fault are the only ones outlined, and the summary links to the first of them.
  it.each([
    ['31', '2', '2026', ['day', 'month', 'year']],
    ['29', '2', '2027', ['day', 'month', 'year']],
    ['0', '1', '2026', ['day']],
    ['32', '1', '2026', ['day']],
    ['1', '13', '2026', ['month']],
    ['x', '1', '2026', ['day']],
    ['1', 'ju', '2026', ['month']],
    ['x', 'ju', '2026', ['day', 'month']],
    ['1', '1', '20266', ['year']],
  ])('refuses %s/%s/%s as not a real date, marking %j', (day, month, year, boxes) => {
    expect(parseDateFields({ day, month, year }, 'Appointment date')).toEqual({
      ok: false,
      message: 'Appointment date must be a real date',
      boxes,
    });
  });

  it('asks for 4 numbers in a short year, in the design system’s words', () => {
    for (const year of ['26', '2', '202'])
      expect(parseDateFields({ day: '1', month: '1', year }, 'Appointment date')).toEqual({
        ok: false,
        message: 'Year must include 4 numbers',
        boxes: ['year'],
      });
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseDateFields({ day: '29', month: '2', year: '2028' }, 'Appointment date')).toEqual({
      ok: true,
      value: '2028-02-29',
    });
  });
});

describe('parseDateLine', () => {
  it.each([
    ['25/12/2026', '2026-12-25'],
    ['25-12-2026', '2026-12-25'],
    ['25.12.2026', '2026-12-25'],
    ['25 12 2026', '2026-12-25'],
    ['2026-12-25', '2026-12-25'],
    ['1/6/2027', '2027-06-01'],
    ['24 Dec 2026', '2026-12-24'],
  ])('reads "%s"', (input, expected) => {
    expect(parseDateLine(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['31/2/2026', '12/25', 'Christmas', '2026/12/25'])('refuses "%s", naming it', (input) => {
    expect(parseDateLine(input)).toEqual({
      ok: false,
      message: `“${input}” must be a real date, like 25/12/2026`,
    });
  });
});

describe('parseMinutes', () => {
  it('reads whole minutes', () => {
    expect(parseMinutes('50')).toEqual({ ok: true, value: 50 });
    expect(parseMinutes(' 60 ')).toEqual({ ok: true, value: 60 });
  });
  it('explains what is wrong', () => {
    expect(parseMinutes('')).toEqual({ ok: false, message: 'Enter the length in minutes' });
    expect(parseMinutes('0')).toEqual({ ok: false, message: 'Length must be more than 0 minutes' });
    expect(parseMinutes('50.5')).toEqual({
      ok: false,
      message: 'Length must be a whole number of minutes, like 50',
    });
    expect(parseMinutes('-5').ok).toBe(false);
    expect(parseMinutes('fifty').ok).toBe(false);
  });
});
