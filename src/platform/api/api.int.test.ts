import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { TestClient } from '../../../tests/support/client';
import { createPlatformTestApp } from '../../../tests/support/platform-app';
import { createUser, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import type { ApiPrincipal } from '../types';
import { apiPlatform, type BearerVerifier, type OperationOutcome } from './index';

const TOKENS: Record<string, ApiPrincipal> = {
  'reader-token': { subject: 'client-reader', scopes: ['system/Patient.read'] },
  'writer-token': { subject: 'client-writer', scopes: ['system/Test.write'] },
};
const testVerifier: BearerVerifier = { verify: (token) => Promise.resolve(TOKENS[token] ?? null) };

let t: TestApp;
beforeAll(async () => {
  t = await createPlatformTestApp({
    bearerVerifier: testVerifier,
    apiRoutes: (api) => {
      api.get('/whoami', { config: { access: 'authenticated' } }, (request) =>
        Promise.resolve({ subject: request.apiPrincipal?.subject, auth: request.auth }),
      );
      api.get('/patients', { config: { access: ['system/Patient.read'] } }, () =>
        Promise.resolve({ total: 0 }),
      );
      api.post<{ Body: { value: string } }>(
        '/echo',
        {
          config: { access: ['system/Test.write'] },
          schema: {
            body: z.object({ value: z.string() }),
          },
        },
        (request) => Promise.resolve({ echoed: request.body.value }),
      );
      api.get('/boom', { config: { access: 'public' } }, () =>
        Promise.reject(new Error('secret internal detail')),
      );
    },
  });
});
afterAll(async () => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function expectOutcome(body: string, code: string): OperationOutcome {
  const outcome = JSON.parse(body) as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue).toHaveLength(1);
  expect(outcome.issue[0]?.code).toBe(code);
  expect(typeof outcome.issue[0]?.diagnostics).toBe('string');
  return outcome;
}

describe('the /api surface', () => {
  it('answers /api/health with JSON including the database', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ status: 'ok', database: { kind: t.database.kind, ok: true } });
  });

  it('answers unknown paths with a JSON 404, not the HTML page', async () => {
    for (const url of ['/api/no/such/thing', '/api/patients/123', '/api']) {
      const res = await t.app.inject({ url, headers: bearer('reader-token') });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expectOutcome(res.body, 'not-found');
    }
    // The page surface keeps its own 404 page.
    const page = await t.app.inject({ url: '/no/such/page' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it('refuses a call without a token, or with a bad one, with 401', async () => {
    const none = await t.app.inject({ url: '/api/whoami' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="rapport"');
    expectOutcome(none.body, 'security');

    const bad = await t.app.inject({ url: '/api/whoami', headers: bearer('forged-token') });
    expect(bad.statusCode).toBe(401);
    expect(String(bad.headers['www-authenticate'])).toContain('invalid_token');
    expectOutcome(bad.body, 'security');

    const basic = await t.app.inject({
      url: '/api/whoami',
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('accepts a token the verifier accepts, and checks its scopes (403)', async () => {
    const ok = await t.app.inject({ url: '/api/whoami', headers: bearer('reader-token') });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ subject: 'client-reader', auth: null });

    expect(
      (await t.app.inject({ url: '/api/patients', headers: bearer('reader-token') })).statusCode,
    ).toBe(200);
    const wrongScope = await t.app.inject({
      url: '/api/patients',
      headers: bearer('writer-token'),
    });
    expect(wrongScope.statusCode).toBe(403);
    expect(String(wrongScope.headers['www-authenticate'])).toContain('insufficient_scope');
    expectOutcome(wrongScope.body, 'security');
  });

  it('never authenticates by a session cookie', async () => {
    await createUser(t, 'api-cookie@example.com', ['service_manager']);
    const c = new TestClient(t.app);
    const signIn = await c.signIn('api-cookie@example.com', TEST_PASSWORD);
    expect(signIn.statusCode).toBe(303);
    // The cookie works for pages...
    expect((await c.get('/account')).statusCode).toBe(200);
    // ...and means nothing to the API.
    const res = await c.get('/api/whoami');
    expect(res.statusCode).toBe(401);
    expectOutcome(res.body, 'security');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('accepts a POST with a bearer token and no CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: bearer('writer-token'),
      payload: { value: 'hello' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ echoed: 'hello' });
  });

  it('answers malformed JSON, schema failures, wrong types and big bodies with OperationOutcome', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { ...bearer('writer-token'), 'content-type': 'application/json' },
      payload: '{"value": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/json/);
    expect(expectOutcome(malformed.body, 'invalid').issue[0]?.diagnostics).toContain('JSON');

    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: bearer('writer-token'),
      payload: { other: true },
    });
    expect(invalid.statusCode).toBe(400);
    expectOutcome(invalid.body, 'invalid');

    const form = await t.app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { ...bearer('writer-token'), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'value=x',
    });
    expect(form.statusCode).toBe(415);
    expectOutcome(form.body, 'not-supported');

    const big = await t.app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: bearer('writer-token'),
      payload: { value: 'x'.repeat(300 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    expectOutcome(big.body, 'too-long');
  });

  it('refuses an unauthenticated body before parsing it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(res.statusCode).toBe(401);
  });

  it('hides internal errors behind a 500 OperationOutcome', async () => {
    const res = await t.app.inject({ url: '/api/boom' });
    expect(res.statusCode).toBe(500);
    const outcome = expectOutcome(res.body, 'exception');
    expect(res.body).not.toContain('secret internal detail');
    expect(outcome.issue[0]?.severity).toBe('fatal');
  });

  it('answers a malformed URL under /api with JSON, and elsewhere with a page', async () => {
    const api = await t.app.inject({ url: '/api/%E0%A4%A' });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expectOutcome(api.body, 'invalid');
    const page = await t.app.inject({ url: '/staff/%E0%A4%A' });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it('limits the request rate (429) and refuses undeclared or role-declaring routes at start-up', async () => {
    const bare = Fastify();
    bare.decorateRequest('apiPrincipal', null);
    await bare.register(
      async (api) => {
        await api.register(apiPlatform, { database: t.database, rateLimitPerMinute: 2 });
        expect(() => api.get('/open', () => 'x')).toThrow(/does not declare who may use it/);
        expect(() => api.get('/roles', { config: { access: ['therapist'] } }, () => 'x')).toThrow(
          /declares roles/,
        );
      },
      { prefix: '/api' },
    );
    await bare.ready();
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await bare.inject({ url: '/api/health' })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    expectOutcome((await bare.inject({ url: '/api/health' })).body, 'throttled');
    await bare.close();
  });
});
