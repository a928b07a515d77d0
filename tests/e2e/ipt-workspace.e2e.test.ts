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

/**
 * Issue 11 part A in Chromium: the therapist builds the inventory (with its closeness circle),
 * writes the focal area and formulation, adds and rates an aim; the patient reads it all on
 * their own page and agrees to the formulation; the therapist sees the agreement.
 */
describe.runIf(run)('the IPT course workspace in Chromium', () => {
  let h: BrowserHarness;
  let courseId: string;

  beforeAll(async () => {
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    const sam = await createUser(h.t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor');
    await insertTherapistProfile(h.t, sam.id, {});
    const user = await createUser(h.t, 'taylor@example.com', ['patient'], 'Taylor Green');
    const patient = await insertPatient(h.t, {
      givenName: 'Taylor',
      familyName: 'Green',
      userId: user.id,
    });
    const course = await insertCourse(h.t, patient.id, sam.id, { attendedSessions: 2 });
    courseId = course.id;
    // Earlier today: the aim added below is set on its day, so it is rated at session 2.
    await insertSession(h.t, course, '2026-11-25T08:00:00Z', {
      status: 'attended',
      sessionNumber: 2,
    });
    await insertSession(h.t, course, '2026-12-02T11:00:00Z', { sessionNumber: 3 });
  });
  afterAll(async () => h.close());

  async function addPerson(page: Page, name: string, relationship: string, ring: string) {
    await page.getByRole('link', { name: 'Add a person' }).click();
    await page.fill('#name', name);
    await page.fill('#relationship', relationship);
    await page.getByLabel(ring, { exact: true }).check();
    await page.fill('#wishedChange', 'Say no without a row');
    await page.getByRole('button', { name: 'Add this person' }).click();
    await page.waitForURL((url) => url.pathname === `/courses/${courseId}/ipt`);
  }

  it('inventory with its circle, a formulation the patient agrees to, and rated aims', async () => {
    const staff = await h.newPage();
    await signInAs(h, staff, 'sam@example.nhs.uk');
    await staff.goto(`${h.baseUrl}/courses/${courseId}`);
    await staff.getByRole('link', { name: /IPT workspace/ }).click();
    await staff.waitForURL((url) => url.pathname === `/courses/${courseId}/ipt`);
    expect(await staff.locator('main').textContent()).toContain('Initial phase');
    await expectAccessible(staff, 'an empty IPT workspace');

    // The inventory, with a refused form on the way.
    await staff.getByRole('link', { name: 'Add a person' }).click();
    await staff.getByRole('button', { name: 'Add this person' }).click();
    await expect
      .poll(() => staff.locator('.nhsuk-error-summary').textContent())
      .toContain('Enter a name or initials for this person');
    await expectAccessible(staff, 'the person form with errors');
    await staff.goto(`${h.baseUrl}/courses/${courseId}/ipt`);
    await addPerson(staff, 'Jo', 'Sister', 'Closest (ring 1)');
    await addPerson(staff, 'Work team', 'Colleagues', 'Less close (ring 3)');
    const circle = staff.locator('svg.ipt-circle').first();
    await circle.waitFor();
    expect(await circle.locator('text').allTextContents()).toEqual(['Taylor', 'Jo', 'Work team']);
    expect(await staff.locator('#workspace-rings').textContent()).toContain('Closest (ring 1)Jo');
    await staff.getByRole('link', { name: 'The full inventory, to read or print' }).click();
    await staff.locator('h2', { hasText: 'The people who matter' }).waitFor();
    await expectAccessible(staff, 'the printable inventory');
    await staff.emulateMedia({ media: 'print' });
    expect(await staff.locator('header.nhsuk-header').isVisible()).toBe(false);
    expect(await staff.locator('svg.ipt-circle').isVisible()).toBe(true);
    await staff.emulateMedia({ media: 'screen' });

    // Focal area and formulation.
    await staff.goto(`${h.baseUrl}/courses/${courseId}/ipt`);
    await staff
      .getByRole('link', { name: 'Choose the focal area and write the formulation' })
      .click();
    await staff.check('input[name="focalArea"][value="role-transitions"]');
    await staff.check('input[name="secondFocalArea"][value="none"]');
    await staff.fill(
      '#formulation',
      'Since moving to Leeds you have lost touch with friends, and feel low and alone.',
    );
    await expectAccessible(staff, 'the formulation form');
    await staff.getByRole('button', { name: /^Share with / }).click();
    await staff.waitForURL((url) => url.pathname === `/courses/${courseId}/ipt`);
    expect(await staff.locator('main').textContent()).toContain('Waiting for the patient to agree');

    // An aim, rated at a review.
    await staff.getByRole('link', { name: 'Add an aim' }).click();
    await staff.fill('#aim', 'Meet a friend once a week');
    await staff.getByRole('button', { name: 'Add this aim' }).click();
    await staff.getByRole('link', { name: 'Rate progress at a review session' }).click();
    await staff.fill('#sessionNumber', '2');
    await staff.check('input[name^="rating-"][value="4"]');
    await expectAccessible(staff, 'the aim rating form');
    await staff.getByRole('button', { name: 'Save the ratings' }).click();
    await staff.waitForURL((url) => url.pathname === `/courses/${courseId}/ipt`);
    expect(await staff.locator('main').textContent()).toContain(
      'Progress: 4 out of 10 at session 2',
    );
    await expectAccessible(staff, 'the workspace with an inventory, formulation and aim');

    // The patient reads it and agrees.
    const patient = await h.newPage();
    await signInAs(h, patient, 'taylor@example.com');
    await patient.goto(`${h.baseUrl}/therapy`);
    const main = patient.locator('main');
    await expect.poll(() => main.textContent()).toContain('We will focus on big life changes');
    expect(await main.textContent()).toContain('Meet a friend once a week');
    expect(await patient.locator('svg.ipt-circle text').allTextContents()).toEqual([
      'You',
      'Jo',
      'Work team',
    ]);
    await expectAccessible(patient, 'the patient’s therapy page before agreeing');
    await patient.getByRole('button', { name: 'I agree with this' }).click();
    await patient.waitForURL((url) => url.pathname === '/therapy');
    await expect.poll(() => main.textContent()).toContain('You agreed to this on 25 November 2026');
    await expectAccessible(patient, 'the patient’s therapy page after agreeing');

    await staff.reload();
    expect(await staff.locator('main').textContent()).toContain(
      'Agreed by the patient on 25 November 2026',
    );
  }, 240_000);
});
