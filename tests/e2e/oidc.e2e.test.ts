import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { insertPatient } from '../support/fixtures';
import { startTestOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { createUser } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

const ACCOUNTS = {
  'p9-match': { identity_proofing_level: 'P9', nhs_number: '9434765919', birthdate: '1985-03-14' },
  'p9-unknown': { identity_proofing_level: 'P9', nhs_number: '4010232137' },
  'p5-user': { identity_proofing_level: 'P5', nhs_number: '9434765919' },
  'staff-known': { email: 'casey@example.nhs.uk', email_verified: true },
  'staff-unknown': { email: 'nobody@example.nhs.uk', email_verified: true },
};

/** At the provider's own sign-in page (not ours): type the test account and go back. */
async function signInAtProvider(page: Page, provider: TestOidcProvider, account: string) {
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.fill('#login', account);
  await page.getByRole('button', { name: 'Sign in at the provider' }).click();
  await page.waitForURL((url) => !url.href.startsWith(provider.issuer));
}

describe.runIf(run)('NHS login and staff single sign-on in Chromium', () => {
  let h: BrowserHarness;
  let provider: TestOidcProvider;
  beforeAll(async () => {
    const port = 3900 + Math.floor(Math.random() * 90);
    provider = await startTestOidcProvider({
      appUrl: `http://localhost:${port}`,
      accounts: ACCOUNTS,
    });
    // The provider stamps tokens with real time, so the app's clock starts at real time too.
    h = await startBrowserHarness({ port, now: new Date().toISOString(), env: provider.env });
    const user = await createUser(h.t, 'alex@example.com', ['patient'], 'Alex');
    await insertPatient(h.t, {
      nhsNumber: '9434765919',
      givenName: 'Alex',
      familyName: 'Morgan',
      dateOfBirth: '1985-03-14',
      userId: user.id,
    });
    await createUser(h.t, 'casey@example.nhs.uk', ['therapist'], 'Casey Clinician');
    // The first page render is slow on a busy machine; wait for it here, not in the first test.
    expect((await fetch(`${h.baseUrl}/sign-in`)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await provider.close();
  });

  it('a patient signs in with NHS login, confirms their record once, then goes straight in', async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseUrl}/sign-in`);
    await expectAccessible(page, 'sign-in with NHS login offered');
    await page.getByRole('button', { name: 'Continue with NHS login' }).click();
    await signInAtProvider(page, provider, 'p9-match');

    expect(new URL(page.url()).pathname).toBe('/sign-in/nhs-login/confirm');
    expect(await page.textContent('main')).toContain('Alex Morgan');
    expect(await page.textContent('main')).toContain('March 1985');
    await expectAccessible(page, 'Is this you?');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'Is this you? with an error');
    await page.getByLabel('Yes, this is me').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/home');
    await expectAccessible(page, 'patient home after NHS login');

    // A new browser: the link is known, so no question this time.
    const again = await h.newPage();
    await again.goto(`${h.baseUrl}/sign-in`);
    await again.getByRole('button', { name: 'Continue with NHS login' }).click();
    await signInAtProvider(again, provider, 'p9-match');
    await again.waitForURL((url) => url.pathname === '/home');

    // The account page says how they sign in, and they can stop using NHS login there.
    await again.goto(`${h.baseUrl}/account`);
    await expectAccessible(again, 'account with NHS login');
    await again.getByRole('button', { name: 'Stop signing in with NHS login' }).click();
    await again.waitForURL((url) => url.search === '?nhsLogin=unlinked');
    expect(await again.locator('.nhsuk-inset-text').textContent()).toContain(
      'You no longer sign in with NHS login',
    );
    await expectAccessible(again, 'account after stopping NHS login');
  });

  it('a P5 login and an unmatched NHS number get kind pages, not records', async () => {
    for (const [account, heading] of [
      ['p5-user', 'You need to prove who you are with NHS login'],
      ['p9-unknown', 'We could not find your details'],
    ] as const) {
      const page = await h.newPage();
      await page.goto(`${h.baseUrl}/sign-in/nhs-login`);
      await signInAtProvider(page, provider, account);
      expect(await page.textContent('h1')).toBe(heading);
      await expectAccessible(page, heading);
      await page.goto(`${h.baseUrl}/home`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    }
  });

  it('staff sign in with single sign-on and no second step, sign out there too; unknown staff are refused', async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseUrl}/sign-in`);
    await page.getByRole('button', { name: 'Continue with NHS Care Identity' }).click();
    await signInAtProvider(page, provider, 'staff-known');
    await page.waitForURL((url) => url.pathname === '/home');
    await page.goto(`${h.baseUrl}/caseload`);
    expect(new URL(page.url()).pathname).toBe('/caseload');
    await expectAccessible(page, 'caseload after single sign-on');

    // Signing out ends the session at the provider too (the sign-out form may lead there): the
    // next person at this computer is asked to sign in, not let in as Casey.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((url) => url.href === `${h.baseUrl}/sign-out`);
    expect(await page.textContent('h1')).toBe('You have signed out');
    await page.goto(`${h.baseUrl}/sign-in/staff`);
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    expect(await page.locator('#login').count()).toBe(1);

    const stranger = await h.newPage();
    await stranger.goto(`${h.baseUrl}/sign-in/staff`);
    await signInAtProvider(stranger, provider, 'staff-unknown');
    expect(await stranger.textContent('h1')).toBe('You cannot sign in with NHS Care Identity');
    await expectAccessible(stranger, 'unknown staff');
  });
});
