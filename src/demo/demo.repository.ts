import type { Db } from '../db/client';
import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import {
  locations,
  measureResponses,
  outboxMessages,
  rooms,
  services,
  users,
  type ServiceContact,
  type WeeklyHours,
} from '../db/schema';

export interface DemoLocation {
  name: string;
  address: string;
  postcode: string;
  stepFreeAccess: boolean;
  accessInformation: string;
  openingHours: WeeklyHours;
  rooms: string[];
}

export async function ensureDemoLocations(db: Db, serviceId: string, list: DemoLocation[]) {
  for (const l of list) {
    const existing = await db
      .select({ id: locations.id })
      .from(locations)
      .where(and(eq(locations.serviceId, serviceId), eq(locations.name, l.name)));
    if (existing.length > 0) continue;
    const [row] = await db
      .insert(locations)
      .values({
        serviceId,
        name: l.name,
        address: l.address,
        postcode: l.postcode,
        stepFreeAccess: l.stepFreeAccess,
        accessInformation: l.accessInformation,
        openingHours: l.openingHours,
      })
      .returning();
    if (!row) throw new Error(`The location ${l.name} was not inserted`);
    await db.insert(rooms).values(
      l.rooms.map((name) => ({
        serviceId,
        locationId: row.id,
        name,
        stepFreeAccess: l.stepFreeAccess,
      })),
    );
  }
}

/** The demo's rooms by "Location/Room" name, for booking face-to-face appointments. */
export async function demoRooms(db: Db, serviceId: string) {
  const rows = await db
    .select({ room: rooms, location: locations })
    .from(rooms)
    .innerJoin(
      locations,
      and(eq(locations.serviceId, rooms.serviceId), eq(locations.id, rooms.locationId)),
    )
    .where(eq(rooms.serviceId, serviceId));
  return new Map(rows.map((r) => [`${r.location.name}/${r.room.name}`, r]));
}

/**
 * The demo is built with a clock set in the past, so the reminders and letters it queues would
 * all go out at once when it starts. Messages to these recipients that were due by `upTo` are
 * marked sent at the time they were due, as if the outbox had sent them then.
 */
export async function settleDemoMessages(
  db: Db,
  serviceId: string,
  recipients: readonly string[],
  upTo: Date,
) {
  const due = await db
    .select({ id: outboxMessages.id, notBefore: outboxMessages.notBefore })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.serviceId, serviceId),
        eq(outboxMessages.status, 'pending'),
        inArray(outboxMessages.recipient, [...recipients]),
        lte(outboxMessages.nextAttemptAt, upTo),
      ),
    );
  for (const m of due)
    await db
      .update(outboxMessages)
      .set({
        status: 'sent',
        attempts: 1,
        sentAt: m.notBefore,
        providerReference: 'demo',
      })
      .where(and(eq(outboxMessages.serviceId, serviceId), eq(outboxMessages.id, m.id)));
  return due.length;
}

/** A questionnaire the patient completed before an IPT session (scored by the caller). */
export async function insertSessionMeasure(db: Db, values: typeof measureResponses.$inferInsert) {
  const [row] = await db.insert(measureResponses).values(values).returning();
  if (!row) throw new Error('The session measure was not inserted');
  return row;
}

/** The demo service's contact details, unless someone has already set them. */
export async function ensureDemoContact(db: Db, serviceId: string, contact: ServiceContact) {
  await db
    .update(services)
    .set({ contact })
    .where(and(eq(services.id, serviceId), isNull(services.contact)));
}

/** Whether a demo account can still sign in (someone trying the demo may have removed its access). */
export async function isActiveUser(db: Db, serviceId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ active: users.active })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)));
  return rows[0]?.active === true;
}
