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
let app: FastifyInstance;
let drop: () => Promise<void>;

beforeAll(async () => {
  const opened = await openTestDatabase();
  drop = opened.drop;
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://localhost:3000' });
  const pages = createWebPages({ assetVersion: '0', nhsFonts: false }, service);
  app = Fastify();
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
      db: opened.database.db,
      clock: new FixedClock('2026-11-25T10:00:00Z'),
      cookieSecret: 'a'.repeat(32),
      cookieSettings: { secure: false },
      pages,
    });
    web.get('/records/:id', { config: { access: 'public' } }, (request, reply) =>
      renderNotFound(request, reply),
    );
    web.get('/mistake', { config: { access: 'public' } }, (request) => requireAuth(request).email);
  });
  await app.ready();
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
