import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { videoConsents, videoRoomEvents, type VideoRoomEvent } from '../../db/schema';

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
