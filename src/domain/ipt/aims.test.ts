import { describe, expect, it } from 'vitest';
import {
  aimNotYetSetMessage,
  aimRatingSessionMessage,
  aimsAtSession,
  checkAimRatingSession,
} from './aims';

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

describe('aimsAtSession: an aim is rated only from the day it was set', () => {
  const aims = [
    { id: 'first', createdAt: new Date('2026-11-02T10:40:00Z') },
    // Set in the evening of 9 November, after that day's session.
    { id: 'same-day', createdAt: new Date('2026-11-09T19:00:00Z') },
    // 00:30 on 17 November in London in summer time would differ; in November, UK time is UTC.
    { id: 'later', createdAt: new Date('2026-11-17T00:30:00Z') },
  ];
  const ids = (startsAt: string) =>
    aimsAtSession(aims, { startsAt: new Date(startsAt) }).map((a) => a.id);

  it('leaves out the aims set after the session’s day', () => {
    expect(ids('2026-11-02T10:00:00Z')).toEqual(['first']);
    expect(ids('2026-11-09T10:00:00Z')).toEqual(['first', 'same-day']);
    expect(ids('2026-11-16T10:00:00Z')).toEqual(['first', 'same-day']);
    expect(ids('2026-11-23T10:00:00Z')).toEqual(['first', 'same-day', 'later']);
  });

  it('goes by the UK day: an aim set at 00:30 BST belongs to that day', () => {
    const summer = [{ createdAt: new Date('2026-06-09T23:30:00Z') }]; // 00:30 on 10 June, BST
    expect(aimsAtSession(summer, { startsAt: new Date('2026-06-09T09:00:00Z') })).toEqual([]);
    expect(aimsAtSession(summer, { startsAt: new Date('2026-06-10T09:00:00Z') })).toHaveLength(1);
  });

  it('says why an aim is not rated at an earlier session', () => {
    expect(
      aimNotYetSetMessage(3, aims[2]!, { number: 2, startsAt: new Date('2026-11-09T10:00:00Z') }),
    ).toBe(
      'Aim 3 was set on 17 November 2026, after session 2 on 9 November 2026, so it is not rated at that session',
    );
  });
});
