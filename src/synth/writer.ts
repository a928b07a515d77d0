/**
 * Writes synthetic courses of care straight into the tables, in multi-row inserts: referral,
 * patient, assessment and its appointment, the course with its sessions and questionnaire
 * scores, the stored outcome and any risk alert. Used by `rapport synthesise` (the benchmark's
 * data) and by the report tests' hand-made cohorts, so both go through the same shapes. It
 * bypasses the features' services on purpose: a million courses cannot go through one use case
 * each. Outcome flags come from the domain's own `courseOutcome`.
 */
import { randomBytes } from 'node:crypto';
import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import {
  appointments,
  assessments,
  courseOutcomes,
  measureResponses,
  patients,
  referrals,
  riskAlerts,
  treatmentCourses,
  type AppointmentStatus,
  type ReferralStatus,
  type Therapy,
} from '../db/schema';
import { courseOutcome, MIN_TREATMENT_CONTACTS_TO_FINISH } from '../domain/outcomes';

export interface SynthSession {
  at: Date;
  status: AppointmentStatus;
  /** PHQ-9 and GAD-7 totals given for this session (attended sessions only). */
  scores?: { phq9: number; gad7: number; completedAt: Date };
}

export interface SynthCourseSpec {
  patient: {
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    postcode: string;
    gender?: string;
    ethnicity?: string;
  };
  referral: {
    receivedAt: Date;
    source: string;
    status: ReferralStatus;
    /** Scores given on the referral form (the first scores when no assessment score). */
    scores?: { phq9: number; gad7: number };
  };
  /** The wellbeing assessment, in the clinician's diary. */
  assessment?: { at: Date; clinicianId: string; status: 'completed' | 'did_not_attend' };
  course?: {
    therapistId: string;
    therapy?: Therapy;
    plannedSessions: number;
    mode: 'video' | 'face_to_face';
    room?: { locationId: string; roomId: string };
    sessions: SynthSession[];
    /** Set for an ended course: its outcome is stored with it, as the discharge does. */
    endedAt?: Date;
  };
  /** A risk alert raised on the referral; `actionedAt` null keeps it open. */
  riskAlert?: { raisedAt: Date; actionedAt: Date | null };
}

/**
 * UUIDv7 (RFC 9562): a millisecond timestamp, then a 12-bit counter (method 1, so ids made in
 * the same millisecond still rise), then random bits. Ids made in order sort in order, so every
 * (service_id, id) primary key and (service_id, patient_id …) index takes each batch near its
 * right-hand edge instead of at random pages: with random v4 ids, measure_responses inserts
 * took 1.5 times as long at 10,000 courses, and worse as the indexes outgrow shared buffers.
 */
let v7Ms = 0;
let v7Seq = 0;
export function timeOrderedUuid(): string {
  const now = Date.now();
  if (now > v7Ms) {
    v7Ms = now;
    v7Seq = 0;
  } else if (++v7Seq > 0xfff) {
    // 4096 ids in one millisecond: borrow the next millisecond rather than go backwards.
    v7Ms += 1;
    v7Seq = 0;
  }
  const b = randomBytes(16);
  b.writeUIntBE(v7Ms, 0, 6);
  b[6] = 0x70 | (v7Seq >> 8);
  b[7] = v7Seq & 0xff;
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const ATTENDED: readonly AppointmentStatus[] = ['attended', 'arrived_late'];
/** Rows per statement: each column travels as one array parameter, so this can be large. */
const CHUNK = 10_000;

/**
 * Inserts rows as `insert … select * from unnest($1::type[], $2::type[], …)`: one array
 * parameter per column rather than one parameter per value. A multi-row VALUES of 1000 rows
 * × 20 columns (20,000 parameters) spent far longer being built, sent and planned than
 * inserted (1.4 s against 0.05 s for 1000 patients, measured on PostgreSQL 15); unnest costs
 * the same whatever the row count. Rows are grouped by the keys they set, so a column a row
 * leaves out still takes its default.
 */
async function bulkInsert<T extends PgTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  size = CHUNK,
): Promise<void> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows as readonly Record<string, unknown>[]) {
    const keys = Object.keys(row)
      .filter((k) => row[k] !== undefined)
      .join(',');
    const group = groups.get(keys);
    if (group) group.push(row);
    else groups.set(keys, [row]);
  }
  const name = sql.identifier(getTableConfig(table).name);
  for (const [keyList, group] of groups) {
    const keys = keyList.split(',');
    const cols = keys.map((k) => {
      const column = columns[k];
      if (!column) throw new Error(`no column ${k} in ${getTableConfig(table).name}`);
      return column;
    });
    for (let i = 0; i < group.length; i += size) {
      const chunk = group.slice(i, i + size);
      const arrays = cols.map(
        (column, c) =>
          sql`${sql.param(
            chunk.map((row) => {
              const v = row[keys[c] ?? ''];
              return v === null ? null : column.mapToDriverValue(v);
            }),
          )}::${sql.raw(column.getSQLType())}[]`,
      );
      await db.execute(
        sql`insert into ${name} (${sql.join(
          cols.map((c) => sql.identifier(c.name)),
          sql`, `,
        )}) select * from unnest(${sql.join(arrays, sql`, `)})`,
      );
    }
  }
}

