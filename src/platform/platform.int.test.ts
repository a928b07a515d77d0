import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditEvents } from '../db/schema';
import { TestClient, textOf } from '../../tests/support/client';
import { createTestApp, type TestApp } from '../../tests/support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('security headers and assets', () => {
  it('sends a content security policy with no inline script', async () => {
    const res = await t.app.inject({ url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).not.toMatch(/<script>(?!<\/script>)/);
  });
  it('serves the NHS.UK frontend from the package: a year under its versioned URL only', async () => {
    const versioned = /href="(\/static\/v\/[0-9a-f]+\/nhsuk-frontend\.min\.css)"/.exec(
      (await t.app.inject({ url: '/' })).body,
    )?.[1];
    const css = await t.app.inject({ url: versioned ?? '' });
    expect(css.statusCode).toBe(200);
    expect(String(css.headers['cache-control'])).toContain('max-age=31536000');
    // The plain URL names no version: an upgrade must reach browsers within the hour.
    const plain = await t.app.inject({ url: '/static/nhsuk-frontend.min.css' });
    expect(plain.statusCode).toBe(200);
    expect(String(plain.headers['cache-control'])).not.toContain('immutable');
    const js = await t.app.inject({ url: '/static/nhsuk-frontend.min.js' });
    expect(js.statusCode).toBe(200);
    const icon = await t.app.inject({ url: '/assets/images/nhsuk-icon-arrow-right.svg' });
    expect(icon.statusCode).toBe(200);
  });
  it('answers /health and /ready', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok' });
  });
});

describe('every page', () => {
  it('has the skip link, the Get help now link and the footer links', async () => {
    for (const url of ['/', '/ipt', '/sign-in', '/urgent-help', '/nope']) {
      const res = await t.app.inject({ url });
      expect(res.body, url).toContain('href="#maincontent"');
      expect(res.body, url).toContain('href="/urgent-help"');
      expect(textOf(res.body), url).toContain('Get help now');
      expect(res.body, url).toContain('href="/accessibility"');
      expect(res.body, url).toContain('href="/privacy"');
    }
  });
});

describe('bad input never gives a 500', () => {
  it('unknown routes get an NHS 404 page', async () => {
    const res = await t.app.inject({ url: '/no/such/page' });
    expect(res.statusCode).toBe(404);
    expect(textOf(res.body)).toContain('Page not found');
  });
  it('a bad method gets a 4xx page', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/sign-in' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
  it('an oversized body gets 413', async () => {
    const c = new TestClient(t.app);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { email: 'a@b.com', password: 'x'.repeat(300 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('too large');
  });
  it('a malformed cookie is treated as no session', async () => {
    const res = await t.app.inject({
      url: '/home',
      headers: { cookie: '__Host-rapport-session=%%%; rapport-device=garbage; =;;' },
    });
    expect(res.statusCode).toBe(303);
    const res2 = await t.app.inject({
      url: '/',
      headers: { cookie: '__Host-rapport-session=' + 'a'.repeat(5000) },
    });
    expect(res2.statusCode).toBe(200);
  });
  it('a malformed URL gets 400', async () => {
    const res = await t.app.inject({ url: '/patients/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at .+:\d+:\d+/);
  });
  it('an unsupported content type gets 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(res.statusCode).toBe(415);
  });
  it('malformed JSON gets 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: '{bad',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('a failure inside Rapport', () => {
  it('shows the NHS 500 page with no stack trace', async () => {
    const broken = await createTestApp();
    try {
      const c = new TestClient(broken.app);
      // A session cookie makes the request query the database, which is then closed under it.
      c.cookies.set('__Host-rapport-session', 'a'.repeat(22));
      await broken.database.close();
      const res = await c.get('/ipt');
      expect(res.statusCode).toBe(500);
      expect(textOf(res.body)).toContain('Sorry, there is a problem with the service');
      expect(res.body).not.toMatch(/at .+:\d+:\d+|Error:/);
      const ready = await broken.app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(503);
    } finally {
      await broken.app.close();
    }
  });
});

describe('audit table', () => {
  it('is append-only: updates and deletes are refused by the database', async () => {
    const c = new TestClient(t.app);
    await c.signIn('nobody@example.com', 'wrong password');
    await expect(
      t.database.db.execute(sql`update audit_events set action = 'x'`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    expect((await t.database.db.select().from(auditEvents)).length).toBeGreaterThan(0);
  });
});
