import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, configWarnings, loadConfig } from './index';

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
  // --- OpenID sign-in (issue 17) ---
  describe('OpenID sign-in', () => {
    const nhs = {
      NHS_LOGIN_ISSUER: 'https://auth.login.nhs.uk',
      NHS_LOGIN_CLIENT_ID: 'rapport',
      NHS_LOGIN_PRIVATE_KEY_PATH: '/etc/rapport/nhs-login.pem',
    };
    it('is off until an issuer and client id are set', () => {
      expect(loadConfig({}).oidc).toEqual({ nhsLogin: undefined, staff: undefined });
    });
    it('reads NHS login with private_key_jwt (RS512) and the callback under PUBLIC_URL', () => {
      const c = loadConfig({ ...nhs, PUBLIC_URL: 'https://rapport.example.nhs.uk' });
      expect(c.oidc.nhsLogin).toEqual({
        issuer: 'https://auth.login.nhs.uk',
        clientId: 'rapport',
        auth: { method: 'private_key_jwt', keyPath: '/etc/rapport/nhs-login.pem', alg: 'RS512' },
        scopes: 'openid profile',
        redirectUrl: 'https://rapport.example.nhs.uk/sign-in/nhs-login/callback',
        endSession: true,
      });
    });
    it('ends sessions at the provider on sign-out unless told not to (until it is registered)', () => {
      expect(loadConfig({ ...nhs, NHS_LOGIN_END_SESSION: 'false' }).oidc.nhsLogin?.endSession).toBe(
        false,
      );
      expect(() => loadConfig({ ...nhs, NHS_LOGIN_END_SESSION: 'maybe' })).toThrow(
        /NHS_LOGIN_END_SESSION/,
      );
    });
    it('refuses half a provider, both or neither credential, and plain http elsewhere', () => {
      expect(() => loadConfig({ NHS_LOGIN_ISSUER: nhs.NHS_LOGIN_ISSUER })).toThrow(
        /NHS_LOGIN_ISSUER \/ NHS_LOGIN_CLIENT_ID: set both/,
      );
      expect(() => loadConfig({ ...nhs, NHS_LOGIN_CLIENT_SECRET: 'a-secret-of-16-chars' })).toThrow(
        /set exactly one/,
      );
      expect(() => loadConfig({ ...nhs, NHS_LOGIN_ISSUER: 'http://auth.example.com' })).toThrow(
        /must use https/,
      );
      expect(
        loadConfig({ ...nhs, NHS_LOGIN_ISSUER: 'http://127.0.0.1:4000' }).oidc.nhsLogin,
      ).toBeDefined();
      expect(() => loadConfig({ ...nhs, NHS_LOGIN_SCOPES: 'profile' })).toThrow(
        /must include openid/,
      );
    });
    it('reads staff sign-on with a claim-to-role map of staff roles only', () => {
      const staff = {
        STAFF_OIDC_ISSUER: 'https://login.microsoftonline.com/t/v2.0',
        STAFF_OIDC_CLIENT_ID: 'app',
        STAFF_OIDC_CLIENT_SECRET: 'a-secret-of-16-chars',
      };
      const c = loadConfig({
        ...staff,
        STAFF_OIDC_USER_CLAIM: 'preferred_username',
        STAFF_OIDC_ROLES_CLAIM: 'roles',
        STAFF_OIDC_ROLE_MAP: 'Rapport.Therapist=therapist, Rapport.Manager=service_manager',
      });
      expect(c.oidc.staff).toMatchObject({
        auth: { method: 'client_secret', secret: 'a-secret-of-16-chars' },
        userClaim: 'preferred_username',
        name: 'your organisation account',
        roles: {
          claim: 'roles',
          map: { 'Rapport.Therapist': 'therapist', 'Rapport.Manager': 'service_manager' },
        },
      });
      expect(() =>
        loadConfig({ ...staff, STAFF_OIDC_ROLES_CLAIM: 'roles', STAFF_OIDC_ROLE_MAP: 'X=patient' }),
      ).toThrow(/STAFF_OIDC_ROLE_MAP/);
      expect(() => loadConfig({ ...staff, STAFF_OIDC_ROLES_CLAIM: 'roles' })).toThrow(
        /set both, or neither/,
      );
    });
  });
  // --- end OpenID sign-in ---
  it('warns at start-up when a public service has no TURN relay for video calls', () => {
    const secret = 'a-turn-secret-of-enough-length';
    expect(configWarnings(loadConfig({}))).toEqual([]);
    expect(configWarnings(loadConfig({ PUBLIC_URL: 'https://talk.example.nhs.uk' }))).toEqual([
      expect.stringMatching(/VIDEO_TURN_URLS/),
    ]);
    expect(
      configWarnings(
        loadConfig({
          PUBLIC_URL: 'https://talk.example.nhs.uk',
          VIDEO_TURN_URLS: 'turns:turn.example.nhs.uk:5349',
          VIDEO_TURN_SECRET: secret,
        }),
      ),
    ).toEqual([]);
  });
});
