import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pageBySlug } from '../../src/features/referral/referral.forms';
import { GOOD_ANSWERS } from '../../src/features/referral/referral.test-data';
import { surfaceUnsentRiskDrafts } from '../../src/features/referral';
import { insertReferral } from '../support/fixtures';
import { createUser } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

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
      const type =
        (await input.getAttribute('type')) ??
        (await input.evaluate((el) => el.tagName.toLowerCase()));
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
export async function referYourself(
  page: Page,
  baseUrl: string,
  overrides: Partial<Record<string, Record<string, string | string[]>>> = {},
) {
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
      await page.locator('a', { hasText: 'Continue with your referral' }).click();
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

/** Answers every question page (no wrong answers), checking each urgent-help page, up to the check page. */
async function answerToCheck(
  page: Page,
  baseUrl: string,
  overrides: Partial<Record<string, Record<string, string | string[]>>>,
) {
  await page.goto(`${baseUrl}/refer`);
  await page.getByRole('button', { name: /Start now|Start a new referral/ }).click();
  let urgentHelpSeen = 0;
  for (let guard = 0; guard < 40; guard++) {
    const path = new URL(page.url()).pathname;
    if (path === '/refer/check') break;
    if (path === '/refer/urgent-help') {
      urgentHelpSeen += 1;
      await expectAccessible(page, `${path} (${urgentHelpSeen})`);
      const text = (await page.textContent('main')) ?? '';
      expect(text).toContain('If you send your referral, we will treat it as urgent');
      expect(text).not.toContain('We will mark your referral as urgent');
      // Crisis help first, the referral after it.
      expect(text.indexOf('999')).toBeLessThan(text.indexOf('Your referral'));
      await page.locator('a', { hasText: 'Continue with your referral' }).click();
      continue;
    }
    const spec = pageBySlug(path.replace('/refer/', ''));
    expect(spec, `unknown referral page ${path}`).toBeTruthy();
    await fill(page, { ...GOOD_ANSWERS[spec!.key], ...(overrides[spec!.key] ?? {}) });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.pathname !== path);
  }
  expect(new URL(page.url()).pathname).toBe('/refer/check');
  return urgentHelpSeen;
}

