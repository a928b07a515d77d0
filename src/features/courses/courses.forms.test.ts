import { describe, expect, it } from 'vitest';
import { parseAllocation, preferenceFromAnswers } from './courses.forms';

const THERAPIST = '00000000-0000-4000-8000-000000000002';

describe('parseAllocation', () => {
  it('reads a good allocation', () => {
    expect(
      parseAllocation({
        therapistId: THERAPIST,
        plannedSessions: ' 14 ',
        modePreference: 'face_to_face',
      }).input,
    ).toEqual({
      therapistId: THERAPIST,
      length: { plannedSessions: 14, sessionMinutes: 50, reason: null, warnings: [] },
      modePreference: 'face_to_face',
    });
  });
  it('asks why a plan is outside 12 to 16, and refuses sessions by phone', () => {
    const { errors } = parseAllocation({
      therapistId: '',
      plannedSessions: '17',
      modePreference: 'phone',
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Select a therapist',
      'Enter why this course is different from the usual: 17 sessions is outside the usual 12 to 16',
      'IPT is not offered by phone. Select a video call or a face-to-face session',
    ]);
    expect(
      parseAllocation({
        therapistId: THERAPIST,
        plannedSessions: '17',
        sessionMinutes: '60',
        lengthReason: 'Bereavement work needs longer',
        modePreference: 'video',
      }).input?.length,
    ).toEqual({
      plannedSessions: 17,
      sessionMinutes: 60,
      reason: 'Bereavement work needs longer',
      warnings: [
        '17 sessions is outside the usual 12 to 16',
        '60 minutes is longer than the usual 50',
      ],
    });
    expect(
      parseAllocation({ therapistId: THERAPIST, plannedSessions: '12', modePreference: '' })
        .errors[0]!.message,
    ).toBe('Select whether they would prefer video calls or face-to-face sessions');
  });
});

describe('preferenceFromAnswers', () => {
  it('reads how and where the patient said they would like their sessions', () => {
    expect(
      preferenceFromAnswers({
        sessions: { mode: 'face_to_face', locationId: 'x', locationName: 'Leeds Central' },
      }),
    ).toEqual({ mode: 'face_to_face', locationName: 'Leeds Central' });
    expect(preferenceFromAnswers({ sessions: { mode: 'no_preference' } })).toEqual({
      mode: null,
      locationName: null,
    });
    expect(preferenceFromAnswers(null)).toEqual({ mode: null, locationName: null });
  });
});
