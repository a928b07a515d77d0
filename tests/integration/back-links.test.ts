import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client';
import { caseFor, fillUrl } from '../support/route-cases';
import { createTestApp, type TestApp } from '../support/test-app';
import { buildWorld, Sessions, type World } from '../support/world';

/**
 * Issue 9, item 12, generated from the route table: every staff detail page (a page route with
 * a record id in its path) and every patient page has an NHS back link or breadcrumbs, so nobody
 * is left on a page with only the browser's back button.
 */

/** Where a signed-in person starts: there is nowhere to go back to. */
const START_PAGES = new Set(['/home']);

let t: TestApp;
let world: World;
let sessions: Sessions;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t);
  sessions = new Sessions(t, world);
}, 120_000);
afterAll(async () => t.close());

const hasBackLink = (html: string) => /class="nhsuk-back-link|class="nhsuk-breadcrumb/.test(html);

describe('back links', () => {
  it('every staff detail page and every patient page has a back link or breadcrumbs', async () => {
    const missing: string[] = [];
    let checked = 0;
    for (const r of t.routes) {
      if (r.method !== 'GET') continue;
      const c = caseFor(r.method, r.url);
      if (c.notHtml || c.owner === 'anonymous') continue;
      const isDetail = r.hasParams && !c.noRecord;
      if (!isDetail && c.owner !== 'patient') continue;
      if (START_PAGES.has(r.url)) continue;
      const client: TestClient = await sessions.as(c.owner);
      const res = await client.get(fillUrl(r.url, c.params?.(world.a)));
      // A page that sends its owner elsewhere (a form no longer open) has nothing to show.
      if (res.statusCode !== 200 && res.statusCode !== 400) continue;
      checked++;
      if (!hasBackLink(res.body)) missing.push(`${r.url} (as ${c.owner})`);
    }
    expect(checked).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  }, 300_000);
});