describe.runIf(run)('self-referral in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterAll(async () => h.close());

  let reference = '';

  // Some 45 pages, each with a wrong answer first and axe twice: minutes on a loaded machine.
  it('a newcomer reads about IPT, refers themselves with one wrong answer per page, and sees the confirmation', async () => {
    const page = await h.newPage();
    reference = await referYourself(page, h.baseUrl, {
      permissions: { voicemail: 'yes', texts: 'yes', emails: 'yes' },
    });
    expect(await page.textContent('main')).toContain(reference);
    // A reload of the confirmation shows the same reference (nothing duplicated).
    await page.reload();
    expect(await page.textContent('main')).toContain(reference);
  }, 300_000);

  it('a clinician finds it in the queue, books and records the assessment, and offers IPT', async () => {
    await createUser(h.t, 'clinician@example.nhs.uk', ['therapist'], 'Casey Clinician');
    const page = await h.newPage();
    await signInAs(h, page, 'clinician@example.nhs.uk');
    await expectAccessible(page, 'therapist home');

    await page.goto(`${h.baseUrl}/staff/referrals`);
    await expectAccessible(page, '/staff/referrals');
    await page
      .getByRole('link', { name: /Sam Taylor/ })
      .first()
      .click();
    await page.waitForURL(/\/staff\/referrals\/[0-9a-f-]{36}(\?.*)?$/);
    expect(await page.textContent('main')).toContain(reference);
    await expectAccessible(page, 'referral page');
    await page.getByRole('button', { name: 'Create a new patient record' }).click();
    await page.waitForLoadState();
    await expectAccessible(page, 'referral page with patient');

    await page.getByRole('link', { name: /Book/ }).first().click();
    await expectAccessible(page, 'book assessment');
    await page.getByRole('button', { name: 'Book assessment' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'book assessment with errors');
    await page.selectOption('#clinicianId', { label: 'Casey Clinician' });
    await page.fill('#date-day', '27');
    await page.fill('#date-month', '11');
    await page.fill('#date-year', '2026');
    await page.fill('#time', '10:00');
    await page.check('input[name="mode"][value="video"]');
    await page.getByRole('button', { name: 'Book assessment' }).click();
    await page.waitForURL(/\/staff\/referrals\/[0-9a-f-]{36}(\?.*)?$/);
    const referralPage = page.url().split('?')[0]!;

    // An assessment is recorded once it has started (H11): move to that morning and sign in again.
    h.t.clock.set('2026-11-27T10:05:00Z');
    await signInAs(h, page, 'clinician@example.nhs.uk');
    await page.goto(referralPage);
    await page.getByRole('link', { name: 'Record the wellbeing assessment' }).click();
    await expectAccessible(page, 'record assessment');
    await page.getByRole('button', { name: 'Save assessment and decision' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'record assessment with errors');
    await page.check('input[name="presentingProblem"][value="depression"]');
    for (let i = 1; i <= 9; i++)
      await page.check(`input[name="phq9_${i}"][value="${i === 9 ? 0 : 2}"]`);
    for (let i = 1; i <= 7; i++) await page.check(`input[name="gad7_${i}"][value="1"]`);
    for (let i = 1; i <= 5; i++) await page.check(`input[name="wsas_${i}"][value="4"]`);
    await page.check('input[name="riskLevel"][value="low"]');
    await page.fill('[name="riskAgreed"]', 'No current risk. Knows how to get urgent help.');
    await page.check('input[name="decision"][value="offer_ipt"]');
    await page.fill(
      '[name="decisionReason"]',
      'Depression linked to a relationship ending: IPT fits.',
    );
    await page.fill(
      '[name="patientMessage"]',
      'We would like to offer you interpersonal therapy. We will be in touch to arrange it.',
    );
    await page.getByRole('button', { name: 'Save assessment and decision' }).click();
    await page.waitForURL(/\/staff\/referrals\/[0-9a-f-]{36}(\?.*)?$/);
    await expectAccessible(page, 'referral after decision');

    await page.goto(`${h.baseUrl}/staff/waiting-list`);
    expect(await page.textContent('main')).toContain('Sam Taylor');
    await expectAccessible(page, '/staff/waiting-list');
  });

  it('the patient accepts the invitation, sets a password and sees where they are', async () => {
    await h.t.outbox.runOnce();
    const invitation = h.t.notifier.sent.find(
      (m) => m.channel === 'email' && /set-password\?token=/.test(m.body),
    );
    expect(invitation, 'an invitation email was queued').toBeTruthy();
    const link = /(http:\/\/localhost:\d+\/account\/set-password\?token=[\w-]+)/.exec(
      invitation!.body,
    )![1]!;
    const page = await h.newPage();
    await page.goto(link);
    await expectAccessible(page, 'set password');
    await page.fill('#password', 'short');
    await page.fill('#confirm', 'short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'set password with errors');
    await page.fill('#password', 'lantern orchard pebble');
    await page.fill('#confirm', 'lantern orchard pebble');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/home/);
    const text = (await page.textContent('main')) ?? '';
    expect(text).toContain('waiting list');
    await expectAccessible(page, 'patient home');
  });

  it('risk answers left unsent reach the duty clinician; sent, the referral is urgent and comes first', async () => {
    const person = await h.newPage();
    const seen = await answerToCheck(person, h.baseUrl, {
      name: { givenName: 'Alex', familyName: 'Rivers' },
      contact: { mobile: '07700 900456', otherPhone: '', email: 'alex@example.com' },
      risk: { thoughts: 'yes', plans: 'yes', harmOthers: 'no' },
    });
    expect(seen).toBe(1);
    // The person stops here. An hour later the duty clinician sees it on the risk queue.
    h.t.clock.advanceMinutes(61);
    await surfaceUnsentRiskDrafts(h.t.database.db, h.t.clock);
    await createUser(h.t, 'duty@example.nhs.uk', ['therapist'], 'Dana Duty');
    const duty = await h.newPage();
    await signInAs(h, duty, 'duty@example.nhs.uk');
    await duty.goto(`${h.baseUrl}/staff/risk`);
    await expectAccessible(duty, '/staff/risk with an unsent referral');
    const queue = (await duty.textContent('main')) ?? '';
    expect(queue).toContain('Self-referral NOT SENT: Alex Rivers');
    expect(queue).toContain('mobile 07700 900456');

    // The person comes back and sends it: urgent, and the confirmation promises no wait.
    await person.goto(`${h.baseUrl}/refer/check`);
    await person.getByRole('button', { name: 'Send referral' }).click();
    await person.waitForURL(/\/refer\/confirmation/);
    await expectAccessible(person, '/refer/confirmation (urgent)');
    const confirmation = (await person.textContent('main')) ?? '';
    expect(confirmation).toContain('We have marked your referral as urgent');
    expect(confirmation).not.toContain('people wait');

    // Staff see the risk callout on it; urgent referrals come first on the waiting list.
    await duty.goto(`${h.baseUrl}/staff/referrals`);
    await duty
      .getByRole('link', { name: /Alex Rivers/ })
      .first()
      .click();
    await duty.waitForURL(/\/staff\/referrals\/[0-9a-f-]{36}(\?.*)?$/);
    await expectAccessible(duty, 'urgent referral page');
    expect(await duty.textContent('main')).toContain('Important: Risk');

    await insertReferral(h.t, {
      givenName: 'Routine',
      familyName: 'Earlier',
      status: 'ipt_waiting',
      receivedAt: new Date(h.t.clock.now().getTime() - 30 * 86_400_000),
    });
    await insertReferral(h.t, {
      givenName: 'Urgent',
      familyName: 'Waiting',
      urgent: true,
      status: 'ipt_waiting',
      receivedAt: h.t.clock.now(),
    });
    await duty.goto(`${h.baseUrl}/staff/waiting-list`);
    await expectAccessible(duty, '/staff/waiting-list with an urgent referral');
    const list = (await duty.textContent('main')) ?? '';
    expect(list.indexOf('Urgent Waiting')).toBeGreaterThan(-1);
    expect(list.indexOf('Routine Earlier')).toBeGreaterThan(list.indexOf('Urgent Waiting'));
  });
});
