import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './index';

describe('config', () => {
  it('has working defaults for the embedded setup', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('./data');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.secureCookies).toBe(true); // localhost counts as a secure context
    expect(c.smtp).toBeUndefined();
  });
  it('names the variable when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: must start with postgres/,
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadConfig({ NOTIFY_API_KEY: 'key-123456789' })).toThrow(
      /NOTIFY_EMAIL_TEMPLATE_ID/,
    );
    expect(() => loadConfig({ COOKIE_SECRET: 'short' })).toThrow(
      /COOKIE_SECRET: must be at least 32/,
    );
  });
  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });
  it('refuses a plain-http non-local address unless insecure cookies are allowed by name', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'http://10.1.2.3:3000' })).toThrow(
      /ALLOW_INSECURE_COOKIES=true/,
    );
    expect(() => loadConfig({ PUBLIC_URL: 'http://rapport.example.nhs.uk' })).toThrow(ConfigError);
    expect(
      loadConfig({ PUBLIC_URL: 'http://10.1.2.3:3000', ALLOW_INSECURE_COOKIES: 'true' })
        .secureCookies,
    ).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }).secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://10.1.2.3' }).secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://rapport.example.nhs.uk/' }).publicUrl).toBe(
      'https://rapport.example.nhs.uk',
    );
  });
  it('documents every variable in the README table', () => {
    const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
    for (const name of CONFIG_VARIABLES) expect(readme, name).toContain(`\`${name}\``);
  });
});
