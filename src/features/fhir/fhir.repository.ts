import {
  and,
  arrayOverlaps,
  asc,
  count,
  eq,
  inArray,
  isNotNull,
  isNull,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import {
  appointments,
  identityLinks,
  locations,
  measureResponses,
  patients,
  referrals,
  riskAlerts,
  therapistLocations,
  therapistProfiles,
  treatmentCourses,
  users,
  type AppointmentStatus,
} from '../../db/schema';
import { MEASURES } from '../../domain/measures';
import {
  NHS_NUMBER_SYSTEM,
  REGISTRATION_SYSTEMS,
  type ApiAlertRow,
  type ApiResponseRow,
  type PractitionerRows,
} from './mappers';
import type { DateRange, SearchQuery } from './search';

/**
 * The FHIR searches, in SQL: every filter and the paging run in the database, always within the
 * caller's service (and row-level security keeps it there too).
 */

export interface Page<T> {
  rows: T[];
  total: number;
}

type Expr = SQLWrapper;

// Bound as text and cast, so columns and computed expressions (coalesce…) compare alike.
function ranges(column: Expr, list: readonly DateRange[]): SQL[] {
  return list.flatMap((r) => [
    ...(r.from ? [sql`${column} >= ${r.from.toISOString()}::timestamptz`] : []),
    ...(r.to ? [sql`${column} < ${r.to.toISOString()}::timestamptz`] : []),
  ]);
}

async function paged<T>(
  db: Db,
  table: PgTable,
  where: SQL | undefined,
  order: SQL | PgColumn,
  q: Pick<SearchQuery, 'count' | 'offset'>,
): Promise<Page<T>> {
  const rows = (await db
    .select()
    .from(table)
    .where(where)
    .orderBy(order)
    .limit(q.count)
    .offset(q.offset)) as T[];
  const [counted] = await db.select({ n: count() }).from(table).where(where);
  return { rows, total: counted?.n ?? 0 };
}

/** Questionnaires kept from the therapist (the PEQ) are never sent out under a patient's name. */
const SHAREABLE_MEASURES = Object.values(MEASURES)
  .filter((m) => !m.anonymousToTherapist)
  .map((m) => m.id);
const SCORED_MEASURES = Object.values(MEASURES)
  .filter((m) => !m.anonymousToTherapist && m.scored && m.totalRange)
  .map((m) => m.id);

/** NHS numbers are stored without spaces; callers may send them either way. */
const compact = (v: string) => v.replace(/\s+/g, '');

export async function searchPatients(db: Db, serviceId: string, q: SearchQuery) {
  const conditions: (SQL | undefined)[] = [
    eq(patients.serviceId, serviceId),
    q.ids ? inArray(patients.id, q.ids) : undefined,
    ...ranges(patients.createdAt, q.lastUpdated),
  ];
  if (q.identifier) {
    if (q.identifier.system !== undefined && q.identifier.system !== NHS_NUMBER_SYSTEM)
      return { rows: [], total: 0 };
    conditions.push(eq(patients.nhsNumber, compact(q.identifier.value)));
  }
  return paged<typeof patients.$inferSelect>(db, patients, and(...conditions), asc(patients.id), q);
}

/**
 * The gender each patient gave on their latest referral (the answer's code), for `Patient.gender`:
 * the record itself does not hold it.
 */
export async function referralGenders(
  db: Db,
  serviceId: string,
  patientIds: readonly string[],
): Promise<Map<string, string>> {
  if (patientIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([referrals.patientId], {
      patientId: referrals.patientId,
      gender: sql<string | null>`${referrals.answers}->'gender'->>'code'`,
    })
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), inArray(referrals.patientId, [...patientIds])))
    .orderBy(referrals.patientId, sql`${referrals.receivedAt} desc`);
  return new Map(
    rows.flatMap((r) => (r.patientId && r.gender ? [[r.patientId, r.gender] as const] : [])),
  );
}

