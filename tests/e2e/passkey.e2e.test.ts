import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { and, eq } from 'drizzle-orm';
import { auditEvents, userSecondFactors } from '../../src/db/schema';
import { createUser } from '../support/test-app';
import { totpCode } from '../../src/features/auth/second-factor';
import { deleteFactorsOf } from '../../src/features/auth/second-factor.repository';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

/** A platform authenticator (like a laptop's fingerprint reader) that Chromium simulates. */
async function virtualAuthenticator(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return cdp;
}

describe.runIf(run)('passkeys in Chromium (DevTools virtual authenticator)', () => {
  let h: BrowserHarness;
  let userId: string;
  beforeAll(async () => {
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    userId = (await createUser(h.t, 'pia@example.nhs.uk', ['therapist'], 'Pia Passkey')).id;
  });
  afterAll(async () => h.close());

  it('registers a passkey from the account page, then signs in with it as the second step', async () => {
    const page = await h.newPage();
    await virtualAuthenticator(page);
    await signInAs(h, page, 'pia@example.nhs.uk');

    await page.goto(`${h.baseUrl}/account`);
    await page.waitForSelector('#passkey-register:not([hidden])');
    await expectAccessible(page, 'account with passkeys');
    await page.fill('#name', 'Work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(/\/account\?passkey=added/);
    expect(await page.textContent('main')).toContain('Your passkey has been added');
    expect(await page.textContent('main')).toContain('Work laptop');
    const stored = await h.t.database.db
      .select()
      .from(userSecondFactors)
      .where(and(eq(userSecondFactors.userId, userId), eq(userSecondFactors.name, 'Work laptop')));
    expect(stored).toHaveLength(1);

    // Sign out in one step from the header, then sign in with the passkey.
    await page.locator('.nhsuk-header__account-button', { hasText: 'Sign out' }).click();
    await page.waitForURL(/\/sign-out$/);
    expect(await page.textContent('h1')).toContain('You have signed out');
    await expectAccessible(page, 'signed out');

    await page.goto(`${h.baseUrl}/sign-in?next=%2Fcaseload`);
    await page.fill('#email', 'pia@example.nhs.uk');
    await page.fill('#password', 'correct kettle walrus meadow');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sign-in\/second-step/);
    await page.waitForSelector('#passkey-sign-in:not([hidden])');
    await expectAccessible(page, 'second step with a passkey');
    await page.getByRole('button', { name: 'Use your passkey' }).click();
    await page.waitForURL(`${h.baseUrl}/caseload`);

    const audit = await h.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, userId), eq(auditEvents.action, 'auth.second_factor')));
    const methods = audit.map((a) => (a.details as { method?: string } | null)?.method);
    expect(methods).toContain('passkey');
  });

  it('sets up an authenticator app from the QR code page, and shows recovery codes once', async () => {
    const user = await createUser(h.t, 'nia@example.nhs.uk', ['moderator'], 'Nia New');
    // No factor yet, as after a manager's reset.
    await deleteFactorsOf(h.t.database.db, h.t.service.id, user.id);
    const page = await h.newPage();
    await page.goto(`${h.baseUrl}/sign-in`);
    await page.fill('#email', 'nia@example.nhs.uk');
    await page.fill('#password', 'correct kettle walrus meadow');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sign-in\/set-up/);
    await expectAccessible(page, 'set up an authenticator app');
    expect(await page.getAttribute('main img', 'src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = await page.getAttribute('[data-totp-secret]', 'data-totp-secret');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.fill('#code', totpCode(secret!, h.t.clock.now()));
    await page.getByRole('button', { name: 'Confirm and continue' }).click();
    await page.waitForSelector('[data-recovery-codes]');
    await expectAccessible(page, 'recovery codes');
    expect(await page.locator('[data-recovery-codes] li').count()).toBe(10);
    await page.getByRole('link', { name: /I have saved my codes/ }).click();
    await page.waitForURL(`${h.baseUrl}/home`);
  });
});
