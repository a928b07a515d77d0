import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { builtOnce } from '../../db/statement';
import {
  appointments,
  videoConsents,
  videoRoomAdmissions,
  videoRoomEvents,
  videoRoomMembers,
  videoSignals,
  type VideoRoomEvent,
} from '../../db/schema';

export async function findConsent(db: Db, serviceId: string, patientId: string) {
  const rows = await db
    .select()
    .from(videoConsents)
    .where(and(eq(videoConsents.serviceId, serviceId), eq(videoConsents.patientId, patientId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function saveConsent(
  db: Db,
  row: { serviceId: string; patientId: string; supervisorMayJoin: boolean; at: Date; by: string },
) {
  const values = {
    serviceId: row.serviceId,
    patientId: row.patientId,
    supervisorMayJoin: row.supervisorMayJoin,
    recordedAt: row.at,
    recordedBy: row.by,
  };
  await db
    .insert(videoConsents)
    .values(values)
    .onConflictDoUpdate({
      target: [videoConsents.serviceId, videoConsents.patientId],
      set: { supervisorMayJoin: values.supervisorMayJoin, recordedAt: row.at, recordedBy: row.by },
    });
}

export async function addRoomEvent(
  db: Db,
  row: {
    serviceId: string;
    appointmentId: string;
    userId: string;
    event: VideoRoomEvent;
    at: Date;
  },
) {
  await db.insert(videoRoomEvents).values(row);
}

/** The first time each appointment's patient came into its waiting room. */
export async function arrivals(db: Db, serviceId: string, appointmentIds: string[]) {
  if (appointmentIds.length === 0) return new Map<string, Date>();
  const rows = await db
    .select({ appointmentId: videoRoomEvents.appointmentId, at: videoRoomEvents.at })
    .from(videoRoomEvents)
    .where(
      and(
        eq(videoRoomEvents.serviceId, serviceId),
        inArray(videoRoomEvents.appointmentId, appointmentIds),
        eq(videoRoomEvents.event, 'waiting'),
      ),
    )
    .orderBy(desc(videoRoomEvents.at));
  const out = new Map<string, Date>();
  for (const r of rows) out.set(r.appointmentId, r.at);
  return out;
}

// ---- Who is in which room now (any instance), and signals between instances (ADR 0019) --------

/** The NOTIFY channel: payloads carry ids (and media or link flags), never names or SDP. */
export const VIDEO_CHANNEL = 'rapport_video';

export async function notify(db: Db, payload: object): Promise<void> {
  await db.execute(sql`select pg_notify(${VIDEO_CHANNEL}, ${JSON.stringify(payload)})`);
}

export type MemberRow = typeof videoRoomMembers.$inferSelect;

export async function addMember(db: Db, row: MemberRow): Promise<void> {
  await db.insert(videoRoomMembers).values(row);
}

/** The people in one room now, earliest first; rows not seen since `freshAfter` are gone. */
export function roomMembers(
  db: Db,
  serviceId: string,
  appointmentId: string,
  freshAfter: Date,
): Promise<MemberRow[]> {
  return db
    .select()
    .from(videoRoomMembers)
    .where(
      and(
        eq(videoRoomMembers.serviceId, serviceId),
        eq(videoRoomMembers.appointmentId, appointmentId),
        gt(videoRoomMembers.seenAt, freshAfter),
      ),
    )
    .orderBy(asc(videoRoomMembers.since), asc(videoRoomMembers.id));
}

/**
 * Serialises changes to who is in this patient's rooms (joining, leaving, consent), so a
 * supervisor joining cannot cross the patient withdrawing consent or the therapist arriving.
 */
export async function lockPatientRooms(db: Db, patientId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`video:${patientId}`}, 0))`);
}

/** Lets a waiting patient in; null if no patient waits with that id (gone, already in, staff). */
export async function admitMember(
  db: Db,
  serviceId: string,
  appointmentId: string,
  memberId: string,
): Promise<MemberRow | null> {
  const rows = await db
    .update(videoRoomMembers)
    .set({ admitted: true })
    .where(
      and(
        eq(videoRoomMembers.serviceId, serviceId),
        eq(videoRoomMembers.appointmentId, appointmentId),
        eq(videoRoomMembers.id, memberId),
        eq(videoRoomMembers.role, 'patient'),
        eq(videoRoomMembers.admitted, false),
      ),
    )
    .returning();
  if (rows[0])
    await db
      .insert(videoRoomAdmissions)
      .values({ serviceId, appointmentId, userId: rows[0].userId })
      .onConflictDoNothing();
  return rows[0] ?? null;
}

export async function wasAdmitted(
  db: Db,
  serviceId: string,
  appointmentId: string,
  userId: string,
): Promise<boolean> {
  const rows = await db
    .select({ userId: videoRoomAdmissions.userId })
    .from(videoRoomAdmissions)
    .where(
      and(
        eq(videoRoomAdmissions.serviceId, serviceId),
        eq(videoRoomAdmissions.appointmentId, appointmentId),
        eq(videoRoomAdmissions.userId, userId),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function removeMember(db: Db, serviceId: string, memberId: string): Promise<void> {
  await db
    .delete(videoRoomMembers)
    .where(and(eq(videoRoomMembers.serviceId, serviceId), eq(videoRoomMembers.id, memberId)));
}

/** Ends the call: everyone out (returned), and patients must be let in again. */
export async function clearRoom(
  db: Db,
  serviceId: string,
  appointmentId: string,
): Promise<MemberRow[]> {
  const gone = await db
    .delete(videoRoomMembers)
    .where(
      and(
        eq(videoRoomMembers.serviceId, serviceId),
        eq(videoRoomMembers.appointmentId, appointmentId),
      ),
    )
    .returning();
  await db
    .delete(videoRoomAdmissions)
    .where(
      and(
        eq(videoRoomAdmissions.serviceId, serviceId),
        eq(videoRoomAdmissions.appointmentId, appointmentId),
      ),
    );
  return gone;
}

/**
 * Lets the supervisors held in a room into the call (the therapist is in), or holds those in it
 * again (the therapist left); returns those whose place changed.
 */
export function setSupervisorsIn(
  db: Db,
  serviceId: string,
  appointmentId: string,
  admitted: boolean,
): Promise<MemberRow[]> {
  return db
    .update(videoRoomMembers)
    .set({ admitted })
    .where(
      and(
        eq(videoRoomMembers.serviceId, serviceId),
        eq(videoRoomMembers.appointmentId, appointmentId),
        eq(videoRoomMembers.role, 'supervisor'),
        eq(videoRoomMembers.admitted, !admitted),
      ),
    )
    .returning();
}

/** Takes every supervisor out of this patient's rooms (the patient withdrew consent). */
export function removeSupervisorsOfPatient(
  db: Db,
  serviceId: string,
  patientId: string,
): Promise<MemberRow[]> {
  return db
    .delete(videoRoomMembers)
    .where(
      and(
        eq(videoRoomMembers.serviceId, serviceId),
        eq(videoRoomMembers.role, 'supervisor'),
        inArray(
          videoRoomMembers.appointmentId,
          db
            .select({ id: appointments.id })
            .from(appointments)
            .where(
              and(eq(appointments.serviceId, serviceId), eq(appointments.patientId, patientId)),
            ),
        ),
      ),
    )
    .returning();
}

/** This instance's members are still here. */
export async function touchMembers(
  db: Db,
  serviceId: string,
  memberIds: string[],
  at: Date,
): Promise<void> {
  if (memberIds.length === 0) return;
  await db
    .update(videoRoomMembers)
    .set({ seenAt: at })
    .where(and(eq(videoRoomMembers.serviceId, serviceId), inArray(videoRoomMembers.id, memberIds)));
}

/** Rows left by an instance that stopped without saying goodbye; signals nobody took. */
export async function purgeStale(db: Db, serviceId: string, before: Date): Promise<MemberRow[]> {
  await db
    .delete(videoSignals)
    .where(and(eq(videoSignals.serviceId, serviceId), lt(videoSignals.createdAt, before)));
  return db
    .delete(videoRoomMembers)
    .where(and(eq(videoRoomMembers.serviceId, serviceId), lt(videoRoomMembers.seenAt, before)))
    .returning();
}

/** Patients waiting now in the rooms of this therapist's appointments, earliest first. */
export function waitingFor(db: Db, serviceId: string, therapistId: string, freshAfter: Date) {
  return waitingForStatement(db, { serviceId, therapistId, freshAfter });
}

// Every therapist's home page runs this: built once (src/db/statement.ts).
const waitingForStatement = builtOnce((db) =>
  db
    .select({
      appointmentId: videoRoomMembers.appointmentId,
      name: videoRoomMembers.name,
      since: videoRoomMembers.since,
    })
    .from(videoRoomMembers)
    .innerJoin(
      appointments,
      and(
        eq(appointments.serviceId, videoRoomMembers.serviceId),
        eq(appointments.id, videoRoomMembers.appointmentId),
      ),
    )
    .where(
      and(
        eq(videoRoomMembers.serviceId, sql.placeholder('serviceId')),
        eq(appointments.therapistId, sql.placeholder('therapistId')),
        // A supervisor held until the therapist is in is not waiting to be let in.
        eq(videoRoomMembers.role, 'patient'),
        eq(videoRoomMembers.admitted, false),
        gt(videoRoomMembers.seenAt, sql.placeholder('freshAfter')),
      ),
    )
    .orderBy(asc(videoRoomMembers.since)),
);

export async function addSignal(
  db: Db,
  row: { serviceId: string; toMember: string; message: Record<string, unknown>; at: Date },
): Promise<string> {
  const rows = await db
    .insert(videoSignals)
    .values({
      serviceId: row.serviceId,
      toMember: row.toMember,
      message: row.message,
      createdAt: row.at,
    })
    .returning({ id: videoSignals.id });
  const id = rows[0]?.id;
  if (!id) throw new Error('video signal not stored');
  return id;
}

/** Takes a signal for delivery: whoever deletes it delivers it, so it goes out once. */
export async function takeSignal(db: Db, serviceId: string, id: string) {
  const rows = await db
    .delete(videoSignals)
    .where(and(eq(videoSignals.serviceId, serviceId), eq(videoSignals.id, id)))
    .returning();
  return rows[0] ?? null;
}
