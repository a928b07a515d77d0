import { roomState, type RoomState } from '../../domain/video';
import type { EventContext } from '../../platform/events';
import type { VideoRoomEvent } from '../../db/schema';
import { accessActorFor, can, type VideoRoomResource } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import { findAppointment, type AppointmentDetail, type DiaryEvents } from '../diary';
import type { RoomNote } from './hub';
import { findProfile } from '../therapists';
import * as repo from './video.repository';
import type { ParticipantRole } from './signalling';

export interface OpenRoom {
  detail: AppointmentDetail;
  role: ParticipantRole;
  state: RoomState;
  /** The therapist is a trainee with a supervisor, who could join with the patient's consent. */
  hasSupervisor: boolean;
  supervisorConsented: boolean;
}

type Purpose = 'video page' | 'join' | 'check';

/**
 * A video appointment's room, for someone who may be in its call (policy `video.join`): the
 * patient, the therapist and, with the patient's consent, the trainee's supervisor. Anyone else
 * gets null (shown as 404) and the refused attempt is audited with the patient it belonged to.
 */
export async function openVideoRoom(
  uc: UseCase,
  input: { appointmentId: string; purpose: Purpose },
): Promise<OpenRoom | null> {
  const user = requireUser(uc);
  const detail = await findAppointment(uc.db, uc.service.id, input.appointmentId);
  let open: OpenRoom | null = null;
  if (detail?.appointment.mode === 'video') {
    const a = detail.appointment;
    const [consent, profile] = await Promise.all([
      repo.findConsent(uc.db, uc.service.id, detail.patient.id),
      findProfile(uc.db, uc.service.id, a.therapistId),
    ]);
    const resource: VideoRoomResource = {
      kind: 'video_room',
      serviceId: a.serviceId,
      therapistId: a.therapistId,
      patientUserId: detail.patient.userId,
      supervisorConsented: consent?.supervisorMayJoin ?? false,
    };
    const actor = await accessActorFor(uc.db, user);
    if (can(actor, 'video.join', resource)) {
      const role: ParticipantRole =
        actor.roles.includes('patient') && detail.patient.userId === user.userId
          ? 'patient'
          : a.therapistId === user.userId
            ? 'therapist'
            : 'supervisor';
      open = {
        detail,
        role,
        state: roomState(a, uc.clock.now()),
        hasSupervisor: profile?.supervisorId != null,
        supervisorConsented: resource.supervisorConsented,
      };
    }
  }
  // Checking the connection or asking to join reveals nothing: only refusals are audited here,
  // and coming into the room is audited when it happens (recordRoomEvent).
  if (input.purpose === 'video page' || !open)
    await uc.audit({
      action: input.purpose === 'video page' ? 'appointment.read' : 'video.join',
      patientId: detail?.patient.id ?? null,
      recordType: 'appointment',
      recordId: input.appointmentId,
      outcome: open ? 'success' : 'denied',
      reason: input.purpose,
    });
  return open;
}

const AUDITED: Record<VideoRoomEvent, 'video.join' | 'video.admit' | 'video.leave' | 'video.end'> =
  {
    waiting: 'video.join',
    joined: 'video.join',
    admitted: 'video.admit',
    left: 'video.leave',
    ended: 'video.end',
  };

/**
 * Records one coming and going in a room: a room event (arrivals show in the diary) and an
 * audit row, in one transaction. `userId` is whom it is about (the admitted patient for admit).
 */
export async function recordRoomEvent(
  uc: UseCase,
  input: {
    appointmentId: string;
    patientId: string;
    userId: string;
    event: VideoRoomEvent;
    reason?: string;
  },
): Promise<void> {
  await uc.transaction(async (tx) => {
    await repo.addRoomEvent(tx.db, {
      serviceId: tx.service.id,
      appointmentId: input.appointmentId,
      userId: input.userId,
      event: input.event,
      at: tx.clock.now(),
    });
    await tx.audit({
      action: AUDITED[input.event],
      patientId: input.patientId,
      recordType: 'appointment',
      recordId: input.appointmentId,
      reason: input.reason ?? input.event,
    });
  });
}

