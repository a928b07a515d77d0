import { describe, expect, it } from 'vitest';
import {
  constraintError,
  isActiveCourseClash,
  isDeadlock,
  overlapMessage,
  overlapViolation,
  retryAfterDeadlock,
} from './db-errors';

const pgError = (code: string, constraint?: string) =>
  Object.assign(new Error('conflicting key value violates exclusion constraint'), {
    code,
    constraint,
  });

describe('recognising database refusals', () => {
  it('finds the SQLSTATE on the error or along its cause chain (drizzle wraps driver errors)', () => {
    const wrapped = new Error('Failed query', {
      cause: pgError('23P01', 'appointments_room_no_overlap'),
    });
    expect(constraintError(wrapped)).toEqual({
      code: '23P01',
      constraint: 'appointments_room_no_overlap',
    });
    expect(overlapViolation(wrapped)).toBe('room');
  });
  it('maps each exclusion constraint to who is double-booked', () => {
    expect(overlapViolation(pgError('23P01', 'appointments_therapist_no_overlap'))).toBe(
      'therapist',
    );
    expect(overlapViolation(pgError('23P01', 'appointments_patient_no_overlap'))).toBe('patient');
    expect(overlapViolation(pgError('23P01', 'something_else'))).toBeNull();
    expect(overlapViolation(pgError('23505', 'appointments_therapist_no_overlap'))).toBeNull();
  });
  it('says who is busy, on the field to change', () => {
    const names = {
      therapist: 'Casey Clinician',
      patient: 'Pat Patient',
      room: 'Room 1',
      location: 'Riverside',
    };
    expect(overlapMessage('therapist', names)).toEqual({
      field: 'time',
      message: 'Casey Clinician already has an appointment at that time',
    });
    expect(overlapMessage('patient', names)).toEqual({
      field: 'time',
      message: 'Pat Patient already has an appointment at that time',
    });
    expect(overlapMessage('room', names)).toEqual({
      field: 'roomId',
      message: 'Room 1 at Riverside is already booked at that time',
    });
    const blank = { therapist: '', patient: '', room: '', location: '' };
    expect(overlapMessage('therapist', blank).message).toBe(
      'The therapist already has an appointment at that time',
    );
    expect(overlapMessage('room', blank).message).toBe(
      'The room at this location is already booked at that time',
    );
  });
  it('recognises a second active course', () => {
    expect(isActiveCourseClash(pgError('23505', 'treatment_courses_one_active_idx'))).toBe(true);
    expect(isActiveCourseClash(pgError('23505', 'other_idx'))).toBe(false);
  });
  it('ignores errors that are not constraint violations', () => {
    expect(constraintError(new Error('connection lost'))).toBeNull();
    expect(constraintError(pgError('40001'))).toBeNull();
    expect(constraintError(null)).toBeNull();
    expect(constraintError('text')).toBeNull();
  });
});

describe('a deadlock victim is run again', () => {
  const deadlock = () => new Error('Failed query', { cause: pgError('40P01') });

  it('recognises a deadlock along the cause chain, and nothing else', () => {
    expect(isDeadlock(deadlock())).toBe(true);
    expect(isDeadlock(pgError('23P01', 'appointments_therapist_no_overlap'))).toBe(false);
    expect(isDeadlock(new Error('deadlock detected'))).toBe(false);
  });

  it('runs the transaction again after a deadlock and answers what the next attempt answers', async () => {
    let runs = 0;
    const answer = await retryAfterDeadlock(() => {
      runs++;
      return runs === 1 ? Promise.reject(deadlock()) : Promise.resolve('booked');
    });
    expect(answer).toBe('booked');
    expect(runs).toBe(2);
  });

  it('passes any other error straight on without running again', async () => {
    let runs = 0;
    const clash = pgError('23P01', 'appointments_therapist_no_overlap');
    await expect(
      retryAfterDeadlock(() => {
        runs++;
        return Promise.reject(clash);
      }),
    ).rejects.toBe(clash);
    expect(runs).toBe(1);
  });

  it('gives up after the last attempt and passes the deadlock on', async () => {
    let runs = 0;
    await expect(
      retryAfterDeadlock(() => {
        runs++;
        return Promise.reject(deadlock());
      }, 3),
    ).rejects.toThrow('Failed query');
    expect(runs).toBe(3);
  });
});
