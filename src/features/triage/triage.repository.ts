import { and, asc, count, desc, eq, getTableColumns, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  appointments,
  assessments,
  measureResponses,
  patients,
  referrals,
  riskAlerts,
  treatmentCourses,
  users,
  type AssessmentDecision,
  type AssessmentMode,
  type OtherTreatment,
  type PresentingProblem,
  type ReferralCloseReason,
  type ReferralStatus,
  type RiskLevel,
} from '../../db/schema';

export type ReferralRow = typeof referrals.$inferSelect;

/**
 * An assessment with when, how and where from its diary appointment: the diary is the one record of
 * both, so moving the appointment needs no copy kept in step. Null times only for an old
 * assessment that has no appointment (see the schema).
 */
const assessmentWithAppointment = {
  ...getTableColumns(assessments),
  startsAt: appointments.startsAt,
  endsAt: appointments.endsAt,
  mode: sql<AssessmentMode | null>`${appointments.mode}`,
  locationId: appointments.locationId,
  roomId: appointments.roomId,
};

const assessmentAppointmentJoin = and(
  eq(appointments.serviceId, assessments.serviceId),
  eq(appointments.id, assessments.appointmentId),
);

export type AssessmentRow = typeof assessments.$inferSelect & {
  startsAt: Date | null;
  endsAt: Date | null;
  mode: AssessmentMode | null;
  /** Face to face: where (the diary's record of it). */
  locationId: string | null;
  roomId: string | null;
};

/** The most rows a queue page shows; the page says when there are more. */
export const QUEUE_LIMIT = 500;

/** The queue: urgent first, then longest waiting. `statuses` null means every status. */
export async function listReferrals(
  db: Db,
  serviceId: string,
  statuses: readonly ReferralStatus[] | null,
) {
  const openAlerts = db
    .select({ referralId: riskAlerts.referralId, n: count().as('n') })
    .from(riskAlerts)
    .where(and(eq(riskAlerts.serviceId, serviceId), isNull(riskAlerts.actionedAt)))
    .groupBy(riskAlerts.referralId)
    .as('open_alerts');
  return db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      status: referrals.status,
      urgent: referrals.urgent,
      receivedAt: referrals.receivedAt,
      patientId: referrals.patientId,
      openAlerts: sql<number>`coalesce(${openAlerts.n}, 0)`.mapWith(Number),
    })
    .from(referrals)
    .leftJoin(openAlerts, eq(openAlerts.referralId, referrals.id))
    .where(
      and(
        eq(referrals.serviceId, serviceId),
        statuses ? inArray(referrals.status, [...statuses]) : undefined,
      ),
    )
    .orderBy(desc(referrals.urgent), asc(referrals.receivedAt), asc(referrals.reference))
    .limit(QUEUE_LIMIT);
}

export async function findReferral(db: Db, serviceId: string, referralId: string) {
  const rows = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.id, referralId)))
    .limit(1);
  return rows[0] ?? null;
}

/** A referral by the reference the person and staff quote (RAP-...), ignoring case and spaces. */
export async function findReferralByReference(db: Db, serviceId: string, reference: string) {
  const rows = await db
    .select()
    .from(referrals)
    .where(
      and(
        eq(referrals.serviceId, serviceId),
        sql`upper(${referrals.reference}) = ${reference.replace(/\s+/g, '').toUpperCase()}`,
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Locks the referral row for the rest of the transaction, so two staff cannot act at once. */
export async function lockReferral(db: Db, serviceId: string, referralId: string) {
  const rows = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.id, referralId)))
    .for('update')
    .limit(1);
  return rows[0] ?? null;
}

export interface CandidateKeys {
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string;
}

