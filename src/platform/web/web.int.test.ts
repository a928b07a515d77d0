import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { textOf } from '../../../tests/support/client';
import { openTestDatabase } from '../../../tests/support/test-app';
import { loadConfig } from '../../config';
import { FixedClock } from '../clock';
import type { ServiceInfo } from '../types';
import { createWebPages, renderNotFound, requireAuth, webPlatform } from './index';

const service: ServiceInfo = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Test',
  slug: 't',
};
const SECURITY_HEADERS = new Set([
  'content-security-policy',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);
let app: FastifyInstance;
let drop: () => Promise<void>;
let database: Awaited<ReturnType<typeof openTestDatabase>>['database'];

async function buildWebApp(publicUrl: string): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: publicUrl });
  const pages = createWebPages({ assetVersion: '0', nhsFonts: false }, service);
  const app = Fastify();
  app.decorateRequest('auth', null);
  app.decorateRequest('apiPrincipal', null);
  app.decorateRequest('service', null as unknown as ServiceInfo);
  app.addHook('onRequest', (request, _reply, done) => {
    request.service = service;
    done();
  });
  await app.register(async (web) => {
    await web.register(webPlatform, {
      config,
      db: database.db,
      clock: new FixedClock('2026-11-25T10:00:00Z'),
      cookieSecret: 'a'.repeat(32),
      cookieSettings: { secure: publicUrl.startsWith('https:') },
      pages,
    });
    web.get('/records/:id', { config: { access: 'public' } }, (request, reply) =>
      renderNotFound(request, reply),
    );
    web.get('/mistake', { config: { access: 'public' } }, (request) => requireAuth(request).email);
  });
  await app.ready();
  return app;
}

beforeAll(async () => {
  const opened = await openTestDatabase();
  drop = opened.drop;
  database = opened.database;
  app = await buildWebApp('http://localhost:3000');
});
afterAll(async () => {
  await app.close();
  await drop();
});

describe('the web plugin', () => {
  it('gives features one not-found page', async () => {
    const res = await app.inject({ url: '/records/123' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(textOf(res.body)).toContain('Page not found');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('treats requireAuth on a route without a signed-in person as an internal error', async () => {
    const res = await app.inject({ url: '/mistake' });
    expect(res.statusCode).toBe(500);
    expect(textOf(res.body)).toContain('problem with the service');
    expect(res.body).not.toContain('requireAuth');
  });

  it('sends every answer the same security headers: a page, a missing page, a failure', async () => {
    const security = (headers: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(headers).filter(([name]) => SECURITY_HEADERS.has(name)));
    const answers = await Promise.all(
      ['/records/1', '/nowhere', '/mistake'].map((url) => app.inject({ url })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([404, 404, 500]);
    for (const answer of answers) {
      expect(security(answer.headers)).toEqual({
        'content-security-policy':
          "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self' https://assets.nhs.uk;connect-src 'self';media-src 'self' blob:;form-action 'self';frame-ancestors 'none';base-uri 'self';object-src 'none'",
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'same-origin',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('over HTTPS also tells browsers to keep to HTTPS', async () => {
    const secure = await buildWebApp('https://rapport.example.nhs.uk');
    try {
      const res = await secure.inject({ url: '/nowhere' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(String(res.headers['content-security-policy'])).toMatch(/;upgrade-insecure-requests$/);
    } finally {
      await secure.close();
    }
  });

  it('refuses at start-up a page route without access, or one declaring API scopes', async () => {
    const bare = Fastify();
    bare.decorateRequest('auth', null);
    await bare.register(async (web) => {
      await web.register(webPlatform, {
        config: loadConfig({ NODE_ENV: 'test' }),
        db: null as never,
        clock: new FixedClock('2026-11-25T10:00:00Z'),
        cookieSecret: 'a'.repeat(32),
        cookieSettings: { secure: false },
        pages: createWebPages({ assetVersion: '0', nhsFonts: false }, service),
      });
      expect(() => web.get('/open', () => 'x')).toThrow(/does not declare who may use it/);
      expect(() =>
        web.get('/scoped', { config: { access: ['system/Patient.read'] } }, () => 'x'),
      ).toThrow(/declares API scopes/);
    });
    await bare.ready();
    await bare.close();
  });
});
