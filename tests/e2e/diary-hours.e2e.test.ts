/**
 * Issue 9 items 1 and 18 in Chromium with axe: a booking outside the therapist's hours is
 * refused, then accepted with a recorded reason; a free time from the week view fills the form,
 * on the diary's booking page and on triage's assessment booking page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertWaitingPatient,
  seedDiaryWorld,
  startCourse,
  type DiaryWorld,
} from '../fixtures/diary-world';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

describe.runIf(run)('booking within working hours, and free times, in Chromium', () => {
  let h: BrowserHarness;
  let world: DiaryWorld;
  beforeAll(async () => {
    // Wednesday 25 November 2026, 10:00 UTC.
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    world = await seedDiaryWorld(h.t);
    // Sam becomes Robin's responsible clinician, so Sam may book Robin's assessment.
    await startCourse(h.t, world.robin.patientId, world.samId, 16);
  });
  afterAll(async () => h.close());

  it('a free time from the week view fills the booking form, and books', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'sam@example.nhs.uk');
    // A wellbeing assessment (the page's link for it adds type=assessment).
    await page.goto(
      `${h.baseUrl}/diary/book?patient=${world.robin.patientId}&week=2026-11-30&type=assessment`,
    );
    await expectAccessible(page, 'booking form with free times');
    expect(await page.textContent('#free-times + form + p')).toContain(
      'Sam Okafor, week beginning Monday 30 November 2026',
    );
    await page.click('a[data-free-slot="2026-12-01T11:00"]');
    await page.waitForURL(/date=2026-12-01&time=11%3A00/);
    expect(await page.inputValue('#date-day')).toBe('1');
    expect(await page.inputValue('#date-month')).toBe('12');
    expect(await page.inputValue('#date-year')).toBe('2026');
    expect(await page.inputValue('#time')).toBe('11:00');
    await expectAccessible(page, 'booking form filled from a free time');
    await page.check('input[name="mode"][value="video"]');
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.waitForURL(/\/diary\/appointments\/[0-9a-f-]{36}\?done=booked/);
    expect(await page.textContent('main')).toContain('Tuesday 1 December 2026');

    // The booked time is no longer offered.
    await page.goto(`${h.baseUrl}/diary/book?patient=${world.robin.patientId}&week=2026-11-30`);
    expect(await page.locator('a[data-free-slot="2026-12-01T11:00"]').count()).toBe(0);
    expect(await page.locator('a[data-free-slot="2026-12-01T12:00"]').count()).toBe(1);
    // Next week's link moves the view on.
    await page.getByRole('link', { name: 'Next week' }).click();
    await page.waitForURL(/week=2026-12-07/);
    expect(await page.locator('a[data-free-slot^="2026-12-07T"]').count()).toBeGreaterThan(0);
  });

  it('refuses a Sunday booking with what and why, then books it with a recorded reason', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'sam@example.nhs.uk');
    await page.goto(`${h.baseUrl}/diary/book?patient=${world.robin.patientId}`);
    // The date and time typed first are kept when the type changes (a button of the form).
    await page.fill('#date-day', '6');
    await page.fill('#date-month', '12');
    await page.fill('#date-year', '2026');
    await page.fill('#time', '10:00');
    await page.check('input[name="mode"][value="video"]');
    await page.getByRole('button', { name: 'Book a wellbeing assessment instead' }).click();
    await page.getByText('Type of appointment: Wellbeing assessment').waitFor();
    expect(await page.locator('.nhsuk-error-summary').count()).toBe(0);
    expect(await page.inputValue('#date-day')).toBe('6');
    expect(await page.inputValue('#date-month')).toBe('12');
    expect(await page.inputValue('#date-year')).toBe('2026');
    expect(await page.inputValue('#time')).toBe('10:00');
    expect(await page.inputValue('#duration')).toBe('60');
    expect(await page.isChecked('input[name="mode"][value="video"]')).toBe(true);
    await expectAccessible(page, 'booking form after changing the type');
    // Enter in a box books (here: refused, outside hours); it never changes the type.
    await page.press('#duration', 'Enter');
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.textContent('main')).toContain('Type of appointment: Wellbeing assessment');
    expect(await page.textContent('.nhsuk-error-summary')).toContain(
      'Sam Okafor does not work on Sundays. Choose a time between 9am and 5pm, Monday to Friday, or give a reason',
    );
    await expectAccessible(page, 'booking refused outside hours');

    await page.check('input[name="outsideHours"][value="yes"]');
    await page.fill('#outsideHoursReason', 'Robin works weekdays and asked for a Sunday');
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.waitForURL(/\/diary\/appointments\/[0-9a-f-]{36}\?done=booked/);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Outside the usual hours');
    expect(main).toContain('Robin works weekdays and asked for a Sunday');
    expect(main).toContain('Sunday 6 December 2026');
    await expectAccessible(page, 'appointment booked outside hours');
  });

  it('books a referral’s assessment at a free time chosen from the clinician’s week', async () => {
    const { referralId } = await insertWaitingPatient(h.t, {
      givenName: 'Casey',
      familyName: 'Moor',
      email: 'casey@example.com',
      mobile: null,
      allowEmail: true,
      allowSms: false,
      status: 'new',
    });
    const page = await h.newPage();
    await signInAs(h, page, 'sam@example.nhs.uk');
    await page.goto(`${h.baseUrl}/staff/referrals/${referralId}/book`);
    // Sam is a clinician, so their own week (from today) shows first.
    expect(await page.textContent('#free-times + form + p')).toContain(
      'Sam Okafor, week beginning Monday 23 November 2026',
    );
    await expectAccessible(page, 'assessment booking with free times');
    await page.getByRole('link', { name: 'Next week' }).click();
    await page.waitForURL(/week=2026-11-30/);
    await page.click('a[data-free-slot="2026-12-02T11:00"]');
    await page.waitForURL(/date=2026-12-02&time=11%3A00/);
    expect(await page.inputValue('#clinicianId')).toBe(world.samId);
    expect(await page.inputValue('#date-day')).toBe('2');
    expect(await page.inputValue('#date-month')).toBe('12');
    expect(await page.inputValue('#date-year')).toBe('2026');
    expect(await page.inputValue('#time')).toBe('11:00');
    await expectAccessible(page, 'assessment booking filled from a free time');
    await page.check('input[name="mode"][value="phone"]');
    await page.getByRole('button', { name: 'Book assessment' }).click();
    await page.waitForURL(/\/staff\/referrals\/[0-9a-f-]{36}\?done=booked/);
    expect(await page.textContent('main')).toContain('2 December 2026');

    // The hour is now taken in Sam's diary for anyone else.
    await page.goto(`${h.baseUrl}/diary/book?patient=${world.robin.patientId}&week=2026-11-30`);
    expect(await page.locator('a[data-free-slot="2026-12-02T11:00"]').count()).toBe(0);
    expect(await page.locator('a[data-free-slot="2026-12-02T09:00"]').count()).toBe(1);
  });
});
