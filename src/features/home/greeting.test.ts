import { describe, expect, it } from 'vitest';
import { greetingName } from './greeting';

describe('greetingName', () => {
  it('uses a patient’s given name from their record, whatever the account is called', () => {
    expect(greetingName('Alex Morgan-Smith', 'Alex')).toBe('Alex');
    expect(greetingName('Alex', 'Alexandra Jane')).toBe('Alexandra');
  });
  it('uses the first word of a display name, leaving out a title', () => {
    expect(greetingName('Sam Okafor')).toBe('Sam');
    expect(greetingName('Dr Priya Shah')).toBe('Priya');
    expect(greetingName('Prof. Ada Lovelace', null)).toBe('Ada');
    expect(greetingName('  Jo  ', '  ')).toBe('Jo');
  });
  it('keeps a display name that is only a title', () => {
    expect(greetingName('Dr')).toBe('Dr');
  });
});
