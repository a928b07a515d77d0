import { describe, expect, it } from 'vitest';
import { checkText, tooLongMessage, type FieldError } from './result';

describe('tooLongMessage', () => {
  it('writes the limit with thousands separators, as NHS style does', () => {
    expect(tooLongMessage('The note', 2000)).toBe('The note must be 2,000 characters or fewer');
    expect(tooLongMessage('The key', 10000)).toBe('The key must be 10,000 characters or fewer');
  });

  it('leaves a limit under a thousand as it is', () => {
    expect(tooLongMessage('Address', 500)).toBe('Address must be 500 characters or fewer');
  });
});

describe('checkText', () => {
  const rule = { label: 'The title', max: 5, required: 'Enter a title' };

  it('refuses an empty value with the required message', () => {
    const errors: FieldError[] = [];
    checkText(errors, 'title', '', rule);
    expect(errors).toEqual([{ field: 'title', message: 'Enter a title' }]);
  });

  it('refuses one character over the limit with the formatted message', () => {
    const errors: FieldError[] = [];
    checkText(errors, 'body', 'x'.repeat(2001), { label: 'The body', max: 2000 });
    expect(errors).toEqual([
      { field: 'body', message: 'The body must be 2,000 characters or fewer' },
    ]);
  });

  it('accepts exactly the limit', () => {
    const errors: FieldError[] = [];
    checkText(errors, 'title', 'abcde', rule);
    expect(errors).toEqual([]);
  });

  it('accepts an empty value when nothing is required', () => {
    const errors: FieldError[] = [];
    checkText(errors, 'title', '', { label: 'The title', max: 5 });
    expect(errors).toEqual([]);
  });

  it('does not trim: spaces count towards the limit', () => {
    const errors: FieldError[] = [];
    checkText(errors, 'title', ' abcde', rule);
    expect(errors).toEqual([
      { field: 'title', message: 'The title must be 5 characters or fewer' },
    ]);
  });

  it('returns the value it checked, valid or not', () => {
    const errors: FieldError[] = [];
    expect(checkText(errors, 'title', 'abc', rule)).toBe('abc');
    expect(checkText(errors, 'title', 'abcdefg', rule)).toBe('abcdefg');
    expect(checkText(errors, 'title', '', rule)).toBe('');
  });
});
