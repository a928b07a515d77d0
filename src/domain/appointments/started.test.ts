import { describe, expect, it } from 'vitest';
import {
  attendanceChangeRefusal,
  hasStarted,
  mayAgreeTaskAt,
  outcomeRecordingCheck,
  taskChangeOnAttendance,
  withdrawsMissedMessage,
  withdrawsTaskWhenMissed,
} from './started';

const at = (iso: string) => new Date(iso);

describe('recording outcomes for an appointment', () => {
  const appointment = { startsAt: at('2026-11-29T10:00:00Z') };

  it('is refused before the appointment starts, saying when it opens', () => {
    // The Saturday before a Sunday assessment (issue 9 item 2).
    expect(hasStarted(appointment, at('2026-11-28T10:00:00Z'))).toBe(false);
    expect(outcomeRecordingCheck(appointment, at('2026-11-29T09:59:59.999Z'))).toEqual({
      ok: false,
      reason: 'not_started',
      opensAt: at('2026-11-29T10:00:00Z'),
    });
  });

  it('opens at the start time itself and stays open after', () => {
    expect(outcomeRecordingCheck(appointment, at('2026-11-29T10:00:00Z'))).toEqual({ ok: true });
    expect(outcomeRecordingCheck(appointment, at('2026-11-29T10:20:00Z'))).toEqual({ ok: true });
    expect(hasStarted(appointment, at('2027-03-01T00:00:00Z'))).toBe(true);
  });
});

describe('mayAgreeTaskAt (H11)', () => {
  const at = new Date('2026-11-30T10:00:00Z');
  const active = { status: 'active' };
  it('allows a session that has started, attended or not yet recorded', () => {
    for (const status of ['booked', 'attended', 'arrived_late'])
      expect(mayAgreeTaskAt({ startsAt: at, status }, active, at)).toBe(true);
  });
  it('refuses a future session, and one that was missed or cancelled', () => {
    expect(
      mayAgreeTaskAt({ startsAt: at, status: 'booked' }, active, new Date(at.getTime() - 1)),
    ).toBe(false);
    for (const status of ['did_not_attend', 'cancelled'])
      expect(mayAgreeTaskAt({ startsAt: at, status }, active, at)).toBe(false);
  });
  it('refuses every session of a course that has ended (discharged)', () => {
    for (const status of ['attended', 'arrived_late', 'booked'])
      expect(mayAgreeTaskAt({ startsAt: at, status }, { status: 'ended' }, at)).toBe(false);
  });
});

describe('withdrawsTaskWhenMissed (H11)', () => {
  it('withdraws a task the patient has not reflected on', () => {
    expect(withdrawsTaskWhenMissed({ reflectedAt: null })).toBe(true);
  });
  it('keeps one they have reflected on: their words are never hidden from them', () => {
    expect(withdrawsTaskWhenMissed({ reflectedAt: new Date('2026-12-01T09:00:00Z') })).toBe(false);
  });
});

describe('taskChangeOnAttendance (H11)', () => {
  const day = new Date('2026-12-01T09:00:00Z');
  const open = { id: 'open', reflectedAt: null, withdrawnAt: null };
  const reflected = { id: 'reflected', reflectedAt: day, withdrawnAt: null };
  const withdrawn = { id: 'withdrawn', reflectedAt: null, withdrawnAt: day };
  it('withdraws the standing, unreflected tasks when the session was missed', () => {
    expect(taskChangeOnAttendance('did_not_attend', [open, reflected, withdrawn])).toEqual({
      change: 'withdraw',
      taskIds: ['open'],
    });
  });
  it('restores withdrawn tasks when the session is corrected to attended or arrived late', () => {
    for (const status of ['attended', 'arrived_late'])
      expect(taskChangeOnAttendance(status, [open, reflected, withdrawn])).toEqual({
        change: 'restore',
        taskIds: ['withdrawn'],
      });
  });
  it('changes nothing when there is nothing to change', () => {
    expect(taskChangeOnAttendance('did_not_attend', [reflected, withdrawn])).toBeNull();
    expect(taskChangeOnAttendance('attended', [open, reflected])).toBeNull();
  });
});

describe('attendanceChangeRefusal (H11, H17)', () => {
  it('refuses recording a session with a signed note as missed, and points to an addendum', () => {
    for (const previous of ['attended', 'arrived_late', 'booked'])
      expect(
        attendanceChangeRefusal({ previous, next: 'did_not_attend', noteSigned: true }),
      ).toMatch(/signed note.*addendum/);
  });
  it('refuses cancelling a session with a signed note, the same way (walk 9)', () => {
    expect(
      attendanceChangeRefusal({ previous: 'booked', next: 'cancelled', noteSigned: true }),
    ).toMatch(/signed note, so it cannot be cancelled.*addendum/);
    expect(
      attendanceChangeRefusal({ previous: 'booked', next: 'cancelled', noteSigned: false }),
    ).toBeNull();
  });
  it('allows it with no signed note, and any change that keeps them as having come', () => {
    expect(
      attendanceChangeRefusal({ previous: 'attended', next: 'did_not_attend', noteSigned: false }),
    ).toBeNull();
    expect(
      attendanceChangeRefusal({ previous: 'attended', next: 'arrived_late', noteSigned: true }),
    ).toBeNull();
    expect(
      attendanceChangeRefusal({ previous: 'did_not_attend', next: 'attended', noteSigned: true }),
    ).toBeNull();
    expect(
      attendanceChangeRefusal({
        previous: 'did_not_attend',
        next: 'did_not_attend',
        noteSigned: true,
      }),
    ).toBeNull();
  });
});

describe('withdrawsMissedMessage (H11)', () => {
  it('withdraws only when a missed session is corrected to having come', () => {
    expect(withdrawsMissedMessage({ previous: 'did_not_attend', next: 'attended' })).toBe(true);
    expect(withdrawsMissedMessage({ previous: 'did_not_attend', next: 'arrived_late' })).toBe(true);
    expect(withdrawsMissedMessage({ previous: 'did_not_attend', next: 'did_not_attend' })).toBe(
      false,
    );
    expect(withdrawsMissedMessage({ previous: 'booked', next: 'attended' })).toBe(false);
  });
});
