import { describe, expect, it } from 'vitest';
import { NOT_ENOUGH_SCORES, outcomeLines, percent, type StoredOutcome } from './outcomes.labels';

const computed: StoredOutcome = {
  status: 'computed',
  attendedSessions: 12,
  finishedTreatment: true,
  phq9First: 16,
  phq9FirstContext: 'session',
  phq9Last: 7,
  gad7First: 11,
  gad7FirstContext: 'assessment',
  gad7Last: 5,
  casenessAtStart: true,
  recovered: true,
  reliableImprovement: true,
  reliableDeterioration: false,
  noReliableChange: false,
  reliableRecovery: true,
};

const text = (o: StoredOutcome) =>
  Object.fromEntries(outcomeLines(o).map((l) => [l.label, l.value]));

describe('outcomeLines', () => {
  it('words a computed outcome plainly', () => {
    expect(text(computed)).toEqual({
      'Finished a course of treatment': 'Yes (12 attended treatment sessions)',
      'PHQ-9': '16 (first treatment session) to 7 (last treatment session)',
      'GAD-7': '11 (assessment) to 5 (last treatment session)',
      'Caseness at the start': 'Yes',
      Recovery: 'Yes',
      'Reliable improvement': 'Yes',
      'Reliable deterioration': 'No',
      'No reliable change': 'No',
      'Reliable recovery': 'Yes',
    });
  });

  it('says why a flag does not apply', () => {
    const notCaseness = text({
      ...computed,
      casenessAtStart: false,
      recovered: null,
      reliableRecovery: null,
    });
    expect(notCaseness.Recovery).toBe('Not applicable: not at caseness at the start');
    expect(notCaseness['Reliable improvement']).toBe('Yes');
    const notFinished = text({
      ...computed,
      attendedSessions: 1,
      finishedTreatment: false,
      recovered: null,
      reliableImprovement: null,
      reliableDeterioration: null,
      noReliableChange: null,
      reliableRecovery: null,
    });
    expect(notFinished['Finished a course of treatment']).toBe(
      'No (1 attended treatment session; at least 2 are needed)',
    );
    expect(notFinished['No reliable change']).toBe(
      'Not applicable: did not finish a course of treatment',
    );
  });

  it('says plainly when there were not enough scores', () => {
    const lines = text({
      ...computed,
      status: 'insufficient_scores',
      phq9First: null,
      phq9FirstContext: null,
      gad7First: null,
      gad7FirstContext: null,
      gad7Last: null,
      casenessAtStart: null,
      recovered: null,
      reliableImprovement: null,
      reliableDeterioration: null,
      noReliableChange: null,
      reliableRecovery: null,
    });
    expect(lines).toEqual({
      'Finished a course of treatment': 'Yes (12 attended treatment sessions)',
      'PHQ-9': `${NOT_ENOUGH_SCORES}: only one PHQ-9 score`,
      'GAD-7': `${NOT_ENOUGH_SCORES}: no GAD-7 scores`,
      Outcome: NOT_ENOUGH_SCORES,
    });
  });
});

describe('percent', () => {
  it.each([
    [0.484, '48.4%'],
    [0.51, '51.0%'],
    [2 / 3, '66.7%'],
    [1, '100.0%'],
    [0, '0.0%'],
    [null, 'No courses to measure'],
  ])('%s → %s', (rate, expected) => {
    expect(percent(rate)).toBe(expected);
  });
});
