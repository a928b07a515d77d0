import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { insertCourse, insertPatient, insertReferral, insertSession } from '../support/fixtures';
import { createUser, TEST_PASSWORD } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/home/);
}

// Issue 9 item 8: a patient with sessions booked sees the next one on their home page.
describe.runIf(run)('the patient home page in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    const therapist = await createUser(h.t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor');
    const user = await createUser(h.t, 'taylor@example.com', ['patient'], 'Taylor Green-Smith');
    const patient = await insertPatient(h.t, {
      givenName: 'Taylor',
      familyName: 'Green',
      userId: user.id,
      email: 'taylor@example.com',
    });
    await insertReferral(h.t, { status: 'in_treatment', patientId: patient.id });
    const course = await insertCourse(h.t, patient.id, therapist.id);
    const c = { id: course.id, patientId: patient.id, therapistId: therapist.id };
    await insertSession(h.t, c, '2026-12-02T11:00:00Z', { sessionNumber: 1 });
    await insertSession(h.t, c, '2026-12-09T11:00:00Z', { sessionNumber: 2 });
  });
  afterAll(async () => h.close());

  it('shows the next booked session, greeting the patient by first name', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, 'taylor@example.com');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hello, Taylor');
    const next = page.locator('section[aria-labelledby="next-appointment-heading"]');
    await next.waitFor();
    const text = (await next.textContent()) ?? '';
    expect(text).toContain('IPT session 1');
    expect(text).toContain('Wednesday 2 December 2026 at 11am until 11:50am');
    expect(text).toContain('By video call');
    expect(await page.locator('main').textContent()).not.toContain(
      'Your therapist will agree the times',
    );
    await expectAccessible(page, 'patient home with the next appointment');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectAccessible(page, 'patient home at 390 px');
  });
});
