import type { Db } from '../db/client';
import { patients } from '../db/schema';

export async function insertPatient(db: Db, values: typeof patients.$inferInsert) {
  const rows = await db.insert(patients).values(values).returning();
  return rows[0]!;
}
