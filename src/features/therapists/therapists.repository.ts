import { and, arrayContains, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import {
  identityLinks,
  locations,
  therapistLocations,
  therapistProfiles,
  users,
  type ProfessionalBody,
  type Therapy,
  type WeeklyHours,
} from '../../db/schema';
import type { IptPractitioner } from '../../domain/ipt';

/**
 * A therapist's profile, with whether their named supervisor can supervise now: can sign in and
 * holds the supervisor role (false when none is named). A trainee is supervised only then (H17).
 */
export type ProfileRow = typeof therapistProfiles.$inferSelect & {
  supervisorCanSupervise: boolean;
};

const supervisor = alias(users, 'supervisor');

/** Joins a profile's named supervisor (none when the profile names none). */
const supervisorJoin = and(
  eq(supervisor.serviceId, therapistProfiles.serviceId),
  eq(supervisor.id, therapistProfiles.supervisorId),
);

const supervisorCanSupervise = sql<boolean>`coalesce(${and(
  eq(supervisor.active, true),
  arrayContains(supervisor.roles, ['supervisor']),
)}, false)`;

export interface TherapistSummary {
  userId: string;
  displayName: string;
  email: string;
  roles: string[];
  active: boolean;
  /**
   * Has accepted their invitation (a password set, or signed in through the staff single sign-on):
   * only then can they read the work and alerts given to them (H2).
   */
  canSignIn: boolean;
  profile: ProfileRow | null;
}

/** Whether a user has accepted their invitation: a password set, or a staff sign-on link. */
const acceptedInvitation = sql<boolean>`(${users.passwordHash} is not null or exists (
  select 1 from ${identityLinks} where ${identityLinks.serviceId} = ${users.serviceId}
  and ${identityLinks.userId} = ${users.id} and ${identityLinks.kind} = 'staff'))`;

/** Whether this user can sign in now: access not removed and their invitation accepted. */
export async function canSignIn(db: Db, serviceId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ yes: acceptedInvitation })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId), eq(users.active, true)));
  return row?.yes === true;
}

/** Everyone with the therapist role, with their profile when one has been recorded. */
export async function listTherapists(db: Db, serviceId: string): Promise<TherapistSummary[]> {
  const rows = await db
    .select({
      user: users,
      profile: therapistProfiles,
      supervisorCanSupervise,
      accepted: acceptedInvitation,
    })
    .from(users)
    .leftJoin(
      therapistProfiles,
      and(eq(therapistProfiles.serviceId, users.serviceId), eq(therapistProfiles.userId, users.id)),
    )
    .leftJoin(supervisor, supervisorJoin)
    .where(and(eq(users.serviceId, serviceId), arrayContains(users.roles, ['therapist'])))
    .orderBy(asc(users.displayName));
  return rows.map((r) => ({
    userId: r.user.id,
    displayName: r.user.displayName,
    email: r.user.email,
    roles: r.user.roles,
    active: r.user.active,
    canSignIn: r.user.active && r.accepted,
    profile: r.profile ? { ...r.profile, supervisorCanSupervise: r.supervisorCanSupervise } : null,
  }));
}

/** Users with the supervisor role: the people a trainee can be supervised by. */
export async function listSupervisors(db: Db, serviceId: string) {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(
      and(
        eq(users.serviceId, serviceId),
        arrayContains(users.roles, ['supervisor']),
        eq(users.active, true),
      ),
    )
    .orderBy(asc(users.displayName));
}

/**
 * A user by id. `forShare` holds their row until the transaction ends, so their roles and access
 * cannot change under a course being given to them (auth `lockColleagueWithManagers`).
 */
export async function findUser(
  db: Db,
  serviceId: string,
  userId: string,
  { forShare = false }: { forShare?: boolean } = {},
) {
  const query = db
    .select()
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)))
    .limit(1);
  const rows = await (forShare ? query.for('share') : query);
  return rows[0] ?? null;
}

/**
 * Holds a therapist's working pattern and locations still while a booking checks against them
 * (H10): a profile save waits for the booking, then sees it among the sessions it would strand;
 * a booking that waited for a save reads the new pattern.
 */
export async function holdForBooking(db: Db, serviceId: string, therapistId: string) {
  await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, therapistId)))
    .for('share');
}

