import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appointments, measureResponses } from '../../db/schema';

/**
 * Current (not superseded) scored responses for a patient, oldest first, with those given with
 * their referrals (`referralIds`): a self-referral's scores are stored against the referral only.
 */
export async function listPatientScores(
  db: Db,
  serviceId: string,
  patientId: string,
  measureIds: string[],
  referralIds: string[] = [],
) {
  return db
    .select({
      id: measureResponses.id,
      measureId: measureResponses.measureId,
      total: measureResponses.total,
      answers: measureResponses.answers,
      context: measureResponses.context,
      completedAt: measureResponses.completedAt,
      appointmentId: measureResponses.appointmentId,
      patientId: measureResponses.patientId,
      referralId: measureResponses.referralId,
      courseId: measureResponses.courseId,
      supersededAt: measureResponses.supersededAt,
      // Charts label session scores "Session N" from the diary's session number.
      sessionNumber: appointments.sessionNumber,
    })
    .from(measureResponses)
    .leftJoin(
      appointments,
      and(
        eq(appointments.serviceId, measureResponses.serviceId),
        eq(appointments.id, measureResponses.appointmentId),
      ),
    )
    .where(
      and(
        eq(measureResponses.serviceId, serviceId),
        referralIds.length > 0
          ? or(
              eq(measureResponses.patientId, patientId),
              inArray(measureResponses.referralId, referralIds),
            )
          : eq(measureResponses.patientId, patientId),
        inArray(measureResponses.measureId, measureIds),
        isNull(measureResponses.supersededAt),
      ),
    )
    .orderBy(asc(measureResponses.completedAt));
}
