import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../db/schema';
import { STAFF_IDLE_MS } from './session';
import { TestClient } from '../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../tests/support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** The session lookup is prepared once and shared: it must still read the database every time. */
describe('the per-request session lookup', () => {
  it('sees a sign-out on the very next request', async () => {
    await createUser(t, 'out@example.nhs.uk', ['therapist']);
    const c = new TestClient(t.app);
    expect((await c.signIn('out@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    expect((await c.get('/caseload')).statusCode).toBe(200);
    const stolen = new Map(c.cookies);
    expect((await c.post('/sign-out', {})).statusCode).toBe(303);
    // The same cookie, replayed right after signing out, is nobody.
    const replay = new TestClient(t.app);
    replay.cookies = stolen;
    const res = await replay.get('/caseload');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in\?next=/);
  });

  it('sees a role change on the very next request', async () => {
    const user = await createUser(t, 'role@example.nhs.uk', ['therapist']);
    const c = new TestClient(t.app);
    expect((await c.signIn('role@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    expect((await c.get('/caseload')).statusCode).toBe(200);
    await t.database.root
      .update(users)
      .set({ roles: ['moderator'] })
      .where(eq(users.id, user.id));
    expect((await c.get('/caseload')).statusCode).toBe(403);
    await t.database.root.update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await c.get('/home')).statusCode).toBe(303);
  });
});

/** What the browser's session timeout script asks (src/client/session.ts). */
describe('the session timeout checks', () => {
  const lastSeen = async (userId: string) =>
    (
      await t.database.root
        .select({ at: sessions.lastSeenAt })
        .from(sessions)
        .where(eq(sessions.userId, userId))
    )[0]?.at.getTime();

  it('"alive" counts as activity, "status" never extends the session', async () => {
    const user = await createUser(t, 'idle@example.nhs.uk', ['therapist']);
    const c = new TestClient(t.app);
    expect((await c.signIn('idle@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    const signedInAt = await lastSeen(user.id);

    // Ten minutes of typing with no page loaded: the script says so and the session moves on.
    t.clock.advance(10 * 60_000);
    const alive = await c.get('/session/alive');
    expect(alive.statusCode).toBe(204);
    expect(alive.headers['cache-control']).toBe('no-store');
    const touched = await lastSeen(user.id);
    expect(touched).toBe(t.clock.now().getTime());
    expect(touched).toBeGreaterThan(signedInAt!);

    // Asking whether the session is still there, near its end, does not move it.
    t.clock.advance(STAFF_IDLE_MS - 30_000);
    expect((await c.get('/session/status')).statusCode).toBe(204);
    expect(await lastSeen(user.id)).toBe(touched);

    // Past the idle limit both answer that it has ended, and the session is gone.
    t.clock.advance(60_000);
    expect((await c.get('/session/status')).statusCode).not.toBe(204);
    expect((await c.get('/session/alive')).statusCode).not.toBe(204);
    expect(await lastSeen(user.id)).toBeUndefined();
  });

  it('answers nobody who is not signed in', async () => {
    expect((await new TestClient(t.app).get('/session/alive')).statusCode).toBe(303);
  });
});
