import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPatient } from '../support/fixtures';
import { createUser } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

/**
 * A service manager registers a system in Chromium; the system then connects over HTTP as a
 * real integration would (SMART Backend Services) and reads a patient; switched off, it stops.
 */
describe.runIf(run)('registering a FHIR API client in Chromium', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness({ now: '2026-11-25T10:00:00Z' });
    await createUser(h.t, 'manager.fhir@example.nhs.uk', ['service_manager'], 'Morgan Manager');
    await insertPatient(h.t, {
      givenName: 'Taylor',
      familyName: 'Example',
      nhsNumber: '9434765919',
    });
  });
  afterAll(async () => h.close());

  it('registers a system, which gets a token and reads; switched off, it is refused', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), alg: 'ES384', kid: 'k1' };

    const page = await h.newPage();
    await signInAs(h, page, 'manager.fhir@example.nhs.uk');
    await page.goto(`${h.baseUrl}/admin`);
    await page.getByRole('link', { name: 'API clients' }).click();
    await expectAccessible(page, 'API clients, none yet');
    await page.getByRole('link', { name: 'Register a system' }).click();
    await expectAccessible(page, 'register a system');

    // Nothing filled in: the error summary names each question.
    await page.getByRole('button', { name: 'Register the system' }).click();
    await expect.poll(() => page.locator('.nhsuk-error-summary').count()).toBe(1);
    await expectAccessible(page, 'register a system, with errors');

    await page.fill('#name', 'Shared care record');
    await page.getByLabel('Patient', { exact: true }).check();
    await page.fill('#jwks', JSON.stringify(jwk));
    await page.getByRole('button', { name: 'Register the system' }).click();
    await page.waitForURL((url) => url.search.includes('registered='));
    await expectAccessible(page, 'API clients, one registered');
    const clientId = new URL(page.url()).searchParams.get('registered')!;
    expect(await page.locator('.nhsuk-inset-text').innerText()).toContain(clientId);

    // The system, over HTTP, as an integration would.
    const tokenUrl = `${h.baseUrl}/api/oauth/token`;
    const now = Math.floor(h.t.clock.now().getTime() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: 'k1' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenUrl)
      .setExpirationTime(now + 120)
      .setJti(randomUUID())
      .sign(privateKey);
    const tokenRes = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'system/Patient.read',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const search = () =>
      fetch(`${h.baseUrl}/api/fhir/r4/Patient?identifier=9434765919`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
    const found = await search();
    expect(found.status).toBe(200);
    expect(((await found.json()) as { total: number }).total).toBe(1);

    await page.getByRole('button', { name: 'Switch off Shared care record' }).click();
    await expect.poll(() => page.getByText('Switched off').count()).toBe(1);
    await expectAccessible(page, 'API clients, switched off');
    expect((await search()).status).toBe(401);
  }, 120_000);
});
