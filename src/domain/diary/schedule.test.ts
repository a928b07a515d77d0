import { describe, expect, it } from 'vitest';
import { utcToLondon } from '../calendar/london';
import { closureOn, londonDayRange, planSingleSlot, planWeeklySlots, weekStart } from './schedule';

const iso = (d: Date) => d.toISOString();

describe('a weekly course across the clock changes', () => {
  it('stays at 10:00 London time across the last Sunday of March (29 March 2026)', () => {
    const plan = planWeeklySlots('2026-03-18', '10:00', 4, 50);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.slots.map((s) => iso(s.startsAt))).toEqual([
      '2026-03-18T10:00:00.000Z', // GMT
      '2026-03-25T10:00:00.000Z', // GMT
      '2026-04-01T09:00:00.000Z', // BST: 10:00 local is 09:00 UTC
      '2026-04-08T09:00:00.000Z',
    ]);
    for (const s of plan.slots) expect(utcToLondon(s.startsAt).time).toBe('10:00');
    // The gap over the change is 167 hours, not 168.
    expect(
      (plan.slots[2]!.startsAt.getTime() - plan.slots[1]!.startsAt.getTime()) / 3_600_000,
    ).toBe(167);
  });

  it('stays at 10:00 London time across the last Sunday of October (25 October 2026)', () => {
    const plan = planWeeklySlots('2026-10-14', '10:00', 4, 50);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.slots.map((s) => iso(s.startsAt))).toEqual([
      '2026-10-14T09:00:00.000Z', // BST
      '2026-10-21T09:00:00.000Z',
      '2026-10-28T10:00:00.000Z', // GMT
      '2026-11-04T10:00:00.000Z',
    ]);
    for (const s of plan.slots) expect(utcToLondon(s.startsAt).time).toBe('10:00');
    expect(
      (plan.slots[2]!.startsAt.getTime() - plan.slots[1]!.startsAt.getTime()) / 3_600_000,
    ).toBe(169);
  });

  it('ends each slot its length after the start, in real minutes', () => {
    const plan = planWeeklySlots('2026-03-25', '10:00', 2, 50);
    if (!plan.ok) throw new Error('plan failed');
    for (const s of plan.slots) expect(s.endsAt.getTime() - s.startsAt.getTime()).toBe(50 * 60_000);
  });

  it('refuses a time that does not exist when the clocks go forward', () => {
    // A Sunday series at 01:30 reaches 29 March 2026, when 01:00–02:00 does not exist.
    const plan = planWeeklySlots('2026-03-22', '01:30', 2, 50);
    expect(plan).toMatchObject({ ok: false, field: 'time' });
    if (!plan.ok) expect(plan.message).toContain('does not exist in UK time');
  });

  it('takes the first 01:30 when the clocks go back (the hour repeats)', () => {
    const plan = planSingleSlot('2026-10-25', '01:30', 30);
    expect(plan.ok).toBe(true);
    if (plan.ok) expect(iso(plan.slots[0]!.startsAt)).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('bank holidays in England and Wales', () => {
  it('skips the early May and spring bank holidays in a Monday series, running on a week longer', () => {
    const plan = planWeeklySlots('2026-04-27', '09:00', 4, 50);
    if (!plan.ok) throw new Error('plan failed');
    expect(plan.slots.map((s) => s.date)).toEqual([
      '2026-04-27',
      '2026-05-11', // 4 May is the early May bank holiday
      '2026-05-18',
      '2026-06-01', // 25 May is the spring bank holiday
    ]);
  });

  it('skips Christmas Day and the Boxing Day substitute (Monday 28 December 2026)', () => {
    const fridays = planWeeklySlots('2026-12-18', '11:00', 2, 50);
    if (!fridays.ok) throw new Error('plan failed');
    expect(fridays.slots.map((s) => s.date)).toEqual(['2026-12-18', '2027-01-08']); // 25 Dec, 1 Jan
    const mondays = planWeeklySlots('2026-12-21', '11:00', 2, 50);
    if (!mondays.ok) throw new Error('plan failed');
    expect(mondays.slots.map((s) => s.date)).toEqual(['2026-12-21', '2027-01-04']);
  });

  it('skips Good Friday and Easter Monday', () => {
    const friday = planWeeklySlots('2026-03-27', '10:00', 2, 50);
    if (!friday.ok) throw new Error('plan failed');
    expect(friday.slots.map((s) => s.date)).toEqual(['2026-03-27', '2026-04-10']);
    const monday = planWeeklySlots('2026-03-30', '10:00', 2, 50);
    if (!monday.ok) throw new Error('plan failed');
    expect(monday.slots.map((s) => s.date)).toEqual(['2026-03-30', '2026-04-13']);
  });

  it('skips the service’s extra closures too', () => {
    const plan = planWeeklySlots('2026-12-02', '10:00', 3, 50, ['2026-12-09']);
    if (!plan.ok) throw new Error('plan failed');
    expect(plan.slots.map((s) => s.date)).toEqual(['2026-12-02', '2026-12-16', '2026-12-23']);
  });

  it('starts a week later when the first date itself is closed', () => {
    const plan = planWeeklySlots('2026-08-31', '10:00', 2, 50); // summer bank holiday
    if (!plan.ok) throw new Error('plan failed');
    expect(plan.slots.map((s) => s.date)).toEqual(['2026-09-07', '2026-09-14']);
  });

  it('books 16 weekly sessions, all on the same weekday and local time', () => {
    const plan = planWeeklySlots('2026-12-02', '10:00', 16, 50);
    if (!plan.ok) throw new Error('plan failed');
    expect(plan.slots).toHaveLength(16);
    for (const s of plan.slots) {
      expect(utcToLondon(s.startsAt).weekdayName).toBe('Wednesday');
      expect(utcToLondon(s.startsAt).time).toBe('10:00');
    }
  });
});

describe('closureOn', () => {
  it('names a bank holiday', () => {
    expect(closureOn('2026-12-25')).toBe(
      'Friday 25 December 2026 is a bank holiday (Christmas Day)',
    );
    expect(closureOn('2026-12-28')).toBe(
      'Monday 28 December 2026 is a bank holiday (Boxing Day (substitute day))',
    );
  });
  it('names an extra closure', () => {
    expect(closureOn('2026-12-24', ['2026-12-24'])).toBe(
      'The service is closed on Thursday 24 December 2026',
    );
  });
  it('is undefined on an open day', () => {
    expect(closureOn('2026-12-02')).toBeUndefined();
  });
});

describe('weekStart and londonDayRange', () => {
  it('finds the Monday', () => {
    expect(weekStart('2026-11-25')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });
  it('gives 23-hour and 25-hour days on the clock changes', () => {
    const spring = londonDayRange('2026-03-29');
    expect((spring.to.getTime() - spring.from.getTime()) / 3_600_000).toBe(23);
    const autumn = londonDayRange('2026-10-25');
    expect((autumn.to.getTime() - autumn.from.getTime()) / 3_600_000).toBe(25);
    const summer = londonDayRange('2026-07-01');
    expect(iso(summer.from)).toBe('2026-06-30T23:00:00.000Z');
  });
});
