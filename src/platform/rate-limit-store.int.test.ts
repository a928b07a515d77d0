import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/test-app';
import { countHit, purgeExpiredRateLimits } from './rate-limit-store';
import { rateLimitCounters } from '../db/schema';

describe('rate limits counted in the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('counts hits in a window, starts again after it and purges what has passed', async () => {
    const db = t.database.db;
    expect(await countHit(db, t.clock, 'k1', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    t.clock.advance(10_000);
    expect(await countHit(db, t.clock, 'k1', 60_000)).toEqual({ current: 2, ttl: 50_000 });
    expect((await countHit(db, t.clock, 'k2', 60_000)).current).toBe(1);
    t.clock.advance(50_000);
    expect(await countHit(db, t.clock, 'k1', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    t.clock.advance(60_000);
    await purgeExpiredRateLimits(db, t.clock);
    expect(await db.select().from(rateLimitCounters)).toEqual([]);
  });

  it('answers 429 on the sixth password reset request from one address, and not for another', async () => {
    const post = (ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/forgot-password',
        payload: 'email=a%40b.test',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: ip,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post('198.51.100.9')).statusCode);
    expect(statuses.slice(0, 5)).not.toContain(429);
    expect(statuses[5]).toBe(429);
    expect((await post('198.51.100.10')).statusCode).not.toBe(429);
  });
});
