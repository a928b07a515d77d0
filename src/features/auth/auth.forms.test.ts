import { describe, expect, it } from 'vitest';
import { emailProblem, newPasswordErrors, parseSetup, parseSignIn, safeNext } from './auth.forms';

describe('auth forms', () => {
  it('asks for email and password', () => {
    const { result } = parseSignIn({});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(['email', 'password']);
  });
  it('checks the email format', () => {
    expect(emailProblem('nope')).toMatch(/correct format/);
    expect(emailProblem('a@b.nhs.uk')).toBeNull();
  });
  it('accepts a well formed sign-in', () => {
    expect(parseSignIn({ email: ' A@B.org ', password: 'x' }).result).toEqual({
      ok: true,
      value: { email: 'A@B.org', password: 'x' },
    });
  });
  it('needs the confirmation to match', () => {
    expect(newPasswordErrors('kettle walrus meadow', 'kettle walrus')[0]?.field).toBe('confirm');
    expect(newPasswordErrors('kettle walrus meadow', 'kettle walrus meadow')).toEqual([]);
  });
  it('lists every problem on the setup form', () => {
    expect(parseSetup({}).errors.map((e) => e.field)).toEqual(['displayName', 'email', 'password']);
  });
  it('only follows same-site next links', () => {
    expect(safeNext('/patients/1')).toBe('/patients/1');
    expect(safeNext('//evil.example')).toBe('/home');
    expect(safeNext('https://evil.example')).toBe('/home');
    expect(safeNext(undefined)).toBe('/home');
  });
});
