import type { Db } from '../db/client';
import { and, eq } from 'drizzle-orm';
import { locations, patients, rooms, type WeeklyHours } from '../db/schema';

export async function insertPatient(db: Db, values: typeof patients.$inferInsert) {
  const rows = await db.insert(patients).values(values).returning();
  return rows[0]!;
}

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
    await db.insert(rooms).values(
      l.rooms.map((name) => ({
        serviceId,
        locationId: row!.id,
        name,
        stepFreeAccess: l.stepFreeAccess,
      })),
    );
  }
}
