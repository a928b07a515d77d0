import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCourse, insertPatient, insertSession } from '../support/fixtures';
import { createUser } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

describe.runIf(run)('questionnaires before a session, with a risk answer, in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    // Wednesday 25 November 2026, 10:00 UTC; the session is on Friday at 10:00.
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    const therapist = await createUser(h.t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor');
    const user = await createUser(h.t, 'taylor@example.com', ['patient'], 'Taylor');
    const patient = await insertPatient(h.t, {
      givenName: 'Taylor',
      familyName: 'Green',
      userId: user.id,
      email: 'taylor@example.com',
      allowEmail: true,
    });
    const course = await insertCourse(h.t, patient.id, therapist.id);
    await insertSession(
      h.t,
      { id: course.id, patientId: patient.id, therapistId: therapist.id },
      '2026-11-27T10:00:00Z',
    );
  });
  afterAll(async () => h.close());

  it('the patient answers PHQ-9 with item 9 above 0 and sees urgent help at once', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'taylor@example.com');
    await expectAccessible(page, 'patient home with questionnaire prompt');
    await page.locator('main a[href^="/questionnaires/"]').first().click();
    await expectAccessible(page, 'questionnaire start');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.waitForURL(/\/phq9$/);
    expect(page.url()).toMatch(/\/phq9$/);
    // Unanswered questions: an error for each, accessibly.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'PHQ-9 with errors');
    for (let i = 1; i <= 9; i++)
      await page.check(`input[name="phq9_${i}"][value="${i === 9 ? 1 : 2}"]`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/urgent-help/);
    const text = (await page.textContent('main')) ?? '';
    expect(text).toContain('999');
    expect(text).toContain('111');
    expect(text).toContain('116 123');
    await expectAccessible(page, 'urgent help after PHQ-9');
  });

  it('the therapist sees the alert, records the action, and it leaves the queue', async () => {
    await h.t.outbox.runOnce();
    const email = h.t.notifier.sent.find((m) => m.recipient === 'sam@example.nhs.uk');
    expect(email?.body).toContain('/staff/risk/');
    expect(email?.body).not.toMatch(/depress|suicid|PHQ|harm/i);

    const page = await h.newPage();
    await signInAs(h, page, 'sam@example.nhs.uk');
    expect(await page.textContent('main')).toContain('Taylor');
    await expectAccessible(page, 'therapist home with alert');
    await page.goto(`${h.baseUrl}/staff/risk`);
    await expectAccessible(page, '/staff/risk');
    await page.locator('main a[href^="/staff/risk/"]').first().click();
    await expectAccessible(page, 'risk alert');
    await page.getByRole('button', { name: 'Record action' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'risk alert with errors');
    await page.fill(
      '[name="actionTaken"]',
      'Phoned Taylor the same day. Safe, with a plan; GP informed.',
    );
    await page.getByLabel('Yes, the risk has been dealt with').check();
    await page.getByRole('button', { name: 'Record action' }).click();
    await page.waitForLoadState();
    await page.goto(`${h.baseUrl}/staff/risk`);
    expect(await page.locator('main a[href^="/staff/risk/"]').count()).toBe(0);
    await expectAccessible(page, '/staff/risk empty');
  });
});
