import { describe, expect, it } from 'vitest';
import { communityNameInSentence } from './community-name';

describe('communityNameInSentence', () => {
  it('puts "the" before a name that describes the community', () => {
    expect(communityNameInSentence('NHS Talking Therapies community')).toBe(
      'the NHS Talking Therapies community',
    );
    expect(communityNameInSentence('Riverside Community')).toBe('the Riverside Community');
  });
  it('leaves a name of its own, or one that already has "the", as it is', () => {
    expect(communityNameInSentence('Staying Well Together')).toBe('Staying Well Together');
    expect(communityNameInSentence('The Riverside community')).toBe('The Riverside community');
  });
});
