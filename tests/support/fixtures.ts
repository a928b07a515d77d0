import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import {
  appointments,
  measureResponses,
  patients,
  referrals,
  riskAlerts,
  therapistProfiles,
  treatmentCourses,
} from '../../src/db/schema';
import { scoreQuestionnaire } from '../../src/domain/measures';
import type { TestApp } from './test-app';

/**
 * Test data written straight to the database, the way the public self-referral form stores it
 * (src/features/referral/referral.flow.ts, SubmittedAnswers version 1), so staff-side tests do not
 * depend on going through the public form.
 */

let counter = 0;

export interface AnswerOverrides {
  permissions?: { email?: boolean | null; texts?: boolean | null; voicemail?: boolean };
  risk?: Partial<{ thoughtsOfEndingLife: boolean; plans: boolean; harmOthers: boolean }>;
  troubling?: string;
  [key: string]: unknown;
}

export function referralAnswers(
  person: { givenName: string; familyName: string; dateOfBirth: string; postcode: string },
  overrides: AnswerOverrides = {},
): Record<string, unknown> {
  const { permissions, risk, ...rest } = overrides;
  return {
    version: 1,
    name: { givenName: person.givenName, familyName: person.familyName },
    dateOfBirth: person.dateOfBirth,
    address: { line1: '1 High Street', line2: null, town: 'Leeds', postcode: person.postcode },
    contact: {
      mobile: '+447700900982',
      mobileDisplay: '07700 900982',
      otherPhone: null,
      otherPhoneDisplay: null,
      email: 'person@example.com',
    },
    permissions: { voicemail: true, texts: true, email: true, ...permissions },
    nhsNumber: null,
    gp: { registered: true, practiceName: 'Park Surgery', practiceAddress: 'Park Road, Leeds' },
    gender: { code: 'female', label: 'Female', description: null },
    ethnicity: { code: 'Z', label: 'Not stated – I would prefer not to say' },
    language: { firstLanguage: 'English', interpreter: false },
    communicationNeeds: { needs: [], otherDetails: null },
    troubling: 'I have been feeling low since I moved house.',
    focalAreas: { areas: ['role-transitions'], notSure: false },
    otherServices: { inTouch: false, details: null },
    risk: {
      thoughtsOfEndingLife: false,
      plans: false,
      harmOthers: false,
      phq9Item9: 0,
      earlierRiskAnswers: [],
      ...risk,
    },
    sessions: {
      mode: 'video',
      modeLabel: 'By video call',
      locationId: null,
      locationName: null,
    },
    gpConsent: true,
    ...rest,
  };
}

export interface ReferralOverrides {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  postcode?: string;
  nhsNumber?: string | null;
  email?: string | null;
  mobile?: string | null;
  urgent?: boolean;
  status?: (typeof referrals.$inferInsert)['status'];
  receivedAt?: Date;
  decidedAt?: Date | null;
  patientId?: string | null;
  answers?: AnswerOverrides;
}

/** A referral as the public form would have stored it; returns the row. */
export async function insertReferral(t: TestApp, overrides: ReferralOverrides = {}) {
  counter += 1;
  const person = {
    givenName: overrides.givenName ?? 'Riley',
    familyName: overrides.familyName ?? `Referral${counter}`,
    dateOfBirth: overrides.dateOfBirth ?? '1990-04-01',
    postcode: overrides.postcode ?? 'LS1 4AP',
  };
  const now = t.clock.now();
  const rows = await t.database.db
    .insert(referrals)
    .values({
      serviceId: t.service.id,
      reference: `RAP-T${String(counter).padStart(3, '0')}-${randomBytes(2).toString('hex').toUpperCase()}`,
      ...person,
      nhsNumber: overrides.nhsNumber ?? null,
      email: overrides.email === undefined ? 'person@example.com' : overrides.email,
      mobile: overrides.mobile === undefined ? '+447700900982' : overrides.mobile,
      urgent: overrides.urgent ?? false,
      status: overrides.status ?? 'new',
      receivedAt: overrides.receivedAt ?? now,
      decidedAt: overrides.decidedAt ?? null,
      patientId: overrides.patientId ?? null,
      answers: referralAnswers(person, overrides.answers),
      submissionKey: randomBytes(16).toString('hex'),
      updatedAt: now,
    })
    .returning();
  return rows[0]!;
}

/** A questionnaire given with the referral (context 'referral'), scored by the domain. */
/** A questionnaire's stored score columns, scored as the app scores it. */
function scored(measureId: 'phq9' | 'gad7' | 'wsas', answers: Record<string, number | string>) {
  const result = scoreQuestionnaire(measureId, answers);
  if (!result.ok) throw new Error(`bad ${measureId} answers in a test`);
  const score = result.value;
  return {
    measureId,
    answers: { ...score.answers },
    total: score.total,
    band: score.band?.id ?? null,
    riskFlag: score.riskFlag,
  };
}

