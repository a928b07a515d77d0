import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { services, users } from '../db/schema';
import { createTestApp, createUser, type TestApp } from '../../tests/support/test-app';
import { seedDemo } from './seed';
import { claimDemoService, NotADemoService } from './start';

/** Issue 9, item 22: demo people never land in a real service. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const isDemo = async () =>
  (
    await t.database.db
      .select({ isDemo: services.isDemo })
      .from(services)
      .where(eq(services.id, t.service.id))
  )[0]?.isDemo;

describe('seeding the demo', () => {
  it('refuses a service that holds real accounts, and adds nobody', async () => {
    await createUser(t, 'real.manager@nhs.example', ['service_manager']);
    const before = (await t.database.db.select({ n: count() }).from(users))[0]!.n;
    await expect(seedDemo(t.ctx, t.service.id, () => undefined)).rejects.toThrow(NotADemoService);
    expect((await t.database.db.select({ n: count() }).from(users))[0]!.n).toBe(before);
    expect(await isDemo()).toBe(false);
  });

  it('claims an empty service as the demo, and then keeps accepting it', async () => {
    await t.database.db.delete(users).where(eq(users.serviceId, t.service.id));
    await claimDemoService(t.database.db, t.service.id);
    expect(await isDemo()).toBe(true);
    await createUser(t, 'someone@nhs.example', ['therapist']);
    await expect(claimDemoService(t.database.db, t.service.id)).resolves.toBeUndefined();
  });
});
