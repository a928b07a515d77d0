/**
 * Two app instances on one PostgreSQL, as behind a load balancer (issue 16): sessions, CSRF and
 * rate limits hold whichever instance answers, and the background workers run on both without
 * sending or escalating anything twice. PostgreSQL only: the embedded database is one process.
 */
import { secondInstance, type SecondInstance } from '../support/second-instance';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { referralDrafts, riskAlerts } from '../../src/db/schema';
import { PAGE_ORDER } from '../../src/features/referral/referral.forms';
import { GOOD_ANSWERS } from '../../src/features/referral/referral.test-data';
import { hashToken, newToken } from '../../src/platform/tokens';
import { escalateOverdueAlerts } from '../../src/features/risk';
import { queueMessage } from '../../src/platform/outbox';
import { TestClient } from '../support/client';
import { insertReferral } from '../support/fixtures';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/test-app';

const pgUrl = inject('postgresUrl');

/** Sends each request to the next instance in turn, as a round-robin load balancer does. */
function roundRobin(apps: FastifyInstance[]): FastifyInstance & { posts: number[] } {
  let next = 0;
  // Which instance answered each POST, to show the test really spread them.
  const posts: number[] = [];
  const balancer = {
    posts,
    inject: (options: InjectOptions) => {
      const i = next++ % apps.length;
      if (options.method === 'POST') posts.push(i);
      return apps[i]!.inject(options);
    },
  };
  return balancer as unknown as FastifyInstance & { posts: number[] };
}

describe.runIf(pgUrl)('two app instances on one PostgreSQL', () => {
  let a: TestApp;
  let b: SecondInstance;

  beforeAll(async () => {
    a = await createTestApp();
    b = await secondInstance(a, pgUrl);
    await b.app.ready();
  }, 120_000);

  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('keeps a staff member signed in, with CSRF accepted, whichever instance answers', async () => {
    await createUser(a, 'therapist@nhs.test', ['therapist'], 'Tess Therapist');
    const balancer = roundRobin([a.app, b.app]);
    const client = new TestClient(balancer);
    const signedIn = await client.signIn('therapist@nhs.test', TEST_PASSWORD);
    expect(signedIn.statusCode).toBe(303);
    for (let i = 0; i < 4; i++) {
      const home = await client.get('/home');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('Tess Therapist');
    }
    // The sign-in posts went to the second instance; this one goes to the first, with the CSRF
    // token the second instance's page gave. Signing out there takes effect on both.
    await client.get('/home');
    await client.get('/home');
    const out = await client.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    for (let i = 0; i < 2; i++) {
      const after = await client.get('/home');
      expect(after.statusCode).toBe(303);
    }
    expect(new Set(balancer.posts).size).toBe(2);
  });

  it('counts a rate limit across both instances', async () => {
    // "Reset your password" allows 5 requests per 15 minutes per address: 3 on each instance is 6.
    const balancer = roundRobin([a.app, b.app]);
    const client = new TestClient(balancer);
    client.ip = '203.0.113.77';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // One page load or two before each post, so the posts alternate between the instances.
      await client.get('/forgot-password');
      if (i % 2 === 1) await client.get('/forgot-password');
      const res = await client.post('/forgot-password', { email: `nobody${i}@nhs.test` });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses[5]).toBe(429);
    expect(balancer.posts.filter((i) => i === 0)).toHaveLength(3);
  });

  it('delivers each outgoing message once with both outbox workers running at once', async () => {
    for (let i = 0; i < 30; i++)
      await queueMessage(a.database.db, a.clock, {
        serviceId: a.service.id,
        channel: 'email',
        recipient: `person${i}@example.test`,
        subject: 'You have a new message',
        body: 'Sign in to read it.',
        template: 'new-message',
        idempotencyKey: `two-instances:${i}`,
      });
    a.notifier.sent = [];
    b.notifier.sent = [];
    for (let round = 0; round < 3; round++)
      await Promise.all([a.outbox.runOnce(10), b.outbox.runOnce(10), a.outbox.runOnce(10)]);
    const recipients = [...a.notifier.sent, ...b.notifier.sent].map((m) => m.recipient);
    expect(recipients).toHaveLength(30);
    expect(new Set(recipients).size).toBe(30);
  });

  it('escalates an overdue risk alert once with both escalation workers running at once', async () => {
    const referral = await insertReferral(a);
    const now = a.clock.now();
    await a.database.db.insert(riskAlerts).values({
      serviceId: a.service.id,
      source: 'referral',
      reason: 'Self-referral: said yes to thoughts of ending their life',
      referralId: referral.id,
      raisedAt: new Date(now.getTime() - 3 * 3_600_000),
      escalateAt: new Date(now.getTime() - 60_000),
    });
    const links = { publicUrl: a.config.publicUrl };
    const results = await Promise.all([
      escalateOverdueAlerts(a.database.db, a.clock, links),
      escalateOverdueAlerts(b.database.db, a.clock, links),
    ]);
    expect(results.flat()).toHaveLength(1);
  });

  it('counts referrals sent from one address across both instances', async () => {
    // Five referrals an hour per address: three sent through A and two through B use them up.
    const ip = '203.0.113.91';
    const send = async (app: FastifyInstance) => {
      const client = new TestClient(app);
      client.ip = ip;
      const token = newToken(16);
      const now = a.clock.now();
      const sections = Object.fromEntries(
        PAGE_ORDER.map((key) => [key, { values: GOOD_ANSWERS[key], savedAt: now.toISOString() }]),
      );
      await a.database.db.insert(referralDrafts).values({
        serviceId: a.service.id,
        tokenHash: hashToken(token),
        answers: { sections, riskNoted: [] },
        createdAt: now,
        updatedAt: now,
        expiresAt: new Date(now.getTime() + 24 * 3600_000),
      });
      client.cookies.set('__Host-rapport-referral', token);
      await client.get('/refer');
      return client.post('/refer/check', {});
    };
    const statuses: number[] = [];
    for (const app of [a.app, b.app, a.app, b.app, a.app, b.app])
      statuses.push((await send(app)).statusCode);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
  });
});
