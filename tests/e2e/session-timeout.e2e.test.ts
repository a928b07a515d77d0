import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_IDLE_MS } from '../../src/platform/session';
import { createUser } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();
const MINUTE = 60_000;

/**
 * WCAG 2.2.1 (timing adjustable): the idle sign-out is said before it happens and can be put
 * off, typing counts as activity, and at the end the person is told what was not saved. The
 * page's clock is Playwright's; the server's is the test clock, moved on to end the session.
 */
describe.runIf(run)('signing out after a time without activity, in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    await createUser(h.t, 'tess@example.nhs.uk', ['therapist'], 'Tess Therapist');
  });
  afterAll(async () => h.close());

  it('warns two minutes before, stays signed in on request or while typing, then says what was lost', async () => {
    const page = await h.newPage();
    await page.clock.install();
    await signInAs(h, page, 'tess@example.nhs.uk');
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${h.baseUrl}/account`);
    await expect
      .poll(() => page.locator('body').getAttribute('data-session-idle-seconds'))
      .toBe(String(STAFF_IDLE_MS / 1000));

    const dialog = page.getByRole('alertdialog');
    await page.clock.fastForward(STAFF_IDLE_MS - 3 * MINUTE);
    await expect.poll(() => dialog.count()).toBe(0);
    await page.clock.fastForward(1.5 * MINUTE);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('You will be signed out in 2 minutes');
    // Focus goes to the warning, so a screen reader or keyboard user meets it at once.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('rapport-timeout-heading');
    await expectAccessible(page, 'the timeout warning');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );

    // "Stay signed in" tells the server and the warning goes.
    const stay = page.waitForResponse((r) => r.url().endsWith('/session/alive'));
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await stay;
    await expect.poll(() => dialog.count()).toBe(0);

    // Typing is activity: after a minute without a request, a key press tells the server.
    await page.clock.fastForward(5 * MINUTE);
    // Wait for the answer: the page records the contact once the server has confirmed it.
    const typed = page.waitForResponse((r) => r.url().endsWith('/session/alive'));
    await page.keyboard.press('Tab');
    await typed;
    await page.clock.fastForward(STAFF_IDLE_MS - 4 * MINUTE);
    await expect.poll(() => dialog.count()).toBe(0);

    // Warned again, they go back to writing: the warning goes and focus stays where they type.
    await page.evaluate(() => {
      const field = document.createElement('input');
      field.id = 'probe';
      field.setAttribute('aria-label', 'Probe');
      document.querySelector('main')?.append(field);
    });
    await page.clock.fastForward(3 * MINUTE);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.focus('#probe');
    await page.keyboard.type('x');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('probe');

    // Left alone past the limit: the server has ended the session, and the page says so.
    h.t.clock.advance(STAFF_IDLE_MS + 10 * MINUTE);
    await page.clock.fastForward(STAFF_IDLE_MS + MINUTE);
    await expect.poll(() => dialog.textContent()).toContain('You have been signed out');
    expect(await dialog.textContent()).toContain('has not been saved');
    expect(await dialog.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe(
      '/sign-in?next=%2Faccount',
    );
    await expectAccessible(page, 'the signed-out notice');
    // It can be closed, to copy what was typed from under it (it can fill a zoomed phone screen).
    await dialog.getByRole('button', { name: 'Close this message' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });
});
