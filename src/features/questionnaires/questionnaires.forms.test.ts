import { describe, expect, it } from 'vitest';
import { GAD7, IAPT_PHOBIA, PHQ9, WSAS } from '../../domain/measures';
import {
  CORRECTION_REASON_MAX,
  answeredCount,
  cleanDraft,
  parseAnswers,
  parseCorrection,
  pickAnswers,
  rawFromStored,
  wantsToSaveForLater,
} from './questionnaires.forms';

const all = (prefix: string, count: number, value: string) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}_${i + 1}`, value]));

describe('answers on a questionnaire page', () => {
  it('keeps only real options, so a tampered value is asked again rather than stored', () => {
    const raw = pickAnswers(PHQ9, {
      phq9_1: '2',
      phq9_2: '9',
      phq9_3: 'abc',
      phq9_4: ['1', '3'],
      phq9_5: ' 0 ',
      gad7_1: '1',
      _csrf: 'x',
    });
    expect(raw).toEqual({ phq9_1: '2', phq9_4: '1', phq9_5: '0' });
    expect(answeredCount(PHQ9, raw)).toBe(3);
  });

  it('keeps "does not apply" only where the question offers it', () => {
    expect(pickAnswers(WSAS, { wsas_1: 'not-applicable', wsas_2: 'not-applicable' })).toEqual({
      wsas_1: 'not-applicable',
    });
  });

  it('reads a stored draft back safely', () => {
    expect(cleanDraft(GAD7, { gad7_1: '3', gad7_2: '7', other: '1' })).toEqual({ gad7_1: '3' });
    expect(cleanDraft(GAD7, null)).toEqual({});
    expect(cleanDraft(GAD7, ['1'])).toEqual({});
  });

  it('tells "Save and come back later" from "Continue"', () => {
    expect(wantsToSaveForLater({ action: 'save' })).toBe(true);
    expect(wantsToSaveForLater({ action: 'continue' })).toBe(false);
    expect(wantsToSaveForLater({})).toBe(false);
  });
});

describe('submitting a questionnaire', () => {
  it('cannot be submitted incomplete: one error per unanswered question, in order', () => {
    const result = parseAnswers('phq9', { phq9_1: '1', phq9_3: '0' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      'phq9_2',
      'phq9_4',
      'phq9_5',
      'phq9_6',
      'phq9_7',
      'phq9_8',
      'phq9_9',
    ]);
    expect(result.errors[0]).toEqual({
      field: 'phq9_2',
      href: 'phq9_2-1',
      message: 'Select an answer for question 2',
    });
  });

  it('scores a complete questionnaire and flags PHQ-9 question 9 above 0', () => {
    const calm = parseAnswers('phq9', all('phq9', 9, '0'));
    expect(calm.ok && calm.value.riskFlag).toBe(false);
    const risk = parseAnswers('phq9', { ...all('phq9', 9, '1'), phq9_9: '1' });
    expect(risk.ok && risk.value.riskFlag).toBe(true);
    expect(risk.ok && risk.value.total).toBe(9);
  });

  it('scores the WSAS with work not applicable and the phobia scales item by item', () => {
    const wsas = parseAnswers('wsas', { ...all('wsas', 5, '4'), wsas_1: 'not-applicable' });
    expect(wsas.ok && wsas.value.total).toBe(16);
    const phobia = parseAnswers('iapt_phobia', all('iapt_phobia', 3, '5'));
    expect(phobia.ok && phobia.value.total).toBeNull();
    expect(phobia.ok && phobia.value.caseness).toBe(true);
    expect(IAPT_PHOBIA.items).toHaveLength(3);
  });
});

describe('correcting a questionnaire', () => {
  const original = { ...Object.fromEntries(PHQ9.items.map((i) => [i.id, 1])) };
  const body = (over: Record<string, string> = {}) => ({
    ...all('phq9', 9, '1'),
    phq9_3: '2',
    reason: 'Patient said they chose the wrong answer for sleep.',
    ...over,
  });

  it('accepts changed answers with a reason', () => {
    const { result } = parseCorrection('phq9', body(), original);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.score.total).toBe(10);
    expect(result.value.reason).toBe('Patient said they chose the wrong answer for sleep.');
  });

  it('requires a reason, and not too long a one', () => {
    const missing = parseCorrection('phq9', body({ reason: '   ' }), original);
    expect(missing.result.ok).toBe(false);
    expect(!missing.result.ok && missing.result.errors).toEqual([
      { field: 'reason', message: 'Enter why you are correcting these answers' },
    ]);
    const long = parseCorrection(
      'phq9',
      body({ reason: 'x'.repeat(CORRECTION_REASON_MAX + 1) }),
      original,
    );
    expect(!long.result.ok && long.result.errors[0]!.message).toBe(
      'The reason must be 1,000 characters or fewer',
    );
    expect(parseCorrection('phq9', body({ reason: 'x'.repeat(1000) }), original).result.ok).toBe(
      true,
    );
  });

  it('requires every question answered and keeps what was typed', () => {
    const { values, result } = parseCorrection('phq9', body({ phq9_9: '' }), original);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['phq9_9']);
    expect(values.answers.phq9_3).toBe('2');
    expect(values.reason).toContain('wrong answer');
  });

  it('refuses a "correction" that changes nothing', () => {
    const { result } = parseCorrection('phq9', body({ phq9_3: '1' }), original);
    expect(!result.ok && result.errors[0]!.message).toBe(
      'Change at least one answer. If nothing needs correcting, go back without saving',
    );
  });

  it('prefills the form from the stored answers', () => {
    expect(rawFromStored({ wsas_1: 'not-applicable', wsas_2: 3 })).toEqual({
      wsas_1: 'not-applicable',
      wsas_2: '3',
    });
  });
});
