import { and, asc, desc, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { NOT_APPLICABLE, notApplicableItems } from '../../domain/measures';
import { anyOf, builtOnce } from '../../db/statement';
import {
  appointments,
  courseOutcomes,
  measureResponses,
  referrals,
  treatmentCourses,
} from '../../db/schema';
import type { ResponseRow } from './outcomes.compute';

export type CourseOutcomeRow = typeof courseOutcomes.$inferSelect;
export type NewCourseOutcome = typeof courseOutcomes.$inferInsert;

/**
 * A timestamp column as milliseconds since 1970, made a Date here: a caseload reads 1,280
 * responses and 640 sessions a request, and PostgreSQL's text form of a timestamp, parsed back
 * in JavaScript, was a sixth of that reading (issue 16). Exact: whole milliseconds, as a Date
 * holds them.
 */
const epochMs = (column: AnyPgColumn) =>
  sql<Date>`floor(extract(epoch from ${column}) * 1000)::float8`.mapWith(
    (ms: number | string) => new Date(Number(ms)),
  );

/** A measure id, item id or answer value of ours (src/domain) as an SQL literal: plain words only. */
function literal(word: string) {
  if (!/^[a-z0-9_-]+$/.test(word)) throw new Error(`not a plain word: ${word}`);
  return sql.raw(`'${word}'`);
}

/** The items of one measure answered "not applicable", as a text array; null when none are. */
function leftOut(itemIds: readonly string[]) {
  const each = itemIds.map(
    (item) =>
      sql`case when ${measureResponses.answers} ->> ${literal(item)} = ${literal(NOT_APPLICABLE)} then ${literal(item)} end`,
  );
  return sql`nullif(array_remove(array[${sql.join(each, sql`, `)}]::text[], null), '{}')`;
}

const whens = [...notApplicableItems()].map(
  ([measureId, itemIds]) =>
    sql`when ${measureResponses.measureId} = ${literal(measureId)} then ${leftOut(itemIds)}`,
);

/**
 * The ids of the items of a response answered "not applicable" (the WSAS work question), or null
 * when there are none, as for nearly every row: the caseload needs only these to know a total's
 * maximum (hazard H5), not the answers themselves. Only the items that may be "not applicable"
 * (`notApplicableItems`) of their own measure are looked at, one key each. Reading 1,280 rows,
 * a third WSAS, in PGlite (fastest of 300): 4.7 ms without this column, 5.7 ms with it, and 10.1
 * ms with a jsonpath over every answer instead.
 */
const notApplicableItemIds = (
  whens.length === 0 ? sql`null::text[]` : sql`case ${sql.join(whens, sql` `)} end`
).mapWith(
  // A text array; parsed here should a driver leave it in PostgreSQL's text form ("{wsas_1}").
  (value: unknown): string[] | null =>
    typeof value === 'string' ? value.replace(/^\{|\}$/g, '').split(',') : (value as string[]),
);

// Built once (src/db/statement.ts): every caseload and outcome record runs these. Lists are
// array parameters, so one statement serves any number of patients or courses.
const responsesStatement = builtOnce((db) =>
  db
    .select({
      id: measureResponses.id,
      measureId: measureResponses.measureId,
      context: measureResponses.context,
      total: measureResponses.total,
      completedAt: epochMs(measureResponses.completedAt),
      patientId: measureResponses.patientId,
      referralId: measureResponses.referralId,
      appointmentId: measureResponses.appointmentId,
      courseId: measureResponses.courseId,
      notApplicableItemIds,
    })
    .from(measureResponses)
    .where(
      and(
        eq(measureResponses.serviceId, sql.placeholder('serviceId')),
        isNull(measureResponses.supersededAt),
        anyOf(measureResponses.measureId, 'measureIds'),
        or(
          anyOf(measureResponses.patientId, 'patientIds'),
          anyOf(measureResponses.referralId, 'referralIds'),
        ),
      ),
    )
    .orderBy(asc(measureResponses.completedAt), asc(measureResponses.id)),
);

/**
 * Current (not superseded) responses to the given questionnaires for these patients, or given
 * with these referrals (referral scores carry the referral, not the patient). One query.
 */
export async function currentResponses(
  db: Db,
  serviceId: string,
  who: { patientIds: readonly string[]; referralIds: readonly string[] },
  measureIds: readonly string[],
): Promise<ResponseRow[]> {
  const patientIds = [...new Set(who.patientIds)];
  const referralIds = [...new Set(who.referralIds)];
  if (patientIds.length === 0 && referralIds.length === 0) return [];
  return responsesStatement(db, {
    serviceId,
    measureIds: [...measureIds],
    patientIds,
    referralIds,
  });
}

const sessionsStatement = builtOnce((db) =>
  db
    .select({
      id: appointments.id,
      courseId: appointments.courseId,
      status: appointments.status,
      startsAt: epochMs(appointments.startsAt),
      sessionNumber: appointments.sessionNumber,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, sql.placeholder('serviceId')),
        anyOf(appointments.courseId, 'courseIds'),
        eq(appointments.type, 'ipt_session'),
      ),
    )
    .orderBy(asc(appointments.startsAt)),
);

