import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { caseFor, fillUrl } from '../support/route-cases';
import { buildWorld, type Persona, type World } from '../support/world';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

/**
 * WCAG 1.4.10 (reflow): at 320 CSS pixels wide nothing may need scrolling sideways. Axe cannot
 * see this, so each page is laid out again at that width; returns what sticks out, or null.
 */
async function overflowAt320(page: Page): Promise<string | null> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    // The header's script folds its links into "More" after a resize: give it a moment.
    await page
      .waitForFunction(
        () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        null,
        { timeout: 2000 },
      )
      .catch(() => undefined);
    return await page.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return null;
      const limit = root.clientWidth + 1;
      const out = [...document.body.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > limit)
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
      return `${root.scrollWidth}px (${out.join(', ')})`;
    });
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/**
 * Generated from the route table: every GET page, visited once by its owner with params from the
 * world, checked with axe (WCAG 2.2 AA). A GET route with no case in route-cases.ts fails here.
 */
describe.runIf(run)('every page in Chromium, checked with axe', () => {
  let h: BrowserHarness;
  let world: World;
  const pages = new Map<Persona | 'anonymous', Page>();

  async function pageFor(owner: Persona | 'anonymous'): Promise<Page> {
    const existing = pages.get(owner);
    if (existing) return existing;
    const page = await h.newPage();
    if (owner === 'anonymous') {
      // Start a self-referral, so its question pages show rather than sending back to the start.
      await page.goto(`${h.baseUrl}/refer`);
      await page.locator('form[action="/refer/start"] button').click();
      await page.waitForURL((url) => url.pathname !== '/refer');
    } else {
      await signInAs(h, page, world.a.emails[owner]);
    }
    pages.set(owner, page);
    return page;
  }

  beforeAll(async () => {
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    world = await buildWorld(h.t);
  });
  afterAll(async () => h.close());

  it('every GET page has a case, opens for its owner without a server error, and passes axe', async () => {
    const started = Date.now();
    const problems: string[] = [];
    let visited = 0;
    // Each owner's pages in route order, on that owner's own signed-in page.
    const byOwner = new Map<Persona | 'anonymous', string[]>();
    for (const r of h.t.routes) {
      if (r.method !== 'GET') continue;
      const c = caseFor(r.method, r.url);
      if (c.notHtml) continue;
      const paths = byOwner.get(c.owner) ?? [];
      paths.push(fillUrl(r.url, c.params?.(world.a)));
      byOwner.set(c.owner, paths);
    }
    // A form posted from another page is checked as it shows for that form's own record (the
    // referral page of a person referred on shows the form to record the letter as sent).
    for (const r of h.t.routes) {
      if (r.method === 'GET') continue;
      const c = caseFor(r.method, r.url);
      if (!c.formPage) continue;
      const path = fillUrl(c.formPage, c.params?.(world.a));
      const paths = byOwner.get(c.owner) ?? [];
      if (!paths.includes(path)) paths.push(path);
      byOwner.set(c.owner, paths);
    }
    const visitAll = async (owner: Persona | 'anonymous', paths: string[]) => {
      const page = await pageFor(owner);
      for (const path of paths) {
        const res = await page.goto(h.baseUrl + path);
        visited++;
        const status = res?.status() ?? 0;
        if (status >= 500 || status === 0) problems.push(`${path} as ${owner}: status ${status}`);
        // Crisis help on every page, whoever is looking (non-negotiable 2).
        if ((await page.locator('a[href="/urgent-help"]').count()) === 0)
          problems.push(`${path} as ${owner}: no link to urgent help`);
        try {
          await expectAccessible(page, `${path} as ${owner} (landed on ${page.url()})`);
        } catch (err) {
          problems.push((err instanceof Error ? err.message : String(err)).slice(0, 800));
        }
        const wide = await overflowAt320(page);
        if (wide) problems.push(`${path} as ${owner}: wider than a 320px screen: ${wide}`);
      }
    };
    // Two owners at a time: while one page runs axe in Chromium, the other's page is served.
    // Owners are never shared between the two, so nobody signs in twice.
    const queue = [...byOwner].sort((a, b) => b[1].length - a[1].length);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await visitAll(...next);
    };
    await Promise.all([worker(), worker()]);
    console.info(`axe: ${visited} pages in ${Date.now() - started} ms`);
    expect(visited).toBeGreaterThan(90);
    expect(problems).toEqual([]);
    // A guard against a hang, not a measure: 190-odd pages take 4 minutes alone and up to 8
    // beside the other browser files on 2 cores, more on a loaded machine.
  }, 1_200_000);
});
