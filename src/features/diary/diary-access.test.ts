import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../../platform/types';
import { canBookFor, canManage, canViewDiaryOf } from './diary-access';

const user = (userId: string, roles: AuthUser['roles']): AuthUser => ({
  serviceId: 's',
  userId,
  email: 'x@y.z',
  displayName: 'X',
  roles,
  sessionTokenHash: 'h',
});

describe('canManage (staff access to an appointment or course)', () => {
  const facts = { therapistId: 'sam', responsibleClinicianId: 'sam' };
  it('lets a service manager manage anything', () => {
    expect(canManage(user('m', ['service_manager']), facts)).toBe(true);
  });
  it('lets the therapist in whose diary it is, or the responsible clinician', () => {
    expect(canManage(user('sam', ['therapist']), facts)).toBe(true);
    expect(canManage(user('alex', ['therapist']), facts)).toBe(false);
    expect(
      canManage(user('alex', ['therapist']), {
        therapistId: 'cover',
        responsibleClinicianId: 'alex',
      }),
    ).toBe(true);
  });
  it('lets a supervisor in for their trainees only', () => {
    expect(canManage(user('priya', ['supervisor']), facts, ['sam'])).toBe(true);
    expect(canManage(user('priya', ['supervisor']), facts, ['jo'])).toBe(false);
    expect(
      canManage(
        user('priya', ['supervisor']),
        { therapistId: 'cover', responsibleClinicianId: 'jo' },
        ['jo'],
      ),
    ).toBe(true);
  });
  it('keeps patients, moderators and community members out', () => {
    expect(canManage(user('sam', ['patient']), facts)).toBe(false);
    expect(canManage(user('mod', ['moderator']), facts)).toBe(false);
    expect(canManage(user('c', ['community_member']), facts)).toBe(false);
  });
  it('does not treat a supervisor’s own id as a therapist match without the therapist role', () => {
    expect(canManage(user('sam', ['supervisor']), facts, [])).toBe(false);
  });
});

describe('canViewDiaryOf', () => {
  it('allows a therapist their own diary only', () => {
    expect(canViewDiaryOf(user('sam', ['therapist']), 'sam')).toBe(true);
    expect(canViewDiaryOf(user('sam', ['therapist']), 'alex')).toBe(false);
  });
  it('allows a supervisor their trainees’ diaries', () => {
    expect(canViewDiaryOf(user('priya', ['supervisor', 'therapist']), 'jo', ['jo'])).toBe(true);
    expect(canViewDiaryOf(user('priya', ['supervisor', 'therapist']), 'alex', ['jo'])).toBe(false);
  });
  it('allows a manager every diary', () => {
    expect(canViewDiaryOf(user('m', ['service_manager']), 'alex')).toBe(true);
  });
});

describe('canBookFor', () => {
  it('lets therapists book in their own diary, managers in anyone’s', () => {
    expect(canBookFor(user('sam', ['therapist']), 'sam')).toBe(true);
    expect(canBookFor(user('sam', ['therapist']), 'alex')).toBe(false);
    expect(canBookFor(user('m', ['service_manager']), 'alex')).toBe(true);
    expect(canBookFor(user('priya', ['supervisor']), 'jo')).toBe(false);
  });
});
