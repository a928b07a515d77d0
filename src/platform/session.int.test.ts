import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema';
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