export interface WrittenCourse {
  patientId: string;
  referralId: string;
  courseId: string | null;
}

/** Writes the courses in a few multi-row inserts per table. `bookedBy` is any staff user id. */
export async function writeCourses(
  db: Db,
  serviceId: string,
  bookedBy: string,
  specs: readonly SynthCourseSpec[],
): Promise<WrittenCourse[]> {
  const rows = {
    patients: [] as (typeof patients.$inferInsert)[],
    referrals: [] as (typeof referrals.$inferInsert)[],
    assessments: [] as (typeof assessments.$inferInsert)[],
    courses: [] as (typeof treatmentCourses.$inferInsert)[],
    appointments: [] as (typeof appointments.$inferInsert)[],
    responses: [] as (typeof measureResponses.$inferInsert)[],
    outcomes: [] as (typeof courseOutcomes.$inferInsert)[],
    alerts: [] as (typeof riskAlerts.$inferInsert)[],
  };
  const written: WrittenCourse[] = [];
  for (const spec of specs) {
    const patientId = timeOrderedUuid();
    const referralId = timeOrderedUuid();
    const clinician = spec.course?.therapistId ?? spec.assessment?.clinicianId ?? null;
    rows.patients.push({
      serviceId,
      id: patientId,
      givenName: spec.patient.givenName,
      familyName: spec.patient.familyName,
      dateOfBirth: spec.patient.dateOfBirth,
      postcode: spec.patient.postcode,
      responsibleClinicianId: clinician,
      createdAt: spec.referral.receivedAt,
    });
    // The id's random tail (its head is the time): 48 bits, so a million references are very
    // unlikely to collide (32 bits would give about a hundred collisions at a million).
    const reference = `SYN-${referralId.slice(-12).toUpperCase()}`;
    rows.referrals.push({
      serviceId,
      id: referralId,
      reference,
      source: spec.referral.source,
      status: spec.referral.status,
      receivedAt: spec.referral.receivedAt,
      givenName: spec.patient.givenName,
      familyName: spec.patient.familyName,
      dateOfBirth: spec.patient.dateOfBirth,
      postcode: spec.patient.postcode,
      answers: {
        version: 1,
        synthetic: true,
        ...(spec.patient.gender ? { gender: { code: spec.patient.gender } } : {}),
        ...(spec.patient.ethnicity ? { ethnicity: { code: spec.patient.ethnicity } } : {}),
      },
      submissionKey: `synthetic-${referralId}`,
      patientId,
      updatedAt: spec.referral.receivedAt,
    });
    if (spec.referral.scores) {
      for (const [measureId, total] of Object.entries(spec.referral.scores))
        rows.responses.push({
          serviceId,
          id: timeOrderedUuid(),
          measureId,
          context: 'referral',
          referralId,
          answers: {},
          total,
          completedAt: spec.referral.receivedAt,
          enteredByRole: 'self_referral',
        });
    }
    if (spec.assessment) {
      const apptId = timeOrderedUuid();
      const a = spec.assessment;
      rows.appointments.push({
        serviceId,
        id: apptId,
        patientId,
        therapistId: a.clinicianId,
        type: 'assessment',
        startsAt: a.at,
        endsAt: new Date(a.at.getTime() + 50 * 60_000),
        mode: 'video',
        status: a.status === 'completed' ? 'attended' : 'did_not_attend',
        attendanceRecordedAt: a.at,
        bookedBy,
        createdAt: a.at,
        updatedAt: a.at,
      });
      rows.assessments.push({
        serviceId,
        id: timeOrderedUuid(),
        referralId,
        patientId,
        clinicianId: a.clinicianId,
        status: a.status,
        appointmentId: apptId,
        bookedBy,
        createdAt: a.at,
        ...(a.status === 'completed'
          ? {
              presentingProblem: 'depression' as const,
              riskLevel: 'low' as const,
              decision: spec.course ? ('offer_ipt' as const) : null,
              recordedAt: a.at,
              recordedBy: a.clinicianId,
            }
          : {}),
      });
    }
    let courseId: string | null = null;
    if (spec.course) {
      const c = spec.course;
      courseId = timeOrderedUuid();
      let attended = 0;
      // The first treatment score, else the referral's (src/domain/outcomes pairing rule).
      let first: { phq9: number; gad7: number } | null = null;
      let last: { phq9: number; gad7: number } | null = null;
      let firstTreatmentAt: Date | null = null;
      for (const s of c.sessions) {
        const apptId = timeOrderedUuid();
        const came = ATTENDED.includes(s.status);
        if (came) {
          attended += 1;
          firstTreatmentAt ??= s.at;
        }
        rows.appointments.push({
          serviceId,
          id: apptId,
          patientId,
          therapistId: c.therapistId,
          courseId,
          type: 'ipt_session',
          sessionNumber: came ? attended : null,
          startsAt: s.at,
          endsAt: new Date(s.at.getTime() + 50 * 60_000),
          mode: c.mode,
          locationId: c.mode === 'face_to_face' ? (c.room?.locationId ?? null) : null,
          roomId: c.mode === 'face_to_face' ? (c.room?.roomId ?? null) : null,
          status: s.status,
          ...(s.status === 'cancelled'
            ? { cancelledBy: 'patient' as const, cancellationReason: 'Unwell', cancelledAt: s.at }
            : {}),
          ...(s.status !== 'booked' && s.status !== 'cancelled'
            ? { attendanceRecordedAt: s.at }
            : {}),
          bookedBy,
          createdAt: spec.referral.receivedAt,
          updatedAt: s.at,
        });
        if (came && s.scores) {
          first ??= s.scores;
          last = s.scores;
          for (const measureId of ['phq9', 'gad7'] as const)
            rows.responses.push({
              serviceId,
              id: timeOrderedUuid(),
              measureId,
              context: 'session',
              patientId,
              appointmentId: apptId,
              courseId,
              answers: {},
              total: s.scores[measureId],
              completedAt: s.scores.completedAt,
              enteredByRole: 'patient',
            });
        }
      }
      rows.courses.push({
        serviceId,
        id: courseId,
        patientId,
        referralId,
        therapistId: c.therapistId,
        therapy: c.therapy ?? 'ipt',
        plannedSessions: c.plannedSessions,
        modePreference: c.mode,
        status: c.endedAt ? 'ended' : 'active',
        attendedSessions: attended,
        startedAt: c.sessions[0]?.at ?? spec.referral.receivedAt,
        endedAt: c.endedAt ?? null,
        endedReason: c.endedAt ? 'Finished treatment' : null,
      });
      const firstFromReferral = first === null && spec.referral.scores !== undefined;
      first ??= spec.referral.scores ?? null;
      if (c.endedAt) {
        const finished = attended >= MIN_TREATMENT_CONTACTS_TO_FINISH;
        const base = {
          serviceId,
          courseId,
          patientId,
          attendedSessions: attended,
          finishedTreatment: finished,
          phq9First: first?.phq9 ?? null,
          gad7First: first?.gad7 ?? null,
          phq9FirstContext: first ? (firstFromReferral ? 'referral' : 'session') : null,
          gad7FirstContext: first ? (firstFromReferral ? 'referral' : 'session') : null,
          phq9Last: last?.phq9 ?? null,
          gad7Last: last?.gad7 ?? null,
          referralReceivedAt: spec.referral.receivedAt,
          firstTreatmentAt,
          computedAt: c.endedAt,
        } as const;
        const result =
          first && last
            ? courseOutcome({
                attendedTreatmentContacts: attended,
                discharged: true,
                phq9: { first: first.phq9, last: last.phq9 },
                anxiety: { first: first.gad7, last: last.gad7 },
              })
            : null;
        if (result?.ok)
          rows.outcomes.push({
            ...base,
            status: 'computed',
            casenessAtStart: result.casenessAtStart,
            casenessAtEnd: result.casenessAtEnd,
            phq9Change: result.phq9Change,
            anxietyChange: result.anxietyChange,
            recovered: result.recovered,
            reliableImprovement: result.reliableImprovement,
            reliableDeterioration: result.reliableDeterioration,
            noReliableChange: result.noReliableChange,
            reliableRecovery: result.reliableRecovery,
          });
        else rows.outcomes.push({ ...base, status: 'insufficient_scores' });
      }
    }
    if (spec.riskAlert)
      rows.alerts.push({
        serviceId,
        source: 'referral',
        reason: 'Synthetic: risk answer on the referral',
        patientId,
        referralId,
        responsibleClinicianId: clinician,
        raisedAt: spec.riskAlert.raisedAt,
        ...(spec.riskAlert.actionedAt
          ? {
              actionedAt: spec.riskAlert.actionedAt,
              actionTaken: 'Called and agreed a safety plan',
              actionedBy: clinician,
            }
          : {}),
      });
    written.push({ patientId, referralId, courseId });
  }
  // Parents first, for the foreign keys.
  await bulkInsert(db, patients, rows.patients);
  await bulkInsert(db, referrals, rows.referrals);
  await bulkInsert(db, treatmentCourses, rows.courses);
  await bulkInsert(db, appointments, rows.appointments);
  await bulkInsert(db, assessments, rows.assessments);
  await bulkInsert(db, measureResponses, rows.responses);
  await bulkInsert(db, courseOutcomes, rows.outcomes);
  await bulkInsert(db, riskAlerts, rows.alerts);
  return written;
}
