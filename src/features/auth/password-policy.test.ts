import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordProblem } from './password-policy';

describe('password policy', () => {
  it('asks for a password when empty', () => {
    expect(passwordProblem('')).toBe('Enter a password');
  });
  it('needs at least 12 characters', () => {
    expect(passwordProblem('a'.repeat(3) + 'bcdefgh1')).toMatch(/12 characters or more/);
    expect(passwordProblem('correct horse')).toBeNull();
  });
  it('allows up to 128 characters and refuses more', () => {
    expect(passwordProblem('horse battery ' + 'x'.repeat(114))).toBeNull();
    expect(passwordProblem('x'.repeat(129))).toMatch(/128 characters or fewer/);
  });
  it('refuses common passwords, padded or repeated', () => {
    expect(isCommonPassword('qwerty123456')).toBe(true);
    expect(isCommonPassword('password1234')).toBe(true);
    expect(isCommonPassword('PasswordPassword')).toBe(true);
    expect(isCommonPassword('aaaaaaaaaaaaaa')).toBe(true);
    expect(passwordProblem('1q2w3e4r5t6y')).toMatch(/too common/);
  });
  it('has no composition rules: three random words pass', () => {
    expect(passwordProblem('kettle walrus meadow')).toBeNull();
  });
  it('refuses a password built on the email name', () => {
    expect(passwordProblem('janedoe-is-great', { email: 'janedoe@example.nhs.uk' })).toMatch(
      /email/,
    );
  });
});
