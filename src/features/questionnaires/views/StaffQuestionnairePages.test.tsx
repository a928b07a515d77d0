import { describe, expect, it } from 'vitest';
import type { HistoryVersion } from '../questionnaires.service';
import { enteredByText } from './StaffQuestionnairePages';

// Thursday 3 December 2026, 2pm to 2:50pm in London (GMT).
const session = {
  startsAt: new Date('2026-12-03T14:00:00Z'),
  endsAt: new Date('2026-12-03T14:50:00Z'),
};

function version(enteredByRole: 'patient' | 'clinician', completedAt: string): HistoryVersion {
  return {
    response: {
      enteredByRole,
      completedAt: new Date(completedAt),
      supersedesId: null,
      patientAnswers: null,
      patientSavedAt: null,
    } as unknown as HistoryVersion['response'],
    enteredByName: 'Jo Evans',
    enteredByRoles: ['therapist'],
  };
}

describe('who entered the answers and when, against the session (walk 11)', () => {
  it('says answers a therapist entered two days ahead came before the session, not in it', () => {
    expect(enteredByText(version('clinician', '2026-12-01T07:59:00Z'), null, session)).toBe(
      'Entered by Jo Evans (therapist) before the session, Tuesday 1 December 2026 at 7:59am',
    );
  });

  it('says in the session only while it is running', () => {
    expect(enteredByText(version('clinician', '2026-12-03T14:20:00Z'), null, session)).toContain(
      'Entered by Jo Evans (therapist) in the session, Thursday 3 December 2026 at 2:20pm',
    );
    expect(enteredByText(version('clinician', '2026-12-03T14:50:00Z'), null, session)).toContain(
      'after the session',
    );
  });

  it('says a patient who sent theirs after the session did so after it', () => {
    expect(enteredByText(version('patient', '2026-12-03T13:00:00Z'), null, session)).toBe(
      'Answered by the patient before the session, Thursday 3 December 2026 at 1pm',
    );
    expect(enteredByText(version('patient', '2026-12-03T18:00:00Z'), null, session)).toBe(
      'Answered by the patient after the session, Thursday 3 December 2026 at 6pm',
    );
  });
});
