import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, identityLinks, sessions } from '../../db/schema';
import { signedInClient, TestClient, textOf } from '../../../tests/support/client';
import { insertPatient } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { insertLink } from './oidc.repository';

let t: TestApp;
let patientUserId: string;
let patientId: string;
let therapistId: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-29T10:00:00Z' });
  await createUser(t, 'boss@example.nhs.uk', ['service_manager'], 'Boss');
  therapistId = (await createUser(t, 'terry@example.nhs.uk', ['therapist'], 'Terry')).id;
  patientUserId = (await createUser(t, 'alex@example.com', ['patient'], 'Alex Morgan')).id;
  patientId = (await insertPatient(t, { userId: patientUserId, givenName: 'Alex' })).id;
  for (const link of [
    { kind: 'nhs_login' as const, subject: 'nhs-alex', userId: patientUserId, patientId },
    { kind: 'staff' as const, subject: 'staff-terry', userId: therapistId, patientId: null },
  ])
    await insertLink(t.database.db, {
      serviceId: t.service.id,
      issuer: 'https://provider.example',
      createdAt: t.clock.now(),
      ...link,
    });
});
afterAll(async () => t.close());

describe("a manager removes someone's NHS login link", () => {
  it('asks why, then removes it, signs them out where they used it and audits the reason', async () => {
    const fromNhsLogin = await signedInClient(t, patientUserId, { signedInWith: 'nhs_login' });
    const withPassword = await signedInClient(t, patientUserId);
    expect((await fromNhsLogin.get('/home')).statusCode).toBe(200);

    const boss = new TestClient(t.app);
    await boss.signIn('boss@example.nhs.uk', TEST_PASSWORD);
    const list = await boss.get('/admin/users');
    const url = `/admin/users/${patientUserId}/sign-in-links/nhs_login`;
    expect(list.body).toContain(`href="${url}"`);
    expect(list.body).toContain(`href="/admin/users/${therapistId}/sign-in-links/staff"`);

    const page = await boss.get(url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Remove Alex Morgan’s NHS login link');
    expect(textOf(page.body)).toContain('alex@example.com');

    const unexplained = await boss.post(url, { reason: '   ' });
    expect(unexplained.statusCode).toBe(400);
    expect(unexplained.body).toContain('Enter why you are removing this link');
    expect(unexplained.body).toContain('href="#reason"');
    const tooLong = await boss.post(url, { reason: 'x'.repeat(1001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('x'.repeat(1001));
    expect(await t.database.db.select().from(identityLinks)).toHaveLength(2);

    const removed = await boss.post(url, { reason: 'Linked to the wrong record' });
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe(`/admin/users?unlinked=${patientUserId}`);
    expect(textOf((await boss.get(removed.headers.location as string)).body)).toContain(
      'We have removed Alex Morgan’s link',
    );

    const left = await t.database.db.select().from(identityLinks);
    expect(left.map((l) => l.userId)).toEqual([therapistId]);
    // Signed out where NHS login let them in; their password session is theirs to keep.
    expect((await fromNhsLogin.get('/home')).statusCode).toBe(303);
    expect((await withPassword.get('/home')).statusCode).toBe(200);
    const remaining = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, patientUserId));
    expect(remaining.map((s) => s.signedInWith)).toEqual([null]);

    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.patientId, patientId)));
    const unlink = rows.find((r) => r.action === 'identity.unlink');
    expect(unlink?.reason).toBe('Linked to the wrong record');
    expect(unlink?.details).toMatchObject({ provider: 'nhs_login', sessionsEnded: 1 });
    expect(rows.some((r) => r.action === 'identity.link_view')).toBe(true);

    // Gone: the page and the form answer "not found".
    expect((await boss.get(url)).statusCode).toBe(404);
    expect((await boss.post(url, { reason: 'again' })).statusCode).toBe(404);
  });

  it('is for service managers only, needs the form token, and knows only real links', async () => {
    const url = `/admin/users/${therapistId}/sign-in-links/staff`;
    const terry = new TestClient(t.app);
    await terry.signIn('terry@example.nhs.uk', TEST_PASSWORD);
    expect((await terry.get(url)).statusCode).toBe(403);
    expect((await terry.post(url, { reason: 'mine' }, { csrf: false })).statusCode).toBe(403);

    const boss = new TestClient(t.app);
    await boss.signIn('boss@example.nhs.uk', TEST_PASSWORD);
    await boss.get(url);
    expect((await boss.post(url, { reason: 'left' }, { csrf: false })).statusCode).toBe(403);
    expect((await boss.get(`/admin/users/${therapistId}/sign-in-links/nhs_login`)).statusCode).toBe(
      404,
    );
    expect((await boss.get(`/admin/users/${therapistId}/sign-in-links/other`)).statusCode).toBe(
      404,
    );
    expect(
      (await boss.get('/admin/users/00000000-0000-4000-8000-000000000000/sign-in-links/staff'))
        .statusCode,
    ).toBe(404);
    expect(await t.database.db.select().from(identityLinks)).toHaveLength(1);
  });
});
