import type { AuthUser } from '../../platform/types';

/**
 * Who may see and manage an appointment or a course from the staff side (patients use
 * /appointments and see only their own). Anyone else gets "not found".
 *
 * - Service managers: everything.
 * - Therapists: appointments in their own diary, and those of patients they are responsible for.
 * - Supervisors: the same for the therapists they supervise (their trainees).
 */
export interface StaffAccessFacts {
  /** The therapist whose diary it is in (or who runs the course). */
  therapistId: string;
  /** The patient's responsible clinician. */
  responsibleClinicianId: string | null;
}

export function canManage(
  user: AuthUser,
  facts: StaffAccessFacts,
  superviseeIds: readonly string[] = [],
): boolean {
  if (user.roles.includes('service_manager')) return true;
  if (user.roles.includes('therapist')) {
    if (facts.therapistId === user.userId) return true;
    if (facts.responsibleClinicianId === user.userId) return true;
  }
  if (user.roles.includes('supervisor')) {
    if (superviseeIds.includes(facts.therapistId)) return true;
    if (
      facts.responsibleClinicianId !== null &&
      superviseeIds.includes(facts.responsibleClinicianId)
    )
      return true;
  }
  return false;
}

/** Whose diaries a user may open: everyone's for a manager, else their own and their supervisees'. */
export function canViewDiaryOf(
  user: AuthUser,
  therapistId: string,
  superviseeIds: readonly string[] = [],
): boolean {
  if (user.roles.includes('service_manager')) return true;
  if (user.roles.includes('therapist') && therapistId === user.userId) return true;
  return user.roles.includes('supervisor') && superviseeIds.includes(therapistId);
}

/** Who may be chosen as the therapist when booking: a manager any; a therapist only themself. */
export function canBookFor(user: AuthUser, therapistId: string): boolean {
  if (user.roles.includes('service_manager')) return true;
  return user.roles.includes('therapist') && therapistId === user.userId;
}
