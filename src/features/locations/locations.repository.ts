import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { locations, rooms, type WeeklyHours } from '../../db/schema';
import { isUuid } from '../../domain/identifiers';

export type LocationRow = typeof locations.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;

export async function listLocations(db: Db, serviceId: string) {
  return db
    .select()
    .from(locations)
    .where(eq(locations.serviceId, serviceId))
    .orderBy(asc(locations.name));
}

/** Null for an id that is not one (a tampered form's list value): no such place, not a 500. */
export async function findLocation(db: Db, serviceId: string, id: string) {
  if (!isUuid(id)) return null;
  const rows = await db
    .select()
    .from(locations)
    .where(and(eq(locations.serviceId, serviceId), eq(locations.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findLocationByName(db: Db, serviceId: string, name: string) {
  const rows = await db
    .select()
    .from(locations)
    // Any case: "riverside health centre" beside "Riverside Health Centre" reads as one place.
    .where(and(eq(locations.serviceId, serviceId), sql`lower(${locations.name}) = lower(${name})`))
    .limit(1);
  return rows[0] ?? null;
}

export interface LocationValues {
  name: string;
  address: string;
  postcode: string;
  stepFreeAccess: boolean;
  accessInformation: string;
  openingHours: WeeklyHours;
  active: boolean;
}

export async function insertLocation(db: Db, serviceId: string, values: LocationValues, at: Date) {
  const rows = await db
    .insert(locations)
    .values({ serviceId, ...values, createdAt: at })
    .returning();
  const [row] = rows;
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateLocation(
  db: Db,
  serviceId: string,
  id: string,
  values: LocationValues,
) {
  await db
    .update(locations)
    .set(values)
    .where(and(eq(locations.serviceId, serviceId), eq(locations.id, id)));
}

export async function listRooms(db: Db, serviceId: string, locationId: string) {
  return db
    .select()
    .from(rooms)
    .where(and(eq(rooms.serviceId, serviceId), eq(rooms.locationId, locationId)))
    .orderBy(asc(rooms.name));
}

/** Every room with its location, for the booking form and the rooms diary. */
export async function listAllRooms(db: Db, serviceId: string) {
  return db
    .select({ room: rooms, location: locations })
    .from(rooms)
    .innerJoin(
      locations,
      and(eq(locations.serviceId, rooms.serviceId), eq(locations.id, rooms.locationId)),
    )
    .where(eq(rooms.serviceId, serviceId))
    .orderBy(asc(locations.name), asc(rooms.name));
}

/** Null for an id that is not one, as `findLocation`. */
export async function findRoom(db: Db, serviceId: string, id: string) {
  if (!isUuid(id)) return null;
  const rows = await db
    .select()
    .from(rooms)
    .where(and(eq(rooms.serviceId, serviceId), eq(rooms.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertRoom(
  db: Db,
  serviceId: string,
  values: { locationId: string; name: string; stepFreeAccess: boolean },
) {
  const rows = await db
    .insert(rooms)
    .values({ serviceId, ...values })
    .returning();
  const [row] = rows;
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function setRoomActive(db: Db, serviceId: string, id: string, active: boolean) {
  await db
    .update(rooms)
    .set({ active })
    .where(and(eq(rooms.serviceId, serviceId), eq(rooms.id, id)));
}
