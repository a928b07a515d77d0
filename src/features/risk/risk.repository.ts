import { and, arrayContains, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { builtOnce } from '../../db/statement';
import {
  patients,
  referrals,
  riskAlertActions,
  riskAlerts,
  services,
  therapistProfiles,
  users,
  type RiskActionOutcome,
  type RiskAlertSource,
} from '../../db/schema';

export interface NewRiskAlert {
  serviceId: string;
  source: RiskAlertSource;
  reason: string;
  patientId?: string | null;
  referralId?: string | null;
  sourceRecordId?: string | null;
  responsibleClinicianId?: string | null;
  raisedAt: Date;
  escalateAt?: Date | null;
}

export async function insertRiskAlert(db: Db, alert: NewRiskAlert) {
  const rows = await db
    .insert(riskAlerts)
    .values({
      serviceId: alert.serviceId,
      source: alert.source,
      reason: alert.reason,
      patientId: alert.patientId ?? null,
      referralId: alert.referralId ?? null,
      sourceRecordId: alert.sourceRecordId ?? null,
      responsibleClinicianId: alert.responsibleClinicianId ?? null,
      raisedAt: alert.raisedAt,
      escalateAt: alert.escalateAt ?? null,
    })
    .returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

/**
 * Joins an alert raised for an unsent referral draft to the referral once it is sent, so the
 * queue shows the person's name and reference (referral hazard H14).
 */
export async function linkAlertToReferral(
  db: Db,
  serviceId: string,
  alertId: string,
  referralId: string,
) {
  await db
    .update(riskAlerts)
    .set({ referralId })
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.id, alertId),
        isNull(riskAlerts.referralId),
      ),
    );
}

/** One patient's open alerts, oldest first (shown on the IPT course workspace). */
export async function listOpenAlertsForPatient(db: Db, serviceId: string, patientId: string) {
  return db
    .select({
      id: riskAlerts.id,
      reason: riskAlerts.reason,
      source: riskAlerts.source,
      sourceRecordId: riskAlerts.sourceRecordId,
      raisedAt: riskAlerts.raisedAt,
    })
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.patientId, patientId),
        isNull(riskAlerts.actionedAt),
      ),
    )
    .orderBy(asc(riskAlerts.raisedAt));
}

/**
 * The alerts raised by one record (a question thread, a questionnaire), oldest first: shown where
 * that record is read, so whoever reads it knows an alert exists and whether it was acted on.
 */
export async function alertsRaisedBy(
  db: Db,
  serviceId: string,
  patientId: string,
  source: RiskAlertSource,
  sourceRecordId: string,
) {
  return db
    .select({
      id: riskAlerts.id,
      raisedAt: riskAlerts.raisedAt,
      actionedAt: riskAlerts.actionedAt,
      actionTaken: riskAlerts.actionTaken,
    })
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.patientId, patientId),
        eq(riskAlerts.source, source),
        eq(riskAlerts.sourceRecordId, sourceRecordId),
      ),
    )
    .orderBy(asc(riskAlerts.raisedAt), asc(riskAlerts.id));
}

/** Which of these records (question threads, say) have an alert they raised still open. */
export async function recordsWithOpenAlerts(
  db: Db,
  serviceId: string,
  source: RiskAlertSource,
  sourceRecordIds: readonly string[],
): Promise<Set<string>> {
  if (sourceRecordIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ id: riskAlerts.sourceRecordId })
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.source, source),
        inArray(riskAlerts.sourceRecordId, [...sourceRecordIds]),
        isNull(riskAlerts.actionedAt),
      ),
    );
  return new Set(rows.flatMap((r) => (r.id ? [r.id] : [])));
}

/** Open alerts, oldest first; optionally only one clinician's. */
export async function listOpenRiskAlerts(db: Db, serviceId: string, clinicianId?: string) {
  return db
    .select()
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        isNull(riskAlerts.actionedAt),
        clinicianId ? eq(riskAlerts.responsibleClinicianId, clinicianId) : undefined,
      ),
    )
    .orderBy(asc(riskAlerts.raisedAt));
}

