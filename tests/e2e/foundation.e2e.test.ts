import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, TEST_PASSWORD } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  nextTestCode,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

describe.runIf(run)('foundation in Chromium', () => {
  let h: BrowserHarness;
  let page: Page;
  beforeAll(async () => {
    h = await startBrowserHarness();
    await createUser(h.t, 'manager@example.nhs.uk', ['service_manager'], 'Morgan Manager');
    page = await h.newPage();
  });
  afterAll(async () => h.close());

  it('shows accessible public pages', async () => {
    for (const path of [
      '/',
      '/ipt',
      '/ipt/treatment',
      '/urgent-help',
      '/accessibility',
      '/privacy',
      '/sign-in',
      '/forgot-password',
      '/no-such-page',
    ]) {
      await page.goto(h.baseUrl + path);
      // Every page, including the 404, has exactly one visible main heading.
      expect(await page.locator('h1').count(), path).toBe(1);
      expect((await page.locator('h1').innerText()).trim(), path).not.toBe('');
      await expectAccessible(page, path);
    }
  });

  it('the axe check fails a page with faults, naming them (so a clean result means something)', async () => {
    const faulty = await h.newPage();
    await faulty.setContent(
      '<!doctype html><html lang="en"><head><title>Faulty</title></head><body><main>' +
        '<h1>Faulty</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<p style="color:#bbb;background:#fff">Hard to read</p></main></body></html>',
    );
    const failure = await expectAccessible(faulty, 'a faulty page').then(
      () => 'passed',
      // The assertion's actual value is the list of problems found.
      (err: unknown) => JSON.stringify((err as { actual?: unknown }).actual),
    );
    expect(failure).toContain('image-alt');
    expect(failure).toContain('color-contrast');
    await faulty.close();
  });

  it('signs in with the keyboard, shows errors accessibly, and reaches the staff pages', async () => {
    await page.goto(`${h.baseUrl}/sign-in`);
    // A wrong answer first: the error summary appears and is accessible.
    await page.fill('#email', 'manager@example.nhs.uk');
    await page.fill('#password', 'wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.title()).toMatch(/^Error: Sign in/);
    expect(await page.inputValue('#email')).toBe('manager@example.nhs.uk');
    await expectAccessible(page, 'sign-in with errors');

    await page.fill('#password', TEST_PASSWORD);
    await page.focus('#password');
    await page.keyboard.press('Enter');
    // Staff: the second step, by keyboard too.
    await page.waitForURL(`${h.baseUrl}/sign-in/second-step`);
    await expectAccessible(page, 'second step');
    await page.fill('#code', '000000');
    await page.focus('#code');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'second step with an error');
    await page.fill('#code', nextTestCode(h, 'manager@example.nhs.uk'));
    await page.focus('#code');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.baseUrl}/home`);
    expect(await page.textContent('h1')).toContain('Welcome, Morgan');
    await expectAccessible(page, '/home');

    for (const path of [
      '/account',
      '/admin/users',
      '/admin/audit',
      '/admin/messages',
      '/sign-out',
    ]) {
      await page.goto(h.baseUrl + path);
      expect(page.url()).toBe(h.baseUrl + path);
      await expectAccessible(page, path);
    }
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === '__Host-rapport-session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.secure).toBe(true);
  });

  it('Escape in the header\'s "More" menu on a narrow screen returns focus to its button', async () => {
    const narrow = await h.newPage();
    await narrow.context().addCookies(await page.context().cookies());
    await narrow.setViewportSize({ width: 320, height: 640 });
    await narrow.goto(`${h.baseUrl}/home`);
    const toggle = narrow.locator('.nhsuk-header__menu-toggle');
    await toggle.waitFor({ state: 'visible' });
    // The design system moves the links that do not fit into the menu after the first layout.
    await narrow.locator('.nhsuk-header__menu-list a').first().waitFor({ state: 'attached' });
    await toggle.focus();
    await narrow.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await narrow.keyboard.press('Tab');
    expect(
      await narrow.evaluate(() =>
        Boolean(document.activeElement?.closest('.nhsuk-header__menu-list')),
      ),
    ).toBe(true);
    await narrow.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(
      await narrow.evaluate(() =>
        document.activeElement?.classList.contains('nhsuk-header__menu-toggle'),
      ),
    ).toBe(true);
    await narrow.close();
  });

  it('invites a member of staff and shows the message on the sent messages page', async () => {
    await page.goto(`${h.baseUrl}/admin/users`);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'invite with errors');
    await page.fill('#displayName', 'Tess Therapist');
    await page.fill('#email', 'tess@example.nhs.uk');
    await page.check('input[name="roles"][value="therapist"]');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForURL(/invited=/);
    await h.t.outbox.runOnce();
    await page.goto(`${h.baseUrl}/admin/messages`);
    expect(await page.textContent('main')).toContain('tess@example.nhs.uk');
    await expectAccessible(page, '/admin/messages');
  });

  it('signs out', async () => {
    // One step: the header's sign-out button posts straight away.
    await page.locator('.nhsuk-header__account-button', { hasText: 'Sign out' }).click();
    await page.waitForURL(`${h.baseUrl}/sign-out`);
    expect(await page.textContent('h1')).toContain('You have signed out');
    await page.goto(`${h.baseUrl}/home`);
    expect(page.url()).toContain('/sign-in');
  });
});