export async function findPatient(db: Db, serviceId: string, id: string) {
  const rows = await db
    .select()
    .from(patients)
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

// Practitioners are the clinicians: therapists and supervisors (a manager who also treats
// patients holds the therapist role too).
const CLINICIAN_ROLES = ['therapist', 'supervisor'];

/**
 * Active: access not removed and the invitation accepted (a password set, or a staff sign-on
 * link), as the service allocates work (therapists' canSignIn); someone only invited is not yet
 * a practitioner another system should send anyone to.
 */
const practitionerActive = sql<boolean>`(${users.active} and (${users.passwordHash} is not null
  or exists (select 1 from ${identityLinks} where ${identityLinks.serviceId} = ${users.serviceId}
  and ${identityLinks.userId} = ${users.id} and ${identityLinks.kind} = 'staff')))`;

export async function searchPractitioners(
  db: Db,
  serviceId: string,
  q: SearchQuery,
): Promise<Page<PractitionerRows>> {
  const updated = sql`greatest(${users.createdAt}, coalesce(${therapistProfiles.updatedAt}, ${users.createdAt}))`;
  const conditions: (SQL | undefined)[] = [
    eq(users.serviceId, serviceId),
    arrayOverlaps(users.roles, CLINICIAN_ROLES as never),
    q.ids ? inArray(users.id, q.ids) : undefined,
    ...ranges(updated, q.lastUpdated),
  ];
  if (q.identifier) {
    const bodies = Object.entries(REGISTRATION_SYSTEMS)
      .filter(([, system]) => q.identifier?.system === undefined || system === q.identifier.system)
      .map(([body]) => body);
    if (bodies.length === 0) return { rows: [], total: 0 };
    conditions.push(
      eq(therapistProfiles.registrationNumber, q.identifier.value),
      inArray(therapistProfiles.professionalBody, bodies as never),
    );
  }
  const where = and(...conditions);
  const join = and(
    eq(therapistProfiles.serviceId, users.serviceId),
    eq(therapistProfiles.userId, users.id),
  );
  const rows = await db
    .select({
      user: {
        id: users.id,
        displayName: users.displayName,
        active: practitionerActive,
        createdAt: users.createdAt,
      },
      profile: therapistProfiles,
    })
    .from(users)
    .leftJoin(therapistProfiles, join)
    .where(where)
    .orderBy(asc(users.id))
    .limit(q.count)
    .offset(q.offset);
  const [counted] = await db
    .select({ n: count() })
    .from(users)
    .leftJoin(therapistProfiles, join)
    .where(where);
  const ids = rows.map((r) => r.user.id);
  const links = ids.length
    ? await db
        .select()
        .from(therapistLocations)
        .where(
          and(eq(therapistLocations.serviceId, serviceId), inArray(therapistLocations.userId, ids)),
        )
    : [];
  return {
    rows: rows.map((r) => ({
      ...r,
      locationIds: links.filter((l) => l.userId === r.user.id).map((l) => l.locationId),
    })),
    total: counted?.n ?? 0,
  };
}

export function searchLocations(db: Db, serviceId: string, q: SearchQuery) {
  const active = q.status?.map((s) => s === 'active');
  return paged<typeof locations.$inferSelect>(
    db,
    locations,
    and(
      eq(locations.serviceId, serviceId),
      q.ids ? inArray(locations.id, q.ids) : undefined,
      active ? inArray(locations.active, active) : undefined,
      ...ranges(locations.createdAt, q.lastUpdated),
    ),
    asc(locations.id),
    q,
  );
}

export function searchCourses(db: Db, serviceId: string, q: SearchQuery) {
  const statuses = q.status?.map((s) => (s === 'active' ? 'active' : 'ended'));
  const updated = sql`coalesce(${treatmentCourses.endedAt}, ${treatmentCourses.startedAt})`;
  return paged<typeof treatmentCourses.$inferSelect>(
    db,
    treatmentCourses,
    and(
      eq(treatmentCourses.serviceId, serviceId),
      q.ids ? inArray(treatmentCourses.id, q.ids) : undefined,
      q.patient ? eq(treatmentCourses.patientId, q.patient) : undefined,
      statuses ? inArray(treatmentCourses.status, statuses) : undefined,
      ...ranges(treatmentCourses.startedAt, q.date),
      ...ranges(updated, q.lastUpdated),
    ),
    asc(treatmentCourses.id),
    q,
  );
}

const APPOINTMENT_DB_STATUSES: Record<string, AppointmentStatus[]> = {
  booked: ['booked'],
  fulfilled: ['attended', 'arrived_late'],
  noshow: ['did_not_attend'],
  cancelled: ['cancelled'],
};

export function searchAppointments(db: Db, serviceId: string, q: SearchQuery) {
  const statuses = q.status?.flatMap((s) => APPOINTMENT_DB_STATUSES[s] ?? []);
  return paged<typeof appointments.$inferSelect>(
    db,
    appointments,
    and(
      eq(appointments.serviceId, serviceId),
      q.ids ? inArray(appointments.id, q.ids) : undefined,
      q.patient ? eq(appointments.patientId, q.patient) : undefined,
      statuses ? inArray(appointments.status, statuses) : undefined,
      ...ranges(appointments.startsAt, q.date),
      ...ranges(appointments.updatedAt, q.lastUpdated),
    ),
    asc(appointments.id),
    q,
  );
}

/** QuestionnaireResponse and Observation statuses, as stored (superseded, a correction, neither). */
function responseStatusCondition(statuses: readonly string[] | undefined, observation: boolean) {
  if (!statuses) return undefined;
  const wrong = isNotNull(measureResponses.supersededAt);
  const correction = and(
    isNull(measureResponses.supersededAt),
    isNotNull(measureResponses.supersedesId),
  );
  const plain = and(isNull(measureResponses.supersededAt), isNull(measureResponses.supersedesId));
  const byCode: Record<string, SQL | undefined> = observation
    ? { 'entered-in-error': wrong, corrected: correction, final: plain }
    : { 'entered-in-error': wrong, amended: correction, completed: plain };
  return or(...statuses.map((s) => byCode[s] ?? sql`false`));
}

export async function searchResponses(
  db: Db,
  serviceId: string,
  q: SearchQuery,
  kind: 'QuestionnaireResponse' | 'Observation',
): Promise<Page<ApiResponseRow>> {
  const updated = sql`coalesce(${measureResponses.supersededAt}, ${measureResponses.completedAt})`;
  const observation = kind === 'Observation';
  const page = await paged<typeof measureResponses.$inferSelect>(
    db,
    measureResponses,
    and(
      eq(measureResponses.serviceId, serviceId),
      isNotNull(measureResponses.patientId),
      inArray(measureResponses.measureId, observation ? SCORED_MEASURES : SHAREABLE_MEASURES),
      observation ? isNotNull(measureResponses.total) : undefined,
      q.ids ? inArray(measureResponses.id, q.ids) : undefined,
      q.patient ? eq(measureResponses.patientId, q.patient) : undefined,
      responseStatusCondition(q.status, observation),
      ...ranges(measureResponses.completedAt, q.date),
      ...ranges(updated, q.lastUpdated),
    ),
    asc(measureResponses.id),
    q,
  );
  return { ...page, rows: page.rows.filter((r): r is ApiResponseRow => r.patientId !== null) };
}

export async function searchFlags(
  db: Db,
  serviceId: string,
  q: SearchQuery,
): Promise<Page<ApiAlertRow>> {
  const updated = sql`coalesce(${riskAlerts.actionedAt}, ${riskAlerts.escalatedAt}, ${riskAlerts.raisedAt})`;
  const open = q.status?.map((s) => s === 'active');
  const statusCondition =
    open && !(open.includes(true) && open.includes(false))
      ? open[0]
        ? isNull(riskAlerts.actionedAt)
        : isNotNull(riskAlerts.actionedAt)
      : undefined;
  const page = await paged<typeof riskAlerts.$inferSelect>(
    db,
    riskAlerts,
    and(
      eq(riskAlerts.serviceId, serviceId),
      isNotNull(riskAlerts.patientId),
      q.ids ? inArray(riskAlerts.id, q.ids) : undefined,
      q.patient ? eq(riskAlerts.patientId, q.patient) : undefined,
      statusCondition,
      ...ranges(riskAlerts.raisedAt, q.date),
      ...ranges(updated, q.lastUpdated),
    ),
    asc(riskAlerts.id),
    q,
  );
  return { ...page, rows: page.rows.filter((r): r is ApiAlertRow => r.patientId !== null) };
}
