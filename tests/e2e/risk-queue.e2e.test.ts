import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { insertPatient, insertReferral, insertReferralRiskAlert } from '../support/fixtures';
import { createUser } from '../support/test-app';
import {
  signInAs,
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

const mainText = async (page: Page) => (await page.textContent('main')) ?? '';

describe.runIf(run)('issue 9 items 2 and 4 in Chromium', () => {
  let h: BrowserHarness;
  let referralId: string;
  let alertId: string;
  beforeAll(async () => {
    // Wednesday 25 November 2026, 10:00 in London.
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    await createUser(h.t, 'terry@example.nhs.uk', ['therapist'], 'Terry Therapist');
    await createUser(h.t, 'tess@example.nhs.uk', ['therapist'], 'Tess Other');
    await createUser(h.t, 'max@example.nhs.uk', ['service_manager'], 'Max Manager');
    const patient = await insertPatient(h.t, { givenName: 'Ari', familyName: 'Early' });
    referralId = (await insertReferral(h.t, { patientId: patient.id })).id;
    const risky = await insertReferral(h.t, { givenName: 'Kay', familyName: 'Partial' });
    alertId = (
      await insertReferralRiskAlert(
        h.t,
        risky.id,
        'Self-referral: said yes to having made plans to end their life',
      )
    ).id;
  });
  afterAll(async () => h.close());

  it('refuses to record an assessment before it starts, and records it once it has', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'terry@example.nhs.uk');
    await page.goto(`${h.baseUrl}/staff/referrals/${referralId}/book`);
    await page.fill('#date-day', '25');
    await page.fill('#date-month', '11');
    await page.fill('#date-year', '2026');
    await page.fill('#time', '15:00');
    await page.getByLabel('Video call', { exact: true }).check();
    await page.getByRole('button', { name: 'Book assessment' }).click();
    await page.waitForURL(/done=booked/);

    await page.goto(`${h.baseUrl}/staff/referrals/${referralId}/assessment`);
    const early = await mainText(page);
    expect(early).toContain('This assessment has not happened yet');
    expect(early).toContain(
      'You can record it once it has started, from Wednesday 25 November 2026 at 3pm.',
    );
    expect(await page.locator('input[name="presentingProblem"]').count()).toBe(0);
    expect(await page.locator('a.nhsuk-back-link').getAttribute('href')).toBe(
      `/staff/referrals/${referralId}`,
    );
    await expectAccessible(page, 'assessment not started yet');

    // At 3:05pm it has started: the form is there.
    h.t.clock.set('2026-11-25T15:05:00Z');
    const later = await h.newPage();
    await signInAs(h, later, 'terry@example.nhs.uk');
    await later.goto(`${h.baseUrl}/staff/referrals/${referralId}/assessment`);
    expect(await later.locator('input[name="presentingProblem"]').count()).toBeGreaterThan(0);
    expect(await mainText(later)).not.toContain('has not happened yet');
  });

  it('keeps an alert open with a next step, shows its history, and a clinician closes it', async () => {
    // Later than the first test: its sign-ins used the two-step codes up to 3:05pm.
    h.t.clock.set('2026-11-25T16:00:00Z');
    const page = await h.newPage();
    await signInAs(h, page, 'terry@example.nhs.uk');
    await page.goto(`${h.baseUrl}/staff/risk`);
    expect(await mainText(page)).toContain('Plans to end their life or harm to others');
    await expectAccessible(page, 'risk queue');
    await page.locator(`main a[href="/staff/risk/${alertId}"]`).click();
    await page.fill('[name="actionTaken"]', 'Tried to call, no answer. Left a voicemail.');
    await page.getByLabel('No, keep it open').check();
    await page.fill('[name="nextStep"]', 'Call again');
    await page.fill('#date-day', '26');
    await page.fill('#date-month', '11');
    await page.fill('#date-year', '2026');
    await page.fill('#time', '2pm');
    await page.getByRole('button', { name: 'Record action' }).click();
    await page.waitForURL(/done=kept_open/);
    const kept = await mainText(page);
    expect(kept).toContain('Action recorded. The alert stays open.');
    expect(kept).toContain('Tried to call, no answer. Left a voicemail.');
    expect(kept).toContain('Next step: Call again, by Thursday 26 November 2026 at 2pm');
    await expectAccessible(page, 'risk alert kept open with history');

    // A service manager sees what they can do, and no way to close it.
    const manager = await h.newPage();
    await signInAs(h, manager, 'max@example.nhs.uk');
    await manager.goto(`${h.baseUrl}/staff/risk/${alertId}`);
    expect(await mainText(manager)).toContain('only a clinician (a therapist or a supervisor)');
    expect(await manager.locator('input[name="outcome"][value="closed"]').count()).toBe(0);
    await expectAccessible(manager, 'risk alert for a service manager');

    // Another clinician closes it.
    const tess = await h.newPage();
    await signInAs(h, tess, 'tess@example.nhs.uk');
    await tess.goto(`${h.baseUrl}/staff/risk/${alertId}`);
    await tess.fill('[name="actionTaken"]', 'Spoke to Kay. Safe; safety plan agreed.');
    await tess.getByLabel('Yes, the risk has been dealt with').check();
    await tess.getByRole('button', { name: 'Record action' }).click();
    await tess.waitForURL(/done=closed/);
    expect(await mainText(tess)).toContain('There are no open risk alerts.');
    await tess.goto(`${h.baseUrl}/staff/risk/${alertId}`);
    const closed = await mainText(tess);
    expect(closed).toContain('Kept open');
    expect(closed).toContain('Closed the alert');
    expect(closed).toContain('This alert is closed.');
    await expectAccessible(tess, 'closed risk alert');
  });
});
