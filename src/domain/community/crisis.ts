/**
 * Crisis language in community posts (hazard H20). A post that matches goes to the top of the
 * moderation queue at once, alerts the moderators on duty, shows its author the urgent-help page
 * and, for a current patient, raises a risk alert for their therapist.
 *
 * The list is deliberately broad: a false alarm costs a moderator a minute, a miss can cost a
 * life. Matching is on whole words after folding case, apostrophes and spacing, so "I can't go
 * on" and "I  CANT go on" match alike, while "skill" does not match "kill".
 *
 * Maintained by the service's clinical safety officer: add phrases here with a test.
 */
export const CRISIS_PHRASES: readonly string[] = [
  'suicide',
  'suicidal',
  'kill myself',
  'killing myself',
  'end my life',
  'ending my life',
  'end it all',
  'ending it all',
  'take my own life',
  'taking my own life',
  'want to die',
  'wanna die',
  'wish i was dead',
  'wish i were dead',
  'better off dead',
  'better off without me',
  'no reason to live',
  'nothing to live for',
  'dont want to be here anymore',
  'dont want to be alive',
  'cant go on',
  'self harm',
  'selfharm',
  'self harming',
  'hurt myself',
  'hurting myself',
  'harm myself',
  'cut myself',
  'cutting myself',
  'overdose',
  'overdosed',
  'od on',
  'jump off',
  'hang myself',
  'hanging myself',
  'goodbye forever',
  'final goodbye',
  'plan to die',
  'going to end it',
  'plan to end it',
  'end it tonight',
  // Walk 10: everyday British phrasings the list missed.
  'dont want to be here any more',
  'dont want to be around anymore',
  'dont want to be around any more',
  // Not bare "dont want to live": "I dont want to live with my parents" is not a crisis.
  'dont want to live anymore',
  'dont want to live any more',
  'dont want to live like this',
  'do not want to live anymore',
  'do not want to live any more',
  'do not want to be alive',
  'do not want to be here anymore',
  'do not want to be here any more',
  'dont want to wake up',
  'life isnt worth living',
  'life is not worth living',
  'no point in living',
  'no point living',
  'rather be dead',
  'might as well be dead',
  'want to be dead',
  'wish i could die',
  'wanting to die',
  'cannot go on',
  'can not go on',
  'self harmed',
  'end myself',
  'kill me now',
  'take all my pills',
  'take all my tablets',
  'too many pills',
  'too many tablets',
  'sleep and not wake up',
  'sleep and never wake up',
  // About someone else, as a report's reason says it (walk 10: "they want to end their life").
  'kill themselves',
  'killing themselves',
  'kill himself',
  'kill herself',
  'end their life',
  'end their own life',
  'end his life',
  'end her life',
  'take their own life',
  'hurt themselves',
  'harm themselves',
  'hurting themselves',
  'harming themselves',
  'hurt herself',
  'hurt himself',
  'harm herself',
  'harm himself',
  'harming herself',
  'harming himself',
  // Not "kms": as a whole word it is far more often kilometres on a walking thread.
];

/**
 * Lower case, apostrophes dropped, hyphens and punctuation as spaces, runs of space as one.
 * Invisible format characters (soft hyphens, zero width spaces, bidi marks) go first: text
 * pasted from some apps carries them inside words, and "k\u00ADill myself" must still match.
 */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const FOLDED = CRISIS_PHRASES.map(foldForMatching);

/** The crisis phrases a text contains (folded), in list order; empty when none. */
export function matchCrisisLanguage(text: string): string[] {
  const padded = ` ${foldForMatching(text)} `;
  return FOLDED.filter((phrase) => padded.includes(` ${phrase} `));
}

export function hasCrisisLanguage(text: string): boolean {
  return matchCrisisLanguage(text).length > 0;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The crisis phrases a text contains, as the person wrote them ("can't go on", not the folded
 * "cant go on"), for words shown in quotation marks (walk 6: an alert misquoted the patient).
 * Falls back to the folded phrase should the writing not be found.
 */
export function crisisWordsAsWritten(text: string): string[] {
  const normalised = text.normalize('NFKC');
  return matchCrisisLanguage(text).map((phrase) => {
    const words = phrase.split(' ').map((word) =>
      Array.from(word)
        .map((ch) => escapeRegExp(ch))
        .join("['’‘`]?"),
    );
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${words.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`,
      'iu',
    );
    return pattern.exec(normalised)?.[0] ?? phrase;
  });
}
