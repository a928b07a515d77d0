import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { therapistProfiles } from '../../db/schema';
import type { AuthUser } from '../types';
import type { AccessActor } from './policy';

/** The therapists a supervisor supervises (their trainees): the one lookup the policy relies on. */
export async function superviseesOf(
  db: Db,
  serviceId: string,
  supervisorId: string,
): Promise<string[]> {
  const rows = await db
    .select({ userId: therapistProfiles.userId })
    .from(therapistProfiles)
    .where(
      and(
        eq(therapistProfiles.serviceId, serviceId),
        eq(therapistProfiles.supervisorId, supervisorId),
      ),
    );
  return rows.map((r) => r.userId);
}

/**
 * The signed-in user (or another member of staff, to ask whether they may see a record before
 * telling them of it) as the access policy sees them; supervisees loaded only for supervisors.
 */
export async function accessActorFor(
  db: Db,
  user: Pick<AuthUser, 'serviceId' | 'userId' | 'roles'>,
): Promise<AccessActor> {
  return {
    userId: user.userId,
    serviceId: user.serviceId,
    roles: user.roles,
    supervisees: user.roles.includes('supervisor')
      ? await superviseesOf(db, user.serviceId, user.userId)
      : [],
  };
}
