import { describe, expect, it } from 'vitest';
import {
  acceptsAnswers,
  afterRiskHelp,
  isSessionMeasure,
  nextMeasure,
  opensDaysBefore,
  questionnaireWindow,
  sessionWhen,
  staffMayEnter,
  windowState,
  type SessionTimes,
} from './questionnaires.rules';

// Tuesday 1 December 2026, 10:00–10:50 London (GMT, so the same in UTC).
const session: SessionTimes = {
  startsAt: new Date('2026-12-01T10:00:00Z'),
  endsAt: new Date('2026-12-01T10:50:00Z'),
  status: 'booked',
};
const at = (iso: string) => new Date(iso);

describe('the questionnaire window', () => {
  it('opens at midnight UK time 3 days before the session day and closes when it ends', () => {
    const w = questionnaireWindow(session, 3);
    expect(w.opensAt.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-12-01T10:50:00.000Z');
  });

  it('is not open a moment before it opens, and is open from that moment', () => {
    expect(windowState(session, at('2026-11-27T23:59:59.999Z'), 3)).toBe('not_yet');
    expect(windowState(session, at('2026-11-28T00:00:00Z'), 3)).toBe('open');
  });

  it('stays open through the session and closes the moment it ends', () => {
    expect(windowState(session, at('2026-12-01T10:30:00Z'), 3)).toBe('open');
    expect(windowState(session, at('2026-12-01T10:49:59.999Z'), 3)).toBe('open');
    expect(windowState(session, at('2026-12-01T10:50:00Z'), 3)).toBe('closed');
  });

  it('follows the service setting, including 0 (the session day only)', () => {
    expect(questionnaireWindow(session, 7).opensAt.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(questionnaireWindow(session, 0).opensAt.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(windowState(session, at('2026-11-30T23:00:00Z'), 0)).toBe('not_yet');
  });

  it('uses UK midnight in summer time (an hour before UTC midnight)', () => {
    const summer = {
      startsAt: new Date('2026-06-10T09:00:00Z'), // 10am BST
      endsAt: new Date('2026-06-10T09:50:00Z'),
    };
    expect(questionnaireWindow(summer, 3).opensAt.toISOString()).toBe('2026-06-06T23:00:00.000Z');
  });

  it('falls back to 3 days for a missing or nonsense setting', () => {
    expect(opensDaysBefore(undefined)).toBe(3);
    expect(opensDaysBefore(-1)).toBe(3);
    expect(opensDaysBefore(1.5)).toBe(3);
    expect(opensDaysBefore(5)).toBe(5);
  });

  it('is closed for a cancelled or missed session', () => {
    const now = at('2026-11-30T12:00:00Z');
    expect(windowState({ ...session, status: 'cancelled' }, now, 3)).toBe('closed');
    expect(windowState({ ...session, status: 'did_not_attend' }, now, 3)).toBe('closed');
    expect(windowState({ ...session, status: 'attended' }, now, 3)).toBe('open');
  });

  it('still accepts answers sent after the session ended, never before the window opens', () => {
    expect(acceptsAnswers(session, at('2026-11-27T23:59:00Z'), 3)).toBe(false);
    expect(acceptsAnswers(session, at('2026-12-01T11:30:00Z'), 3)).toBe(true);
  });

  it('lets staff enter answers from the window opening, not for a cancelled session', () => {
    expect(staffMayEnter(session, at('2026-11-20T10:00:00Z'), 3)).toBe(false);
    expect(staffMayEnter(session, at('2026-12-01T10:10:00Z'), 3)).toBe(true);
    expect(staffMayEnter(session, at('2026-12-08T10:00:00Z'), 3)).toBe(true);
    expect(staffMayEnter({ ...session, status: 'cancelled' }, at('2026-12-01T10:10:00Z'), 3)).toBe(
      false,
    );
  });
});

describe('the order of the questionnaires', () => {
  it('goes to the next one not completed, then back to any skipped', () => {
    expect(nextMeasure(null, new Set())).toBe('phq9');
    expect(nextMeasure('phq9', new Set(['phq9']))).toBe('gad7');
    expect(nextMeasure('gad7', new Set(['phq9', 'gad7', 'wsas']))).toBe('iapt_phobia');
    expect(nextMeasure('iapt_phobia', new Set(['gad7', 'wsas', 'iapt_phobia']))).toBe('phq9');
    expect(nextMeasure('wsas', new Set(['phq9', 'gad7', 'wsas', 'iapt_phobia']))).toBeNull();
  });

  it('goes back to an unfinished PHQ-9 after crisis help, at the next question (H1)', () => {
    expect(afterRiskHelp(new Set(), { phq9_1: '1', phq9_2: '0', phq9_9: '2' })).toEqual({
      measureId: 'phq9',
      itemId: 'phq9_3',
    });
    expect(afterRiskHelp(new Set(), { phq9_9: '1' })).toEqual({
      measureId: 'phq9',
      itemId: 'phq9_1',
    });
    // Unfinished though the GAD-7 was answered first: still back to the PHQ-9.
    expect(afterRiskHelp(new Set(['gad7']), undefined)).toEqual({
      measureId: 'phq9',
      itemId: 'phq9_1',
    });
    // Finished: on to the next questionnaire, or the end.
    expect(afterRiskHelp(new Set(['phq9']), undefined)).toEqual({
      measureId: 'gad7',
      itemId: null,
    });
    expect(afterRiskHelp(new Set(['phq9', 'gad7', 'wsas', 'iapt_phobia']), undefined)).toBeNull();
  });

  it('knows the session questionnaires', () => {
    expect(isSessionMeasure('phq9')).toBe(true);
    expect(isSessionMeasure('iapt_phobia')).toBe(true);
    expect(isSessionMeasure('peq_treatment')).toBe(false);
    expect(isSessionMeasure('toString')).toBe(false);
  });
});

describe('when the session is, in words', () => {
  it('says the day, date and time, without the year when it is this year', () => {
    expect(sessionWhen(session.startsAt, at('2026-11-28T09:00:00Z'))).toBe(
      'Tuesday 1 December at 10am',
    );
    expect(sessionWhen(new Date('2027-01-05T14:30:00Z'), at('2026-12-30T09:00:00Z'))).toBe(
      'Tuesday 5 January 2027 at 2:30pm',
    );
  });
});