/** Existing records that may be the same person: same NHS number, or same name, DOB and postcode. */
export async function findPatientCandidates(db: Db, serviceId: string, keys: CandidateKeys) {
  const compact = (column: typeof patients.postcode) =>
    sql`upper(replace(coalesce(${column}, ''), ' ', ''))`;
  const byDetails = and(
    sql`lower(${patients.givenName}) = ${keys.givenName.trim().toLowerCase()}`,
    sql`lower(${patients.familyName}) = ${keys.familyName.trim().toLowerCase()}`,
    eq(patients.dateOfBirth, keys.dateOfBirth),
    sql`${compact(patients.postcode)} = ${keys.postcode.replace(/\s+/g, '').toUpperCase()}`,
  );
  return db
    .select()
    .from(patients)
    .where(
      and(
        eq(patients.serviceId, serviceId),
        keys.nhsNumber ? or(eq(patients.nhsNumber, keys.nhsNumber), byDetails) : byDetails,
      ),
    )
    .orderBy(asc(patients.familyName), asc(patients.givenName))
    .limit(20);
}

/**
 * Holds, until the transaction ends, the right to make a record with this NHS number in this
 * service, so two referrals of one person cannot each make a record at the same moment (H3).
 */
export async function lockNhsNumber(db: Db, serviceId: string, nhsNumber: string): Promise<void> {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`patient-nhs-number:${serviceId}:${nhsNumber}`}, 0))`,
  );
}

/** Whether a patient record in the service already has this NHS number. */
export async function nhsNumberInUse(db: Db, serviceId: string, nhsNumber: string) {
  const rows = await db
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.serviceId, serviceId), eq(patients.nhsNumber, nhsNumber)))
    .limit(1);
  return rows.length > 0;
}

export async function insertPatient(db: Db, values: typeof patients.$inferInsert) {
  const rows = await db.insert(patients).values(values).returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

/**
 * Adds a referral's access needs to the patient's record (kept once each, in order), with what
 * "Something else" is (`other`) when the record does not say already.
 */
export async function addAccessNeeds(
  db: Db,
  serviceId: string,
  patientId: string,
  needs: readonly string[],
  other: string | null = null,
): Promise<void> {
  if (needs.length === 0) return;
  const given = sql.join(
    needs.map((n) => sql`${n}`),
    sql`, `,
  );
  await db
    .update(patients)
    .set({
      accessNeeds: sql`array(select distinct n from unnest(${patients.accessNeeds} || array[${given}]::text[]) as n order by n)`,
      ...(other === null
        ? {}
        : { accessNeedsOther: sql`coalesce(nullif(${patients.accessNeedsOther}, ''), ${other})` }),
    })
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, patientId)));
}

/** Links the referral to a patient; false if it was linked meanwhile. */
export async function linkReferralToPatient(
  db: Db,
  serviceId: string,
  referralId: string,
  patientId: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(referrals)
    .set({ patientId, updatedAt: at })
    .where(
      and(
        eq(referrals.serviceId, serviceId),
        eq(referrals.id, referralId),
        isNull(referrals.patientId),
      ),
    )
    .returning({ id: referrals.id });
  if (rows.length !== 1) return false;
  // The questionnaires given with the referral join the patient's history.
  await db
    .update(measureResponses)
    .set({ patientId })
    .where(
      and(
        eq(measureResponses.serviceId, serviceId),
        eq(measureResponses.referralId, referralId),
        isNull(measureResponses.patientId),
      ),
    );
  return true;
}

/** Moves the referral on; false (nothing changed) unless it is in one of `from`. */
export async function setReferralStatus(
  db: Db,
  serviceId: string,
  referralId: string,
  from: readonly ReferralStatus[],
  change: {
    status: ReferralStatus;
    at: Date;
    decided?: boolean;
    closed?: { reason: ReferralCloseReason; note: string };
  },
): Promise<boolean> {
  const rows = await db
    .update(referrals)
    .set({
      status: change.status,
      updatedAt: change.at,
      ...(change.decided ? { decidedAt: change.at } : {}),
      ...(change.closed
        ? {
            closedReason: change.closed.reason,
            closedNote: change.closed.note,
            closedAt: change.at,
          }
        : {}),
    })
    .where(
      and(
        eq(referrals.serviceId, serviceId),
        eq(referrals.id, referralId),
        inArray(referrals.status, [...from]),
      ),
    )
    .returning({ id: referrals.id });
  return rows.length === 1;
}

export async function userNames(
  db: Db,
  serviceId: string,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), inArray(users.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** The person's responsible clinician from now on (their open alerts are moved separately). */
export async function setResponsibleClinician(
  db: Db,
  serviceId: string,
  patientId: string,
  clinicianId: string,
) {
  await db
    .update(patients)
    .set({ responsibleClinicianId: clinicianId })
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, patientId)));
}

export async function setPatientUser(db: Db, serviceId: string, patientId: string, userId: string) {
  await db
    .update(patients)
    .set({ userId })
    .where(
      and(eq(patients.serviceId, serviceId), eq(patients.id, patientId), isNull(patients.userId)),
    );
}

export async function insertAssessment(
  db: Db,
  values: {
    serviceId: string;
    referralId: string;
    patientId: string;
    clinicianId: string;
    appointmentId: string;
    bookedBy: string;
    createdAt: Date;
  },
) {
  const rows = await db.insert(assessments).values(values).returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function listAssessments(
  db: Db,
  serviceId: string,
  referralId: string,
): Promise<AssessmentRow[]> {
  return db
    .select(assessmentWithAppointment)
    .from(assessments)
    .leftJoin(appointments, assessmentAppointmentJoin)
    .where(and(eq(assessments.serviceId, serviceId), eq(assessments.referralId, referralId)))
    .orderBy(desc(assessments.createdAt));
}

/** The assessment still to happen for a referral, if any (the latest booking). */
export async function findBookedAssessment(
  db: Db,
  serviceId: string,
  referralId: string,
): Promise<AssessmentRow | null> {
  const rows = await db
    .select(assessmentWithAppointment)
    .from(assessments)
    .leftJoin(appointments, assessmentAppointmentJoin)
    .where(
      and(
        eq(assessments.serviceId, serviceId),
        eq(assessments.referralId, referralId),
        eq(assessments.status, 'booked'),
      ),
    )
    .orderBy(desc(assessments.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

/** Cancels the referral's booked assessments; returns them with their diary appointments. */
export async function cancelBookedAssessments(db: Db, serviceId: string, referralId: string) {
  return db
    .update(assessments)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(assessments.serviceId, serviceId),
        eq(assessments.referralId, referralId),
        eq(assessments.status, 'booked'),
      ),
    )
    .returning({ id: assessments.id, appointmentId: assessments.appointmentId });
}

/**
 * Keeps a booked assessment in step with its diary appointment when the appointment is moved,
 * cancelled or missed from the diary. Nothing changes once the assessment is recorded.
 */
/** The booked assessment whose appointment the diary cancelled is cancelled with it. */
export async function cancelBookedAssessmentOfAppointment(
  db: Db,
  serviceId: string,
  appointmentId: string,
) {
  return db
    .update(assessments)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(assessments.serviceId, serviceId),
        eq(assessments.appointmentId, appointmentId),
        eq(assessments.status, 'booked'),
      ),
    )
    .returning({ id: assessments.id, patientId: assessments.patientId });
}

export interface AssessmentRecord {
  presentingProblem: PresentingProblem;
  presentingProblemOther: string | null;
  riskLevel: RiskLevel;
  riskAgreed: string;
  safetyPlan: string | null;
  decision: AssessmentDecision;
  otherTreatment: OtherTreatment | null;
  signpostedTo: string | null;
  decisionReason: string;
  patientMessage: string;
  recordedBy: string;
  recordedAt: Date;
}

/** Records a booked assessment as held; false if it was recorded (or cancelled) meanwhile. */
export async function completeAssessment(
  db: Db,
  serviceId: string,
  assessmentId: string,
  record: AssessmentRecord,
): Promise<boolean> {
  const rows = await db
    .update(assessments)
    .set({ ...record, status: 'completed' })
    .where(
      and(
        eq(assessments.serviceId, serviceId),
        eq(assessments.id, assessmentId),
        eq(assessments.status, 'booked'),
      ),
    )
    .returning({ id: assessments.id });
  return rows.length === 1;
}

export async function insertMeasureResponse(db: Db, values: typeof measureResponses.$inferInsert) {
  const rows = await db.insert(measureResponses).values(values).returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Questionnaires given with the referral or at its assessment, newest first, corrections hidden. */
export async function responsesForReferral(db: Db, serviceId: string, referralId: string) {
  return db
    .select()
    .from(measureResponses)
    .where(
      and(
        eq(measureResponses.serviceId, serviceId),
        eq(measureResponses.referralId, referralId),
        isNull(measureResponses.supersededAt),
      ),
    )
    .orderBy(desc(measureResponses.completedAt));
}

export async function alertsForReferral(db: Db, serviceId: string, referralId: string) {
  return db
    .select()
    .from(riskAlerts)
    .where(and(eq(riskAlerts.serviceId, serviceId), eq(riskAlerts.referralId, referralId)))
    .orderBy(asc(riskAlerts.raisedAt));
}

/**
 * The risk alerts still open for a referral or for its patient, oldest first: while any is open
 * the referral is not closed (H2), so this is read again inside the closing transaction.
 */
export async function openAlertsForReferralOrPatient(
  db: Db,
  serviceId: string,
  referral: { id: string; patientId: string | null },
) {
  return db
    .select({ id: riskAlerts.id, reason: riskAlerts.reason, raisedAt: riskAlerts.raisedAt })
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        isNull(riskAlerts.actionedAt),
        referral.patientId
          ? or(eq(riskAlerts.referralId, referral.id), eq(riskAlerts.patientId, referral.patientId))
          : eq(riskAlerts.referralId, referral.id),
      ),
    )
    .orderBy(asc(riskAlerts.raisedAt), asc(riskAlerts.id));
}

/** The IPT waiting list: longest waiting (earliest referral) first. */
export async function listIptWaiting(db: Db, serviceId: string) {
  return db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      receivedAt: referrals.receivedAt,
      decidedAt: referrals.decidedAt,
      urgent: referrals.urgent,
      patientId: referrals.patientId,
      responsibleClinicianId: patients.responsibleClinicianId,
    })
    .from(referrals)
    .leftJoin(
      patients,
      and(eq(patients.serviceId, referrals.serviceId), eq(patients.id, referrals.patientId)),
    )
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.status, 'ipt_waiting')))
    .orderBy(asc(referrals.receivedAt), asc(referrals.reference));
}

/**
 * How many people waiting for their assessment or for IPT have this clinician as their
 * responsible clinician (outside a course: what a manager must move before removing their access).
 */
export async function waitingCountFor(db: Db, serviceId: string, clinicianId: string) {
  const [row] = await db
    .select({ count: sql<number>`count(distinct ${patients.id})::int` })
    .from(referrals)
    .innerJoin(
      patients,
      and(eq(patients.serviceId, referrals.serviceId), eq(patients.id, referrals.patientId)),
    )
    .where(
      and(
        eq(referrals.serviceId, serviceId),
        inArray(referrals.status, ['assessment_booked', 'ipt_waiting']),
        eq(patients.responsibleClinicianId, clinicianId),
      ),
    );
  return row?.count ?? 0;
}

/** The patient's most recent referral, for their home page. */
export async function latestReferralForPatient(db: Db, serviceId: string, patientId: string) {
  const rows = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.patientId, patientId)))
    .orderBy(desc(referrals.receivedAt))
    .limit(1);
  return rows[0] ?? null;
}

/** When the last course that came from this referral ended; null when none has. */
export async function courseEndedAt(db: Db, serviceId: string, referralId: string) {
  const rows = await db
    .select({ endedAt: treatmentCourses.endedAt })
    .from(treatmentCourses)
    .where(
      and(
        eq(treatmentCourses.serviceId, serviceId),
        eq(treatmentCourses.referralId, referralId),
        eq(treatmentCourses.status, 'ended'),
      ),
    )
    .orderBy(sql`${treatmentCourses.endedAt} desc nulls last`)
    .limit(1);
  return rows[0]?.endedAt ?? null;
}
