import type { Db } from '../../db/client';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { FieldError } from '../../ui/forms';
import { THERAPY_LABELS, accreditationText, type ParsedProfile } from './therapists.forms';
import * as repo from './therapists.repository';

export type SaveProfileResult =
  { ok: true } | { ok: false; errors: FieldError[] } | { ok: false; notFound: true };

/** A service manager records or updates a therapist's profile. */
export async function saveTherapistProfile(
  db: Db,
  clock: Clock,
  actor: Actor,
  userId: string,
  profile: ParsedProfile,
): Promise<SaveProfileResult> {
  return db.transaction(async (tx) => {
    const user = await repo.findUser(tx, actor.serviceId, userId);
    if (!user || !user.roles.includes('therapist'))
      return { ok: false as const, notFound: true as const };
    const errors: FieldError[] = [];
    if (profile.supervisorId) {
      const supervisor = await repo.findUser(tx, actor.serviceId, profile.supervisorId);
      if (!supervisor || !supervisor.roles.includes('supervisor') || !supervisor.active)
        errors.push({ field: 'supervisorId', message: 'Select the supervisor for this trainee' });
      else if (supervisor.id === userId)
        errors.push({ field: 'supervisorId', message: 'A trainee cannot supervise themselves' });
    }
    const known = new Set(
      (await repo.activeLocations(tx, actor.serviceId, profile.locationIds)).map((l) => l.id),
    );
    if (profile.locationIds.some((id) => !known.has(id)))
      errors.push({
        field: 'locationIds',
        href: 'locationIds-1',
        message: 'Select locations from the list',
      });
    if (errors.length > 0) return { ok: false as const, errors };
    await repo.saveProfile(
      tx,
      actor.serviceId,
      userId,
      profile,
      actor.userId ?? userId,
      clock.now(),
    );
    await audit(tx, clock, actor, {
      action: 'therapist.profile_save',
      recordType: 'therapist_profile',
      recordId: userId,
      details: {
        professionalBody: profile.professionalBody,
        trainee: profile.trainee,
        supervisorId: profile.supervisorId,
        therapies: profile.therapies,
        locations: profile.locationIds.length,
      },
    });
    return { ok: true as const };
  });
}

export interface PublicProfile {
  userId: string;
  displayName: string;
  jobTitle: string;
  accreditation: string[];
  therapies: string[];
  locations: string[];
}

/**
 * What patients may see about a therapist: name, role, accreditation and what they deliver.
 * Nothing private (no email, working pattern or caseload).
 */
export async function publicProfile(
  db: Db,
  serviceId: string,
  userId: string,
): Promise<PublicProfile | null> {
  const user = await repo.findUser(db, serviceId, userId);
  if (!user || !user.roles.includes('therapist')) return null;
  const profile = await repo.findProfile(db, serviceId, userId);
  const supervisorName =
    profile?.supervisorId !== null && profile?.supervisorId !== undefined
      ? ((await repo.displayNames(db, serviceId, [profile.supervisorId])).get(
          profile.supervisorId,
        ) ?? null)
      : null;
  return {
    userId,
    displayName: user.displayName,
    jobTitle: profile?.jobTitle || 'Therapist',
    accreditation: profile ? accreditationText(profile, supervisorName) : [],
    therapies: (profile?.therapies ?? []).map((t) => THERAPY_LABELS[t]),
    locations: (await repo.locationsOf(db, serviceId, userId)).map((l) => l.name),
  };
}

// ---- What other features may ask about therapists (through index.ts) ----------------------------

export type { ProfileRow, TherapistSummary } from './therapists.repository';
export const listTherapists = repo.listTherapists;
export const findUser = repo.findUser;
export const findProfile = repo.findProfile;
export const superviseesOf = repo.superviseesOf;
export const practitionerFrom = repo.practitionerFrom;
export const displayNames = repo.displayNames;
