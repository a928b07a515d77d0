import { describe, expect, it } from 'vitest';
import { outcomeSentences, type OutcomeFacts } from './courses.outcome-words';

const scores = { phq9First: 17, phq9Last: 5, gad7First: 12, gad7Last: 3 };
const none = {
  recovered: null,
  reliableImprovement: null,
  reliableDeterioration: null,
  noReliableChange: null,
  reliableRecovery: null,
};
const verdict = (o: Partial<OutcomeFacts>) =>
  outcomeSentences({ ...scores, ...none, ...o })
    .slice(2)
    .join(' ');

describe('the outcome in the GP’s discharge letter (walk 11)', () => {
  it('names reliable recovery, the headline measure, when the scores make it', () => {
    expect(verdict({ recovered: true, reliableImprovement: true, reliableRecovery: true })).toBe(
      'By the NHS Talking Therapies measures, this is reliable recovery.',
    );
  });

  it('says recovery without a reliable improvement is not a reliable change', () => {
    expect(verdict({ recovered: true, reliableImprovement: false, noReliableChange: true })).toBe(
      'By the NHS Talking Therapies measures, this is recovery: the scores are now below the clinical thresholds, but the change is not large enough to be a reliable improvement.',
    );
  });

  it('tells the GP of a reliable deterioration rather than saying nothing', () => {
    expect(
      verdict({ recovered: false, reliableImprovement: false, reliableDeterioration: true }),
    ).toBe(
      'By the NHS Talking Therapies measures, this is a reliable deterioration: the scores are worse than at the start by more than chance would explain.',
    );
  });

  it('says when there was no reliable change, and nothing when the outcome is not known', () => {
    expect(verdict({ recovered: false, reliableImprovement: false, noReliableChange: true })).toBe(
      'By the NHS Talking Therapies measures, there was no reliable change in the scores.',
    );
    expect(verdict({})).toBe('');
    expect(verdict({ reliableImprovement: true })).toBe(
      'By the NHS Talking Therapies measures, this is a reliable improvement.',
    );
  });
});
