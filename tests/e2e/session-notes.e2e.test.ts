import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  insertCourse,
  insertPatient,
  insertSession,
  insertTherapistProfile,
} from '../support/fixtures';
import { createUser } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();
const mainText = async (page: Page) => (await page.textContent('main')) ?? '';

describe.runIf(run)('issue 11 part B in Chromium: note, task, reflection', () => {
  let h: BrowserHarness;
  let sessionId: string;

  beforeAll(async () => {
    // Wednesday 25 November 2026, 10:00 in London; the session was at 9am.
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    const sam = await createUser(h.t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor');
    await insertTherapistProfile(h.t, sam.id, {
      professionalBody: 'BACP',
      registrationNumber: '123456',
    });
    const patientUser = await createUser(h.t, 'taylor@example.com', ['patient'], 'Taylor');
    const patient = await insertPatient(h.t, {
      givenName: 'Taylor',
      familyName: 'Reed',
      userId: patientUser.id,
      responsibleClinicianId: sam.id,
    });
    const course = await insertCourse(h.t, patient.id, sam.id);
    sessionId = (
      await insertSession(h.t, course, '2026-11-25T09:00:00Z', {
        status: 'attended',
        sessionNumber: 1,
      })
    ).id;
  });
  afterAll(async () => h.close());

  it('the therapist writes and signs the note and sets a task; the patient reflects; the therapist reads it', async () => {
    const therapist = await h.newPage();
    await signInAs(h, therapist, 'sam@example.nhs.uk');
    await therapist.goto(`${h.baseUrl}/diary/appointments/${sessionId}`);
    await therapist.getByRole('link', { name: 'Session note and tasks' }).click();
    await therapist.waitForURL(`**/notes/${sessionId}`);
    await expectAccessible(therapist, 'session note draft');
    await therapist.getByLabel('Agenda').fill('Review the week; start the inventory');
    await therapist.getByLabel('Work on the focal area').fill('Role transition after the move');
    await therapist.getByLabel('Risk review').fill('Item 9 zero; no thoughts of harm');
    await therapist.getByLabel('Plan').fill('Closeness circle next week');
    // Signing without the summary is refused, with the answers kept.
    await therapist.getByRole('button', { name: 'Sign note' }).click();
    expect(await mainText(therapist)).toContain(
      'Enter the summary for the patient before you sign the note',
    );
    await expectAccessible(therapist, 'session note refused');
    await therapist
      .getByLabel('Summary for the patient')
      .fill('We talked about your move and the people you miss.');
    await therapist.getByRole('button', { name: 'Sign note' }).click();
    await therapist.waitForURL(`**/notes/${sessionId}`);
    expect(await mainText(therapist)).toContain('Signed and locked');
    expect(await therapist.locator('textarea[name="agenda"]').count()).toBe(0);
    await expectAccessible(therapist, 'signed note');

    await therapist.getByRole('link', { name: 'Set a task at this session' }).click();
    await therapist.getByLabel('What they will try').fill('Phone Jess about the new job');
    await therapist.getByLabel('When').fill('Before Saturday');
    await expectAccessible(therapist, 'set a task');
    await therapist.getByRole('button', { name: 'Set task' }).click();
    await therapist.waitForURL(`**/notes/${sessionId}#tasks`);
    expect(await mainText(therapist)).toContain('No reflection yet');

    const patient = await h.newPage();
    await signInAs(h, patient, 'taylor@example.com');
    await patient.goto(`${h.baseUrl}/tasks`);
    await expectAccessible(patient, 'patient tasks');
    await patient.getByRole('link', { name: 'Phone Jess about the new job' }).click();
    await patient.getByLabel('What did you do?').fill('I rang her on Thursday evening');
    await patient.getByLabel('How did it go?').fill('Better than I feared');
    await expectAccessible(patient, 'patient reflection');
    await patient.getByRole('button', { name: 'Save' }).click();
    await patient.waitForURL(/\/tasks\?saved=1/);
    expect(await mainText(patient)).toContain('Your therapist will read what you wrote');
    await patient.goto(`${h.baseUrl}/summaries`);
    const summaries = await mainText(patient);
    expect(summaries).toContain('the people you miss');
    expect(summaries).not.toContain('Item 9 zero');
    await expectAccessible(patient, 'patient summaries');

    await therapist.goto(`${h.baseUrl}/notes/${sessionId}`);
    const note = await mainText(therapist);
    expect(note).toContain('Reflection written');
    expect(note).toContain('Better than I feared');
  });
});
