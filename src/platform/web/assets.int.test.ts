import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/test-app';
import { AssetManifest } from './assets';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const linkedAssets = (html: string) =>
  [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1] ?? '');

describe('versioned assets', () => {
  it('an upgraded file gets a new URL, and its old URL leads to the new file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-assets-'));
    const path = join(dir, 'nhsuk-frontend.min.js');
    writeFileSync(path, 'export const version = 10;');
    const before = new AssetManifest([{ name: 'nhsuk-frontend.min.js', path }]);
    writeFileSync(path, 'export const version = 11;');
    const after = new AssetManifest([{ name: 'nhsuk-frontend.min.js', path }]);
    expect(after.url('nhsuk-frontend.min.js')).not.toBe(before.url('nhsuk-frontend.min.js'));

    const app = Fastify();
    after.register(app);
    const old = await app.inject(before.url('nhsuk-frontend.min.js'));
    expect(old.statusCode).toBe(302);
    expect(old.headers.location).toBe(after.url('nhsuk-frontend.min.js'));
    const current = await app.inject(after.url('nhsuk-frontend.min.js'));
    expect(current.body).toBe('export const version = 11;');
    await app.close();
  });

  it('a file that imports another names it by its versioned URL', async () => {
    const home = await t.app.inject('/');
    const init = linkedAssets(home.body).find((u) => u.endsWith('/init.js'));
    expect(init).toMatch(/^\/static\/v\/[0-9a-f]{16}\/init\.js$/);
    const res = await t.app.inject(init ?? '');
    // The whole bundle is the fallback when the per-component modules could not be built.
    expect(res.body).toMatch(/import\('\/static\/v\/[0-9a-f]{16}\/nhsuk-frontend\.min\.js'\)/);
  });

  it('lists a module per NHS.UK component, each served with the shared chunks it imports', async () => {
    const home = await t.app.inject('/');
    const init = await t.app.inject(
      linkedAssets(home.body).find((u) => u.endsWith('/init.js')) ?? '',
    );
    const listed = /const COMPONENTS = (\{.*\});/.exec(init.body)?.[1];
    const components = JSON.parse(listed ?? 'null') as Record<string, [string, string]>;
    expect(Object.keys(components)).toEqual(
      expect.arrayContaining(['nhsuk-header', 'nhsuk-radios']),
    );
    const header = await t.app.inject(components['nhsuk-header']![0]);
    expect(header.statusCode).toBe(200);
    expect(header.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(header.body).toContain('initHeader');
    // Shared code is in chunks the module imports by a relative, content-hashed name.
    const chunks = [...header.body.matchAll(/from"\.\/(chunk-[A-Z0-9]+\.js)"/g)].map((m) => m[1]);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks)
      expect((await t.app.inject(`/static/nhsuk/${chunk}`)).statusCode, chunk).toBe(200);
    // The whole bundle is far bigger than what a page with a header needs.
    const whole = linkedAssets(init.body.replace(/import\('([^']+)'\)/, 'src="$1"'))[0];
    expect(header.body.length).toBeLessThan((await t.app.inject(whole ?? '')).body.length / 2);
    expect((await t.app.inject('/static/nhsuk/nothing-here.js')).statusCode).toBe(404);
  });

  it('pages link only versioned CSS and JavaScript, cached for a year', async () => {
    const home = await t.app.inject('/');
    const urls = linkedAssets(home.body);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      expect(url).toMatch(/^\/static\/v\/[0-9a-f]{16}\//);
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
  });
});

describe('compression', () => {
  it('sends brotli or gzip when the browser accepts it, and plain bytes when not', async () => {
    const css = linkedAssets((await t.app.inject('/')).body).find((u) =>
      u.endsWith('nhsuk-frontend.min.css'),
    );
    const plain = await t.app.inject(css ?? '');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await t.app.inject({ url: css ?? '', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 5);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gz = await t.app.inject({ url: css ?? '', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
  });

  it('compresses pages', async () => {
    const plain = await t.app.inject('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gz = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });
});
