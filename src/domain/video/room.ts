/**
 * When a video appointment's room lets people in (hazard H21). The room opens a little before
 * the booked start so the patient can check their camera and wait to be let in, and closes a
 * little after the booked end so a session that runs over is not cut off mid-sentence.
 */
export const ROOM_OPENS_MINUTES_BEFORE = 15;
export const ROOM_CLOSES_MINUTES_AFTER = 15;

export interface RoomAppointment {
  startsAt: Date;
  endsAt: Date;
  status: string;
  mode: string;
}

export interface RoomWindow {
  opensAt: Date;
  closesAt: Date;
}

export type RoomState =
  | { state: 'not_video' }
  | { state: 'cancelled' }
  | { state: 'not_open_yet'; opensAt: Date; closesAt: Date }
  | { state: 'open'; opensAt: Date; closesAt: Date }
  | { state: 'closed'; opensAt: Date; closesAt: Date };

export function roomWindow(appointment: { startsAt: Date; endsAt: Date }): RoomWindow {
  return {
    opensAt: new Date(appointment.startsAt.getTime() - ROOM_OPENS_MINUTES_BEFORE * 60_000),
    closesAt: new Date(appointment.endsAt.getTime() + ROOM_CLOSES_MINUTES_AFTER * 60_000),
  };
}

/**
 * Whether the room is open now. Only a booked video appointment has an open room: a cancelled
 * one never opens, and once attendance is recorded the session is over.
 */
export function roomState(appointment: RoomAppointment, now: Date): RoomState {
  if (appointment.mode !== 'video') return { state: 'not_video' };
  if (appointment.status === 'cancelled') return { state: 'cancelled' };
  const window = roomWindow(appointment);
  const t = now.getTime();
  if (t < window.opensAt.getTime()) return { state: 'not_open_yet', ...window };
  if (t >= window.closesAt.getTime() || appointment.status !== 'booked')
    return { state: 'closed', ...window };
  return { state: 'open', ...window };
}
