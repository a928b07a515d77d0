import { checkStayingWellPlan, stayingWellPrompt } from '../../domain/ipt';
import { accessActorFor, can } from '../../platform/access';
import type { UseCase } from '../../platform/use-case';
import type { FieldError } from '../../ui/forms';
import { signedInUser } from '../patients';
import type { StayingWellSave } from './ipt.staying-well.forms';
import * as repo from './ipt.staying-well.repository';
import { careResource, loadCourse, phaseOf, type Outcome } from './ipt.service';
import { findWorkspace } from './ipt.repository';

/**
 * The staying-well plan (issue 11, hazard H26): written together in the ending phase by the
 * course's therapist (from the workspace) and the patient (from their therapy pages). Every save
 * is a new version with who and when; a save made on an older version than the current one is
 * refused with the current plan shown, so neither writer silently undoes the other.
 */

const NOT_FOUND = { ok: false as const, notFound: true as const };
const fail = (errors: FieldError[]) => ({ ok: false as const, errors });

/** The field the conflict message links to: the saved plan shown above the form. */
export const CURRENT_PLAN_ANCHOR = 'plan';

/** A course's plan for reading or for its form; null means 404. Every opening is audited. */
export async function openPlan(
  uc: UseCase,
  { courseId, page }: { courseId: string; page: string },
) {
  const found = await loadCourse(uc, courseId);
  const actor = await accessActorFor(uc.db, signedInUser(uc));
  const resource = found ? careResource(found.course, found.patient) : null;
  const allowed = resource !== null && can(actor, 'staying_well.read', resource);
  await uc.audit({
    action: 'ipt.staying_well_read',
    patientId: found?.patient.id ?? null,
    recordType: 'course',
    recordId: courseId,
    outcome: allowed ? 'success' : 'denied',
    details: { page },
  });
  if (!found || !resource || !allowed) return null;
  const [versions, workspace] = await Promise.all([
    repo.listVersions(uc.db, uc.service.id, courseId),
    findWorkspace(uc.db, uc.service.id, courseId),
  ]);
  const plan = versions[0] ?? null;
  const phase = phaseOf(found.course, workspace);
  return {
    ...found,
    phase,
    plan,
    versions,
    prompt: stayingWellPrompt({
      phase: phase.phase,
      plan,
      ended: found.course.status !== 'active',
    }),
    /** This reader may write a new version now (the course is still running). */
    canWrite: found.course.status === 'active' && can(actor, 'staying_well.write', resource),
    readerIsPatient: can(actor, 'care.read_own', resource),
  };
}

export type OpenedPlan = NonNullable<Awaited<ReturnType<typeof openPlan>>>;

async function latestPlan(uc: UseCase, courseId: string) {
  return (await repo.listVersions(uc.db, uc.service.id, courseId))[0] ?? null;
}

/** Saves a new version of the plan, written by the course's therapist or its patient. */
export function savePlan(
  uc: UseCase,
  { courseId, save }: { courseId: string; save: StayingWellSave },
): Promise<Outcome<{ version: number }>> {
  return uc.transaction(async (t) => {
    const found = await loadCourse(t, courseId);
    const actor = await accessActorFor(t.db, signedInUser(t));
    const resource = found ? careResource(found.course, found.patient) : null;
    if (!found || !resource || !can(actor, 'staying_well.write', resource)) {
      await t.audit({
        action: 'ipt.staying_well_save',
        patientId: found?.patient.id ?? null,
        recordType: 'course',
        recordId: courseId,
        outcome: 'denied',
      });
      return NOT_FOUND;
    }
    if (found.course.status !== 'active')
      return fail([
        {
          field: CURRENT_PLAN_ANCHOR,
          message: 'This course has ended: the plan can be read and printed, not changed',
        },
      ]);
    // The form checks this too; the rule is enforced here for every caller (and by the database).
    const problems = checkStayingWellPlan(save.plan);
    if (problems.length > 0)
      return fail([
        {
          field: CURRENT_PLAN_ANCHOR,
          message:
            'The plan was not saved: write at least one part, and for a ready plan the warning signs and what to do in a crisis',
        },
      ]);
    const current = await latestPlan(t, courseId);
    const conflict = fail([
      {
        field: CURRENT_PLAN_ANCHOR,
        message:
          'The plan was changed by someone else after you opened this page. Check the saved plan, then save your version again if it is still right',
      },
    ]);
    if ((current?.version ?? 0) !== save.basedOn) return conflict;
    const savedByRole = can(actor, 'care.read_own', resource) ? 'patient' : 'clinician';
    const row = await repo.insertVersion(t.db, {
      serviceId: found.course.serviceId,
      courseId,
      patientId: found.patient.id,
      version: save.basedOn + 1,
      warningSigns: save.plan.warningSigns,
      whatHelps: save.plan.whatHelps,
      contacts: save.plan.contacts.map((c) => ({ name: c.name, how: c.how })),
      crisisPlan: save.plan.crisisPlan,
      complete: save.plan.complete,
      savedBy: signedInUser(t).userId,
      savedByRole,
      savedAt: t.clock.now(),
    });
    if (!row) return conflict;
    await t.audit({
      action: 'ipt.staying_well_save',
      patientId: found.patient.id,
      recordType: 'staying_well_plan',
      recordId: row.id,
      details: { courseId, version: row.version, complete: row.complete, savedByRole },
    });
    return { ok: true, value: { version: row.version } };
  });
}
