import type { Db } from '../../db/client';
import { buildIcs, howToAttend } from '../../domain/diary';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { AuthUser } from '../../platform/types';
import { findPatientByUser } from '../patients';
import * as diary from '../diary';
import { canManage, factsFor, superviseesFor } from '../diary';
import type { Links } from '../../platform/pages';

/** A patient's own appointments, soonest first, split into upcoming and past. Audited. */
export async function listOwnAppointments(db: Db, clock: Clock, actor: Actor, userId: string) {
  const patient = await findPatientByUser(db, actor.serviceId, userId);
  if (!patient) return { patient: null, upcoming: [], past: [] };
  const all = await diary.listForPatient(db, actor.serviceId, patient.id);
  await audit(db, clock, actor, {
    action: 'appointment.list_own',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
  });
  const now = clock.now().getTime();
  const upcoming = all.filter(
    (a) => a.appointment.status === 'booked' && a.appointment.endsAt.getTime() > now,
  );
  const past = all
    .filter((a) => !upcoming.includes(a))
    .sort((x, y) => y.appointment.startsAt.getTime() - x.appointment.startsAt.getTime());
  return { patient, upcoming, past };
}

/**
 * One of the signed-in patient's own appointments; null (shown as 404) for anyone else's, and
 * the refused attempt is audited with the patient it belonged to.
 */
export async function openOwnAppointment(
  db: Db,
  clock: Clock,
  actor: Actor,
  userId: string,
  appointmentId: string,
  purpose: string,
) {
  const detail = await diary.findAppointment(db, actor.serviceId, appointmentId);
  const allowed = detail !== null && detail.patient.userId === userId;
  await audit(db, clock, actor, {
    action: 'appointment.read',
    patientId: detail?.patient.id ?? null,
    recordType: 'appointment',
    recordId: appointmentId,
    outcome: allowed ? 'success' : 'denied',
    reason: purpose,
  });
  return allowed ? detail : null;
}

/** The video page is for the patient and the staff who may manage the appointment. */
export async function openForVideo(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  appointmentId: string,
) {
  const detail = await diary.findAppointment(db, actor.serviceId, appointmentId);
  const allowed =
    detail !== null &&
    detail.appointment.mode === 'video' &&
    (detail.patient.userId === user.userId ||
      canManage(
        user,
        {
          therapistId: detail.appointment.therapistId,
          responsibleClinicianId: detail.patient.responsibleClinicianId,
        },
        await superviseesFor(db, user),
      ));
  await audit(db, clock, actor, {
    action: 'appointment.read',
    patientId: detail?.patient.id ?? null,
    recordType: 'appointment',
    recordId: appointmentId,
    outcome: allowed ? 'success' : 'denied',
    reason: 'video page',
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