export async function findRiskAlert(db: Db, serviceId: string, alertId: string) {
  const rows = await db
    .select()
    .from(riskAlerts)
    .where(and(eq(riskAlerts.serviceId, serviceId), eq(riskAlerts.id, alertId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Records the action; returns false if someone else already closed it. */
export async function recordRiskAction(
  db: Db,
  serviceId: string,
  alertId: string,
  action: { actionTaken: string; actionedBy: string; actionedAt: Date },
): Promise<boolean> {
  const rows = await db
    .update(riskAlerts)
    .set(action)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.id, alertId),
        isNull(riskAlerts.actionedAt),
      ),
    )
    .returning({ id: riskAlerts.id });
  return rows.length === 1;
}

export type RiskActionRow = typeof riskAlertActions.$inferSelect;

/** The alert, locked until the transaction ends (two people acting at once are serialised). */
export async function lockRiskAlert(db: Db, serviceId: string, alertId: string) {
  const rows = await db
    .select()
    .from(riskAlerts)
    .where(and(eq(riskAlerts.serviceId, serviceId), eq(riskAlerts.id, alertId)))
    .for('update')
    .limit(1);
  return rows[0] ?? null;
}

/** One entry in an alert's history of actions. */
export async function insertRiskAction(
  db: Db,
  action: {
    serviceId: string;
    alertId: string;
    actionTaken: string;
    outcome: RiskActionOutcome;
    nextStep?: string | null;
    nextStepAt?: Date | null;
    recordedBy: string;
    recordedAt: Date;
  },
) {
  const rows = await db.insert(riskAlertActions).values(action).returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** An alert's actions, oldest first, with who recorded each. */
export async function listRiskActions(db: Db, serviceId: string, alertId: string) {
  return db
    .select({ action: riskAlertActions, recordedByName: users.displayName })
    .from(riskAlertActions)
    .leftJoin(
      users,
      and(
        eq(users.serviceId, riskAlertActions.serviceId),
        eq(users.id, riskAlertActions.recordedBy),
      ),
    )
    .where(and(eq(riskAlertActions.serviceId, serviceId), eq(riskAlertActions.alertId, alertId)))
    .orderBy(asc(riskAlertActions.recordedAt), asc(riskAlertActions.id));
}

export type RiskActionWithName = Awaited<ReturnType<typeof listRiskActions>>[number];

/** The latest action on each of these alerts (for the queue's "next step" column). */
export async function latestRiskActions(db: Db, serviceId: string, alertIds: readonly string[]) {
  if (alertIds.length === 0) return new Map<string, typeof riskAlertActions.$inferSelect>();
  const rows = await db
    .select()
    .from(riskAlertActions)
    .where(
      and(
        eq(riskAlertActions.serviceId, serviceId),
        inArray(riskAlertActions.alertId, [...alertIds]),
      ),
    )
    .orderBy(asc(riskAlertActions.recordedAt), asc(riskAlertActions.id));
  // Later rows overwrite earlier ones: the map keeps each alert's latest.
  return new Map(rows.map((r) => [r.alertId, r]));
}

/** Links a referral's alerts to the patient record once it is matched or created. */
export async function attachAlertsToPatient(
  db: Db,
  serviceId: string,
  referralId: string,
  patientId: string,
) {
  await db
    .update(riskAlerts)
    .set({ patientId })
    .where(and(eq(riskAlerts.serviceId, serviceId), eq(riskAlerts.referralId, referralId)));
}

/**
 * Moves a patient's open alerts to their new responsible clinician (when a course is allocated
 * to someone else), so the alerts follow the patient. Actioned alerts keep who had them.
 * Returns the ids moved.
 */
export async function moveOpenAlertsToClinician(
  db: Db,
  serviceId: string,
  patientId: string,
  clinicianId: string,
): Promise<string[]> {
  const rows = await db
    .update(riskAlerts)
    .set({ responsibleClinicianId: clinicianId })
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.patientId, patientId),
        isNull(riskAlerts.actionedAt),
      ),
    )
    .returning({ id: riskAlerts.id });
  return rows.map((r) => r.id);
}

/**
 * The clinician an alert belongs to: the one named on the alert, else the patient's responsible
 * clinician (a referral's alert raised before anyone was responsible follows the patient).
 */
const responsibleClinician = sql<
  string | null
>`coalesce(${riskAlerts.responsibleClinicianId}, ${patients.responsibleClinicianId})`;

/** Joins an alert to the referral it was raised on, if any. */
const referralOfAlert = and(
  eq(referrals.serviceId, riskAlerts.serviceId),
  eq(referrals.id, riskAlerts.referralId),
);

/** The alert's patient, or else its referral's, so an alert is never left without its person. */
const alertPatientId = sql<
  string | null
>`coalesce(${riskAlerts.patientId}, ${referrals.patientId})`;

/** Joins an alert to its patient (needs the referral joined by `referralOfAlert`). */
const patientOfAlert = and(
  eq(patients.serviceId, riskAlerts.serviceId),
  sql`${patients.id} = ${alertPatientId}`,
);

/**
 * Open alerts whose escalation time has passed and that have not escalated yet, in every service
 * (the worker serves the whole deployment), oldest deadline first, with the clinician they
 * belong to (the alert's, else the patient's responsible clinician).
 */
