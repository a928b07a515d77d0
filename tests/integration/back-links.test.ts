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

/**
 * Pages still without a back link when this check was written (wave 3). Other features add
 * theirs in parallel: take a page off this list when it gets one (the test prints entries that
 * have become stale), and never add one to it.
 */
const MISSING_BACK_LINK = new Set<string>([
  '/account',
  '/progress',
  '/patients/:patientId',
  '/patients/:patientId/progress',
  '/courses/allocate/:referralId',
  '/courses/:courseId',
  '/diary/appointments/:id',
  '/diary/appointments/:id/rearrange',
  '/appointments',
  '/appointments/:id',
  '/appointments/:id/video',
  '/appointments/:id/cancel',
  '/appointments/:id/rearrange',
  '/staff/referrals/:referralId',
  '/questionnaires/:appointmentId',
  '/questionnaires/:appointmentId/urgent-help',
  '/patients/:patientId/questionnaires/:appointmentId/urgent-help',
]);

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
    const stale: string[] = [];
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
      const has = hasBackLink(res.body);
      if (!has && !MISSING_BACK_LINK.has(r.url)) missing.push(`${r.url} (as ${c.owner})`);
      if (has && MISSING_BACK_LINK.has(r.url)) stale.push(r.url);
    }
    if (stale.length > 0)
      console.info(
        `These pages now have back links; take them off MISSING_BACK_LINK:\n${stale.join('\n')}`,
      );
    expect(checked).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  }, 300_000);
});
