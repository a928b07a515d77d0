import { describe, expect, it } from 'vitest';
import { baselineWhen, describeBaseline, describeChange } from './baseline';

describe('the baseline’s words', () => {
  it('names where the first score came from', () => {
    expect(describeBaseline({ context: 'referral', total: 18 })).toBe(
      'first score, at referral, 18',
    );
    expect(describeBaseline({ context: 'assessment', total: 15 })).toBe(
      'first score, at assessment, 15',
    );
    expect(describeBaseline({ context: 'session', total: 17, sessionNumber: 1 })).toBe(
      'first score, at session 1, 17',
    );
    expect(baselineWhen({ context: 'session', sessionNumber: null })).toBe(
      'at a treatment session',
    );
  });
  it('says the change from the baseline in words', () => {
    expect(describeChange(17, 8)).toBe('down 9');
    expect(describeChange(8, 10)).toBe('up 2');
    expect(describeChange(8, 8)).toBe('no change');
  });
});
