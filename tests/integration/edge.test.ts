import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { TestClient, textOf } from '../support/client';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { GOOD_ANSWERS } from '../../src/features/referral/referral.test-data';
import { pageBySlug } from '../../src/features/referral/referral.forms';
import { summaryTargets } from '../../src/ui/summary-targets';

let t: TestApp;
let clients = 0;
beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'therapist@example.nhs.uk', ['therapist'], 'Terry Therapist');
  await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Mo Manager');
});
afterAll(async () => t.close());

/** A browser with its own address, so the referral pages' rate limit is not shared. */
function browser(): TestClient {
  const c = new TestClient(t.app);
  clients++;
  c.ip = `10.40.0.${clients}`;
  return c;
}

function cookieHeader(c: TestClient): string {
  return [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Posts JSON: the one way a lone surrogate reaches the server intact. */
function postJson(c: TestClient, url: string, body: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify({ _csrf: c.csrf, ...body }),
    headers: { cookie: cookieHeader(c), 'content-type': 'application/json' },
    remoteAddress: c.ip,
  });
}

function expectNhsPage(res: LightMyRequestResponse, status: number, title: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(textOf(res.body)).toContain(title);
}

const BAD_REQUEST = 'Sorry, there is a problem with that request';
const NOT_FOUND = 'Page not found';

describe('query strings', () => {
  it('answers a repeated token with the 400 page, not a 500', async () => {
    const res = await browser().get('/account/set-password?token=a&token=b');
    expectNhsPage(res, 400, BAD_REQUEST);
  });

  it('answers a NUL or an over-long value in the query with the 400 page', async () => {
    expectNhsPage(await browser().get('/setup?token=%00'), 400, BAD_REQUEST);
    expectNhsPage(
      await browser().get(`/account/set-password?token=${'a'.repeat(5000)}`),
      400,
      BAD_REQUEST,
    );
  });

  it('still serves a single token as before', async () => {
    const res = await browser().get('/account/set-password?token=not-a-live-token');
    expect(res.statusCode).toBe(410);
  });
});

