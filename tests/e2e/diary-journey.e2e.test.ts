import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDiaryWorld, type DiaryWorld } from '../fixtures/diary-world';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

describe.runIf(run)('allocation, booking and the patient’s appointments in Chromium', () => {
  let h: BrowserHarness;
  let world: DiaryWorld;
  beforeAll(async () => {
    // Wednesday 25 November 2026, 10:00 UTC.
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    world = await seedDiaryWorld(h.t);
  });
  afterAll(async () => h.close());

  it('a manager allocates from the waiting list and books the rest of the course weekly', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'manager@example.nhs.uk');
    await page.goto(`${h.baseUrl}/courses/allocate`);
    await expectAccessible(page, '/courses/allocate');
    await page.goto(`${h.baseUrl}/courses/allocate/${world.taylor.referralId}`);
    await expectAccessible(page, 'allocate form');
    await page.getByRole('button', { name: 'Allocate and start the course' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await expectAccessible(page, 'allocate with errors');
    // Each option also gives the therapist's caseload size.
    const sam = await page
      .locator('#therapistId option', { hasText: 'Sam Okafor' })
      .getAttribute('value');
    await page.selectOption('#therapistId', sam ?? '');
    await page.check('input[name="modePreference"][value="video"]');
    await page.getByRole('button', { name: 'Allocate and start the course' }).click();
    await page.waitForURL(/\/courses\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'course page');

    await page.click(`a[href^="/diary/book?course="]`);
    await expectAccessible(page, 'book form');
    // An IPT session, the course's first: offered by video call or face to face, never by phone.
    expect(await page.textContent('main')).toContain('Type of appointment: IPT session');
    expect(await page.locator('input[name="mode"][value="phone"]').count()).toBe(0);
    await page.fill('#date-day', '1');
    await page.fill('#date-month', '12');
    await page.fill('#date-year', '2026');
    await page.fill('#time', '10:00');
    // A session over 50 minutes is refused with a clear message.
    await page.fill('#duration', '60');
    await page.check('input[name="mode"][value="video"]');
    await page.check('input[name="repeat"][value="weekly"]');
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    expect(await page.textContent('.nhsuk-error-summary')).toContain(
      'An IPT session must be 50 minutes or less',
    );
    await expectAccessible(page, 'book with errors');
    await page.fill('#duration', '50');
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.waitForURL(/\/diary\/appointments\/[0-9a-f-]{36}\?done=series/);
    await expectAccessible(page, 'booked appointment');

    await page.goto(`${h.baseUrl}/diary/all?view=week&date=2026-12-01`);
    expect(await page.textContent('main')).toContain('Taylor');
    await expectAccessible(page, '/diary/all');
  });

  it('the patient sees the appointments and downloads the calendar file', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'taylor@example.com');
    await page.goto(`${h.baseUrl}/appointments`);
    await expectAccessible(page, '/appointments');
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Tuesday 1 December 2026');
    const icsHref = await page
      .locator('main a[href$="/calendar.ics"]')
      .first()
      .getAttribute('href');
    expect(icsHref).toMatch(/^\/appointments\/[0-9a-f-]{36}\/calendar\.ics$/);
    await page.goto(h.baseUrl + icsHref!.replace('/calendar.ics', ''));
    await expectAccessible(page, 'appointment page');
    const href = await page.locator('a[href$="/calendar.ics"]').getAttribute('href');
    const ics = await page.request.get(h.baseUrl + href!);
    expect(ics.status()).toBe(200);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    const body = await ics.text();
    expect(body).toContain('BEGIN:VCALENDAR');
    expect(body).toMatch(/DTSTART:20261201T100000Z/);
    expect(body).not.toMatch(/depression|\bIPT\b|therapy for/i);
  });

  it('the booking notice and reminders appear in the sent messages', async () => {
    await h.t.outbox.runOnce();
    const page = await h.newPage();
    await signInAs(h, page, 'manager@example.nhs.uk');
    await page.goto(`${h.baseUrl}/admin/messages`);
    const text = (await page.textContent('main')) ?? '';
    expect(text).toContain('taylor@example.com');
    expect(text).toMatch(/Waiting to send/); // reminders wait until their time
    await expectAccessible(page, '/admin/messages');
  });
});
