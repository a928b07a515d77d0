import { describe, expect, it } from 'vitest';
import { LIMITS, parsePerson } from './ipt.forms';

describe('parsePerson', () => {
  it('names each over-long answer, as six boxes share the page', () => {
    const long = 'x'.repeat(LIMITS.text + 1);
    const { result } = parsePerson({
      name: 'Mum',
      relationship: 'Mother',
      closeness: '1',
      supportive: long,
      wishedChange: long,
    });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        field: 'supportive',
        message: 'What is supportive about this relationship must be 1,000 characters or fewer',
      },
      {
        field: 'wishedChange',
        message: 'What the patient would like to change must be 1,000 characters or fewer',
      },
    ]);
  });

  it('asks for the closeness with the design system’s verb', () => {
    const { result } = parsePerson({ name: 'Mum', relationship: 'Mother' });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      'Select how close the patient feels to this person',
    ]);
  });
});
