import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { patients } from '../../db/schema';

export async function findPatient(db: Db, serviceId: string, patientId: string) {
  const rows = await db
    .select()
    .from(patients)
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, patientId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findPatientByUser(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select()
    .from(patients)
    .where(and(eq(patients.serviceId, serviceId), eq(patients.userId, userId)))
    .limit(1);
  return rows[0] ?? null;
}

export type PatientRow = NonNullable<Awaited<ReturnType<typeof findPatient>>>;
