import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { openTestDatabase } from '../../tests/support/test-app';
import { withTenant, type Database, type Db } from './client';
import { services, users } from './schema';
import { builtOnce } from './statement';
import { createService } from '../platform/instance';

const otherUsers = alias(users, 'other_users');

let database: Database;
let drop: () => Promise<void>;
let serviceA: string;
let serviceB: string;

const byEmail = builtOnce((db) =>
  db
    .select({ id: users.id, serviceId: users.serviceId, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.email, sql.placeholder('email'))),
);

async function addUser(serviceId: string, email: string) {
  await database.root.insert(users).values({
    serviceId,
    email,
    emailNormalised: email,
    displayName: email,
    roles: ['therapist'],
    createdAt: new Date('2026-01-02T03:04:05Z'),
  });
}

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  const made = async (slug: string) => {
    const result = await createService(database.root, {
      slug,
      name: slug,
      hosts: [`${slug}.example`],
    });
    if (!result.ok) throw new Error(result.problem);
    return result.service.id;
  };
  serviceA = await made('stmt-a');
  serviceB = await made('stmt-b');
  await addUser(serviceA, 'same@example.nhs.uk');
  await addUser(serviceB, 'same@example.nhs.uk');
});
afterAll(async () => drop());

describe('a statement built once', () => {
  it('runs in the tenant transaction it is called in, under row-level security', async () => {
    const seen = await withTenant(database, serviceA, async (tx) => [
      await byEmail(database.db, { email: 'same@example.nhs.uk' }),
      await byEmail(tx, { email: 'same@example.nhs.uk' }),
    ]);
    for (const rows of seen) expect(rows.map((r) => r.serviceId)).toEqual([serviceA]);
    // drizzle's own row mapping: a timestamp comes back as a Date.
    expect(seen[0]?.[0]?.createdAt).toEqual(new Date('2026-01-02T03:04:05Z'));
  });

  it('runs on the root connection outside one, seeing every service', async () => {
    const rows = await byEmail(database.db, { email: 'same@example.nhs.uk' });
    expect(rows.map((r) => r.serviceId).sort()).toEqual([serviceA, serviceB].sort());
  });

  it('sees what a savepoint wrote, and nothing once it rolled back', async () => {
    const inside = await withTenant(database, serviceA, async (tx) => {
      let during: unknown[] = [];
      await tx
        .transaction(async (savepoint) => {
          await savepoint.insert(users).values({
            serviceId: serviceA,
            email: 'savepoint@example.nhs.uk',
            emailNormalised: 'savepoint@example.nhs.uk',
            displayName: 'Savepoint',
            roles: ['therapist'],
            createdAt: new Date(),
          });
          during = await byEmail(savepoint, { email: 'savepoint@example.nhs.uk' });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      return { during, after: await byEmail(tx, { email: 'savepoint@example.nhs.uk' }) };
    });
    expect(inside.during).toHaveLength(1);
    expect(inside.after).toHaveLength(0);
  });

  it('keeps concurrent transactions of different services apart', async () => {
    const run = (serviceId: string) =>
      withTenant(database, serviceId, async () => {
        const found: string[] = [];
        for (let i = 0; i < 5; i++)
          for (const r of await byEmail(database.db, { email: 'same@example.nhs.uk' }))
            found.push(r.serviceId);
        return found;
      });
    const [a, b] = await Promise.all([run(serviceA), run(serviceB)]);
    expect(new Set(a)).toEqual(new Set([serviceA]));
    expect(new Set(b)).toEqual(new Set([serviceB]));
    expect(a).toHaveLength(5);
    expect(b).toHaveLength(5);
  });
});

describe('rows of a statement built once', () => {
  // The same selections, run by drizzle's builder and built once: the results must be the same.
  const flat = (db: Db) =>
    db
      .select({
        id: users.id,
        roles: users.roles,
        active: users.active,
        passwordChangedAt: users.passwordChangedAt,
        createdAt: users.createdAt,
        shouted: sql<string>`upper(${users.email})`,
        createdMs: sql<number>`floor(extract(epoch from ${users.createdAt}) * 1000)`.mapWith(
          Number,
        ),
        service: services.name,
      })
      .from(users)
      .innerJoin(services, eq(services.id, users.serviceId))
      .where(eq(users.email, sql.placeholder('email')))
      .orderBy(users.serviceId);
  const nested = (db: Db) =>
    db
      .select({ user: users, other: { id: otherUsers.id, email: otherUsers.email } })
      .from(users)
      .leftJoin(
        otherUsers,
        and(eq(otherUsers.serviceId, users.serviceId), eq(otherUsers.email, 'nobody@example')),
      )
      .where(eq(users.email, sql.placeholder('email')))
      .orderBy(users.serviceId);
  const flatOnce = builtOnce(flat);
  const nestedOnce = builtOnce(nested);

  it('map every kind of field as drizzle does: nulls, arrays, times, and sql with a decoder', async () => {
    const email = { email: 'same@example.nhs.uk' };
    const expected = await flat(database.root).execute(email);
    expect(expected).toHaveLength(2);
    expect(expected[0]?.passwordChangedAt).toBeNull();
    expect(expected[0]?.createdMs).toBe(new Date('2026-01-02T03:04:05Z').getTime());
    expect(await flatOnce(database.db, email)).toEqual(expected);
    expect(await nestedOnce(database.db, email)).toEqual(
      await nested(database.root).execute(email),
    );
    // A left join that found nothing gives null for the joined table, not an object of nulls.
    expect((await nestedOnce(database.db, email))[0]?.other).toBeNull();
  });
});
