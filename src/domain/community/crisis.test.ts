import { describe, expect, it } from 'vitest';
import {
  CRISIS_PHRASES,
  crisisWordsAsWritten,
  foldForMatching,
  hasCrisisLanguage,
  matchCrisisLanguage,
} from './crisis';

describe('crisis language', () => {
  it.each([
    'I want to kill myself',
    'Some days I think about SUICIDE.',
    "I can't go on like this",
    'i cant  go on',
    'I have been self-harming again',
    'I want to end my life tonight',
    'Everyone would be better off without me',
    'I took an overdose last year and feel like it again',
    'thinking of hurting myself',
    'I have a plan to end it',
    'I will end it tonight',
    // Walk 10: phrasings the list missed.
    "Some days I feel like I don't want to be here any more.",
    "I don't want to live anymore",
    "Life isn't worth living",
    'There is no point in living',
    "I'd rather be dead",
    'I might as well be dead',
    'I cannot go on',
    'I self-harmed last night',
    'wanting to die all the time',
    'honestly kill me now',
    "I'm going to take all my pills",
    'I took too many tablets',
    'I can not go on',
    'I do not want to be alive',
    "I don't want to live any more",
    'I want to go to sleep and not wake up',
    // Reports about someone else.
    'I think they want to end their life',
    "They said they'd kill themselves",
    'She is harming herself again, I think they are hurting themselves',
  ])('matches %j', (text) => {
    expect(hasCrisisLanguage(text)).toBe(true);
  });

  it.each([
    'The skills group was great',
    'I killed it at work today',
    'My cat is called Suicidea',
    'Going on holiday next week',
    'I cut my hair myself',
    'Walked 5 kms today, felt good',
    "I don't want to live with my parents",
    'No point in waiting, I booked it',
    '',
  ])('does not match %j', (text) => {
    expect(hasCrisisLanguage(text)).toBe(false);
  });

  it('names each phrase that matched, once', () => {
    expect(matchCrisisLanguage('suicide, suicidal thoughts; I want to die')).toEqual([
      'suicide',
      'suicidal',
      'want to die',
    ]);
  });

  it('folds case, apostrophes, punctuation and spacing', () => {
    expect(foldForMatching('  Don’t — WANT\tto be   here! ')).toBe('dont want to be here');
  });

  it('sees through invisible characters inside words (soft hyphen, zero width space, bidi mark)', () => {
    expect(hasCrisisLanguage('I want to k\u00ADill myself')).toBe(true);
    expect(hasCrisisLanguage('I want to end it\u200B all')).toBe(true);
    expect(hasCrisisLanguage('sui\u200Ccide')).toBe(true);
    expect(hasCrisisLanguage('I want to \u202Ekill myself\u202C')).toBe(true);
  });

  it('every phrase in the list matches itself in a sentence (the list stays well formed)', () => {
    for (const phrase of CRISIS_PHRASES)
      expect(matchCrisisLanguage(`Today: ${phrase}.`), phrase).toContain(foldForMatching(phrase));
  });
});

describe('crisisWordsAsWritten', () => {
  it('quotes the words as the person wrote them, not folded', () => {
    const words = crisisWordsAsWritten("I want to End it all, I can't go on.");
    expect(words).toContain('End it all');
    expect(words).toContain("can't go on");
    expect(words).not.toContain('cant go on');
    expect(crisisWordsAsWritten('I can’t go on')).toEqual(['can’t go on']);
  });
  it('is empty without crisis words', () => {
    expect(crisisWordsAsWritten('See you on Thursday')).toEqual([]);
  });
});
