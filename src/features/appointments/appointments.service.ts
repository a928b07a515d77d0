import { hasCrisisLanguage } from '../../domain/community';
import { buildIcs, howToAttend } from '../../domain/diary';
import { accessActorFor, can } from '../../platform/access';
import type { Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Links } from '../../platform/pages';
import type { UseCase } from '../../platform/use-case';
import { findPatientByUser } from '../patients';
import { patientJourney } from '../triage';
import * as diary from '../diary';
import { careOf, factsFor } from '../diary';

/** The signed-in user as the access policy sees them (one lookup per use case). */
async function actorOf(uc: UseCase) {
  if (!uc.user) throw new Error('This use case needs a signed-in user');
  return accessActorFor(uc.db, uc.user);
}

/**
 * A patient's own appointments, soonest first, split into upcoming and past, and whether their
 * time with us has ended (discharged), with when their course ended. Audited.
 */
export async function listOwnAppointments(uc: UseCase) {
  const userId = (await actorOf(uc)).userId;
  const patient = await findPatientByUser(uc.db, uc.service.id, userId);
  if (!patient) return { patient: null, upcoming: [], past: [], ended: null };
  const all = await diary.listForPatient(uc.db, uc.service.id, patient.id);
  await uc.audit({
    action: 'appointment.list_own',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
  });
  const now = uc.clock.now().getTime();
  const upcoming = all.filter(
    (a) => a.appointment.status === 'booked' && a.appointment.endsAt.getTime() > now,
  );
  const past = all
    .filter((a) => !upcoming.includes(a))
    .sort((x, y) => y.appointment.startsAt.getTime() - x.appointment.startsAt.getTime());
  const journey = await patientJourney(uc.db, uc.clock, uc.actor, patient.id);
  const ended = journey.stage === 'discharged' ? { courseEndedAt: journey.courseEndedAt } : null;
  return { patient, upcoming, past, ended };
}

/**
 * One of the signed-in patient's own appointments; null (shown as 404) for anyone else's, and
 * the refused attempt is audited with the patient it belonged to.
 */
export async function openOwnAppointment(
  uc: UseCase,
  input: { appointmentId: string; purpose: string },
) {
  const detail = await diary.findAppointment(uc.db, uc.service.id, input.appointmentId);
  const allowed = detail !== null && can(await actorOf(uc), 'care.read_own', careOf(detail));
  await uc.audit({
    action: 'appointment.read',
    patientId: detail?.patient.id ?? null,
    recordType: 'appointment',
    recordId: input.appointmentId,
    outcome: allowed ? 'success' : 'denied',
    reason: input.purpose,
  });
  return allowed ? detail : null;
}

/** The .ics file: no health detail in the summary; times in UTC. */
export function calendarFile(detail: diary.AppointmentDetail, now: Date, links: Links): string {
  const a = detail.appointment;
  const place =
    detail.location && detail.room
      ? {
          locationName: detail.location.name,
          address: detail.location.address,
          postcode: detail.location.postcode,
          roomName: detail.room.name,
        }
      : null;
  const facts = factsFor(
    { id: a.id, type: a.type, startsAt: a.startsAt, endsAt: a.endsAt, mode: a.mode, place },
    links,
  );
  const location =
    a.mode === 'video'
      ? `Video call: ${facts.videoUrl}`
      : a.mode === 'phone'
        ? 'Phone call'
        : place
          ? `${place.locationName}, ${place.address.split(/\r?\n/).join(', ')}, ${place.postcode} (${place.roomName})`
          : null;
  const host = new URL(links.publicUrl).host;
  return buildIcs({
    uid: `${a.id}@${host}`,
    stamp: now,
    start: a.startsAt,
    end: a.endsAt,
    summary: `Appointment with ${links.serviceName}`,
    location,
    description: `${howToAttend(facts)}\nTo cancel or change it: ${links.publicUrl}/appointments/${a.id}`,
    url: `${links.publicUrl}/appointments/${a.id}`,
    sequence: Math.max(0, Math.floor((a.updatedAt.getTime() - a.createdAt.getTime()) / 1000)),
    cancelled: a.status === 'cancelled',
  });
}

/**
 * Risk's alert for words of crisis in a reason to cancel or change (hazard H18): risk raises it,
 * so app.tsx hands it in rather than this feature importing risk (ADR 0041). Answers whether one
 * was raised.
 */
export type AlertOnCrisisWords = (
  db: UseCase['db'],
  clock: Clock,
  input: {
    writer: Actor;
    patientId: string;
    appointmentId: string;
    responsibleClinicianId: string | null;
    kind: 'cancel' | 'rearrange';
    reason: string;
    links: { publicUrl: string };
  },
) => Promise<boolean>;

/**
 * The patient cancels, or asks to change, one of their appointments, as they asked. Words of
 * crisis in their reason raise a risk alert for their clinician in the same transaction (H18),
 * and the answer says so, for their next page to lead with where to get help now.
 */
export async function cancelOrRearrangeOwn(
  uc: UseCase,
  input: { kind: 'cancel' | 'rearrange'; detail: diary.AppointmentDetail; reason: string },
  alertOnCrisisWords: AlertOnCrisisWords,
): Promise<
  (diary.Outcome<{ next: diary.AfterPatientCancels }> | diary.Outcome) & { crisis?: boolean }
> {
  const { kind, detail, reason } = input;
  const appointmentId = detail.appointment.id;
  return uc.transaction(async (t) => {
    const result =
      kind === 'cancel'
        ? await diary.cancelAppointment(t, {
            by: 'patient',
            appointmentId,
            cancelledBy: 'patient',
            reason,
          })
        : await diary.requestRearrange(t, { appointmentId, reason });
    if (!result.ok || !hasCrisisLanguage(reason)) return result;
    const crisis = await alertOnCrisisWords(t.db, t.clock, {
      writer: t.actor,
      patientId: detail.patient.id,
      appointmentId,
      // Their clinician; before allocation, the therapist they were booked with.
      responsibleClinicianId:
        detail.patient.responsibleClinicianId ?? detail.appointment.therapistId,
      kind,
      reason,
      links: t.links,
    });
    return { ...result, crisis };
  });
}