export async function dueForEscalation(db: Db, now: Date, limit: number) {
  return db
    .select({ alert: riskAlerts, patientId: alertPatientId, clinicianId: responsibleClinician })
    .from(riskAlerts)
    .leftJoin(referrals, referralOfAlert)
    .leftJoin(patients, patientOfAlert)
    .where(
      and(
        isNull(riskAlerts.actionedAt),
        isNull(riskAlerts.escalatedAt),
        isNotNull(riskAlerts.escalateAt),
        lte(riskAlerts.escalateAt, now),
      ),
    )
    .orderBy(asc(riskAlerts.escalateAt))
    .limit(limit);
}

/**
 * Marks an alert escalated; false when it was escalated or actioned meanwhile (another worker, or
 * a clinician recording the action), so it escalates once at most.
 */
export async function markEscalated(
  db: Db,
  serviceId: string,
  alertId: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(riskAlerts)
    .set({ escalatedAt: at })
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.id, alertId),
        isNull(riskAlerts.escalatedAt),
        isNull(riskAlerts.actionedAt),
      ),
    )
    .returning({ id: riskAlerts.id });
  return rows.length === 1;
}

/** What sets an alert's escalation time: the service's office hours and its optional override. */
export async function serviceRiskSettings(db: Db, serviceId: string) {
  const rows = await db
    .select({ officeHours: services.officeHours, settings: services.settings })
    .from(services)
    .where(eq(services.id, serviceId))
    .limit(1);
  return rows[0] ?? null;
}

export interface StaffContact {
  id: string;
  email: string;
  displayName: string;
}

const contactColumns = { id: users.id, email: users.email, displayName: users.displayName };

/** A clinician's email, when they are an active user of the service. */
export async function findStaffContact(
  db: Db,
  serviceId: string,
  userId: string,
): Promise<StaffContact | null> {
  const rows = await db
    .select(contactColumns)
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId), eq(users.active, true)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * The therapist's supervisor (therapist_profiles.supervisorId), when they can sign in and still
 * hold the supervisor role; otherwise no one, and escalation goes to the service managers (H17).
 */
export async function findSupervisorOf(
  db: Db,
  serviceId: string,
  therapistId: string,
): Promise<StaffContact | null> {
  const rows = await db
    .select(contactColumns)
    .from(therapistProfiles)
    .innerJoin(
      users,
      and(
        eq(users.serviceId, therapistProfiles.serviceId),
        eq(users.id, therapistProfiles.supervisorId),
      ),
    )
    .where(
      and(
        eq(therapistProfiles.serviceId, serviceId),
        eq(therapistProfiles.userId, therapistId),
        eq(users.active, true),
        arrayContains(users.roles, ['supervisor']),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

const actioner = alias(users, 'actioner');

/**
 * Alerts with what staff need to act: the patient (or, before matching, the referral's name and
 * reference) and the responsible clinician. Open ones only unless `alertId` picks one. The
 * patient is the alert's, or else its referral's, so an alert is never left without its person.
 */
export async function listAlertsWithContext(
  db: Db,
  serviceId: string,
  filter: { clinicianId?: string; alertId?: string } = {},
) {
  const shape = filter.alertId
    ? filter.clinicianId
      ? alertStatements.oneOfClinician
      : alertStatements.one
    : filter.clinicianId
      ? alertStatements.openOfClinician
      : alertStatements.open;
  return shape(db, { serviceId, alertId: filter.alertId, clinicianId: filter.clinicianId });
}

// Every therapist's home page and the alert queue run this: built once per shape of filter
// (src/db/statement.ts).
function alertsStatement(byAlert: boolean, byClinician: boolean) {
  return builtOnce((db) =>
    db
      .select({
        alert: riskAlerts,
        patientId: patients.id,
        // What the access policy needs to decide who may open the patient's record.
        patientUserId: patients.userId,
        patientClinicianId: patients.responsibleClinicianId,
        patientName: sql<
          string | null
        >`case when ${patients.id} is null then null else ${patients.givenName} || ' ' || ${patients.familyName} end`,
        referralName: sql<
          string | null
        >`case when ${referrals.id} is null then null else ${referrals.givenName} || ' ' || ${referrals.familyName} end`,
        referralReference: referrals.reference,
        clinicianId: responsibleClinician,
        clinicianName: users.displayName,
        // A leaver is named as such: the alert is theirs on paper only (H2).
        clinicianActive: users.active,
        actionedByName: actioner.displayName,
      })
      .from(riskAlerts)
      .leftJoin(referrals, referralOfAlert)
      .leftJoin(patients, patientOfAlert)
      .leftJoin(
        users,
        and(eq(users.serviceId, riskAlerts.serviceId), eq(users.id, responsibleClinician)),
      )
      .leftJoin(
        actioner,
        and(eq(actioner.serviceId, riskAlerts.serviceId), eq(actioner.id, riskAlerts.actionedBy)),
      )
      .where(
        and(
          eq(riskAlerts.serviceId, sql.placeholder('serviceId')),
          byAlert ? eq(riskAlerts.id, sql.placeholder('alertId')) : isNull(riskAlerts.actionedAt),
          byClinician
            ? sql`${responsibleClinician} = ${sql.placeholder('clinicianId')}`
            : undefined,
        ),
      )
      // No limit: an open alert must never drop off the queue. Oldest first here; the queue
      // puts the most severe first (src/domain/risk).
      .orderBy(asc(riskAlerts.raisedAt)),
  );
}
const alertStatements = {
  open: alertsStatement(false, false),
  openOfClinician: alertsStatement(false, true),
  one: alertsStatement(true, false),
  oneOfClinician: alertsStatement(true, true),
};

export type AlertWithContext = Awaited<ReturnType<typeof listAlertsWithContext>>[number];

/**
 * How many open alerts a clinician is responsible for (theirs on the alert, else as the patient's
 * responsible clinician): what a manager removing their access must first hand on (H2).
 */
export async function openAlertCountOf(db: Db, serviceId: string, clinicianId: string) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(riskAlerts)
    .leftJoin(referrals, referralOfAlert)
    .leftJoin(patients, patientOfAlert)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        isNull(riskAlerts.actionedAt),
        sql`${responsibleClinician} = ${clinicianId}`,
      ),
    );
  return row?.count ?? 0;
}

