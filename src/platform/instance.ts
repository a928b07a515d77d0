import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  DEFAULT_OFFICE_HOURS,
  DEFAULT_SERVICE_SETTINGS,
  instanceSecrets,
  services,
} from '../db/schema';

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
