import type { Db } from '../../db/client';
import { strandedByChange, type StrandedSession, type WeeklyHoursMap } from '../../domain/diary';
import { canDeliverIpt } from '../../domain/ipt';
import { superviseesOf as supervisees } from '../../platform/access';
import type { UseCase } from '../../platform/use-case';
import { fieldHref } from '../../ui/fields';
import type { FieldError } from '../../ui/forms';
import { THERAPY_LABELS, accreditationText, type ParsedProfile } from './therapists.forms';
import * as repo from './therapists.repository';

/** A session still booked with a therapist: the diary's, handed in from app.tsx (ADR 0041). */
export interface BookedSession {
  id: string;
  startsAt: Date;
  endsAt: Date;
  mode: string;
  locationId: string | null;
  locationName: string | null;
  outsideHoursReason: string | null;
  patientName: string;
}

/** The diary's answer to "what is still booked with this therapist after now?". */
export type BookedSessionsOf = (
  db: Db,
  serviceId: string,
  therapistId: string,
  now: Date,
) => Promise<BookedSession[]>;

export type StrandedBooking = StrandedSession<BookedSession>;

export type SaveProfileResult =
  | { ok: true }
  | { ok: false; errors: FieldError[] }
  /** Sessions still booked at a time or place they would no longer work: not saved (H10). */
  | { ok: false; stranded: StrandedBooking[] }
  | { ok: false; notFound: true };

/** A service manager records or updates a therapist's profile. */
export async function saveTherapistProfile(
  uc: UseCase,
  {
    userId,
    profile,
    bookedSessions,
  }: { userId: string; profile: ParsedProfile; bookedSessions: BookedSessionsOf },
): Promise<SaveProfileResult> {
  const { actor } = uc;
  return uc.transaction(async (t) => {
    const tx = t.db;
    const clock = t.clock;
    const user = await repo.findUser(tx, actor.serviceId, userId);
    if (!user || !user.roles.includes('therapist'))
      return { ok: false as const, notFound: true as const };
    const errors: FieldError[] = [];
    if (profile.supervisorId) {
      // Held until the save ends, so their supervisor role or access cannot go at the same moment
      // (admin refuses that while they supervise anyone, H17).
      const supervisor = await repo.findUser(tx, actor.serviceId, profile.supervisorId, {
        forShare: true,
      });
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
        href: fieldHref.choice('locationIds'),
        message: 'Select locations from the list',
      });
    if (errors.length > 0) return { ok: false as const, errors };
    // Sessions still booked must not be left at a time or place they no longer work (H10). A
    // booking under way for them finishes first, so it is among the sessions read below.
    await repo.lockForProfileChange(tx, actor.serviceId, userId);
    const before = await repo.findProfile(tx, actor.serviceId, userId);
    const locationsBefore = await repo.locationIdsOf(tx, actor.serviceId, userId);
    const booked = await bookedSessions(tx, actor.serviceId, userId, clock.now());
    const stranded = strandedByChange(
      {
        workingPattern: before?.workingPattern,
        workLocations: locationsBefore.map((id) => ({ id })),
      },
      {
        workingPattern: profile.workingPattern,
        workLocations: profile.locationIds.map((id) => ({ id })),
      },
      booked,
    );
    if (stranded.length > 0) return { ok: false as const, stranded };
    await repo.saveProfile(
      tx,
      actor.serviceId,
      userId,
      profile,
      actor.userId ?? userId,
      clock.now(),
    );
    await t.audit({
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
  { db, service }: UseCase,
  { userId }: { userId: string },
): Promise<PublicProfile | null> {
  const serviceId = service.id;
  const user = await repo.findUser(db, serviceId, userId);
  if (!user || !user.roles.includes('therapist')) return null;
  const profile = await repo.findProfile(db, serviceId, userId);
  // A supervisor who left or stepped down supervises nobody: not named as if they did (H17).
  const supervisorName =
    profile?.supervisorId !== null &&
    profile?.supervisorId !== undefined &&
    profile.supervisorCanSupervise
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

export interface TherapistListRow {
  userId: string;
  displayName: string;
  jobTitle: string | null;
  accreditation: string[];
  therapies: string[];
  canDeliverIpt: boolean;
  workingPattern: WeeklyHoursMap | null;
  locations: string[];
}

/** The managers' list of therapists: accreditation, what they deliver, where and when. */
export async function therapistList({ db, service }: UseCase): Promise<TherapistListRow[]> {
  const list = await repo.listTherapists(db, service.id);
  const names = await repo.displayNames(
    db,
    service.id,
    list.flatMap((t) =>
      t.profile?.supervisorId && t.profile.supervisorCanSupervise ? [t.profile.supervisorId] : [],
    ),
  );
  return Promise.all(
    list.map(async (t) => {
      const practitioner = repo.practitionerFrom(t.profile);
      return {
        userId: t.userId,
        displayName: t.active ? t.displayName : `${t.displayName} (inactive)`,
        jobTitle: t.profile?.jobTitle ?? null,
        accreditation: t.profile
          ? accreditationText(t.profile, names.get(t.profile.supervisorId ?? '') ?? null)
          : [],
        therapies: t.profile?.therapies ?? [],
        canDeliverIpt: practitioner ? canDeliverIpt(practitioner).ok : false,
        workingPattern: t.profile?.workingPattern ?? null,
        locations: (await repo.locationsOf(db, service.id, t.userId)).map((l) => l.name),
      };
    }),
  );
}

/** What the profile form needs: the therapist, their profile and the choices; null if not one. */
export async function profileForEditing({ db, service }: UseCase, { userId }: { userId: string }) {
  const serviceId = service.id;
  const user = await repo.findUser(db, serviceId, userId);
  if (!user || !user.roles.includes('therapist')) return null;
  const [profile, locationIds, supervisors] = await Promise.all([
    repo.findProfile(db, serviceId, userId),
    repo.locationIdsOf(db, serviceId, userId),
    repo.listSupervisors(db, serviceId),
  ]);
  const locations = await repo.activeLocations(db, serviceId, locationIds);
  return { user, profile, locationIds, supervisors, locations };
}

// ---- What other features may ask about therapists (through index.ts) ----------------------------

export type { ProfileRow, TherapistSummary } from './therapists.repository';
export const listTherapists = repo.listTherapists;
export const findUser = repo.findUser;
export const canSignIn = repo.canSignIn;
export const findProfile = repo.findProfile;
export const holdForBooking = repo.holdForBooking;
// The access policy's own lookup, so supervision is worked out in one place.
export const superviseesOf = supervisees;
export const practitionerFrom = repo.practitionerFrom;
export const displayNames = repo.displayNames;

/**
 * The colleagues with access who have this person as their supervisor (admin refuses to take away
 * the supervisor role, or the access, of someone who still supervises anyone, H17).
 */
export async function superviseesNamed(
  { db, service }: UseCase,
  supervisorId: string,
): Promise<{ id: string; displayName: string }[]> {
  return repo.superviseesNamed(db, service.id, supervisorId);
}
/** The locations a therapist works at, by name (the diary checks face-to-face bookings, H10). */
export const workLocationsOf = repo.locationsOf;
