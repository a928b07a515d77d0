import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { COURSE_EXPORT_COLUMNS } from '../../src/features/reports/reports.repository';
import { parseCsv } from '../../src/features/reports/reports.csv';
import { synthesise } from '../../src/synth/generate';
import { createUser } from '../support/test-app';
import {
  signInAs,
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();
const NOW = '2026-11-25T10:00:00Z';

const mainText = async (page: Page) => (await page.textContent('main')) ?? '';

/** The link in the row of a table (found by its caption) whose first cell is `label`. */
function figureLink(page: Page, caption: string, label: string) {
  return page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tr', { has: page.locator('td, th', { hasText: label }) })
    .first()
    .locator('a')
    .first();
}

describe.runIf(run)('issue 15: a manager from the home page to a drill-down and an export', () => {
  let h: BrowserHarness;
  let therapistId: string;
  beforeAll(async () => {
    h = await startBrowserHarness({ now: NOW });
    await createUser(h.t, 'max@example.nhs.uk', ['service_manager'], 'Max Manager');
    // A small synthetic service: a year of referrals, courses, sessions and scores.
    const staff = await synthesise(h.t.database.db, h.t.service.id, {
      courses: 60,
      now: new Date(NOW),
      seed: 15,
    });
    const first = staff.therapistIds[0];
    if (!first) throw new Error('no synthetic therapist');
    therapistId = first;
  });
  afterAll(async () => h.close());

  it('goes from the headline figures to the dashboard, a filter, the people behind a figure and the CSV', async () => {
    const page = await h.newPage();
    await signInAs(h, page, 'max@example.nhs.uk');
    await page.goto(`${h.baseUrl}/home`);
    const home = await mainText(page);
    expect(home).toContain('This month');
    expect(home).toContain('Referrals received');
    expect(home).toContain('Appointments not attended');
    await expectAccessible(page, 'manager home with headline figures');

    // A headline figure opens the dashboard at its section.
    await page.locator('#headline-figures ~ dl a').first().click();
    await page.waitForURL(/\/admin\/reports\?.*#referrals$/);
    expect(await page.locator('h1').textContent()).toBe('Service dashboard');
    await expectAccessible(page, 'dashboard, this month');

    // The last year, for one therapist.
    await page.fill('#from-day', '1');
    await page.fill('#from-month', '12');
    await page.fill('#from-year', '2025');
    await page.fill('#to-day', '25');
    await page.fill('#to-month', '11');
    await page.fill('#to-year', '2026');
    await page.selectOption('#therapist', therapistId);
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL((url) => url.searchParams.get('therapist') === therapistId);
    const endedLink = figureLink(page, 'Courses that ended in the period', 'Ended');
    const ended = Number(await endedLink.textContent());
    expect(ended).toBeGreaterThan(0);
    await expectAccessible(page, 'dashboard filtered by therapist');

    // The people behind the figure: as many as the figure says (one page of 50 at most).
    await endedLink.click();
    await page.waitForURL(/\/admin\/reports\/patients\?figure=ended/);
    expect(await mainText(page)).toContain('Courses that ended');
    expect(await page.locator('main table tbody tr').count()).toBe(Math.min(ended, 50));
    await expectAccessible(page, 'drill-down list');

    // Back to the dashboard, and the course-level export downloads as CSV.
    await page.goBack();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Course-level data set export/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('courses-2025-12-01.csv');
    const path = await download.path();
    const rows = parseCsv(await readFile(path, 'utf8'));
    expect(rows[0]).toEqual([...COURSE_EXPORT_COLUMNS]);
    // One row per course counted on the dashboard.
    expect(rows.length - 1).toBe(ended);
  });
});
