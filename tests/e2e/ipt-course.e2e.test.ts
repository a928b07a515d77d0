import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { letters, treatmentCourses } from '../../src/db/schema';
import {
  insertCourse,
  insertPatient,
  insertReferral,
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
const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

/**
 * A whole IPT course in Chromium (issue 11), through the real pages as the therapist and as the
 * patient: the inventory and its closeness circle, the focal area and formulation the patient
 * agrees to, an aim rated, a task with the patient's reflection, a question answered, a session
 * note signed, the staying-well plan written together, discharge and the GP letter. axe runs on
 * every page visited. Every wait is on a page, a URL or a response: never on a fixed sleep.
 */
describe.runIf(run)(
  'a whole IPT course in Chromium',
  () => {
    let h: BrowserHarness;
    let courseId: string;
    let patientId: string;
    let sessionId: string;
    let staff: Page;
    let patient: Page;
    const workspace = () => `${h.baseUrl}/courses/${courseId}/ipt`;
    const atWorkspace = (page: Page) =>
      page.waitForURL((url) => url.pathname === `/courses/${courseId}/ipt`);

    beforeAll(async () => {
      // Wednesday 25 November 2026, 10:00 in London; the first session was at 9am.
      h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
      const sam = await createUser(h.t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor');
      await insertTherapistProfile(h.t, sam.id, {
        professionalBody: 'BACP',
        registrationNumber: '123456',
      });
      const user = await createUser(h.t, 'taylor@example.com', ['patient'], 'Taylor Green');
      const p = await insertPatient(h.t, {
        givenName: 'Taylor',
        familyName: 'Green',
        userId: user.id,
        gpPractice: 'Park Surgery',
      });
      patientId = p.id;
      // The referral said the service may contact the GP, so discharge writes the GP's letter.
      const referral = await insertReferral(h.t, {
        givenName: 'Taylor',
        familyName: 'Green',
        status: 'in_treatment',
        patientId: p.id,
      });
      const course = await insertCourse(h.t, p.id, sam.id, {
        referralId: referral.id,
        plannedSessions: 12,
        attendedSessions: 1,
      });
      courseId = course.id;
      sessionId = (
        await insertSession(h.t, course, '2026-11-25T09:00:00Z', {
          status: 'attended',
          sessionNumber: 1,
        })
      ).id;
      staff = await h.newPage();
      await signInAs(h, staff, 'sam@example.nhs.uk');
      patient = await h.newPage();
      await signInAs(h, patient, 'taylor@example.com');
    });
    afterAll(async () => h.close());

    it('the inventory with its closeness circle', async () => {
      await staff.goto(`${h.baseUrl}/courses/${courseId}`);
      await expectAccessible(staff, 'the course page');
      await staff.getByRole('link', { name: /IPT workspace/ }).click();
      await atWorkspace(staff);
      expect(await mainText(staff)).toContain('Initial phase');
      await expectAccessible(staff, 'the workspace in the initial phase');
      for (const [name, relationship, ring] of [
        ['Jo', 'Sister', 'Closest (ring 1)'],
        ['Work team', 'Colleagues', 'Less close (ring 3)'],
      ] as const) {
        await staff.getByRole('link', { name: 'Add a person' }).click();
        await staff.locator('#name').waitFor();
        await expectAccessible(staff, 'the add-a-person form');
        await staff.fill('#name', name);
        await staff.fill('#relationship', relationship);
        await staff.getByLabel(ring, { exact: true }).check();
        await staff.getByRole('button', { name: 'Add this person' }).click();
        await atWorkspace(staff);
      }
      const circle = staff.locator('svg.ipt-circle').first();
      await circle.waitFor();
      expect(await circle.locator('text').allTextContents()).toEqual(['Taylor', 'Jo', 'Work team']);
      expect(await staff.locator('#workspace-rings').textContent()).toContain('Closest (ring 1)Jo');
      await expectAccessible(staff, 'the workspace with the closeness circle');
    });

    it('the focal area and formulation, which the patient agrees to', async () => {
      await staff
        .getByRole('link', { name: 'Choose the focal area and write the formulation' })
        .click();
      await staff.locator('#formulation').waitFor();
      await staff.check('input[name="focalArea"][value="role-transitions"]');
      await staff.check('input[name="secondFocalArea"][value="none"]');
      await staff.fill(
        '#formulation',
        'Since moving to Leeds you have lost touch with friends, and feel low and alone.',
      );
      await expectAccessible(staff, 'the formulation form');
      await staff.getByRole('button', { name: /^Share with / }).click();
      await atWorkspace(staff);
      expect(await mainText(staff)).toContain('Waiting for the patient to agree');

      await patient.goto(`${h.baseUrl}/therapy`);
      await expect.poll(() => mainText(patient)).toContain('We will focus on big life changes');
      expect(await patient.locator('svg.ipt-circle text').allTextContents()).toEqual([
        'You',
        'Jo',
        'Work team',
      ]);
      await expectAccessible(patient, 'the therapy page before agreeing');
      await patient.getByRole('button', { name: 'I agree with this' }).click();
      await patient.waitForURL((url) => url.pathname === '/therapy');
      await expect
        .poll(() => mainText(patient))
        .toContain('You agreed to this on 25 November 2026');

      await staff.reload();
      expect(await mainText(staff)).toContain('Agreed by the patient on 25 November 2026');
    });

    it('an aim, rated at a review', async () => {
      await staff.getByRole('link', { name: 'Add an aim' }).click();
      await staff.locator('#aim').waitFor();
      await expectAccessible(staff, 'the aim form');
      await staff.fill('#aim', 'Meet a friend once a week');
      await staff.getByRole('button', { name: 'Add this aim' }).click();
      await atWorkspace(staff);
      await staff.getByRole('link', { name: 'Rate progress at a review session' }).click();
      await staff.locator('#sessionNumber').waitFor();
      await staff.fill('#sessionNumber', '1');
      await staff.check('input[name^="rating-"][value="3"]');
      await expectAccessible(staff, 'the aim rating form');
      await staff.getByRole('button', { name: 'Save the ratings' }).click();
      await atWorkspace(staff);
      expect(await mainText(staff)).toContain('Progress: 3 out of 10 at session 1');
      await expectAccessible(staff, 'the workspace with a rated aim');
    });

    it('a session note signed, and a task the patient reflects on', async () => {
      await staff.goto(`${h.baseUrl}/diary/appointments/${sessionId}`);
      await expectAccessible(staff, 'the appointment');
      await staff.getByRole('link', { name: 'Session note and tasks' }).click();
      await staff.waitForURL((url) => url.pathname === `/notes/${sessionId}`);
      await expectAccessible(staff, 'the session note draft');
      await staff.getByLabel('Agenda').fill('Review the week; start the inventory');
      await staff.getByLabel('Work on the focal area').fill('Role transition after the move');
      await staff.getByLabel('Risk review').fill('Item 9 zero; no thoughts of harm');
      await staff.getByLabel('Plan').fill('Closeness circle next week');
      await staff
        .getByLabel('Summary for the patient')
        .fill('We talked about your move and the people you miss.');
      await staff.getByRole('button', { name: 'Sign note' }).click();
      await expect.poll(() => mainText(staff)).toContain('Signed and locked');
      expect(await staff.locator('textarea[name="agenda"]').count()).toBe(0);
      await expectAccessible(staff, 'the signed note');

      await staff.getByRole('link', { name: 'Set a task at this session' }).click();
      await staff.getByLabel('What they will try').fill('Phone Jess about meeting up');
      await staff.getByLabel('When').fill('Before Saturday');
      await expectAccessible(staff, 'the task form');
      await staff.getByRole('button', { name: 'Set task' }).click();
      await staff.waitForURL((url) => url.pathname === `/notes/${sessionId}`);
      await expect.poll(() => mainText(staff)).toContain('No reflection yet');

      await patient.goto(`${h.baseUrl}/tasks`);
      await expectAccessible(patient, 'the patient’s tasks');
      await patient.getByRole('link', { name: 'Phone Jess about meeting up' }).click();
      await patient.getByLabel('What did you do?').fill('I rang her on Thursday evening');
      await patient.getByLabel('How did it go?').fill('Better than I feared');
      await expectAccessible(patient, 'the reflection form');
      await patient.getByRole('button', { name: 'Save' }).click();
      await patient.waitForURL(/\/tasks\?saved=1/);
      expect(await mainText(patient)).toContain('Your therapist will read what you wrote');

      await staff.goto(`${h.baseUrl}/notes/${sessionId}`);
      await expect.poll(() => mainText(staff)).toContain('Better than I feared');
      expect(await mainText(staff)).toContain('Reflection written');
    });

    it('the patient asks a question and the therapist answers it', async () => {
      await patient.goto(`${h.baseUrl}/messages/ask`);
      await patient.locator('#subject').waitFor();
      expect(await mainText(patient)).toContain('Messages are not for emergencies');
      await expectAccessible(patient, 'the ask-a-question form');
      await patient.getByLabel('My therapist').check();
      await patient.getByLabel('Subject').fill('Missing a session');
      await patient
        .getByLabel('Your message')
        .fill('Can we move next week? I have a hospital visit.');
      await patient.getByRole('button', { name: 'Send message' }).click();
      await patient.waitForURL(/\/messages\/questions\/[0-9a-f-]{36}$/);
      const threadUrl = patient.url();
      await expectAccessible(patient, 'the patient’s question');

      await staff.goto(`${h.baseUrl}/questions`);
      await expectAccessible(staff, 'the patients’ questions');
      await staff.getByRole('link', { name: /Missing a session/ }).click();
      await staff.getByLabel('Your answer').waitFor();
      expect(await mainText(staff)).toContain('I have a hospital visit');
      await expectAccessible(staff, 'the question to answer');
      await staff.getByLabel('Your answer').fill('Yes: I have moved it to Thursday at 11am.');
      await staff.getByRole('button', { name: 'Send answer' }).click();
      await staff.waitForURL((url) => url.pathname === '/questions');

      await patient.goto(threadUrl);
      await expect.poll(() => mainText(patient)).toContain('I have moved it to Thursday at 11am');
    });

    it('the staying-well plan, written together in the ending phase', async () => {
      // Sessions 2 to 10 happen: the course now works towards session 11 of 12, the ending phase.
      await h.t.database.db
        .update(treatmentCourses)
        .set({ attendedSessions: 10 })
        .where(eq(treatmentCourses.id, courseId));
      await staff.goto(workspace());
      await expect.poll(() => mainText(staff)).toContain('Ending phase');
      expect(await mainText(staff)).toContain('This course is in the ending phase');
      await expectAccessible(staff, 'the workspace in the ending phase');
      await staff.getByRole('link', { name: 'Write the staying-well plan' }).click();
      await staff.getByLabel('My warning signs').waitFor();
      await staff.getByLabel('My warning signs').fill('Staying in bed past 10; not answering Jo');
      await staff.getByLabel('What helps me').fill('A walk at lunchtime; telling Jo early');
      await staff.getByLabel('Person 1: name or initials').fill('Jo');
      await staff.getByLabel('Person 1: how to reach them').fill('07700 900123');
      // Marked ready without a crisis section: refused (H26), with the answers kept.
      await staff.getByLabel('This plan is ready').check();
      await staff.getByRole('button', { name: 'Save the plan' }).click();
      await expect
        .poll(() => staff.locator('.nhsuk-error-summary').textContent())
        .toContain('Write what to do in a crisis before marking the plan as ready');
      expect(await staff.getByLabel('Person 1: how to reach them').inputValue()).toBe(
        '07700 900123',
      );
      await expectAccessible(staff, 'the staying-well form refused');
      await staff.getByLabel('This plan is ready').uncheck();
      await staff.getByRole('button', { name: 'Save the plan' }).click();
      await staff.waitForURL((url) => url.pathname === `/courses/${courseId}/ipt/staying-well`);
      expect(await mainText(staff)).toContain('Not finished yet Version 1, saved by Sam Okafor');
      await expectAccessible(staff, 'the staying-well plan (staff)');

      // The patient finishes it from their therapy page.
      await patient.goto(`${h.baseUrl}/therapy`);
      await expect.poll(() => mainText(patient)).toContain('Now is the time to write your');
      await expectAccessible(patient, 'the therapy page in the ending phase');
      await patient.getByRole('link', { name: 'Finish the staying-well plan' }).click();
      await patient.getByLabel('What I will do in a crisis').waitFor();
      expect(await patient.getByLabel('My warning signs').inputValue()).toContain('Staying in bed');
      await expectAccessible(patient, 'the staying-well form (patient)');
      await patient.getByLabel('What I will do in a crisis').fill('Tell Jo, then call NHS 111');
      await patient.getByLabel('This plan is ready').check();
      await patient.getByRole('button', { name: 'Save the plan' }).click();
      await patient.waitForURL((url) => url.pathname === `/therapy/${courseId}/staying-well`);
      const own = await mainText(patient);
      expect(own).toContain('Ready Version 2, saved by you');
      expect(own).toContain('Tell Jo, then call NHS 111');
      for (const urgent of ['999', 'option 2', '116 123']) expect(own).toContain(urgent);
      await expectAccessible(patient, 'the patient’s staying-well plan');
      // Printable: the page's furniture and the version table drop out, the plan stays.
      await patient.emulateMedia({ media: 'print' });
      expect(await patient.locator('header.nhsuk-header').isVisible()).toBe(false);
      expect(
        await patient.getByRole('heading', { name: 'What I will do in a crisis' }).isVisible(),
      ).toBe(true);
      await patient.emulateMedia({ media: 'screen' });

      await staff.reload();
      await expect
        .poll(() => mainText(staff))
        .toContain('Version 2, saved by Taylor Green (the patient)');
    });

    it('discharge, and the GP letter opens as a PDF', async () => {
      await staff.goto(`${h.baseUrl}/courses/${courseId}`);
      await staff.getByRole('link', { name: /Discharge Taylor Green/ }).click();
      await staff.waitForURL((url) => url.pathname === `/courses/${courseId}/discharge`);
      await expectAccessible(staff, 'the discharge form');
      await staff.getByLabel('Completed treatment').check();
      await staff.locator('input[name="communityInvite"][value="no"]').check();
      await staff.getByRole('button', { name: 'Discharge' }).click();
      await staff.waitForURL((url) => url.pathname === `/courses/${courseId}`);
      await expect.poll(() => staff.locator('a[href$="/discharge"]').count()).toBe(0);
      await expectAccessible(staff, 'the course after discharge');

      const [gp] = await h.t.database.db
        .select()
        .from(letters)
        .where(and(eq(letters.patientId, patientId), eq(letters.kind, 'discharge_gp')));
      expect(gp).toBeDefined();
      const pdf = await staff.evaluate(async (url) => {
        const res = await fetch(url);
        const bytes = new Uint8Array(await res.arrayBuffer());
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          head: String.fromCharCode(...bytes.slice(0, 5)),
          size: bytes.length,
        };
      }, `/letters/${gp!.id}/pdf`);
      expect(pdf).toMatchObject({ status: 200, type: 'application/pdf', head: '%PDF-' });
      expect(pdf.size).toBeGreaterThan(1000);

      // The plan stays with the patient after discharge, to read and print, not to change.
      await patient.goto(`${h.baseUrl}/therapy/${courseId}/staying-well`);
      await expect.poll(() => mainText(patient)).toContain('Tell Jo, then call NHS 111');
      expect(await patient.getByRole('link', { name: 'Change the plan' }).count()).toBe(0);
      await expectAccessible(patient, 'the staying-well plan after discharge');
    });
  },
  600_000,
);