/** The IPT sessions of these courses (any status), soonest first. One query. */
export async function courseSessions(db: Db, serviceId: string, courseIds: readonly string[]) {
  if (courseIds.length === 0) return [];
  return sessionsStatement(db, { serviceId, courseIds: [...new Set(courseIds)] });
}

export async function referralReceivedAt(
  db: Db,
  serviceId: string,
  referralId: string,
): Promise<Date | null> {
  const rows = await db
    .select({ receivedAt: referrals.receivedAt })
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.id, referralId)))
    .limit(1);
  return rows[0]?.receivedAt ?? null;
}

/** Stores a course's outcome; working it out again replaces the earlier row. */
export async function saveOutcome(db: Db, values: NewCourseOutcome): Promise<CourseOutcomeRow> {
  const { serviceId: _s, courseId: _c, ...rest } = values;
  const rows = await db
    .insert(courseOutcomes)
    .values(values)
    .onConflictDoUpdate({ target: [courseOutcomes.serviceId, courseOutcomes.courseId], set: rest })
    .returning();
  const [row] = rows;
  if (!row) throw new Error('upsert into course_outcomes returned no row');
  return row;
}

export async function findOutcome(db: Db, serviceId: string, courseId: string) {
  const rows = await db
    .select()
    .from(courseOutcomes)
    .where(and(eq(courseOutcomes.serviceId, serviceId), eq(courseOutcomes.courseId, courseId)))
    .limit(1);
  return rows[0] ?? null;
}

/** A patient's ended courses, newest first, with their outcomes where worked out. */
export async function endedCoursesOfPatient(db: Db, serviceId: string, patientId: string) {
  return db
    .select({
      courseId: treatmentCourses.id,
      therapy: treatmentCourses.therapy,
      startedAt: treatmentCourses.startedAt,
      endedAt: treatmentCourses.endedAt,
      outcome: courseOutcomes,
    })
    .from(treatmentCourses)
    .leftJoin(
      courseOutcomes,
      and(
        eq(courseOutcomes.serviceId, treatmentCourses.serviceId),
        eq(courseOutcomes.courseId, treatmentCourses.id),
      ),
    )
    .where(
      and(
        eq(treatmentCourses.serviceId, serviceId),
        eq(treatmentCourses.patientId, patientId),
        eq(treatmentCourses.status, 'ended'),
      ),
    )
    .orderBy(desc(treatmentCourses.endedAt));
}

/** Courses that ended in [from, to), with their outcomes where worked out. One query. */
export async function endedCourses(db: Db, serviceId: string, range: { from?: Date; to?: Date }) {
  return db
    .select({
      courseId: treatmentCourses.id,
      patientId: treatmentCourses.patientId,
      outcome: courseOutcomes,
    })
    .from(treatmentCourses)
    .leftJoin(
      courseOutcomes,
      and(
        eq(courseOutcomes.serviceId, treatmentCourses.serviceId),
        eq(courseOutcomes.courseId, treatmentCourses.id),
      ),
    )
    .where(
      and(
        eq(treatmentCourses.serviceId, serviceId),
        eq(treatmentCourses.status, 'ended'),
        range.from ? gte(treatmentCourses.endedAt, range.from) : undefined,
        range.to ? lt(treatmentCourses.endedAt, range.to) : undefined,
      ),
    );
}