/** The therapist's row, held against bookings until the profile save ends (H10). */
export async function lockForProfileChange(db: Db, serviceId: string, therapistId: string) {
  await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, therapistId)))
    .for('no key update');
}

export async function findProfile(
  db: Db,
  serviceId: string,
  userId: string,
): Promise<ProfileRow | null> {
  const rows = await db
    .select({ profile: therapistProfiles, supervisorCanSupervise })
    .from(therapistProfiles)
    .leftJoin(supervisor, supervisorJoin)
    .where(and(eq(therapistProfiles.serviceId, serviceId), eq(therapistProfiles.userId, userId)))
    .limit(1);
  const row = rows[0];
  return row ? { ...row.profile, supervisorCanSupervise: row.supervisorCanSupervise } : null;
}

/**
 * The colleagues, with access, whose profile names this person as their supervisor: they would
 * be left unsupervised if this person stopped supervising (H17).
 */
export async function superviseesNamed(db: Db, serviceId: string, supervisorId: string) {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(therapistProfiles)
    .innerJoin(
      users,
      and(eq(users.serviceId, therapistProfiles.serviceId), eq(users.id, therapistProfiles.userId)),
    )
    .where(
      and(
        eq(therapistProfiles.serviceId, serviceId),
        eq(therapistProfiles.supervisorId, supervisorId),
        eq(users.active, true),
      ),
    )
    .orderBy(asc(users.displayName));
}

export async function locationIdsOf(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select({ locationId: therapistLocations.locationId })
    .from(therapistLocations)
    .where(and(eq(therapistLocations.serviceId, serviceId), eq(therapistLocations.userId, userId)));
  return rows.map((r) => r.locationId);
}

export async function locationsOf(db: Db, serviceId: string, userId: string) {
  return db
    .select({ id: locations.id, name: locations.name })
    .from(therapistLocations)
    .innerJoin(
      locations,
      and(
        eq(locations.serviceId, therapistLocations.serviceId),
        eq(locations.id, therapistLocations.locationId),
      ),
    )
    .where(and(eq(therapistLocations.serviceId, serviceId), eq(therapistLocations.userId, userId)))
    .orderBy(asc(locations.name));
}

export interface ProfileValues {
  jobTitle: string;
  professionalBody: ProfessionalBody | null;
  registrationNumber: string | null;
  trainee: boolean;
  supervisorId: string | null;
  therapies: Therapy[];
  workingPattern: WeeklyHours;
  locationIds: string[];
}

export async function saveProfile(
  db: Db,
  serviceId: string,
  userId: string,
  values: ProfileValues,
  by: string,
  at: Date,
) {
  const { locationIds, ...profile } = values;
  await db
    .insert(therapistProfiles)
    .values({ serviceId, userId, ...profile, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({
      target: [therapistProfiles.serviceId, therapistProfiles.userId],
      set: { ...profile, updatedAt: at, updatedBy: by },
    });
  await db
    .delete(therapistLocations)
    .where(and(eq(therapistLocations.serviceId, serviceId), eq(therapistLocations.userId, userId)));
  if (locationIds.length > 0)
    await db
      .insert(therapistLocations)
      .values(locationIds.map((locationId) => ({ serviceId, userId, locationId })));
}

/** What `canDeliverIpt` needs to know about a therapist; null when they have no profile. */
export function practitionerFrom(profile: ProfileRow | null): IptPractitioner | null {
  if (!profile) return null;
  return {
    iptTrained: profile.therapies.includes('ipt'),
    accreditation: profile.professionalBody,
    trainee: profile.trainee,
    supervisorId: profile.supervisorId,
    supervisorCanSupervise: profile.supervisorCanSupervise,
  };
}

export async function displayNames(db: Db, serviceId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), inArray(users.id, unique)));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** Active locations, for the profile form's checkboxes. */
export async function activeLocations(db: Db, serviceId: string, include: string[] = []) {
  return db
    .select({ id: locations.id, name: locations.name })
    .from(locations)
    .where(
      and(
        eq(locations.serviceId, serviceId),
        include.length > 0
          ? or(eq(locations.active, true), inArray(locations.id, include))
          : eq(locations.active, true),
      ),
    )
    .orderBy(asc(locations.name));
}