/**
 * The patient's own answer about their therapist's supervisor joining. Withdrawn, it takes a
 * supervisor out of the patient's calls at once (H21): told why, their socket closed, and the
 * policy refuses them if they try to come back.
 */
export async function saveSupervisorConsent(
  uc: UseCase,
  input: { room: OpenRoom; supervisorMayJoin: boolean },
): Promise<void> {
  const user = requireUser(uc);
  if (input.room.role !== 'patient') throw new Error('only the patient records their consent');
  await uc.transaction(async (tx) => {
    await repo.saveConsent(tx.db, {
      serviceId: tx.service.id,
      patientId: input.room.detail.patient.id,
      supervisorMayJoin: input.supervisorMayJoin,
      at: tx.clock.now(),
      by: user.userId,
    });
    await tx.audit({
      action: 'video.consent',
      patientId: input.room.detail.patient.id,
      recordType: 'patient',
      recordId: input.room.detail.patient.id,
      details: { supervisorMayJoin: input.supervisorMayJoin },
    });
    if (input.supervisorMayJoin) return;
    const patientId = input.room.detail.patient.id;
    await repo.lockPatientRooms(tx.db, patientId);
    for (const gone of await repo.removeSupervisorsOfPatient(tx.db, tx.service.id, patientId)) {
      await repo.addRoomEvent(tx.db, {
        serviceId: tx.service.id,
        appointmentId: gone.appointmentId,
        userId: gone.userId,
        event: 'left',
        at: tx.clock.now(),
      });
      await tx.audit({
        action: 'video.leave',
        patientId,
        recordType: 'appointment',
        recordId: gone.appointmentId,
        reason: 'patient withdrew consent for the supervisor',
      });
      await repo.notify(tx.db, {
        k: 'removed',
        s: tx.service.id,
        a: gone.appointmentId,
        m: gone.id,
        why: 'consent_withdrawn',
      } satisfies RoomNote);
    }
  });
}

/**
 * Subscribed to the diary: a cancelled appointment's call ends at once for everyone in it or
 * waiting, who are told why (H21). Committed with the cancellation, or not at all.
 */
export async function whenVideoAppointmentCancelled(
  ctx: EventContext,
  event: DiaryEvents['appointment.cancelled'],
): Promise<void> {
  await closeRoom(ctx, event.appointment.id, 'cancelled');
}

/** Subscribed to the diary: moved (or no longer by video) so its room is not open now, it ends. */
export async function whenVideoAppointmentMoved(
  ctx: EventContext,
  event: DiaryEvents['appointment.moved'],
): Promise<void> {
  const a = event.appointment;
  if (roomState({ ...a, status: 'booked' }, ctx.clock.now()).state === 'open') return;
  await closeRoom(ctx, a.id, 'moved');
}

async function closeRoom(
  ctx: EventContext,
  appointmentId: string,
  why: 'cancelled' | 'moved',
): Promise<void> {
  const gone = await repo.clearRoom(ctx.tx, ctx.serviceId, appointmentId);
  if (gone.length === 0) return;
  for (const g of gone)
    await repo.addRoomEvent(ctx.tx, {
      serviceId: ctx.serviceId,
      appointmentId,
      userId: g.userId,
      event: 'left',
      at: ctx.clock.now(),
    });
  await repo.notify(ctx.tx, {
    k: 'closed',
    s: ctx.serviceId,
    a: appointmentId,
    why,
  } satisfies RoomNote);
}

/** When each appointment's patient arrived in its waiting room (for the diary). */
export function arrivalsFor(uc: Pick<UseCase, 'db' | 'service'>, appointmentIds: string[]) {
  return repo.arrivals(uc.db, uc.service.id, appointmentIds);
}
