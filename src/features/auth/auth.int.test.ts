import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, sessions } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { issueSetupTokenIfNeeded } from './auth.service';
import { totpCode } from './second-factor';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'therapist@example.nhs.uk', ['therapist'], 'Terry Therapist');
  await createUser(t, 'patient@example.com', ['patient'], 'Pat');
});
afterAll(async () => t.close());

describe('signing in', () => {
  it('gives the same answer for an unknown email and a wrong password', async () => {
    const a = new TestClient(t.app);
    const unknown = await a.signIn('nobody@example.com', 'whatever password');
    const b = new TestClient(t.app);
    const wrong = await b.signIn('therapist@example.nhs.uk', 'not the password');
    expect(unknown.statusCode).toBe(400);
    expect(wrong.statusCode).toBe(400);
    const message = (html: string) =>
      /<div class="nhsuk-error-summary__body">([\s\S]*?)<\/div>/.exec(html)?.[1];
    expect(message(unknown.body)).toBe(message(wrong.body));
    expect(textOf(unknown.body)).toContain('Enter a correct email address and password');
    // The email typed is kept; the password is not echoed back.
    expect(wrong.body).toContain('value="therapist@example.nhs.uk"');
    expect(wrong.body).not.toContain('not the password');
  });

  it('shows specific errors for empty fields, with status 400', async () => {
    const c = new TestClient(t.app);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { email: '', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(textOf(res.body)).toContain('Enter your email address');
    expect(textOf(res.body)).toContain('Enter your password');
    expect(res.body).toContain('<title>Error: Sign in');
  });

  it('signs in, sets a __Host- HttpOnly SameSite=Lax cookie, and issues a new token each time', async () => {
    const c = new TestClient(t.app);
    const first = await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/home');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/__Host-rapport-session=[A-Za-z0-9_-]{22};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/);
    const token1 = c.cookies.get('__Host-rapport-session');
    const home = await c.get('/home');
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('Welcome, Terry');
    await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    expect(c.cookies.get('__Host-rapport-session')).not.toBe(token1);
  });

  it('ends a staff session after 15 idle minutes and a patient session after 30 (fixed clock)', async () => {
    const staff = new TestClient(t.app);
    await staff.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    const patient = new TestClient(t.app);
    await patient.signIn('patient@example.com', TEST_PASSWORD);
    t.clock.advanceMinutes(14);
    expect((await staff.get('/home')).statusCode).toBe(200);
    t.clock.advanceMinutes(16);
    expect((await staff.get('/home')).statusCode).toBe(303); // idle 16 min since last request
    expect((await patient.get('/home')).statusCode).toBe(200); // idle 30 min exactly: still in
    t.clock.advanceMinutes(31);
    const res = await patient.get('/home');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fhome');
  });

  it('ends any session after 12 hours however active', async () => {
    const c = new TestClient(t.app);
    await c.signIn('patient@example.com', TEST_PASSWORD);
    for (let i = 0; i < 26; i++) {
      t.clock.advanceMinutes(29);
      await c.get('/home');
    }
    expect((await c.get('/home')).statusCode).toBe(303);
  });

  it('refuses a form post without a CSRF token', async () => {
    const c = new TestClient(t.app);
    await c.get('/sign-in');
    const res = await c.post(
      '/sign-in',
      { email: 'therapist@example.nhs.uk', password: TEST_PASSWORD },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('This page has expired');
    const forged = await c.post('/sign-in', {
      email: 'therapist@example.nhs.uk',
      password: TEST_PASSWORD,
      _csrf: 'forged',
    });
    expect(forged.statusCode).toBe(403);
  });

  it('signs out, and signs out everywhere', async () => {
    const a = new TestClient(t.app);
    const b = new TestClient(t.app);
    await a.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    await b.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    await a.get('/account');
    const res = await a.post('/account/sign-out-everywhere', {});
    expect(res.statusCode).toBe(303);
    expect((await b.get('/home')).statusCode).toBe(303);
    const c = new TestClient(t.app);
    await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    await c.get('/sign-out');
    await c.post('/sign-out', {});
    expect((await c.get('/home')).statusCode).toBe(303);
  });

  it('throttles after 10 failures in 5 minutes, with a growing but capped delay, and lets the usual browser in', async () => {
    await createUser(t, 'target@example.com', ['therapist']);
    const usual = new TestClient(t.app);
    usual.ip = '10.0.0.5';
    await usual.signIn('target@example.com', TEST_PASSWORD);
    const attacker = new TestClient(t.app);
    attacker.ip = '203.0.113.9';
    await attacker.get('/sign-in');
    for (let i = 0; i < 9; i++) {
      expect(
        (await attacker.post('/sign-in', { email: 'target@example.com', password: `guess ${i}` }))
          .statusCode,
      ).toBe(400);
    }
    // The 10th failure is recorded; the next attempt must wait.
    expect(
      (await attacker.post('/sign-in', { email: 'target@example.com', password: 'guess 9' }))
        .statusCode,
    ).toBe(400);
    const throttled = await attacker.post('/sign-in', {
      email: 'target@example.com',
      password: TEST_PASSWORD,
    });
    expect(throttled.statusCode).toBe(429);
    expect(textOf(throttled.body)).toMatch(/Too many attempts to sign in. Wait 1 second/);
    // Even the right password is not checked while throttled.
    expect(throttled.headers.location).toBeUndefined();
    // The real user's usual browser (device cookie) is not locked out by the stranger's failures.
    await usual.get('/sign-in');
    const real = await usual.post('/sign-in', {
      email: 'target@example.com',
      password: TEST_PASSWORD,
    });
    expect(real.statusCode).toBe(303);
    // After the delay, the attacker may try again (no permanent lockout).
    t.clock.advance(2000);
    expect(
      (await attacker.post('/sign-in', { email: 'target@example.com', password: 'guess 10' }))
        .statusCode,
    ).toBe(400);
  });

  it('writes audit rows for sign-in success and failure', async () => {
    const before = (await t.database.db.select().from(auditEvents)).length;
    const c = new TestClient(t.app);
    await c.signIn('patient@example.com', 'wrong password here');
    await c.signIn('patient@example.com', TEST_PASSWORD);
    const rows = await t.database.db.select().from(auditEvents);
    const newRows = rows.slice(before).filter((r) => r.action === 'auth.sign_in');
    expect(newRows.map((r) => r.outcome)).toEqual(['failure', 'success']);
    expect(newRows[1]?.userId).toBeTruthy();
    expect(newRows[1]?.ip).toBe('127.0.0.1');
    expect(newRows[1]?.requestId).toMatch(/[0-9a-f-]{36}/);
  });
});

describe('invitations, resets and first-run setup', () => {
  it('sets a password from an invitation once, then the link is dead', async () => {
    const manager = new TestClient(t.app);
    await createUser(t, 'boss@example.nhs.uk', ['service_manager'], 'Boss');
    await manager.signIn('boss@example.nhs.uk', TEST_PASSWORD);
    await manager.get('/admin/users');
    const bad = await manager.post('/admin/users', { displayName: '', email: 'nope', roles: [] });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Enter their full name');
    expect(textOf(bad.body)).toContain('Enter an email address in the correct format');
    expect(textOf(bad.body)).toContain('Select at least one role');
    const ok = await manager.post('/admin/users', {
      displayName: 'New Therapist',
      email: 'new@example.nhs.uk',
      roles: ['therapist'],
    });
    expect(ok.statusCode).toBe(303);
    await t.outbox.runOnce();
    const mail = t.notifier.sent.find((m) => m.recipient === 'new@example.nhs.uk');
    expect(mail?.subject).toContain('Set up your');
    const link = /http:\/\/localhost:3000(\/account\/set-password\?token=[\w-]+)/.exec(
      mail!.body,
    )![1]!;

    const invitee = new TestClient(t.app);
    const form = await invitee.get(link);
    expect(form.statusCode).toBe(200);
    const weak = await invitee.post('/account/set-password', {
      token: link.split('=')[1]!,
      password: 'password1234',
      confirm: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    expect(textOf(weak.body)).toContain('Password is too common');
    const set = await invitee.post('/account/set-password', {
      token: link.split('=')[1]!,
      password: 'tangerine lighthouse',
      confirm: 'tangerine lighthouse',
    });
    expect(set.statusCode).toBe(303);
    // Staff: the emailed link is not a second factor, so they set one up before any page opens.
    expect(set.headers.location).toBe('/sign-in/second-step');
    expect((await invitee.get('/home')).statusCode).toBe(303);
    expect((await invitee.get('/sign-in/second-step')).headers.location).toBe(
      '/sign-in/set-up?next=%2Fhome',
    );
    const again = await new TestClient(t.app).get(link);
    expect(again.statusCode).toBe(410);
    expect(textOf(again.body)).toContain('This link has expired or has already been used');
    // With how to reach the service, not "contact your service" alone (walk 10).
    expect(again.body).toContain('id="service-contact-heading"');
  });

  it('expires a reset link after 1 hour and never reveals whether an email exists', async () => {
    const c = new TestClient(t.app);
    await c.get('/forgot-password');
    const unknown = await c.post('/forgot-password', { email: 'ghost@example.com' });
    const known = await c.post('/forgot-password', { email: 'patient@example.com' });
    expect(textOf(unknown.body)).toContain('Check your email');
    expect(textOf(known.body)).toContain('Check your email');
    expect(known.body).toContain('id="service-contact-heading"');
    expect(textOf(known.body)).toBe(textOf(unknown.body));
    await t.outbox.runOnce();
    const mail = t.notifier.sent
      .filter((m) => m.recipient === 'patient@example.com' && m.subject?.includes('Reset'))
      .at(-1);
    const link = /(\/account\/set-password\?token=[\w-]+)/.exec(mail!.body)![1]!;
    t.clock.advanceMinutes(61);
    expect((await c.get(link)).statusCode).toBe(410);
  });

  it('creates the first service manager from the one-time setup link', async () => {
    const fresh = await createTestApp();
    try {
      const token = await issueSetupTokenIfNeeded(fresh.database.db, fresh.clock, fresh.service.id);
      expect(token).toBeTruthy();
      const c = new TestClient(fresh.app);
      expect((await c.get(`/setup?token=${token}`)).statusCode).toBe(200);
      const bad = await c.post('/setup', {
        token: token!,
        displayName: 'Mo',
        email: 'mo@example.nhs.uk',
        password: 'short',
        confirm: 'short',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('value="mo@example.nhs.uk"');
      const ok = await c.post('/setup', {
        token: token!,
        displayName: 'Mo',
        email: 'mo@example.nhs.uk',
        password: 'bluebell harbour lamp',
        confirm: 'bluebell harbour lamp',
      });
      expect(ok.statusCode).toBe(303);
      // A manager, so a second factor comes first: no staff page opens until it is set up.
      expect(ok.headers.location).toBe('/sign-in/second-step');
      const early = await c.get('/admin/users');
      expect(early.statusCode).toBe(303);
      expect(early.headers.location).toMatch(/^\/sign-in\?next=/);
      const step = await c.get('/sign-in/second-step');
      expect(step.headers.location).toBe('/sign-in/set-up?next=%2Fhome');
      const setUp = await c.get('/sign-in/set-up');
      expect(setUp.statusCode).toBe(200);
      expect(setUp.body).toContain('src="data:image/svg+xml;base64,');
      const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(setUp.body)![1]!;
      const saved = await c.post('/sign-in/set-up', {
        code: totpCode(secret, fresh.clock.now()),
        next: '/home',
      });
      expect(saved.statusCode).toBe(200);
      expect(textOf(saved.body)).toContain('Save your recovery codes');
      expect(saved.body.match(/<li><code>[a-z2-9]{5}-[a-z2-9]{5}<\/code><\/li>/g)).toHaveLength(10);
      expect((await c.get('/admin/users')).statusCode).toBe(200);
      expect(
        await issueSetupTokenIfNeeded(fresh.database.db, fresh.clock, fresh.service.id),
      ).toBeNull();
      expect((await new TestClient(fresh.app).get(`/setup?token=${token}`)).statusCode).toBe(410);
    } finally {
      await fresh.close();
    }
  });

  it('keeps sessions in the database, with only a hash of the token', async () => {
    const c = new TestClient(t.app);
    await c.signIn('patient@example.com', TEST_PASSWORD);
    const raw = c.cookies.get('__Host-rapport-session')!;
    const rows = await t.database.db.select().from(sessions).where(eq(sessions.tokenHash, raw));
    expect(rows).toHaveLength(0);
  });
});
