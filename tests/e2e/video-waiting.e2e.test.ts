import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookVideo } from '../fixtures/video-world';
import { seedDiaryWorld, startCourse } from '../fixtures/diary-world';
import { ROOM_OPENS_MINUTES_BEFORE } from '../../src/domain/video/room';
import { browserAvailable, signInAs, startBrowserHarness, type BrowserHarness } from './browser';

const run = browserAvailable();

// Walk 11: a patient who opened the video page early and stayed on it never saw the Join button.
describe.runIf(run)('a video page opened before the room opens, in Chromium', () => {
  let h: BrowserHarness;
  let appointmentId: string;
  let opensAt: Date;
  beforeAll(async () => {
    h = await startBrowserHarness({ media: true });
    const w = await seedDiaryWorld(h.t);
    const courseId = await startCourse(h.t, w.taylor.patientId, w.joId);
    // The room opens 2 seconds after the page is first shown.
    const startsAt = new Date(
      h.t.clock.now().getTime() + ROOM_OPENS_MINUTES_BEFORE * 60_000 + 2_000,
    );
    opensAt = new Date(startsAt.getTime() - ROOM_OPENS_MINUTES_BEFORE * 60_000);
    appointmentId = await bookVideo(
      h.t,
      { patientId: w.taylor.patientId, therapistId: w.joId, bookedBy: w.joId, courseId },
      startsAt,
    );
  }, 60_000);
  afterAll(async () => h.close());

  it('tells the patient they can stay, and shows the Join button when the room opens', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'taylor@example.com');
    await page.goto(`${h.baseUrl}/appointments/${appointmentId}/video`);
    await page.waitForSelector('#video-room-state:has-text("You can stay on this page")');
    expect(await page.isVisible('#video-join')).toBe(false);
    // The service's time reaches the opening; the page, left alone, lets them join.
    h.t.clock.set(new Date(opensAt.getTime() + 1_000));
    await page
      .getByRole('button', { name: 'Join the video appointment' })
      .waitFor({ timeout: 20_000 });
    expect(await page.textContent('#video-room-state')).toBe('The video room is open now.');
  });

  it('keeps the session going while the patient waits or is in the call, past the idle limit', async () => {
    // A call sends nothing once connected: without a keep-alive the idle sign-out ended the
    // session 30 minutes (15 for staff) after the page was loaded, dropping the call.
    const page = await h.newPage();
    await page.clock.install();
    await signInAs(h, page, 'taylor@example.com');
    await page.goto(`${h.baseUrl}/appointments/${appointmentId}/video`);
    await page.getByRole('button', { name: 'Join the video appointment' }).click();
    await page.waitForSelector('#video-waiting:not([hidden])');
    const contact = () => page.evaluate(() => localStorage.getItem('rapport-session-contact'));
    // 40 minutes on the service's clock, with no typing or clicking.
    for (let i = 0; i < 4; i++) {
      const before = await contact();
      h.t.clock.advanceMinutes(10);
      await page.clock.runFor(61_000);
      await expect.poll(contact, { timeout: 10_000 }).not.toBe(before);
    }
    expect((await page.request.get(`${h.baseUrl}/session/status`)).status()).toBe(204);
    expect(await page.isVisible('#video-waiting')).toBe(true);
    // No warning of being signed out over the call.
    expect(await page.isVisible('.rapport-timeout')).toBe(false);
  });
});
