import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, identityLinks, patients, sessions, users } from '../../db/schema';
import { signedInClient, TestClient } from '../../../tests/support/client';
import { insertPatient } from '../../../tests/support/fixtures';
import {
  ID_TOKEN_TTL_SECONDS,
  startTestOidcProvider,
  type TestOidcProvider,
} from '../../../tests/support/oidc-provider';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

const APP_URL = 'http://localhost:3000';
const MATCH_NHS = '9434765919';
const UNKNOWN_NHS = '4010232137';
const NO_ACCOUNT_NHS = '9449305552';

const ACCOUNTS = {
  'p9-match': {
    identity_proofing_level: 'P9',
    nhs_number: MATCH_NHS,
    birthdate: '1985-03-14',
    given_name: 'Alex',
    family_name: 'Morgan',
  },
  'p9-unknown': { identity_proofing_level: 'P9', nhs_number: UNKNOWN_NHS },
  'p9-no-account': { identity_proofing_level: 'P9', nhs_number: NO_ACCOUNT_NHS },
  'p9-other-birthday': {
    identity_proofing_level: 'P9',
    nhs_number: MATCH_NHS,
    birthdate: '1985-03-15',
  },
  'p5-user': { identity_proofing_level: 'P5', nhs_number: MATCH_NHS },
  'staff-known': { email: 'therapist@example.nhs.uk', email_verified: true },
  'staff-unverified': { email: 'therapist@example.nhs.uk', email_verified: false },
  'staff-unknown': { email: 'stranger@example.nhs.uk', email_verified: true },
};

let provider: TestOidcProvider;
let t: TestApp;
let patientUserId: string;
let patientId: string;

beforeAll(async () => {
  provider = await startTestOidcProvider({ appUrl: APP_URL, accounts: ACCOUNTS });
  // The provider stamps tokens with real time, so the app's clock starts at real time too.
  t = await createTestApp({ now: new Date().toISOString(), env: provider.env });
  await createUser(t, 'therapist@example.nhs.uk', ['therapist'], 'Terry Therapist');
  const user = await createUser(t, 'alex@example.com', ['patient'], 'Alex');
  patientUserId = user.id;
  const patient = await insertPatient(t, {
    nhsNumber: MATCH_NHS,
    givenName: 'Alex',
    familyName: 'Morgan',
    dateOfBirth: '1985-03-14',
    userId: user.id,
  });
  patientId = patient.id;
  await insertPatient(t, { nhsNumber: NO_ACCOUNT_NHS });
}, 60_000);
// The provider runs on real time: each test starts with the app's clock there too.
beforeEach(() => {
  t.clock.set(new Date());
});
afterAll(async () => {
  await t.close();
  await provider.close();
});

/** Starts a sign-in at the app, signs in at the provider, and returns the callback path. */
async function throughProvider(client: TestClient, start: string, account: string) {
  const res = await client.get(start);
  expect(res.statusCode).toBe(303);
  const callback = await provider.login(res.headers.location as string, account);
  return `${callback.pathname}${callback.search}`;
}

/** Another app whose NHS login cannot be reached: nothing listens on port 9 here. */
async function withNhsLoginDown(
  fn: (other: TestApp) => Promise<void>,
  issuer = 'http://127.0.0.1:9',
) {
  const other = await createTestApp({
    env: {
      NHS_LOGIN_ISSUER: issuer,
      NHS_LOGIN_CLIENT_ID: 'rapport',
      NHS_LOGIN_CLIENT_SECRET: 'a-secret-of-16-chars',
    },
  });
  try {
    await fn(other);
  } finally {
    await other.close();
  }
}

async function lastCallbackAudit() {
  const rows = await t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, 'auth.oidc_callback'));
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).at(-1);
}

