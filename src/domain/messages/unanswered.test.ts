import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../calendar';
import { addWorkingDays, unansweredLevel, waitingOnStaffSince, waitsOn } from './unanswered';

// London is on GMT in January and on BST (UTC+1) in May.
const at = (iso: string) => new Date(iso);

describe('addWorkingDays', () => {
  it('keeps the time of day on the next working day', () => {
    // Tuesday 14 January 2025, 10:30 → Wednesday 10:30.
    expect(addWorkingDays(at('2025-01-14T10:30:00Z'), 1)).toEqual(at('2025-01-15T10:30:00Z'));
    expect(addWorkingDays(at('2025-01-14T10:30:00Z'), 2)).toEqual(at('2025-01-16T10:30:00Z'));
  });

  it('skips the weekend', () => {
    // Friday 17 January 2025, 15:00 → Monday 15:00, then Tuesday 15:00.
    expect(addWorkingDays(at('2025-01-17T15:00:00Z'), 1)).toEqual(at('2025-01-20T15:00:00Z'));
    expect(addWorkingDays(at('2025-01-17T15:00:00Z'), 2)).toEqual(at('2025-01-21T15:00:00Z'));
  });

  it('starts the clock at the next opening when written out of hours', () => {
    // Saturday 18 January 2025 → counted from Monday 09:00: Tuesday 09:00.
    expect(addWorkingDays(at('2025-01-18T11:00:00Z'), 1)).toEqual(at('2025-01-21T09:00:00Z'));
    // Thursday evening 16 January → from Friday 09:00: Monday 09:00.
    expect(addWorkingDays(at('2025-01-16T20:00:00Z'), 1)).toEqual(at('2025-01-20T09:00:00Z'));
    // Before opening on a working day: from 09:00 that day.
    expect(addWorkingDays(at('2025-01-14T07:00:00Z'), 1)).toEqual(at('2025-01-15T09:00:00Z'));
  });

  it('skips bank holidays (Good Friday and Easter Monday 2025)', () => {
    // Thursday 17 April 2025, 11:00 BST → Tuesday 22 April 11:00 BST, then Wednesday.
    expect(addWorkingDays(at('2025-04-17T10:00:00Z'), 1)).toEqual(at('2025-04-22T10:00:00Z'));
    expect(addWorkingDays(at('2025-04-17T10:00:00Z'), 2)).toEqual(at('2025-04-23T10:00:00Z'));
  });

  it('skips Christmas Day, Boxing Day and a substitute day', () => {
    // Christmas 2021 fell at the weekend: substitute days Monday 27 and Tuesday 28 December.
    // Friday 24 December 2021, 10:00 → Wednesday 29 December 10:00.
    expect(addWorkingDays(at('2021-12-24T10:00:00Z'), 1)).toEqual(at('2021-12-29T10:00:00Z'));
  });

  it('honours the service’s extra closures', () => {
    const hours = { ...DEFAULT_OFFICE_HOURS, extraClosures: ['2025-01-15'] };
    expect(addWorkingDays(at('2025-01-14T10:30:00Z'), 1, hours)).toEqual(
      at('2025-01-16T10:30:00Z'),
    );
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays(at('2025-01-14T10:30:00Z'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(at('2025-01-14T10:30:00Z'), 0.5)).toThrow(RangeError);
  });
});

describe('unansweredLevel', () => {
  const friday = at('2025-01-17T15:00:00Z');

  it('is not overdue until one working day has passed', () => {
    expect(unansweredLevel(friday, at('2025-01-18T15:00:00Z'))).toBe('not_yet');
    expect(unansweredLevel(friday, at('2025-01-20T14:59:00Z'))).toBe('not_yet');
  });

  it('shows on the therapist’s home after one working day', () => {
    expect(unansweredLevel(friday, at('2025-01-20T15:00:00Z'))).toBe('show_therapist');
    expect(unansweredLevel(friday, at('2025-01-21T14:59:00Z'))).toBe('show_therapist');
  });

  it('escalates to the service after two working days', () => {
    expect(unansweredLevel(friday, at('2025-01-21T15:00:00Z'))).toBe('escalate');
  });

  it('does not escalate over a bank holiday weekend too early', () => {
    // Thursday 17 April 2025 (before Easter): two working days end on Wednesday 23 April.
    const thursday = at('2025-04-17T10:00:00Z');
    expect(unansweredLevel(thursday, at('2025-04-21T12:00:00Z'))).toBe('not_yet');
    expect(unansweredLevel(thursday, at('2025-04-22T12:00:00Z'))).toBe('show_therapist');
    expect(unansweredLevel(thursday, at('2025-04-23T10:00:00Z'))).toBe('escalate');
  });
});

describe('waitingOnStaffSince (H18)', () => {
  const patient = (iso: string) => ({ author: 'patient' as const, sentAt: at(iso) });
  const staff = (iso: string) => ({ author: 'staff' as const, sentAt: at(iso) });

  it('waits from the question a patient asked', () => {
    expect(waitingOnStaffSince([patient('2025-01-14T10:00:00Z')])).toEqual(
      at('2025-01-14T10:00:00Z'),
    );
  });

  it('waits on nobody when a clinician wrote first and the patient has not replied', () => {
    expect(waitingOnStaffSince([staff('2025-01-14T10:00:00Z')])).toBeNull();
    expect(waitingOnStaffSince([])).toBeNull();
  });

  it('waits from the patient’s first reply after staff last wrote', () => {
    expect(
      waitingOnStaffSince([
        staff('2025-01-14T10:00:00Z'),
        patient('2025-01-15T08:00:00Z'),
        patient('2025-01-15T09:00:00Z'),
      ]),
    ).toEqual(at('2025-01-15T08:00:00Z'));
  });

  it('stops waiting once staff answer again', () => {
    expect(
      waitingOnStaffSince([
        patient('2025-01-14T10:00:00Z'),
        staff('2025-01-14T11:00:00Z'),
        patient('2025-01-14T12:00:00Z'),
        staff('2025-01-14T13:00:00Z'),
      ]),
    ).toBeNull();
  });
});

describe('waitsOn (H18)', () => {
  it('is the clinician asked, for a question the patient started', () => {
    expect(waitsOn({ therapistId: 'tess', startedByUserId: null })).toEqual(['tess']);
  });
  it('is the clinician once, when they wrote first themselves', () => {
    expect(waitsOn({ therapistId: 'tess', startedByUserId: 'tess' })).toEqual(['tess']);
  });
  it('adds whoever else wrote first: a manager or a supervisor', () => {
    expect(waitsOn({ therapistId: 'tess', startedByUserId: 'mia' })).toEqual(['tess', 'mia']);
  });
  it('is the writer alone when the patient has no clinician, and nobody for the service', () => {
    expect(waitsOn({ therapistId: null, startedByUserId: 'mia' })).toEqual(['mia']);
    expect(waitsOn({ therapistId: null, startedByUserId: null })).toEqual([]);
  });
});
