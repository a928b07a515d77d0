import { describe, expect, it } from 'vitest';
import { aimRatingSessionMessage, checkAimRatingSession } from './aims';

const aimIds = ['a', 'b', 'c'];

describe('checkAimRatingSession (H11)', () => {
  it('accepts a session that has taken place, not rated before', () => {
    expect(
      checkAimRatingSession({ sessionNumber: 3, attendedSessions: 4, aimIds, earlier: [] }),
    ).toBeNull();
    expect(
      checkAimRatingSession({
        sessionNumber: 4,
        attendedSessions: 4,
        aimIds,
        earlier: [{ aimId: 'a', sessionNumber: 3 }],
      }),
    ).toBeNull();
  });

  it('refuses a session that has not taken place yet', () => {
    const problem = checkAimRatingSession({
      sessionNumber: 5,
      attendedSessions: 4,
      aimIds,
      earlier: [],
    });
    expect(problem).toEqual({ reason: 'not_taken_place', attendedSessions: 4 });
    expect(aimRatingSessionMessage(problem!, 5)).toBe(
      'Session 5 has not taken place yet. Enter a session from 1 to 4',
    );
    expect(
      checkAimRatingSession({ sessionNumber: 0, attendedSessions: 4, aimIds, earlier: [] }),
    ).toEqual({ reason: 'not_taken_place', attendedSessions: 4 });
  });

  it('refuses any session before the first has taken place', () => {
    const problem = checkAimRatingSession({
      sessionNumber: 1,
      attendedSessions: 0,
      aimIds,
      earlier: [],
    });
    expect(problem).toEqual({ reason: 'no_session_yet' });
    expect(aimRatingSessionMessage(problem!, 1)).toContain('No session of this course');
  });

  it('refuses a second rating of an aim at the same session, naming the aims', () => {
    const earlier = [
      { aimId: 'a', sessionNumber: 3 },
      { aimId: 'c', sessionNumber: 3 },
      { aimId: 'b', sessionNumber: 2 },
    ];
    const problem = checkAimRatingSession({
      sessionNumber: 3,
      attendedSessions: 4,
      aimIds,
      earlier,
    });
    expect(problem).toEqual({ reason: 'already_rated', aimNumbers: [1, 3] });
    expect(aimRatingSessionMessage(problem!, 3)).toBe(
      'You already rated aims 1 and 3 at session 3. Enter the session number of a review you have not rated',
    );
    expect(aimRatingSessionMessage({ reason: 'already_rated', aimNumbers: [2] }, 2)).toContain(
      'You already rated aim 2 at session 2',
    );
  });
});
