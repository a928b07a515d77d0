/**
 * Who may do what in a video appointment's room (hazard H21). Only the appointment's therapist
 * runs the call: they let the patient in, see who is waiting and end the call. A trainee's
 * supervisor, with the patient's consent, only watches and listens, and only while the therapist
 * is in the call: never alone with the patient, and out at once if the patient withdraws consent.
 */
export type RoomRole = 'patient' | 'therapist' | 'supervisor';

/** Lets a waiting patient in. */
export const mayAdmit = (role: RoomRole): boolean => role === 'therapist';
/** Ends the call for everyone. */
export const mayEnd = (role: RoomRole): boolean => role === 'therapist';
/** Is told who is waiting to be let in (names and times). */
export const seesWaitingList = (role: RoomRole): boolean => role === 'therapist';

/**
 * Where someone is put, on joining or when the room changes:
 * `in` the call; `waiting` to be let in (the patient); `held` until the therapist is in (a
 * supervisor, kept apart from the patient and the waiting list); `out` of the room.
 */
export type RoomPlace = 'in' | 'waiting' | 'held' | 'out';

export interface RoomSituation {
  /** The appointment's therapist is in the call now. */
  therapistIn: boolean;
  /** The patient was let in earlier in this call (back after a dropped connection or new window). */
  admittedBefore: boolean;
  /** The patient's current answer: may their therapist's supervisor join? */
  supervisorConsented: boolean;
}

export function placeInRoom(role: RoomRole, room: RoomSituation): RoomPlace {
  switch (role) {
    case 'therapist':
      return 'in';
    case 'patient':
      return room.admittedBefore ? 'in' : 'waiting';
    case 'supervisor':
      if (!room.supervisorConsented) return 'out';
      return room.therapistIn ? 'in' : 'held';
  }
}
