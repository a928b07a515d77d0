import { and, eq, isNull } from 'drizzle-orm';
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

/** NHS login (issue 17): every record with this NHS number (stored as 10 digits), so a duplicate is seen, not chosen. */
export async function findPatientsByNhsNumber(db: Db, serviceId: string, nhsNumber: string) {
  return db
    .select({
      id: patients.id,
      nhsNumber: patients.nhsNumber,
      dateOfBirth: patients.dateOfBirth,
      userId: patients.userId,
    })
    .from(patients)
    .where(and(eq(patients.serviceId, serviceId), eq(patients.nhsNumber, nhsNumber)))
    .limit(10);
}

/** Links a new account to a record that has none (an account already linked is kept). */
export async function linkPatientAccount(
  db: Db,
  serviceId: string,
  patientId: string,
  userId: string,
) {
  await db
    .update(patients)
    .set({ userId })
    .where(
      and(eq(patients.serviceId, serviceId), eq(patients.id, patientId), isNull(patients.userId)),
    );
}

export type PatientRow = NonNullable<Awaited<ReturnType<typeof findPatient>>>;

/** The contact and GP details staff keep up to date (a move, a new phone, a new GP). */
export interface PatientDetails {
  address: string | null;
  postcode: string | null;
  email: string | null;
  mobile: string | null;
  gpPractice: string | null;
  gpEmail: string | null;
  /** How they agree to be contacted: reminders and notices use only these. */
  allowEmail: boolean;
  allowSms: boolean;
  allowVoicemail: boolean;
  /** Letters attached to emails, not only read when they sign in. */
  allowLettersByEmail: boolean;
  /** Communication and access need codes (ACCESS_NEEDS): the diary checks step-free (H30). */
  accessNeeds: string[];
  /** What the `other` need ("Something else") is, in their words; null without it. */
  accessNeedsOther: string | null;
}

export async function updatePatientDetails(
  db: Db,
  serviceId: string,
  patientId: string,
  details: PatientDetails,
) {
  await db
    .update(patients)
    .set(details)
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, patientId)));
}
