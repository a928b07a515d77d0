import { describe, expect, it } from 'vitest';
import {
  confirmationEmail,
  confirmationEmailSubject,
  confirmationText,
  waitPhrase,
} from './referral.messages';

describe('confirmation messages', () => {
  it('text: short, plain, no health details', () => {
    const text = confirmationText('NHS Talking Therapies', 'RAP-4KX9-M2QD');
    expect(text).toBe(
      'NHS Talking Therapies: we have your referral, reference RAP-4KX9-M2QD. We will contact you soon. If you need help now call 111 (option 2).',
    );
    expect(text.length).toBeLessThanOrEqual(160);
    expect(text).not.toMatch(/depress|risk|urgent|mood|PHQ/i);
  });
  it('email: the reference, the wait and where to get help, nothing about their answers', () => {
    const body = confirmationEmail('NHS Talking Therapies', 'Sam', 'RAP-4KX9-M2QD', {
      urgent: false,
      typicalWaitWeeks: 6,
    });
    expect(confirmationEmailSubject('NHS Talking Therapies')).toBe(
      'We have your referral – NHS Talking Therapies',
    );
    expect(body).toContain('Dear Sam,');
    expect(body).toContain('RAP-4KX9-M2QD');
    expect(body).toContain('people wait about 6 weeks');
    expect(body).toContain('NHS 111 and choose option 2');
    expect(body).toContain('116 123');
    expect(body).not.toMatch(/depress|as urgent|mood|PHQ|score/i);
  });
  it('email for an urgent referral: no typical wait, and nothing to say it is urgent or why', () => {
    const usual = confirmationEmail('NHS Talking Therapies', 'Sam', 'RAP-4KX9-M2QD', {
      urgent: false,
      typicalWaitWeeks: 6,
    });
    const body = confirmationEmail('NHS Talking Therapies', 'Sam', 'RAP-4KX9-M2QD', {
      urgent: true,
      typicalWaitWeeks: 6,
    });
    expect(body).not.toContain('wait');
    expect(body).not.toContain('6 weeks');
    expect(body).toContain('We will contact you as soon as we can.');
    expect(body).toContain('RAP-4KX9-M2QD');
    expect(body).toContain('116 123');
    expect(body).not.toMatch(/depress|as urgent|priority|marked|answers|mood|PHQ|score/i);
    // Only the sentence about when we will be in touch differs from the usual email.
    const differing = body.split('\n').filter((line) => !usual.split('\n').includes(line));
    expect(differing).toEqual([
      'Someone from our team will read your referral and contact you to arrange a first appointment. We will contact you as soon as we can.',
    ]);
  });
  it('describes the wait in plain words', () => {
    expect(waitPhrase(6)).toBe('about 6 weeks');
    expect(waitPhrase(1)).toBe('about 1 week');
    expect(waitPhrase(0)).toBe('less than a week');
    expect(waitPhrase(Number.NaN)).toBe('less than a week');
  });
});
