import { describe, expect, it } from 'vitest';
import { accreditationText, parseProfile, profileToValues } from './therapists.forms';

const SUPERVISOR = '00000000-0000-4000-8000-000000000009';

describe('parseProfile', () => {
  it('reads a qualified therapist', () => {
    const { parsed, errors } = parseProfile({
      jobTitle: 'IPT therapist',
      professionalBody: 'BACP',
      registrationNumber: 'abc-123',
      trainee: 'no',
      supervisorId: SUPERVISOR,
      therapies: ['ipt', 'ipt', 'cbt'],
      'hours-1-opens': '9am',
      'hours-1-closes': '17:30',
    });
    expect(errors).toEqual([]);
    expect(parsed).toEqual({
      jobTitle: 'IPT therapist',
      professionalBody: 'BACP',
      registrationNumber: 'ABC-123',
      trainee: false,
      supervisorId: null, // only trainees have a supervisor recorded here
      therapies: ['ipt', 'cbt'],
      locationIds: [],
      workingPattern: { '1': { opens: '09:00', closes: '17:30' } },
    });
  });

  it('lets a trainee have no registration yet, but needs a supervisor', () => {
    const none = parseProfile({
      jobTitle: 'Trainee',
      professionalBody: 'none',
      trainee: 'yes',
      therapies: 'ipt',
    });
    expect(none.errors.map((e) => e.message)).toEqual(['Select the supervisor for this trainee']);
    const ok = parseProfile({
      jobTitle: 'Trainee',
      professionalBody: 'none',
      trainee: 'yes',
      supervisorId: SUPERVISOR,
      therapies: 'ipt',
    });
    expect(ok.errors).toEqual([]);
    expect(ok.parsed).toMatchObject({
      professionalBody: null,
      registrationNumber: null,
      supervisorId: SUPERVISOR,
    });
  });

  it('refuses unknown bodies and therapies, and a number without a body', () => {
    const { errors } = parseProfile({
      jobTitle: 'x',
      professionalBody: 'GMC',
      registrationNumber: '12345',
      trainee: 'no',
      therapies: ['ipt', 'reiki'],
    });
    expect(errors.map((e) => e.field)).toEqual(['professionalBody', 'therapies']);
    const bad = parseProfile({
      jobTitle: 'x',
      professionalBody: 'HCPC',
      registrationNumber: '<script>',
      trainee: 'no',
      therapies: 'ipt',
    });
    expect(bad.errors[0]!.message).toContain('Registration number must be 2 to 30 letters');
  });
});

describe('showing a profile', () => {
  it('describes accreditation in words', () => {
    expect(
      accreditationText(
        { professionalBody: 'UKCP', registrationNumber: '99', trainee: true },
        'Dr Priya Shah',
      ),
    ).toEqual([
      'Registered with the UK Council for Psychotherapy (UKCP), registration number 99',
      'IPT trainee, supervised by Dr Priya Shah',
    ]);
    expect(
      accreditationText({ professionalBody: null, registrationNumber: null, trainee: false }, null),
    ).toEqual([]);
  });
  it('fills the form from a saved profile', () => {
    expect(profileToValues(null, []).trainee).toBe('');
    expect(
      profileToValues(
        {
          jobTitle: 'T',
          professionalBody: null,
          registrationNumber: null,
          trainee: true,
          supervisorId: SUPERVISOR,
          therapies: ['ipt'],
          workingPattern: { '5': { opens: '09:00', closes: '12:00' } },
        },
        ['loc'],
      ),
    ).toMatchObject({
      professionalBody: 'none',
      trainee: 'yes',
      locationIds: ['loc'],
      hours: { '5': { opens: '09:00', closes: '12:00' } },
    });
  });
});
