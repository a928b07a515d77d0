import { describe, expect, it } from 'vitest';
import { EMAIL_MESSAGES, isSecureNhsEmail, isValidEmail, validateEmail } from './email';

describe('validateEmail', () => {
  it.each([
    ['name@example.com', 'name@example.com'],
    ['  name@example.com ', 'name@example.com'],
    ['First.Last@NHS.net', 'First.Last@nhs.net'],
    ['a+tag@sub.example.co.uk', 'a+tag@sub.example.co.uk'],
    ["o'brien@example.org", "o'brien@example.org"],
    ['x@example-trust.nhs.uk', 'x@example-trust.nhs.uk'],
    ['josé@münchen.de', 'josé@münchen.de'],
    ['user@example.xn--p1ai', 'user@example.xn--p1ai'],
  ])('accepts %j', (input, value) => {
    expect(validateEmail(input)).toEqual({ ok: true, value });
    expect(isValidEmail(input)).toBe(true);
  });

  it.each([
    'name',
    'name@',
    '@example.com',
    'name@example',
    'name@@example.com',
    'name@example..com',
    'name@.example.com',
    'name@example.com.',
    'name@-example.com',
    'name@example-.com',
    'name@example.c',
    'name@example.123',
    'na me@example.com',
    '.name@example.com',
    'name.@example.com',
    'na..me@example.com',
    'name@exa mple.com',
    '"quoted"@example.com',
    `${'a'.repeat(65)}@example.com`,
    `name@${'a'.repeat(250)}.com`,
  ])('refuses %j', (input) => {
    expect(validateEmail(input)).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'Enter an email address in the correct format, like name@example.com',
    });
  });

  it('asks for an email address when empty', () => {
    expect(validateEmail(' ')).toEqual({
      ok: false,
      reason: 'empty',
      message: EMAIL_MESSAGES.empty,
    });
  });
});

describe('isSecureNhsEmail (hazard H27)', () => {
  it.each(['park.surgery@nhs.net', 'Park.Surgery@NHS.NET', ' gp.b86001@nhs.net '])(
    'accepts the NHSmail address %j',
    (input) => {
      expect(isSecureNhsEmail(input)).toBe(true);
    },
  );

  it.each([
    'aire.valley@gmail.com',
    'reception@parksurgery.co.uk',
    'gp@example.nhs.net',
    'gp@leeds.nhs.uk',
    'gp@nhs.net.example.com',
    'gp@notnhs.net',
    'gp@nhs.net.',
    'nhs.net',
    '@nhs.net',
    'gp@nhs,net',
    '',
  ])('refuses %j', (input) => {
    expect(isSecureNhsEmail(input)).toBe(false);
  });
});