export async function insertReferralMeasure(
  t: TestApp,
  referralId: string,
  measureId: 'phq9' | 'gad7' | 'wsas',
  answers: Record<string, number | string>,
) {
  const rows = await t.database.db
    .insert(measureResponses)
    .values({
      serviceId: t.service.id,
      ...scored(measureId, answers),
      context: 'referral',
      referralId,
      completedAt: t.clock.now(),
      enteredByRole: 'self_referral',
    })
    .returning();
  return rows[0]!;
}

/** A questionnaire answered before a session, scored as the questionnaire page scores it. */
export async function insertSessionMeasure(
  t: TestApp,
  session: { id: string; patientId: string; courseId: string | null },
  measureId: 'phq9' | 'gad7' | 'wsas',
  answers: Record<string, number | string>,
) {
  const rows = await t.database.db
    .insert(measureResponses)
    .values({
      serviceId: t.service.id,
      ...scored(measureId, answers),
      context: 'session',
      patientId: session.patientId,
      appointmentId: session.id,
      courseId: session.courseId,
      completedAt: t.clock.now(),
      enteredByRole: 'patient',
    })
    .returning();
  return rows[0]!;
}

/** A risk alert as the self-referral raises it. */
export async function insertReferralRiskAlert(
  t: TestApp,
  referralId: string,
  reason = 'Self-referral: said yes to thoughts of ending their life',
) {
  const rows = await t.database.db
    .insert(riskAlerts)
    .values({
      serviceId: t.service.id,
      source: 'referral',
      reason,
      referralId,
      raisedAt: t.clock.now(),
    })
    .returning();
  return rows[0]!;
}

export async function insertPatient(t: TestApp, values: Partial<typeof patients.$inferInsert>) {
  const rows = await t.database.db
    .insert(patients)
    .values({
      serviceId: t.service.id,
      givenName: 'Pat',
      familyName: 'Patient',
      dateOfBirth: '1980-01-01',
      ...values,
    })
    .returning();
  return rows[0]!;
}

/** Same item answer for every question of a measure, e.g. all 1s: handy for form posts. */
export function measureForm(
  prefix: 'phq9' | 'gad7' | 'wsas',
  count: number,
  value: number,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const form: Record<string, string> = {};
  for (let i = 1; i <= count; i++) form[`${prefix}_${i}`] = String(value);
  return { ...form, ...overrides };
}

export const DAY_MS = 86_400_000;

// ---- Courses and sessions (the diary's own pages are tested in src/features/diary) -----------

/** An active IPT course; the therapist becomes the patient's responsible clinician. */
export async function insertCourse(
  t: TestApp,
  patientId: string,
  therapistId: string,
  values: Partial<typeof treatmentCourses.$inferInsert> = {},
) {
  const rows = await t.database.db
    .insert(treatmentCourses)
    .values({
      serviceId: t.service.id,
      patientId,
      therapistId,
      plannedSessions: 16,
      modePreference: 'video',
      startedAt: t.clock.now(),
      ...values,
    })
    .returning();
  await t.database.db
    .update(patients)
    .set({ responsibleClinicianId: therapistId })
    .where(and(eq(patients.serviceId, t.service.id), eq(patients.id, patientId)));
  return rows[0]!;
}

/** A 50-minute IPT session by video in the course, starting at `startsAt`. */
export async function insertSession(
  t: TestApp,
  course: { id: string; patientId: string; therapistId: string },
  startsAt: string | Date,
  values: Partial<typeof appointments.$inferInsert> = {},
) {
  const start = new Date(startsAt);
  const rows = await t.database.db
    .insert(appointments)
    .values({
      serviceId: t.service.id,
      patientId: course.patientId,
      therapistId: course.therapistId,
      courseId: course.id,
      type: 'ipt_session',
      startsAt: start,
      endsAt: new Date(start.getTime() + 50 * 60_000),
      mode: 'video',
      bookedBy: course.therapistId,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
      ...values,
    })
    .returning();
  return rows[0]!;
}

/** A therapist profile (needed to name a supervisor). */
export async function insertTherapistProfile(
  t: TestApp,
  userId: string,
  values: Partial<typeof therapistProfiles.$inferInsert> = {},
) {
  const rows = await t.database.db
    .insert(therapistProfiles)
    .values({
      serviceId: t.service.id,
      userId,
      jobTitle: 'IPT therapist',
      therapies: ['ipt'],
      workingPattern: {},
      updatedAt: t.clock.now(),
      ...values,
    })
    .returning();
  return rows[0]!;
}