/**
 * Open alerts whose responsible clinician can no longer sign in (their access was removed): no
 * one's home shows them, so the service manager's does (H2).
 */
export async function openAlertsOfInactiveClinicians(db: Db, serviceId: string) {
  return db
    .select({
      alertId: riskAlerts.id,
      raisedAt: riskAlerts.raisedAt,
      patientId: patients.id,
      patientName: sql<
        string | null
      >`case when ${patients.id} is null then null else ${patients.givenName} || ' ' || ${patients.familyName} end`,
      referralName: sql<
        string | null
      >`case when ${referrals.id} is null then null else ${referrals.givenName} || ' ' || ${referrals.familyName} end`,
      clinicianName: users.displayName,
    })
    .from(riskAlerts)
    .leftJoin(referrals, referralOfAlert)
    .leftJoin(patients, patientOfAlert)
    .innerJoin(
      users,
      and(eq(users.serviceId, riskAlerts.serviceId), eq(users.id, responsibleClinician)),
    )
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        isNull(riskAlerts.actionedAt),
        eq(users.active, false),
      ),
    )
    .orderBy(asc(riskAlerts.raisedAt));
}

/**
 * A patient's risk alerts raised from a moment on, open or closed, oldest first: what they have
 * told us, and what the clinician recorded doing about each.
 */
export async function patientAlertsSince(db: Db, serviceId: string, patientId: string, from: Date) {
  return db
    .select({
      reason: riskAlerts.reason,
      raisedAt: riskAlerts.raisedAt,
      source: riskAlerts.source,
      sourceRecordId: riskAlerts.sourceRecordId,
      actionTaken: riskAlerts.actionTaken,
    })
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.patientId, patientId),
        sql`${riskAlerts.raisedAt} >= ${from}`,
      ),
    )
    .orderBy(asc(riskAlerts.raisedAt), asc(riskAlerts.id));
}

/**
 * How to reach the person an alert is about, for whoever works the alert: the record's numbers,
 * or the referral's while there is no record yet (H2: a covering clinician must be able to call).
 */
export async function alertContact(
  db: Db,
  serviceId: string,
  about: { patientId: string | null; referralId: string | null },
): Promise<{ mobile: string | null; email: string | null; voicemail: boolean | null } | null> {
  if (about.patientId) {
    const [p] = await db
      .select({
        mobile: patients.mobile,
        email: patients.email,
        voicemail: patients.allowVoicemail,
      })
      .from(patients)
      .where(and(eq(patients.serviceId, serviceId), eq(patients.id, about.patientId)));
    if (p) return p;
  }
  if (about.referralId) {
    const [r] = await db
      .select({ mobile: referrals.mobile, email: referrals.email })
      .from(referrals)
      .where(and(eq(referrals.serviceId, serviceId), eq(referrals.id, about.referralId)));
    if (r) return { ...r, voicemail: null };
  }
  return null;
}
