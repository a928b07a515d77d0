import { describe, expect, it } from 'vitest';
import { parseAllocation, parseEndCourse } from './courses.forms';

const THERAPIST = '00000000-0000-4000-8000-000000000002';

describe('parseAllocation', () => {
  it('reads a good allocation', () => {
    expect(
      parseAllocation({
        therapistId: THERAPIST,
        plannedSessions: ' 14 ',
        modePreference: 'face_to_face',
      }).input,
    ).toEqual({ therapistId: THERAPIST, plannedSessions: 14, modePreference: 'face_to_face' });
  });
  it('refuses a plan outside 12 to 16 and sessions by phone', () => {
    const { errors } = parseAllocation({
      therapistId: '',
      plannedSessions: '17',
      modePreference: 'phone',
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Select a therapist',
      'Planned sessions must be between 12 and 16',
      'IPT is not offered by phone. Choose a video call or a face-to-face session',
    ]);
    expect(
      parseAllocation({ therapistId: THERAPIST, plannedSessions: '12', modePreference: '' })
        .errors[0]!.message,
    ).toBe('Select whether they would prefer video calls or face-to-face sessions');
  });
});

describe('parseEndCourse', () => {
  it('needs a reason', () => {
    expect(parseEndCourse({ reason: '  ' }).errors[0]!.message).toBe(
      'Enter why the course is ending',
    );
    expect(parseEndCourse({ reason: 'Finished' })).toEqual({ reason: 'Finished', errors: [] });
  });
});