describe('path parameters', () => {
  it('answers a NUL or a malformed id in the path with the 404 page', async () => {
    const c = browser();
    expect((await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    for (const url of [
      '/staff/referrals/%00',
      '/staff/referrals/not-an-id',
      '/patients/%00/progress',
      '/diary/appointments/1%0A2',
      '/questionnaires/00000000-0000-4000-8000-000000000000/%00',
    ])
      expectNhsPage(await c.get(url), 404, NOT_FOUND);
    // Percent-encoding that is not UTF-8 (a lone surrogate) cannot even be routed: 400.
    expectNhsPage(await c.get('/staff/referrals/%ED%A0%80'), 400, BAD_REQUEST);
  });

  it('looks the same to a stranger with a well-formed id', async () => {
    const c = browser();
    await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    const res = await c.get('/staff/referrals/00000000-0000-4000-8000-000000000000');
    expectNhsPage(res, 404, NOT_FOUND);
  });
});

describe('signing in with a next address', () => {
  it('keeps only same-site paths: a line feed in next falls back to /home', async () => {
    const c = browser();
    const page = await c.get('/sign-in?next=/%0A/x');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="next" value="/home"');
    const res = await c.post('/sign-in', {
      email: 'therapist@example.nhs.uk',
      password: TEST_PASSWORD,
      next: '/\n/x',
    });
    expect(res.statusCode).toBe(303);
    // Staff give their second factor first; `next` has already become /home.
    expect(res.headers.location).toBe('/sign-in/second-step');
    expect((await c.completeSecondStep(res.headers.location)).headers.location).toBe('/home');
  });

  it('goes on to a same-site path', async () => {
    const c = browser();
    await c.get('/sign-in');
    const res = await c.post('/sign-in', {
      email: 'therapist@example.nhs.uk',
      password: TEST_PASSWORD,
      next: '/staff/referrals',
    });
    expect(res.headers.location).toBe('/sign-in/second-step?next=%2Fstaff%2Freferrals');
    const done = await c.completeSecondStep(res.headers.location);
    expect(done.headers.location).toBe('/staff/referrals');
  });
});

describe('form bodies', () => {
  it('answers an over-long value with a 400 page saying so and how to keep what they wrote, not a 500', async () => {
    const c = browser();
    await c.get('/sign-in');
    // A field's own bound.
    const res = await c.post('/sign-in', { email: 'a'.repeat(20_000), password: 'x' });
    expectNhsPage(res, 400, 'One of your answers is too long');
    expect(textOf(res.body)).toContain(
      'An answer can be at most 1,000 characters. Nothing was saved.',
    );
    expect(textOf(res.body)).toContain('Copy the long answer somewhere safe');
    // The edge's bound on any field (a note pasted too long), checked as text or a list.
    await c.get('/sign-in');
    const any = await c.post('/sign-in', {
      email: 'a@b.c',
      password: 'x',
      note: 'n'.repeat(60_000),
    });
    expectNhsPage(any, 400, 'One of your answers is too long');
    expect(textOf(any.body)).toContain('at most 50,000 characters');
  });

  it('answers a body that is not a form (JSON numbers, nested objects) with the 400 page', async () => {
    const c = browser();
    await c.get('/sign-in');
    expectNhsPage(await postJson(c, '/sign-in', { email: { a: 1 } }), 400, BAD_REQUEST);
    expectNhsPage(await postJson(c, '/sign-in', { email: 5 }), 400, BAD_REQUEST);
  });
});

describe('a referral answer with characters that cannot be kept', () => {
  async function reachTroubling(c: TestClient): Promise<void> {
    await c.get('/refer');
    expect((await c.post('/refer/start', {})).statusCode).toBe(303);
    let url = '/refer/name';
    for (let i = 0; i < 30 && url !== '/refer/what-is-troubling-you'; i++) {
      const page = pageBySlug(url.split('?')[0]!.split('/')[2]!);
      if (!page) throw new Error(`unexpected page ${url}`);
      const res = await c.post(url, GOOD_ANSWERS[page.key]);
      if (res.statusCode !== 303) throw new Error(`${url}: ${res.statusCode}`);
      url = res.headers.location!;
    }
    expect(url).toBe('/refer/what-is-troubling-you');
    await c.get(url);
  }

  it('shows a field error for a NUL byte and keeps the rest of the answer', async () => {
    const c = browser();
    await reachTroubling(c);
    const res = await c.post('/refer/what-is-troubling-you', {
      troubling: 'I have felt low\u0000 since the spring.',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(res.body).toContain('href="#troubling"');
    expect(res.body).toContain('I have felt low since the spring.');
    expect(res.body).not.toContain('\u0000');
    // Sent again as shown, it is accepted.
    const again = await c.post('/refer/what-is-troubling-you', {
      troubling: 'I have felt low since the spring.',
    });
    expect(again.statusCode).toBe(303);
  });

  it('shows a field error for a lone surrogate and keeps the rest of the answer', async () => {
    const c = browser();
    await reachTroubling(c);
    const res = await postJson(c, '/refer/what-is-troubling-you', {
      troubling: 'Work \uD800is hard.',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#troubling"');
    expect(res.body).toContain('Work is hard.');
  });
});

describe('one GET/POST form cycle (changing a location)', () => {
  const location = {
    name: 'Leeds Central',
    address: '1 Park Row\nLeeds',
    postcode: 'LS1 5AB',
    stepFreeAccess: 'yes',
    accessInformation: 'Lift to all floors.',
    'opening-1-opens': '09:00',
    'opening-1-closes': '17:00',
  };

  it('answers 404 for a missing or malformed record, 400 with answers kept, then 303', async () => {
    const m = browser();
    expect((await m.signIn('manager@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    await m.get('/locations/new');
    const created = await m.post('/locations/new', location);
    expect(created.statusCode).toBe(303);
    const id = /\/locations\/([0-9a-f-]{36})/.exec(String(created.headers.location))![1]!;

    expectNhsPage(
      await m.get('/locations/00000000-0000-4000-8000-000000000000/edit'),
      404,
      NOT_FOUND,
    );
    expectNhsPage(await m.get('/locations/nonsense/edit'), 404, NOT_FOUND);

    const page = await m.get(`/locations/${id}/edit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Leeds Central"');

    const bad = await m.post(`/locations/${id}/edit`, {
      ...location,
      name: '',
      accessInformation: 'Ramp\u0000 at the side door',
      stepFreeAccess: 'yes\u0007',
      active: 'yes',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Enter the name of the location');
    expect(bad.body).toContain('href="#accessInformation"');
    expect(bad.body).toContain('Ramp at the side door');
    // The summary names each answer characters were removed from, by its label or question,
    // and goes to it: the first option of a group of radios (it said only "This had …").
    const summary = textOf(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(bad.body)![0]);
    expect(summary).toContain(
      '‘Access information for patients (optional)’ had characters we cannot save. We removed them: check it again',
    );
    expect(summary).toContain(
      '‘Is there step-free access to the building?’ had characters we cannot save',
    );
    const targets = summaryTargets(bad.body);
    expect(targets.hrefs).toEqual(
      expect.arrayContaining(['accessInformation', 'stepFreeAccess-1', 'name']),
    );
    expect(targets.missing).toEqual([]);
    // The answer is kept, without the character.
    expect(/<input[^>]*id="stepFreeAccess-1"[^>]*>/.exec(bad.body)?.[0]).toContain('checked');

    const ok = await m.post(`/locations/${id}/edit`, {
      ...location,
      name: 'Leeds Park Row',
      active: 'yes',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/locations?saved=${id}`);
  });
});
