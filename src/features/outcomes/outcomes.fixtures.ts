/**
 * Test data for outcomes and caseload tests: a patient with a referral, an IPT course, its
 * sessions and questionnaire scores, written straight to the database.
 */
import { and, eq } from 'drizzle-orm';
import {
  appointments,
  measureResponses,
  patients,
  referrals,
  treatmentCourses,
  type AppointmentStatus,
  type ResponseContext,
} from '../../db/schema';
import type { TestApp } from '../../../tests/support/test-app';
import { insertWaitingPatient } from '../diary/diary.fixtures';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface ScoreSpec {
  measureId: 'phq9' | 'gad7' | 'wsas';
  total: number;
  context: ResponseContext;
  /** For session scores: which session (1-based) it was answered for. */
  session?: number;
  /** Stored, then corrected: a superseded row with this total and a current one with `correctedTo`. */
  correctedTo?: number;
}

export interface CourseSpec {
  givenName: string;
  familyName: string;
  therapistId: string;
  /** One IPT session a week from `firstSessionAt`, with these statuses. */
  sessions: AppointmentStatus[];
  firstSessionAt: Date;
  scores?: ScoreSpec[];
  /** Days from the referral being received to the first session. */
  waitDays?: number;
  plannedSessions?: number;
}

export interface SeededCourse {
  patientId: string;
  referralId: string;
  courseId: string;
  appointmentIds: string[];
  /** Ids of the current (not superseded) responses, in the order of `scores`. */
  responseIds: string[];
  /** Ids of superseded responses. */
  supersededIds: string[];
}

const MINUTE = 60_000;

export async function seedCourse(t: TestApp, spec: CourseSpec): Promise<SeededCourse> {
  const db = t.database.db;
  const serviceId = t.service.id;
  const now = t.clock.now();
  const person = await insertWaitingPatient(t, {
    givenName: spec.givenName,
    familyName: spec.familyName,
    email: null,
    mobile: null,
    allowEmail: false,
    allowSms: false,
    withAccount: false,
  });
  const receivedAt = new Date(spec.firstSessionAt.getTime() - (spec.waitDays ?? 30) * DAY);
  await db
    .update(referrals)
    .set({ status: 'in_treatment', receivedAt })
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.id, person.referralId)));
  await db
    .update(patients)
    .set({ responsibleClinicianId: spec.therapistId })
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, person.patientId)));
  const attended = spec.sessions.filter((s) => s === 'attended' || s === 'arrived_late').length;
  const startedAt = new Date(spec.firstSessionAt.getTime() - 2 * WEEK);
  const [course] = await db
    .insert(treatmentCourses)
    .values({
      serviceId,
      patientId: person.patientId,
      referralId: person.referralId,
      therapistId: spec.therapistId,
      plannedSessions: spec.plannedSessions ?? 16,
      modePreference: 'video',
      attendedSessions: attended,
      startedAt,
    })
    .returning();
  const appointmentIds: string[] = [];
  let sessionNumber = 0;
  for (const [i, status] of spec.sessions.entries()) {
    const startsAt = new Date(spec.firstSessionAt.getTime() + i * WEEK);
    const counts = status === 'attended' || status === 'arrived_late';
    if (counts) sessionNumber += 1;
    const [appt] = await db
      .insert(appointments)
      .values({
        serviceId,
        patientId: person.patientId,
        therapistId: spec.therapistId,
        courseId: course!.id,
        type: 'ipt_session',
        sessionNumber: counts ? sessionNumber : null,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 50 * MINUTE),
        mode: 'video',
        status,
        cancelledBy: status === 'cancelled' ? 'patient' : null,
        cancellationReason: status === 'cancelled' ? 'Unwell' : null,
        bookedBy: spec.therapistId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    appointmentIds.push(appt!.id);
  }
  const responseIds: string[] = [];
  const supersededIds: string[] = [];
  for (const s of spec.scores ?? []) {
    const sessionIndex = (s.session ?? 1) - 1;
    const completedAt =
      s.context === 'session'
        ? new Date(spec.firstSessionAt.getTime() + sessionIndex * WEEK - 10 * MINUTE)
        : s.context === 'assessment'
          ? new Date(startedAt.getTime() - WEEK)
          : receivedAt;
    const base = {
      serviceId,
      measureId: s.measureId,
      context: s.context,
      // Referral scores are stored against the referral only, as the self-referral does.
      patientId: s.context === 'referral' ? null : person.patientId,
      referralId: person.referralId,
      appointmentId: s.context === 'session' ? appointmentIds[sessionIndex]! : null,
      courseId: s.context === 'session' ? course!.id : null,
      answers: {},
      completedAt,
      enteredByRole: s.context === 'referral' ? ('self_referral' as const) : ('patient' as const),
    };
    if (s.correctedTo === undefined) {
      const [row] = await db
        .insert(measureResponses)
        .values({ ...base, total: s.total })
        .returning();
      responseIds.push(row!.id);
    } else {
      const [old] = await db
        .insert(measureResponses)
        .values({ ...base, total: s.total, supersededAt: now })
        .returning();
      supersededIds.push(old!.id);
      const [row] = await db
        .insert(measureResponses)
        .values({
          ...base,
          total: s.correctedTo,
          enteredByRole: 'clinician',
          supersedesId: old!.id,
          correctionReason: 'Entered wrongly',
        })
        .returning();
      responseIds.push(row!.id);
    }
  }
  return {
    patientId: person.patientId,
    referralId: person.referralId,
    courseId: course!.id,
    appointmentIds,
    responseIds,
    supersededIds,
  };
}

/** Session scores for PHQ-9 and GAD-7: first at session 1, last at the given session. */
export function pairedScores(
  phq9: [number, number],
  gad7: [number, number],
  lastSession = 2,
): ScoreSpec[] {
  return [
    { measureId: 'phq9', total: phq9[0], context: 'session', session: 1 },
    { measureId: 'gad7', total: gad7[0], context: 'session', session: 1 },
    { measureId: 'phq9', total: phq9[1], context: 'session', session: lastSession },
    { measureId: 'gad7', total: gad7[1], context: 'session', session: lastSession },
  ];
}
