/**
 * A service manager removes a colleague's access when they leave (or restores it when they come
 * back): the account stays, with everything they wrote, but they cannot sign in, and their
 * sessions end at once. Staff accounts only, never one's own, and never the last manager.
 */
import type { Role } from '../../db/schema';
import { deleteAllSessions } from '../../platform/session';
import { requireUser, type UseCase } from '../../platform/use-case';
import * as repo from './auth.repository';
import { colleagueFor } from './colleagues';

export interface Colleague {
  id: string;
  displayName: string;
  email: string;
  roles: Role[];
  active: boolean;
}

/** A colleague whose access this manager may change, or null (404) for anyone else. */
export async function colleagueForAccess(uc: UseCase, userId: string): Promise<Colleague | null> {
  const target = await colleagueFor(uc, userId, 'user.change_access');
  if (!target) return null;
  return {
    id: target.id,
    displayName: target.displayName,
    email: target.email,
    roles: target.roles,
    active: target.active,
  };
}

/**
 * Whether a manager stays who can sign in once this one colleague stops being one: the manager
 * asking must still be one of them, and someone else must be left. Locks the managers' rows, so
 * two managers removing each other at once cannot both succeed.
 */
async function leavesAManager(t: UseCase): Promise<boolean> {
  const managers = await repo.lockActiveManagers(t.db, t.service.id);
  return managers.includes(requireUser(t).userId) && managers.length >= 2;
}

/** A colleague who has this person as their supervisor. */
export interface Supervisee {
  id: string;
  displayName: string;
}

/** The caller's lookup (the therapists feature) of who has this person as supervisor. */
export type SuperviseesOf = (t: UseCase, userId: string) => Promise<Supervisee[]>;

export type AccessChange =
  | { ok: true; sessionsEnded: number }
  | { ok: false; reason: 'not_found' | 'unchanged' | 'last_manager' }
  | { ok: false; reason: 'supervises'; colleague: Colleague; supervisees: Supervisee[] };

/**
 * Removes (`active: false`) or restores a colleague's access, with the manager's reason, in one
 * transaction: the account, its sessions, the audit row. A second click changes nothing
 * (`unchanged`). Never the access of someone who still supervises a colleague (`supervisees`,
 * taken under the lock): their trainees would be left unsupervised (H17). The caller closes the
 * person's live connections after it answers.
 */
export async function changeColleagueAccess(
  uc: UseCase,
  input: { userId: string; active: boolean; reason: string; supervisees: SuperviseesOf },
): Promise<AccessChange> {
  return uc.transaction(async (t) => {
    const serviceId = t.service.id;
    // Held until the end, so nobody names them as a supervisor meanwhile (that reads it `for share`).
    if (!input.active) await repo.lockColleagueWithManagers(t.db, serviceId, input.userId);
    const colleague = await colleagueForAccess(t, input.userId);
    if (!colleague) return { ok: false, reason: 'not_found' };
    if (!input.active && colleague.active) {
      const supervisees = await input.supervisees(t, colleague.id);
      if (supervisees.length > 0)
        return { ok: false, reason: 'supervises', colleague, supervisees };
    }
    if (!input.active && colleague.roles.includes('service_manager') && !(await leavesAManager(t)))
      return { ok: false, reason: 'last_manager' };
    if (!(await repo.setUserActive(t.db, serviceId, colleague.id, input.active)))
      return { ok: false, reason: 'unchanged' };
    const sessionsEnded = input.active ? 0 : await deleteAllSessions(t.db, serviceId, colleague.id);
    await t.audit({
      action: input.active ? 'user.reactivate' : 'user.deactivate',
      recordType: 'user',
      recordId: colleague.id,
      reason: input.reason,
      details: { roles: colleague.roles, sessionsEnded },
    });
    return { ok: true, sessionsEnded };
  });
}

export type RolesChange =
  | { ok: true; from: Role[]; to: Role[] }
  | { ok: false; reason: 'not_found' | 'unchanged' | 'last_manager' }
  | { ok: false; reason: 'in_treatment'; colleague: Colleague; patients: number }
  | { ok: false; reason: 'supervises'; colleague: Colleague; supervisees: Supervisee[] };

/**
 * Changes a colleague's roles (a therapist becomes a supervisor, a manager steps down), with the
 * manager's reason, in one transaction with its audit row. It takes effect on their next request:
 * every request reads the roles afresh. Never the last manager who can sign in, and never the
 * therapist role of someone who is anyone's therapist in treatment (`patientsInTreatment`, the
 * caller's count from the courses feature, is taken under the lock, so a course allocated at the
 * same moment either counts or finds them no longer a therapist), nor the supervisor role of
 * someone who still supervises a colleague (`supervisees`, likewise under the lock, H17).
 */
export async function changeColleagueRoles(
  uc: UseCase,
  input: {
    userId: string;
    roles: Role[];
    reason: string;
    patientsInTreatment: (t: UseCase, userId: string) => Promise<number>;
    supervisees: SuperviseesOf;
  },
): Promise<RolesChange> {
  return uc.transaction(async (t) => {
    const serviceId = t.service.id;
    await repo.lockColleagueWithManagers(t.db, serviceId, input.userId);
    const colleague = await colleagueForAccess(t, input.userId);
    if (!colleague) return { ok: false, reason: 'not_found' };
    const roles = [...new Set(input.roles)];
    if (
      colleague.roles.includes('service_manager') &&
      !roles.includes('service_manager') &&
      !(await leavesAManager(t))
    )
      return { ok: false, reason: 'last_manager' };
    if (colleague.roles.includes('therapist') && !roles.includes('therapist')) {
      const patients = await input.patientsInTreatment(t, colleague.id);
      if (patients > 0) return { ok: false, reason: 'in_treatment', colleague, patients };
    }
    if (colleague.roles.includes('supervisor') && !roles.includes('supervisor')) {
      const supervisees = await input.supervisees(t, colleague.id);
      if (supervisees.length > 0)
        return { ok: false, reason: 'supervises', colleague, supervisees };
    }
    const same =
      roles.length === colleague.roles.length && roles.every((r) => colleague.roles.includes(r));
    if (same) return { ok: false, reason: 'unchanged' };
    await repo.setUserRoles(t.db, serviceId, colleague.id, roles);
    await t.audit({
      action: 'user.change_roles',
      recordType: 'user',
      recordId: colleague.id,
      reason: input.reason,
      details: { from: colleague.roles, to: roles },
    });
    return { ok: true, from: colleague.roles, to: roles };
  });
}
