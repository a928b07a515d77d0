/**
 * A course handed over to another therapist (the first one leaves, is off for a long time, or the
 * match is not working): the course, the patient's responsible clinician, their open risk alerts
 * and their sessions still booked all move together, and the patient is told who their therapist
 * is now. A supervisor or service manager does it, with a reason kept in the audit log.
 */
import { formatLondonDateTime } from '../../domain/calendar';
import { overlapViolation } from '../../platform/db-errors';
import type { UseCase } from '../../platform/use-case';
import type { FieldError } from '../../ui/forms';
import * as diary from '../diary';
import { sendMessageToPatient } from '../messages';
import { moveOpenAlertsToClinician } from '../risk';
import { courseForChange } from './courses.access';
import * as repo from './courses.repository';
import { iptTherapistFor } from './courses.therapist';

export type HandoverOutcome =
  | { ok: true; movedSessions: number }
  | { ok: false; errors: FieldError[] }
  | { ok: false; notFound: true };

const fail = (message: string): HandoverOutcome => ({
  ok: false,
  errors: [{ field: 'therapistId', message }],
});

/** What the patient is told: who their therapist is now, and that their times stay. */
export function therapistChangeMessage(p: {
  givenName: string;
  therapistName: string;
  serviceName: string;
  movedSessions: number;
}): { subject: string; body: string } {
  const sessions =
    p.movedSessions === 0
      ? `${p.therapistName} will be in touch to arrange your next session.`
      : p.movedSessions === 1
        ? 'Your next session stays at the same time, now with them.'
        : `Your ${p.movedSessions} booked sessions stay at the same times, now with them.`;
  return {
    subject: 'Your therapist has changed',
    body: [
      `Dear ${p.givenName},`,
      `From today, ${p.therapistName} is your therapist at ${p.serviceName}. ${sessions}`,
      'Everything you have shared and worked on so far stays in your record, so you do not need to start again.',
      'If you have any questions, send us a message here.',
    ].join('\n\n'),
  };
}

export async function changeCourseTherapist(
  uc: UseCase,
  input: { courseId: string; therapistId: string; reason: string },
): Promise<HandoverOutcome> {
  try {
    return await uc.transaction(async (t) => {
      const tx = t.db;
      const serviceId = t.service.id;
      const opened = await courseForChange(t, input.courseId, 'course.change_therapist');
      if (!opened) return { ok: false, notFound: true };
      const { course, patient } = opened;
      if (course.status !== 'active') return fail('This course has ended');
      const chosen = await iptTherapistFor(tx, serviceId, input.therapistId, {
        cannot: 'cannot take on',
        refuse: (t) =>
          t.id === course.therapistId
            ? `${t.displayName} is already their therapist: select someone else`
            : null,
      });
      if (!chosen.ok) return fail(chosen.message);
      const { therapist, profile } = chosen;
      const moved = await diary.handOverCourseSessions(tx, t.clock, serviceId, {
        courseId: course.id,
        toTherapistId: therapist.id,
        workingPattern: profile?.workingPattern ?? null,
      });
      if (!moved.ok) {
        const name = therapist.displayName;
        const sessions = (when: Date[]) =>
          `${when.length === 1 ? 'a booked session' : `${when.length} booked sessions`} (${when
            .slice(0, 3)
            .map(formatLondonDateTime)
            .join('; ')}${when.length > 3 ? '…' : ''})`;
        const problems = [
          moved.clashes.length > 0
            ? `${name} already has an appointment at the time of ${sessions(moved.clashes)}`
            : null,
          moved.outsideHours.length > 0
            ? `${name} does not work at the time of ${sessions(moved.outsideHours)}`
            : null,
          ...[...new Set(moved.elsewhere.map((e) => e.location))].map(
            (place) =>
              `${name} does not work at ${place}, the place of ${sessions(
                moved.elsewhere.filter((e) => e.location === place).map((e) => e.startsAt),
              )}`,
          ),
        ].filter((p) => p !== null);
        const count = new Set(
          [...moved.clashes, ...moved.outsideHours, ...moved.elsewhere.map((e) => e.startsAt)].map(
            (d) => d.getTime(),
          ),
        ).size;
        return fail(
          `${problems.join(', and ')}. Rearrange ${count === 1 ? 'it' : 'them'} first, or choose another therapist`,
        );
      }
      await repo.setCourseTherapist(tx, serviceId, course.id, therapist.id);
      await repo.setResponsibleClinician(tx, serviceId, patient.id, therapist.id);
      // Open risk alerts follow the patient to their new responsible clinician.
      const movedAlerts =
        patient.responsibleClinicianId === therapist.id
          ? []
          : await moveOpenAlertsToClinician(tx, serviceId, patient.id, therapist.id);
      await sendMessageToPatient(t, {
        patientId: patient.id,
        ...therapistChangeMessage({
          givenName: patient.givenName,
          therapistName: therapist.displayName,
          serviceName: t.service.name,
          movedSessions: moved.moved,
        }),
        sourceKey: `therapist-change:${course.id}:${therapist.id}:${t.clock.now().toISOString()}`,
      });
      await t.audit({
        action: 'course.change_therapist',
        patientId: patient.id,
        recordType: 'course',
        recordId: course.id,
        reason: input.reason,
        details: {
          from: course.therapistId,
          to: therapist.id,
          movedSessions: moved.moved,
          movedRiskAlerts: movedAlerts,
        },
      });
      return { ok: true, movedSessions: moved.moved };
    });
  } catch (err) {
    // A booking made for the new therapist at the same moment: the database refused the move.
    if (overlapViolation(err) !== 'therapist') throw err;
    return fail(
      'The new therapist was booked at the time of one of these sessions just now. Try again',
    );
  }
}
