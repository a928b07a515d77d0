import { roomState, type RoomState } from '../../domain/video';
import type { VideoRoomEvent } from '../../db/schema';
import { accessActorFor, can, type VideoRoomResource } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import { findAppointment, type AppointmentDetail } from '../diary';
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

/** The patient's own answer about their therapist's supervisor joining. */
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
  });
}

/** When each appointment's patient arrived in its waiting room (for the diary). */
export function arrivalsFor(uc: Pick<UseCase, 'db' | 'service'>, appointmentIds: string[]) {
  return repo.arrivals(uc.db, uc.service.id, appointmentIds);
}
