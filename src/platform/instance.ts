import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  DEFAULT_OFFICE_HOURS,
  DEFAULT_SERVICE_SETTINGS,
  instanceSecrets,
  serviceHosts,
  services,
} from '../db/schema';
import { normaliseHost } from './tenancy';

/** The cookie-signing secret: from config when set, otherwise generated once and kept in the database. */
export async function ensureCookieSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const fresh = randomBytes(32).toString('base64url');
  await db
    .insert(instanceSecrets)
    .values({ key: 'cookie_secret', value: fresh })
    .onConflictDoNothing();
  const rows = await db
    .select()
    .from(instanceSecrets)
    .where(eq(instanceSecrets.key, 'cookie_secret'));
  const value = rows[0]?.value;
  if (!value) throw new Error('cookie secret could not be stored');
  return value;
}

export const DEFAULT_SERVICE_SLUG = 'default';

/** The service this deployment serves; created on first start. */
export async function ensureDefaultService(db: Db, name: string) {
  await db
    .insert(services)
    .values({
      slug: DEFAULT_SERVICE_SLUG,
      name,
      officeHours: DEFAULT_OFFICE_HOURS,
      settings: DEFAULT_SERVICE_SETTINGS,
    })
    .onConflictDoNothing();
  const rows = await db.select().from(services).where(eq(services.slug, DEFAULT_SERVICE_SLUG));
  const row = rows[0];
  if (!row) throw new Error('default service could not be created');
  return row;
}

export async function getService(db: Db, serviceId: string) {
  const rows = await db.select().from(services).where(eq(services.id, serviceId));
  return rows[0] ?? null;
}

export async function findServiceBySlug(db: Db, slug: string) {
  const rows = await db.select().from(services).where(eq(services.slug, slug));
  return rows[0] ?? null;
}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const HOST_PATTERN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export type CreateServiceResult =
  { ok: true; service: typeof services.$inferSelect } | { ok: false; problem: string };

/**
 * Adds a service reached at the given host names (the operator CLI; tests). Owner connection:
 * a tenant may not create another tenant.
 */
export async function createService(
  db: Db,
  input: { slug: string; name: string; hosts: readonly string[] },
): Promise<CreateServiceResult> {
  const slug = input.slug.trim().toLowerCase();
  const name = input.name.trim();
  const hosts = [...new Set(input.hosts.map(normaliseHost))];
  if (!SLUG_PATTERN.test(slug)) return { ok: false, problem: `slug "${input.slug}" is not valid` };
  if (!name || name.length > 120) return { ok: false, problem: 'name must be 1 to 120 characters' };
  const bad = hosts.find((h) => !HOST_PATTERN.test(h));
  if (bad !== undefined) return { ok: false, problem: `host "${bad}" is not a host name` };
  return db.transaction(async (tx) => {
    if (await findServiceBySlug(tx, slug))
      return { ok: false as const, problem: `a service with the slug "${slug}" already exists` };
    if (hosts.length > 0) {
      const taken = await tx
        .select({ host: serviceHosts.host })
        .from(serviceHosts)
        .where(inArray(serviceHosts.host, hosts));
      if (taken.length > 0)
        return {
          ok: false as const,
          problem: `host ${taken.map((t) => t.host).join(', ')} already reaches another service`,
        };
    }
    const [service] = await tx
      .insert(services)
      .values({ slug, name, officeHours: DEFAULT_OFFICE_HOURS, settings: DEFAULT_SERVICE_SETTINGS })
      .returning();
    if (!service) throw new Error('service could not be created');
    if (hosts.length > 0)
      await tx.insert(serviceHosts).values(hosts.map((host) => ({ host, serviceId: service.id })));
    return { ok: true as const, service };
  });
}
