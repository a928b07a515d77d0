import type { Db } from '../../db/client';
import { utcToLondon } from '../../domain/calendar';
import { accessActorFor, can, type AccessActor } from '../../platform/access';
import type { UseCase } from '../../platform/use-case';
import * as outcomes from '../outcomes';
import * as therapists from '../therapists';
import { buildCaseload, CASELOAD_MEASURES, type CaseloadRow } from './caseload.summary';
import * as repo from './caseload.repository';

export interface TherapistChoice {
  id: string;
  name: string;
}

export type CaseloadResult =
  | { kind: 'not_found' }
  /** A manager (or a supervisor with nobody to show) must choose whose caseload. */
  | { kind: 'choose'; options: TherapistChoice[] }
  | {
      kind: 'ok';
      heading: string;
      /**
       * A course's therapist may not be the patient's responsible clinician (after a handover):
       * `mayOpenPatient` says whether the viewer may open the record (issue 9 item 9).
       */
      rows: (CaseloadRow & { mayOpenPatient: boolean })[];
      /** Whose caseload is shown; '' for "you and your trainees". */
      current: string;
      options: TherapistChoice[] | null;
      showTherapist: boolean;
    };

async function choicesFor(db: Db, user: AccessActor) {
  const supervisees = [...user.supervisees];
  if (user.roles.includes('service_manager')) {
    // A leaver stays on the list while people in treatment still have them as therapist.
    const withCourses = await repo.therapistsWithActiveCourses(db, user.serviceId);
    return (
      (await therapists.listTherapists(db, user.serviceId))
        // Someone only invited has no caseload yet.
        .filter((t) => t.canSignIn || withCourses.has(t.userId))
        .map((t) => ({
          id: t.userId,
          name: t.active ? t.displayName : `${t.displayName} (no longer has access)`,
        }))
    );
  }
  if (supervisees.length === 0) return null;
  const names = await therapists.displayNames(db, user.serviceId, supervisees);
  const isTherapist = user.roles.includes('therapist');
  return [
    { id: '', name: isTherapist ? 'You and your trainees' : 'All your trainees' },
    ...(isTherapist ? [{ id: user.userId, name: 'Your own caseload' }] : []),
    ...[...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
  ];
}

/**
 * Whose caseload a user may see: a therapist their own; a supervisor also their trainees'; a
 * service manager anyone's. Asking for someone else's answers "not found" and is audited.
 * Every patient shown is audited.
 */
export async function openCaseload(
  uc: UseCase,
  input: { therapistId: string | null },
): Promise<CaseloadResult> {
  if (!uc.user) throw new Error('This use case needs a signed-in user');
  const { db } = uc;
  const requestedTherapistId = input.therapistId;
  const serviceId = uc.service.id;
  const user = await accessActorFor(db, uc.user);
  const supervisees = [...user.supervisees];
  const options = await choicesFor(db, user);

  let therapistIds: string[];
  let heading: string;
  if (requestedTherapistId) {
    const therapist = await therapists.findUser(db, serviceId, requestedTherapistId);
    if (
      !therapist?.roles.includes('therapist') ||
      !can(user, 'therapist.view_diary', {
        kind: 'therapist',
        serviceId,
        therapistId: therapist.id,
      })
    ) {
      await uc.audit({
        action: 'caseload.view',
        outcome: 'denied',
        recordType: 'caseload',
        recordId: requestedTherapistId,
      });
      return { kind: 'not_found' };
    }
    therapistIds = [therapist.id];
    heading =
      therapist.id === user.userId ? 'Your caseload' : `${therapist.displayName}’s caseload`;
  } else {
    therapistIds = [...(user.roles.includes('therapist') ? [user.userId] : []), ...supervisees];
    if (therapistIds.length === 0) return { kind: 'choose', options: options ?? [] };
    heading =
      supervisees.length === 0
        ? 'Your caseload'
        : user.roles.includes('therapist')
          ? 'Your and your trainees’ caseload'
          : 'Your trainees’ caseload';
  }

  const { courses, rows } = await caseloadRowsFor(uc, therapistIds);

  // One audit row per patient shown, written in one statement.
  const patientIds = [...new Set(rows.map((r) => r.patientId))];
  const details = { therapistIds, count: rows.length };
  if (patientIds.length === 0) await uc.audit({ action: 'caseload.view', details });
  else
    await uc.auditMany(
      patientIds.map((patientId) => ({ action: 'caseload.view', patientId, details })),
    );

  const patientOf = new Map(courses.map((c) => [c.courseId, c]));
  return {
    kind: 'ok',
    heading,
    rows: rows.map((r) => {
      const c = patientOf.get(r.courseId);
      return {
        ...r,
        mayOpenPatient:
          c !== undefined &&
          can(user, 'patient.read', {
            kind: 'patient',
            serviceId,
            userId: c.patientUserId,
            responsibleClinicianId: c.responsibleClinicianId,
          }),
      };
    }),
    current: requestedTherapistId ?? (therapistIds.length === 1 ? (therapistIds[0] ?? '') : ''),
    options,
    showTherapist: therapistIds.length > 1,
  };
}

/**
 * The caseload rows of these therapists' active courses (scores, change, risk, missed sessions,
 * off-track flag), with no access check or audit: callers check and audit (supervision view).
 */
export async function caseloadRowsFor(uc: UseCase, therapistIds: readonly string[]) {
  const { db, clock } = uc;
  const serviceId = uc.service.id;
  const courses = await repo.activeCourses(db, serviceId, [...therapistIds]);
  const [sessions, responses, riskCounts] = await Promise.all([
    outcomes.courseSessions(
      db,
      serviceId,
      courses.map((c) => c.courseId),
    ),
    outcomes.currentResponses(
      db,
      serviceId,
      {
        patientIds: courses.map((c) => c.patientId),
        referralIds: courses.flatMap((c) => (c.referralId ? [c.referralId] : [])),
      },
      CASELOAD_MEASURES,
    ),
    repo.openRiskAlertCounts(
      db,
      serviceId,
      courses.map((c) => c.patientId),
    ),
  ]);
  const rows = buildCaseload({
    courses,
    sessions,
    responses,
    riskCounts,
    today: utcToLondon(clock.now()).date,
  });
  return { courses, rows };
}
