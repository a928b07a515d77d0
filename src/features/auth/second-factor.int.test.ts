import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { TEST_TOTP_SECRET } from '../../../tests/support/second-factor';
import { totpCode } from './second-factor';

let t: TestApp;
let therapistId: string;
let managerId: string;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-25T10:00:10Z' });
  therapistId = (await createUser(t, 'terry@example.nhs.uk', ['therapist'], 'Terry')).id;
  managerId = (await createUser(t, 'boss@example.nhs.uk', ['service_manager'], 'Boss')).id;
  await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Sam');
  await createUser(t, 'pat@example.com', ['patient'], 'Pat');
});
afterAll(async () => t.close());

/** The password step only: the browser is left half-way, at the second step. */
async function passwordOnly(c: TestClient, email: string, next?: string) {
  await c.get('/sign-in');
  const res = await c.post('/sign-in', {
    email,
    password: TEST_PASSWORD,
    ...(next ? { next } : {}),
  });
  expect(res.statusCode).toBe(303);
  return res;
}

async function auditActions(userId: string) {
  const rows = await t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.recordId, userId)));
  return rows.map((r) => `${r.action}:${r.outcome}`);
}

describe('the second step for staff', () => {
  it('stops staff after the password: no staff page opens half-way', async () => {
    const c = new TestClient(t.app);
    const res = await passwordOnly(c, 'terry@example.nhs.uk', '/caseload');
    expect(res.headers.location).toBe('/sign-in/second-step?next=%2Fcaseload');
    for (const page of ['/home', '/caseload', '/account']) {
      const r = await c.get(page);
      expect(r.statusCode, page).toBe(303);
      expect(r.headers.location, page).toMatch(/^\/sign-in\?next=/);
    }
    const step = await c.get('/sign-in/second-step?next=%2Fcaseload');
    expect(step.statusCode).toBe(200);
    expect(textOf(step.body)).toContain('Confirm it is you');
    expect(step.body).toContain('autoComplete="one-time-code"');
  });

  it('patients sign in with their password alone', async () => {
    const c = new TestClient(t.app);
    const res = await passwordOnly(c, 'pat@example.com');
    expect(res.headers.location).toBe('/home');
    expect((await c.get('/home')).statusCode).toBe(200);
  });

  it('TOTP with a fixed clock: a wrong code is refused, the right one accepted, a replay refused', async () => {
    const c = new TestClient(t.app);
    await passwordOnly(c, 'terry@example.nhs.uk', '/caseload');
    await c.get('/sign-in/second-step');
    const code = totpCode(TEST_TOTP_SECRET, t.clock.now());
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await c.post('/sign-in/second-step', { code: wrong, next: '/caseload' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Enter the code your authenticator app shows now');
    expect(refused.body).toContain('href="#code"');

    const ok = await c.post('/sign-in/second-step', { code, next: '/caseload' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/caseload');
    expect((await c.get('/caseload')).statusCode).toBe(200);

    // The same code again, still inside its 30 seconds, from another browser: a replay.
    const thief = new TestClient(t.app);
    thief.ip = '10.9.9.9';
    await passwordOnly(thief, 'terry@example.nhs.uk');
    await thief.get('/sign-in/second-step');
    const replay = await thief.post('/sign-in/second-step', { code, next: '/home' });
    expect(replay.statusCode).toBe(400);
    expect(textOf(replay.body)).toContain('This code has already been used');
    expect((await thief.get('/home')).statusCode).toBe(303);

    // The next step's code works.
    t.clock.advance(30_000);
    const fresh = await thief.post('/sign-in/second-step', {
      code: totpCode(TEST_TOTP_SECRET, t.clock.now()),
      next: '/home',
    });
    expect(fresh.statusCode).toBe(303);
    expect((await thief.get('/home')).statusCode).toBe(200);

    const actions = await auditActions(therapistId);
    expect(actions).toContain('auth.second_factor:failure');
    expect(actions).toContain('auth.second_factor:success');
  });

  it('gives a new session token after the second step (the half-way one is worthless)', async () => {
    const c = new TestClient(t.app);
    await passwordOnly(c, 'sam@example.nhs.uk');
    const halfWay = c.cookies.get('__Host-rapport-session');
    const done = await c.completeSecondStep();
    expect(done.statusCode).toBe(303);
    const full = c.cookies.get('__Host-rapport-session');
    expect(full).toBeDefined();
    expect(full).not.toBe(halfWay);
    const old = new TestClient(t.app);
    old.cookies.set('__Host-rapport-session', halfWay!);
    expect((await old.get('/home')).statusCode).toBe(303);
  });

  it('refuses a passkey answer that is not signed by the registered key', async () => {
    const c = new TestClient(t.app);
    await passwordOnly(c, 'sam@example.nhs.uk');
    const page = await c.get('/sign-in/second-step');
    expect(page.body).toContain('id="passkey-sign-in"');
    const forged = await c.post('/sign-in/passkey', {
      credential: JSON.stringify({
        id: 'x',
        rawId: 'x',
        type: 'public-key',
        response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
        clientExtensionResults: {},
      }),
      next: '/home',
    });
    expect(forged.statusCode).toBe(400);
    expect(textOf(forged.body)).toContain('Your passkey could not be used');
    const junk = await c.post('/sign-in/passkey', { credential: '{not json', next: '/home' });
    expect(junk.statusCode).toBe(400);
    expect((await c.get('/home')).statusCode).toBe(303);
  });

  it('the half-way session lasts 10 minutes', async () => {
    const c = new TestClient(t.app);
    await passwordOnly(c, 'sam@example.nhs.uk');
    t.clock.advanceMinutes(11);
    const late = await c.get('/sign-in/second-step');
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/sign-in?next=%2Fhome');
  });
});

describe('a manager resets a colleague, who sets up again and uses recovery codes', () => {
  it('resets (audited), ends their sessions, and makes them enrol; a recovery code works once', async () => {
    const colleague = new TestClient(t.app);
    expect((await colleague.signIn('terry@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    expect((await colleague.get('/home')).statusCode).toBe(200);

    const boss = new TestClient(t.app);
    await boss.signIn('boss@example.nhs.uk', TEST_PASSWORD);
    const list = await boss.get('/admin/users');
    // The column says what each has set up, so the manager is not resetting blind.
    const rowOf = (html: string, name: string) =>
      textOf(
        new RegExp(`<tr[^>]*>(?:(?!</tr>).)*${name}(?:(?!</tr>).)*</tr>`, 's').exec(html)?.[0] ??
          '',
      );
    expect(rowOf(list.body, 'Terry')).toContain('Authenticator app');
    expect(list.body).toContain(`href="/admin/users/${therapistId}/second-factor"`);
    expect(list.body).not.toContain(`href="/admin/users/${managerId}/second-factor"`);
    const confirm = await boss.get(`/admin/users/${therapistId}/second-factor`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body)).toContain('Reset two-step sign-in for Terry');
    // Not their own, and not without CSRF.
    expect((await boss.get(`/admin/users/${managerId}/second-factor`)).statusCode).toBe(404);
    expect(
      (await boss.post(`/admin/users/${therapistId}/second-factor`, {}, { csrf: false }))
        .statusCode,
    ).toBe(403);
    const done = await boss.post(`/admin/users/${therapistId}/second-factor`, {});
    expect(done.statusCode).toBe(200);
    expect(textOf(done.body)).toContain('Two-step sign-in has been reset');
    expect(await auditActions(therapistId)).toContain('auth.second_factor_reset:success');
    // Nothing left to reset: the list says so and offers no link until they set up again.
    const after = await boss.get('/admin/users');
    expect(rowOf(after.body, 'Terry')).toContain('Not set up yet');
    expect(after.body).not.toContain(`href="/admin/users/${therapistId}/second-factor"`);

    // A therapist cannot reset anyone.
    const sam = new TestClient(t.app);
    await sam.signIn('sam@example.nhs.uk', TEST_PASSWORD);
    expect((await sam.get(`/admin/users/${therapistId}/second-factor`)).statusCode).toBe(403);

    // Their sessions ended; at the next sign-in they set up a new app.
    expect((await colleague.get('/home')).statusCode).toBe(303);
    const again = new TestClient(t.app);
    await passwordOnly(again, 'terry@example.nhs.uk');
    expect((await again.get('/sign-in/second-step')).headers.location).toBe(
      '/sign-in/set-up?next=%2Fhome',
    );
    const setUp = await again.get('/sign-in/set-up');
    const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(setUp.body)![1]!;
    expect(secret).not.toBe(TEST_TOTP_SECRET);
    expect(textOf(setUp.body)).toContain(secret.slice(0, 4));
    const bad = await again.post('/sign-in/set-up', { code: '000000', next: '/home' });
    expect(bad.statusCode).toBe(400);
    const saved = await again.post('/sign-in/set-up', {
      code: totpCode(secret, t.clock.now()),
      next: '/home',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.headers['cache-control']).toBe('no-store');
    const codes = [
      ...saved.body.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g),
    ].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect((await again.get('/home')).statusCode).toBe(200);

    // Stored hashed: no code appears in the database in readable form.
    const stored = JSON.stringify(
      await t.database.db.execute(`select code_hash from user_recovery_codes`),
    );
    for (const code of codes) expect(stored).not.toContain(code.replace('-', ''));

    // A recovery code signs in once.
    const lostPhone = new TestClient(t.app);
    await passwordOnly(lostPhone, 'terry@example.nhs.uk');
    await lostPhone.get('/sign-in/second-step');
    const used = await lostPhone.post('/sign-in/second-step', {
      code: codes[3]!.toUpperCase(),
      next: '/home',
    });
    expect(used.statusCode).toBe(303);
    expect((await lostPhone.get('/home')).statusCode).toBe(200);
    const account = await lostPhone.get('/account');
    expect(textOf(account.body)).toContain('Recovery codes left 9');

    const reuse = new TestClient(t.app);
    await passwordOnly(reuse, 'terry@example.nhs.uk');
    await reuse.get('/sign-in/second-step');
    const refused = await reuse.post('/sign-in/second-step', { code: codes[3]!, next: '/home' });
    expect(refused.statusCode).toBe(400);
    expect((await reuse.get('/home')).statusCode).toBe(303);

    // Someone with a factor cannot set up another at sign-in to get round it.
    expect((await reuse.get('/sign-in/set-up')).headers.location).toBe('/sign-in/second-step');
  });
});

describe('sign-in throttling', () => {
  it("keeps a stranger's guesses limited while the real user signs in between", async () => {
    await createUser(t, 'target@example.nhs.uk', ['patient'], 'Target');
    const owner = new TestClient(t.app);
    owner.ip = '192.0.2.1';
    expect((await owner.signIn('target@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);

    // A stranger guesses from many addresses (so only the per-account limit applies).
    const guess = async (n: number) => {
      const s = new TestClient(t.app);
      s.ip = `198.51.100.${n}`;
      return s.signIn('target@example.nhs.uk', `wrong guess ${n}`);
    };
    for (let i = 0; i < 10; i++) expect((await guess(i)).statusCode).toBe(400);
    expect((await guess(10)).statusCode).toBe(429);

    // The owner, on their usual browser, still signs in…
    const back = await owner.signIn('target@example.nhs.uk', TEST_PASSWORD);
    expect(back.statusCode).toBe(303);
    // …and that does not give the stranger a fresh allowance.
    expect((await guess(11)).statusCode).toBe(429);
    t.clock.advance(2_000);
    expect((await guess(12)).statusCode).toBe(400);
    expect((await guess(13)).statusCode).toBe(429);
  });
});

describe('`next` after sign-in', () => {
  const BAD = [
    '/\t/evil.example',
    '/%09/evil.example',
    '//evil.example',
    '/\\evil.example',
    '/%5C%5Cevil.example',
    '/x\nLocation: https://evil.example',
    '/%0d%0aSet-Cookie:%20a=b',
    '/x\u0000',
    'https://evil.example/',
    'javascript:alert(1)',
  ];
  it('accepts a same-site path', async () => {
    const c = new TestClient(t.app);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', {
      email: 'pat@example.com',
      password: TEST_PASSWORD,
      next: '/appointments?view=past',
    });
    expect(res.headers.location).toBe('/appointments?view=past');
  });

  it.each(BAD)('falls back to /home for %j, never a 500', async (next) => {
    const c = new TestClient(t.app);
    const page = await c.get(`/sign-in?next=${encodeURIComponent(next)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="next" value="/home"');
    const res = await c.post('/sign-in', {
      email: 'pat@example.com',
      password: TEST_PASSWORD,
      next,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/home');
    // Staff carry `next` through the second step: it is checked there too.
    const staff = new TestClient(t.app);
    await staff.get('/sign-in');
    const first = await staff.post('/sign-in', {
      email: 'sam@example.nhs.uk',
      password: TEST_PASSWORD,
      next,
    });
    expect(first.headers.location).toBe('/sign-in/second-step');
    const done = await staff.completeSecondStep();
    expect(done.headers.location).toBe('/home');
    const direct = await staff.get(`/sign-in/second-step?next=${encodeURIComponent(next)}`);
    expect(direct.statusCode).toBe(303);
    expect(direct.headers.location).toBe('/home');
  });
});

describe('signing out in one step', () => {
  it('has a CSRF-protected sign-out button in the header that ends on a useful page', async () => {
    const c = new TestClient(t.app);
    await c.signIn('pat@example.com', TEST_PASSWORD);
    const home = await c.get('/home');
    const form =
      /<form class="nhsuk-header__account-form"[^>]*action="\/sign-out" method="post">([\s\S]*?)<\/form>/.exec(
        home.body,
      );
    expect(form?.[1]).toMatch(/name="_csrf" value="[^"]+"/);
    expect(form?.[1]).toContain('Sign out</button>');
    const token = /name="_csrf" value="([^"]+)"/.exec(form![1]!)![1]!;

    expect((await c.post('/sign-out', {}, { csrf: false })).statusCode).toBe(403);
    const out = await c.post('/sign-out', { _csrf: token });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-out');
    const page = await c.get('/sign-out');
    const text = textOf(page.body);
    expect(text).toContain('You have signed out');
    expect(page.body).toContain('href="/sign-in"');
    expect(text).toContain('Sign in again');
    expect(page.body).toContain('href="tel:999"');
    expect(page.body).toContain('href="tel:111"');
    expect(page.body).toContain('href="/urgent-help"');
    expect((await c.get('/home')).statusCode).toBe(303);
  });
});
