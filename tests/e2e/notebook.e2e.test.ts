import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { insertCourse, insertPatient, insertTherapistProfile } from '../support/fixtures';
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

describe.runIf(run)('the patient’s notebook in Chromium (issue 11)', () => {
  let h: BrowserHarness;
  let courseId: string;

  beforeAll(async () => {
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
    });
    courseId = (await insertCourse(h.t, patient.id, sam.id)).id;
  });
  afterAll(async () => h.close());

  it('makes a folder, writes a note, finds it by search and shares it with the therapist', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'taylor@example.com');
    await page.goto(`${h.baseUrl}/home`);
    await page.getByRole('link', { name: 'Your notebook' }).click();
    await page.waitForURL('**/notebook');
    expect(await mainText(page)).toContain('You have not written any notes yet.');
    await expectAccessible(page, 'empty notebook');

    await page.getByRole('link', { name: 'Make a new folder' }).click();
    await page.getByRole('button', { name: 'Make folder' }).click();
    expect(await mainText(page)).toContain('Enter a name for the folder');
    await expectAccessible(page, 'folder name missing');
    await page.getByLabel('Folder name').fill('Family');
    await page.getByRole('button', { name: 'Make folder' }).click();
    await page.waitForURL('**/notebook?done=folder-made');
    expect(await mainText(page)).toContain('Folder: Family');

    await page.getByRole('link', { name: 'Write a note in Family' }).click();
    await page.getByLabel('Title').fill('Talking to my sister');
    await page.getByLabel('Your note').fill('I want to tell Jess how lonely the move has been.');
    await expectAccessible(page, 'new note');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.waitForURL(/\/notebook\/notes\/[0-9a-f-]{36}\?done=saved/);
    expect(await mainText(page)).toContain('Only you can read this note.');
    await expectAccessible(page, 'a private note');

    await page.goto(`${h.baseUrl}/notebook`);
    await page.getByLabel('Search your notebook').fill('lonely');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/notebook?q=lonely');
    expect(await mainText(page)).toContain('1 thing matches');
    await expectAccessible(page, 'search results');
    await page.getByLabel('Search your notebook').fill('holiday');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await mainText(page)).toContain('Nothing in your notebook matches');
    await page.goto(`${h.baseUrl}/notebook?q=lonely`);
    await page.getByRole('link', { name: 'Talking to my sister' }).click();

    await page.getByRole('button', { name: 'Share with my therapist' }).click();
    await page.waitForURL(/\?done=shared/);
    expect(await mainText(page)).toContain('You shared this note on');
    await expectAccessible(page, 'a shared note');

    const therapist = await h.newPage();
    await signInAs(h, therapist, 'sam@example.nhs.uk');
    await therapist.goto(`${h.baseUrl}/courses/${courseId}`);
    expect(await mainText(therapist)).toContain('Notes the patient has shared');
    await therapist.getByText('Talking to my sister, shared').click();
    expect(await mainText(therapist)).toContain('how lonely the move has been');
    await expectAccessible(therapist, 'course page with a shared note');
  }, 180_000);
});