describe('the sign-in page', () => {
  it('offers NHS login and staff single sign-on when they are configured', async () => {
    const page = await new TestClient(t.app).get('/sign-in');
    expect(page.body).toContain('Continue with NHS login');
    expect(page.body).toContain('href="/sign-in/nhs-login"');
    expect(page.body).toContain('Continue with NHS Care Identity');
  });
  it('sends the browser to the provider with PKCE, state and nonce', async () => {
    const res = await new TestClient(t.app).get('/sign-in/nhs-login?next=/progress');
    const url = new URL(res.headers.location as string);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('client_id')).toBe('rapport-nhs-login');
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP_URL}/sign-in/nhs-login/callback`);
    expect(res.headers['set-cookie']).toMatch(/__Host-rapport-oidc=.*HttpOnly.*SameSite=Lax/);
  });
});

describe('NHS login for patients', () => {
  it('asks a P9 patient to confirm their record the first time, then links and signs in', async () => {
    const browser = new TestClient(t.app);
    const res = await browser.get(await throughProvider(browser, '/sign-in/nhs-login', 'p9-match'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in/nhs-login/confirm');
    // Nothing is linked, and nobody is signed in, until the person says it is them.
    expect(await t.database.db.select().from(identityLinks)).toHaveLength(0);
    expect((await browser.get('/home')).statusCode).toBe(303);

    const confirm = await browser.get('/sign-in/nhs-login/confirm');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Is this you?');
    expect(confirm.body).toContain('Alex Morgan');
    expect(confirm.body).toContain('March 1985');
    expect(confirm.body).not.toContain('14 March');
    expect(confirm.body).not.toContain('1985-03-14');

    const unanswered = await browser.post('/sign-in/nhs-login/confirm', {});
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain('href="#isMe-1"');

    const yes = await browser.post('/sign-in/nhs-login/confirm', { isMe: 'yes' });
    expect(yes.statusCode).toBe(303);
    expect(yes.headers.location).toBe('/home');
    const home = await browser.get('/home');
    expect(home.statusCode).toBe(200);

    const links = await t.database.db.select().from(identityLinks);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      kind: 'nhs_login',
      issuer: provider.issuer,
      subject: 'p9-match',
      userId: patientUserId,
      patientId,
    });
    const linkAudit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'identity.link'), eq(auditEvents.patientId, patientId)));
    expect(linkAudit.map((a) => a.outcome)).toEqual(['success']);
  });

  it('signs a linked patient straight in next time, to the page they asked for', async () => {
    const browser = new TestClient(t.app);
    const start = '/sign-in/nhs-login?next=%2Fprogress';
    const res = await browser.get(await throughProvider(browser, start, 'p9-match'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/progress');
    expect((await browser.get('/home')).statusCode).toBe(200);
    const signIns = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.sign_in'), eq(auditEvents.userId, patientUserId)));
    expect(signIns.at(-1)?.details).toMatchObject({ method: 'nhs_login' });
  });

  it('gives a P5 login a kind page and no session: no clinical content', async () => {
    const browser = new TestClient(t.app);
    const res = await browser.get(await throughProvider(browser, '/sign-in/nhs-login', 'p5-user'));
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('You need to prove who you are with NHS login');
    expect(res.body).not.toContain('Alex');
    for (const page of ['/home', '/progress', '/appointments', '/therapy']) {
      const r = await browser.get(page);
      expect(r.statusCode, page).toBe(303);
      expect(r.headers.location, page).toMatch(/^\/sign-in/);
    }
    expect((await lastCallbackAudit())?.reason).toBe('identity proofing level P5, P9 needed');
  });

  it('never links an NHS number that matches no patient, nor a record without an account', async () => {
    for (const [account, reason] of [
      ['p9-unknown', 'no record with this NHS number'],
      ['p9-no-account', 'record has no active patient account'],
      ['p9-other-birthday', 'date of birth differs'],
    ] as const) {
      const browser = new TestClient(t.app);
      const res = await browser.get(await throughProvider(browser, '/sign-in/nhs-login', account));
      expect(res.statusCode, account).toBe(403);
      expect(res.body).toContain('We could not find your details');
      expect(res.body).toContain('href="/refer"');
      expect(res.body).toContain('Contact us');
      expect((await lastCallbackAudit())?.reason, account).toBe(reason);
      expect((await browser.get('/home')).statusCode).toBe(303);
    }
    expect(await t.database.db.select().from(identityLinks)).toHaveLength(1);
    const [noAccount] = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.nhsNumber, NO_ACCOUNT_NHS));
    expect(noAccount?.userId).toBeNull();
  });

  it('links nothing when the person says the record is not theirs', async () => {
    // A second record-with-account whose NHS login is not yet linked.
    const user = await createUser(t, 'sam@example.com', ['patient'], 'Sam');
    await insertPatient(t, { nhsNumber: '9000000009', userId: user.id, dateOfBirth: '1990-07-01' });
    const accounts = ACCOUNTS as Record<string, Record<string, unknown>>;
    accounts['p9-sam'] = { identity_proofing_level: 'P9', nhs_number: '9000000009' };
    const browser = new TestClient(t.app);
    await browser.get(await throughProvider(browser, '/sign-in/nhs-login', 'p9-sam'));
    await browser.get('/sign-in/nhs-login/confirm');
    const no = await browser.post('/sign-in/nhs-login/confirm', { isMe: 'no' });
    expect(no.statusCode).toBe(200);
    expect(no.body).toContain('Contact us so we can check your details');
    expect((await browser.get('/home')).statusCode).toBe(303);
    const links = await t.database.db
      .select()
      .from(identityLinks)
      .where(eq(identityLinks.userId, user.id));
    expect(links).toHaveLength(0);
    // The flow is gone: answering again does nothing.
    const again = await browser.post('/sign-in/nhs-login/confirm', { isMe: 'yes' });
    expect(again.statusCode).toBe(400);
  });

  it('lets a patient stop signing in with NHS login, once they have a password, and start again', async () => {
    const linkOf = () =>
      t.database.db.select().from(identityLinks).where(eq(identityLinks.userId, patientUserId));
    const browser = new TestClient(t.app);
    await browser.get(await throughProvider(browser, '/sign-in/nhs-login', 'p9-match'));
    expect(await linkOf()).toHaveLength(1);

    // Without a password they could not sign in at all afterwards: no button, and no unlinking.
    const [withPassword] = await t.database.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, patientUserId));
    await t.database.db
      .update(users)
      .set({ passwordHash: null })
      .where(eq(users.id, patientUserId));
    const noPassword = await browser.get('/account');
    expect(noPassword.body).toContain('you first need a password for this account');
    expect(noPassword.body).not.toContain('Stop signing in with NHS login');
    const refused = await browser.post('/account/nhs-login/unlink', {});
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe('/account');
    expect(await linkOf()).toHaveLength(1);
    await t.database.db
      .update(users)
      .set({ passwordHash: withPassword!.hash })
      .where(eq(users.id, patientUserId));

    const account = await browser.get('/account');
    expect(account.body).toContain('Stop signing in with NHS login');
    const unlinked = await browser.post('/account/nhs-login/unlink', {});
    expect(unlinked.statusCode).toBe(303);
    expect(unlinked.headers.location).toBe('/account?nhsLogin=unlinked');
    expect(await linkOf()).toHaveLength(0);
    const after = await browser.get('/account?nhsLogin=unlinked');
    expect(after.body).toContain('You no longer sign in with NHS login');
    expect(after.body).not.toContain('Stop signing in with NHS login');
    // Still signed in: only the way in has changed.
    expect((await browser.get('/home')).statusCode).toBe(200);
    const unlinkAudit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'identity.unlink'), eq(auditEvents.patientId, patientId)));
    expect(unlinkAudit).toHaveLength(1);
    expect(unlinkAudit[0]).toMatchObject({ userId: patientUserId, outcome: 'success' });

    // NHS login again asks them to confirm their record before it is linked once more.
    const next = new TestClient(t.app);
    const res = await next.get(await throughProvider(next, '/sign-in/nhs-login', 'p9-match'));
    expect(res.headers.location).toBe('/sign-in/nhs-login/confirm');
    await next.get('/sign-in/nhs-login/confirm');
    expect((await next.post('/sign-in/nhs-login/confirm', { isMe: 'yes' })).statusCode).toBe(303);
    expect(await linkOf()).toHaveLength(1);
  });

  it('does not offer staff the NHS login section, nor let them use the route', async () => {
    const staff = new TestClient(t.app);
    expect((await staff.signIn('therapist@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    const account = await staff.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).not.toContain('NHS login');
    expect((await staff.post('/account/nhs-login/unlink', {})).statusCode).toBe(403);
  });
});

describe('refusals at the callback', () => {
  it('refuses a wrong state, and the flow cannot then be finished', async () => {
    const browser = new TestClient(t.app);
    const callback = await throughProvider(browser, '/sign-in/staff', 'staff-known');
    const forged = callback.replace(/state=[^&]+/, 'state=forged-state-value');
    const res = await browser.get(forged);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Sign-in did not work');
    expect((await lastCallbackAudit())?.reason).toBe('state does not match');
    expect((await browser.get('/caseload')).statusCode).toBe(303);
  });

  it("refuses a callback from another browser's sign-in (no flow cookie)", async () => {
    const victim = new TestClient(t.app);
    const callback = await throughProvider(victim, '/sign-in/staff', 'staff-known');
    const attacker = new TestClient(t.app);
    expect((await attacker.get(callback)).statusCode).toBe(400);
    expect((await lastCallbackAudit())?.reason).toBe('no sign-in in progress in this browser');
  });

  it('refuses a replayed code, at the app and at the provider', async () => {
    const browser = new TestClient(t.app);
    const start = await browser.get('/sign-in/staff');
    const flowCookie = [...browser.cookies].find(([k]) => k.includes('oidc'));
    const callback = await provider.login(start.headers.location as string, 'staff-known');
    const path = `${callback.pathname}${callback.search}`;
    const first = await browser.get(path);
    expect(first.statusCode).toBe(303);
    // The same callback again, with the same flow cookie put back: the flow is used up.
    const replay = new TestClient(t.app);
    if (flowCookie) replay.cookies.set(flowCookie[0], flowCookie[1]);
    expect((await replay.get(path)).statusCode).toBe(400);
    expect((await lastCallbackAudit())?.reason).toBe('no sign-in in progress in this browser');

    // The same code under a fresh flow (its own state): the provider refuses the second use.
    const fresh = new TestClient(t.app);
    const freshStart = await fresh.get('/sign-in/staff');
    const state = new URL(freshStart.headers.location as string).searchParams.get('state') ?? '';
    const code = callback.searchParams.get('code') ?? '';
    const iss = callback.searchParams.get('iss') ?? '';
    const reused = await fresh.get(
      `/sign-in/staff/callback?${new URLSearchParams({ code, state, iss }).toString()}`,
    );
    expect(reused.statusCode).toBe(400);
    expect((await lastCallbackAudit())?.reason).toMatch(/^invalid_grant/);
  });

  it('refuses an ID token that has expired by the time it arrives (clock)', async () => {
    const browser = new TestClient(t.app);
    const callback = await throughProvider(browser, '/sign-in/staff', 'staff-known');
    // Past the ID token's lifetime and the 30 s tolerance, inside the app's 10-minute flow limit.
    t.clock.set(new Date(Date.now() + (ID_TOKEN_TTL_SECONDS + 60) * 1000));
    const res = await browser.get(callback);
    expect(res.statusCode).toBe(400);
    expect((await lastCallbackAudit())?.reason).toMatch(/"exp"/);
    expect((await browser.get('/caseload')).statusCode).toBe(303);
  });
});

describe('staff single sign-on', () => {
  it('signs a known member of staff in by verified email, with no password second step', async () => {
    const browser = new TestClient(t.app);
    const res = await browser.get(await throughProvider(browser, '/sign-in/staff', 'staff-known'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/home');
    const caseload = await browser.get('/caseload');
    expect(caseload.statusCode).toBe(200);
    const open = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.secondStepPending, true));
    expect(open).toHaveLength(0);
    const [link] = await t.database.db
      .select()
      .from(identityLinks)
      .where(eq(identityLinks.kind, 'staff'));
    expect(link?.subject).toBe('staff-known');
  });

  it('refuses unknown staff and unverified email addresses with a clear page', async () => {
    for (const [account, reason] of [
      ['staff-unknown', 'no active staff account'],
      ['staff-unverified', 'email not verified by the provider'],
    ] as const) {
      const browser = new TestClient(t.app);
      const res = await browser.get(await throughProvider(browser, '/sign-in/staff', account));
      expect(res.statusCode, account).toBe(403);
      expect(res.body).toContain('You cannot sign in with NHS Care Identity');
      expect((await lastCallbackAudit())?.reason, account).toBe(reason);
      expect((await browser.get('/caseload')).statusCode).toBe(303);
    }
  });
});

describe('signing out of a session that came from a provider', () => {
  it('ends the NHS login session too, so the next person at this computer must sign in there', async () => {
    const atProvider = provider.browser();
    const app = new TestClient(t.app);
    const start = await app.get('/sign-in/nhs-login');
    const callback = await atProvider.login(start.headers.location as string, 'p9-match');
    const signedIn = await app.get(`${callback.pathname}${callback.search}`);
    expect(signedIn.headers.location).toBe('/home');
    // What sign-out must stop: while the provider remembers this browser, "Continue with NHS
    // login" goes straight back to the app, with nobody asked to sign in.
    const remembered = await atProvider.visit(
      (await new TestClient(t.app).get('/sign-in/nhs-login')).headers.location as string,
    );
    expect(remembered.pathname).toBe('/sign-in/nhs-login/callback');

    expect((await app.get('/home')).statusCode).toBe(200);
    const out = await app.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    const endSession = new URL(out.headers.location as string);
    expect(endSession.origin).toBe(provider.issuer);
    expect(endSession.searchParams.get('client_id')).toBe('rapport-nhs-login');
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${APP_URL}/sign-out`);
    // Signed out of Rapport before the browser even reaches the provider.
    expect((await app.get('/home')).statusCode).toBe(303);
    const [audited] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.sign_out'), eq(auditEvents.userId, patientUserId)));
    expect(audited?.details).toEqual({ provider: 'nhs_login' });

    const back = await atProvider.visit(endSession.href);
    expect(back.href).toBe(`${APP_URL}/sign-out`);
    expect((await app.get('/sign-out')).body).toContain('You have signed out');
    const next = await atProvider.visit(
      (await app.get('/sign-in/nhs-login')).headers.location as string,
    );
    expect(next.pathname).toMatch(/^\/interaction\//);
  });

  it('signs out of Rapport only when the service has switched ending the session there off', async () => {
    const other = await createTestApp({ env: { ...provider.env, NHS_LOGIN_END_SESSION: 'false' } });
    try {
      const user = await createUser(other, 'lee@example.com', ['patient'], 'Lee');
      const client = await signedInClient(other, user.id, { signedInWith: 'nhs_login' });
      expect((await client.get('/home')).statusCode).toBe(200);
      const out = await client.post('/sign-out', {});
      expect(out.headers.location).toBe('/sign-out');
      expect((await client.get('/home')).statusCode).toBe(303);
    } finally {
      await other.close();
    }
  });

  it('lets the sign-out form lead to the providers, and to no other site', async () => {
    const page = await new TestClient(t.app).get('/sign-in');
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain(`form-action 'self' ${provider.issuer};`);
  });

  it('still signs out of Rapport when the provider cannot be reached', async () => {
    await withNhsLoginDown(async (other) => {
      const user = await createUser(other, 'sam@example.com', ['patient'], 'Sam');
      const client = await signedInClient(other, user.id, { signedInWith: 'nhs_login' });
      expect((await client.get('/home')).statusCode).toBe(200);
      const out = await client.post('/sign-out', {});
      expect(out.statusCode).toBe(303);
      expect(out.headers.location).toBe('/sign-out');
      expect((await client.get('/home')).statusCode).toBe(303);
    });
  });

  it('does not keep someone signing out waiting on a provider that does not answer', async () => {
    // Takes connections and never answers them, as a provider behind a broken network might.
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await withNhsLoginDown(async (other) => {
        const user = await createUser(other, 'kim@example.com', ['patient'], 'Kim');
        const client = await signedInClient(other, user.id, { signedInWith: 'nhs_login' });
        expect((await client.get('/home')).statusCode).toBe(200);
        const started = performance.now();
        const out = await client.post('/sign-out', {});
        expect(out.headers.location).toBe('/sign-out');
        // The wait is bounded (3 s), not the provider's discovery timeout (30 s or more).
        expect(performance.now() - started).toBeLessThan(15_000);
        expect((await client.get('/home')).statusCode).toBe(303);
      }, `http://127.0.0.1:${port}`);
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  }, 30_000);
});

describe('when a provider is not configured, or cannot be reached', () => {
  it('offers only the configured one, answers 404 for the other, 503 while one is down', async () => {
    await withNhsLoginDown(async (other) => {
      const client = new TestClient(other.app);
      const page = await client.get('/sign-in');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Continue with NHS login');
      expect(page.body).not.toContain('href="/sign-in/staff"');
      for (const url of ['/sign-in/staff', '/sign-in/staff/callback?code=x&state=y'])
        expect((await client.get(url)).statusCode, url).toBe(404);
      const down = await client.get('/sign-in/nhs-login');
      expect(down.statusCode).toBe(503);
      expect(down.body).toContain('Sorry, NHS login is not available right now');
    });
  });
});
