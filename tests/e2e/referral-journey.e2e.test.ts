import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pageBySlug } from '../../src/features/referral/referral.forms';
import { GOOD_ANSWERS } from '../../src/features/referral/referral.test-data';
import { browserAvailable, expectAccessible, startBrowserHarness, type BrowserHarness } from './browser';

const run = browserAvailable();

/** A wrong first answer for pages where leaving everything empty would be accepted. */
const WRONG_FIRST: Record<string, Record<string, string>> = {
  'nhs-number': { nhsNumber: '123 456 7890' },
};

async function fill(page: Page, answers: Record<string, string | string[]>) {
  for (const [name, value] of Object.entries(answers)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const input = page.locator(`[name="${name}"]`).first();
      const type = (await input.getAttribute('type')) ?? (await input.evaluate((el) => el.tagName.toLowerCase()));
      if (type === 'radio' || type === 'checkbox') {
        await page.check(`input[name="${name}"][value="${v}"]`);
      } else if (type === 'select') {
        await page.selectOption(`[name="${name}"]`, v);
      } else if (v !== '' || (await input.isVisible())) {
        await page.fill(`[name="${name}"]`, v);
      }
    }
  }
}

/** Answers every question page: one wrong answer first, corrected after the error message. */
export async function referYourself(page: Page, baseUrl: string, overrides: Partial<Record<string, Record<string, string | string[]>>> = {}) {
  await page.goto(`${baseUrl}/ipt`);
  await expectAccessible(page, '/ipt');
  await page.goto(`${baseUrl}/refer`);
  await expectAccessible(page, '/refer');
  await page.getByRole('button', { name: /Start now|Start a new referral/ }).click();
  for (let guard = 0; guard < 40; guard++) {
    const path = new URL(page.url()).pathname;
    if (path === '/refer/check') break;
    if (path === '/refer/urgent-help') {
      await expectAccessible(page, path);
      await page.getByRole('link', { name: 'Continue with your referral' }).click();
      continue;
    }
    const slug = path.replace('/refer/', '');
    const spec = pageBySlug(slug);
    expect(spec, `unknown referral page ${path}`).toBeTruthy();
    // First a wrong answer: the error summary must appear, accessible and keyboard-focusable.
    if (WRONG_FIRST[slug]) await fill(page, WRONG_FIRST[slug]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.title(), slug).toMatch(/^Error: /);
    await expectAccessible(page, `${path} with errors`);
    // Then the right one.
    await fill(page, { ...GOOD_ANSWERS[spec!.key], ...(overrides[spec!.key] ?? {}) });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.pathname !== path);
  }
  expect(new URL(page.url()).pathname).toBe('/refer/check');
  await expectAccessible(page, '/refer/check');
  await page.getByRole('button', { name: 'Send referral' }).click();
  await page.waitForURL(/\/refer\/confirmation/);
  await expectAccessible(page, '/refer/confirmation');
  const text = (await page.textContent('main')) ?? '';
  const reference = /RAP-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(text)?.[0];
  expect(reference, text).toBeTruthy();
  return reference!;
}

describe.runIf(run)('self-referral in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterAll(async () => h?.close());

  it('a newcomer reads about IPT, refers themselves with one wrong answer per page, and sees the confirmation', async () => {
    const page = await h.newPage();
    const reference = await referYourself(page, h.baseUrl);
    expect(await page.textContent('main')).toContain(reference);
    // A reload of the confirmation shows the same reference (nothing duplicated).
    await page.reload();
    expect(await page.textContent('main')).toContain(reference);
  });
});
