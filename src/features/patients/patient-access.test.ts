import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../../platform/types';
import { canSeePatient } from './patient-access';

const user = (userId: string, roles: AuthUser['roles']): AuthUser => ({
  serviceId: 's',
  userId,
  email: 'x@y.z',
  displayName: 'X',
  roles,
  sessionTokenHash: 'h',
});

describe('who may open a patient record', () => {
  const record = { userId: 'patient-1', responsibleClinicianId: 'therapist-1' };
  it('lets the patient see their own record only', () => {
    expect(canSeePatient(user('patient-1', ['patient']), record)).toBe(true);
    expect(canSeePatient(user('patient-2', ['patient']), record)).toBe(false);
  });
  it('lets the responsible therapist in, not another therapist', () => {
    expect(canSeePatient(user('therapist-1', ['therapist']), record)).toBe(true);
    expect(canSeePatient(user('therapist-2', ['therapist']), record)).toBe(false);
  });
  it('lets a supervisor see their trainees’ patients only', () => {
    expect(canSeePatient(user('sup', ['supervisor']), record, ['therapist-1'])).toBe(true);
    expect(canSeePatient(user('sup', ['supervisor']), record, ['therapist-9'])).toBe(false);
  });
  it('lets service managers see every record', () => {
    expect(canSeePatient(user('m', ['service_manager']), record)).toBe(true);
  });
  it('keeps moderators and community members out', () => {
    expect(canSeePatient(user('mod', ['moderator']), record)).toBe(false);
    expect(canSeePatient(user('c', ['community_member']), record)).toBe(false);
  });
  it('does not match a record with no account to a user with none', () => {
    expect(
      canSeePatient(user('therapist-2', ['therapist']), {
        userId: null,
        responsibleClinicianId: null,
      }),
    ).toBe(false);
  });
});
