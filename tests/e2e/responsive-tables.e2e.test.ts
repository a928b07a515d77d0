import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWorld, type Persona, type World } from '../support/world';
import {
  signInAs,
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

/** Issue 9, item 14: the staff tables, each visited by someone who uses it. */
const TABLE_PAGES: { path: string; who: Persona }[] = [
  { path: '/caseload', who: 'therapist' },
  { path: '/staff/referrals', who: 'therapist' },
  { path: '/staff/waiting-list', who: 'therapist' },
  { path: '/staff/risk', who: 'therapist' },
  { path: '/courses', who: 'therapist' },
  { path: '/therapists', who: 'manager' },
  { path: '/locations', who: 'manager' },
  { path: '/admin/outcomes', who: 'manager' },
  { path: '/admin/audit', who: 'manager' },
  { path: '/admin/users', who: 'manager' },
];

interface CellCheck {
  table: string;
  column: string;
  heading: string | null;
  headingVisible: boolean;
}

/** Every body cell of every responsive table: the heading it carries, and whether it shows. */
async function cellHeadings(page: Page): Promise<{ cells: CellCheck[]; headRowHidden: boolean[] }> {
  return page.evaluate(() => {
    const tables = [...document.querySelectorAll('table.nhsuk-table--responsive')];
    const cells: CellCheck[] = [];
    const headRowHidden: boolean[] = [];
    for (const table of tables) {
      const caption = table.querySelector('caption')?.textContent ?? '';
      const columns = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const head = table.querySelector('thead');
      headRowHidden.push(head ? head.getBoundingClientRect().height <= 1 : false);
      for (const row of table.querySelectorAll('tbody tr')) {
        [...row.children].forEach((cell, i) => {
          const span = cell.querySelector(':scope > .nhsuk-table-responsive__heading');
          const box = span?.getBoundingClientRect();
          cells.push({
            table: caption,
            column: columns[i] ?? '',
            heading: span ? span.textContent.trim() : null,
            headingVisible:
              !!span && !!box && box.width > 0 && getComputedStyle(span).display !== 'none',
          });
        });
      }
    }
    return { cells, headRowHidden };
  });
}

describe.runIf(run)('responsive tables at 390 px in Chromium', () => {
  let h: BrowserHarness;
  let world: World;
  const pages = new Map<Persona, Page>();

  async function pageFor(who: Persona): Promise<Page> {
    const existing = pages.get(who);
    if (existing) return existing;
    const page = await h.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(h, page, world.a.emails[who]);
    pages.set(who, page);
    return page;
  }

  beforeAll(async () => {
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    world = await buildWorld(h.t);
  });
  afterAll(async () => h.close());

  it('every cell shows its column heading on a phone, and the pages pass axe', async () => {
    const problems: string[] = [];
    for (const { path, who } of TABLE_PAGES) {
      const page = await pageFor(who);
      await page.setViewportSize({ width: 390, height: 844 });
      const res = await page.goto(h.baseUrl + path);
      expect(res?.status(), path).toBe(200);
      const { cells, headRowHidden } = await cellHeadings(page);
      if (cells.length === 0) problems.push(`${path}: no responsive table with rows`);
      if (headRowHidden.some((hidden) => !hidden))
        problems.push(`${path}: the header row still shows at 390 px`);
      for (const c of cells)
        if (c.heading !== c.column || !c.headingVisible)
          problems.push(
            `${path} "${c.table}": a cell under "${c.column}" shows ${c.heading === null ? 'no heading' : `"${c.heading}"${c.headingVisible ? '' : ' (hidden)'}`}`,
          );
      await expectAccessible(page, `${path} at 390 px`);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('on a desktop the header row shows and the cell headings do not', async () => {
    const page = await pageFor('therapist');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${h.baseUrl}/caseload`);
    const { cells, headRowHidden } = await cellHeadings(page);
    expect(cells.length).toBeGreaterThan(0);
    expect(headRowHidden.every((hidden) => !hidden)).toBe(true);
    expect(cells.filter((c) => c.headingVisible)).toEqual([]);
  }, 120_000);
});
