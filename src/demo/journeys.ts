/**
 * The demo's patients, each at a different point of the journey. They are made through the real
 * services (the self-referral, triage, allocation and the diary) with a clock set in the past, so
 * statuses, the audit trail and the messages are what the service itself would have recorded.
 *
 * Every person is invented. NHS numbers are in the 999 range (valid by modulus 11, never issued),
 * mobiles in Ofcom's 07700 900xxx drama range and emails at demo.rapport.test.
 */
import type { Db } from '../db/client';
import type { Role } from '../db/schema';
import {
  addDays,
  resolveLondonLocal,
  utcToLondon,
  type IsoDate,
  type LocalTime,
} from '../domain/calendar';
import { weekStart } from '../domain/diary';
import { scoreQuestionnaire } from '../domain/measures';
import { audit, type Actor } from '../platform/audit';
import type { Clock, FixedClock } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { hashToken } from '../platform/tokens';
import type { AuthUser } from '../platform/types';
import { createUseCase, type UseCase } from '../platform/use-case';
import { findUserByEmail, insertUser } from '../features/auth/auth.repository';
import { dischargeCourse } from '../features/courses';
import { allocate } from '../features/courses/courses.service';
import { listForCourse } from '../features/diary/diary.repository';
import { bookAppointments, recordAttendance } from '../features/diary/diary.service';
import { savePlan } from '../features/ipt/ipt.staying-well.service';
import {
  addSummaryCorrection,
  countersignNote,
  saveNote,
} from '../features/session-notes/session-notes.service';
import { RISK_PAGES, emptyDraftData, riskDescriptions } from '../features/referral/referral.flow';
import { PAGE_ORDER, parsePage, type SectionKey } from '../features/referral/referral.forms';
import * as referralRepo from '../features/referral/referral.repository';
import {
  loadReferralContext,
  saveSection,
  submitReferral,
} from '../features/referral/referral.service';
import { parseAssessment } from '../features/triage/triage.forms';
import { setPatientUser } from '../features/triage/triage.repository';
import * as triage from '../features/triage/triage.service';
import { demoRooms, insertSessionMeasure, settleDemoMessages } from './demo.repository';

export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
}

/** What every journey needs: the service, "now", the staff and the demo password. */
export interface DemoWorld {
  ctx: AppContext;
  serviceId: string;
  now: Date;
  /** Monday of the current week (London): journeys are laid out in weeks from here. */
  monday: IsoDate;
  staff: Map<string, StaffUser>;
  passwordHash: string;
  rooms: Awaited<ReturnType<typeof demoRooms>>;
}

export function demoWorldBase(ctx: AppContext) {
  const now = ctx.clock.now();
  return { now, monday: weekStart(utcToLondon(now).date) };
}

/** The date `weeks` weeks from this week's Monday, on an ISO weekday (1 = Monday). */
export function dayOf(monday: IsoDate, weeks: number, weekday: number): IsoDate {
  return addDays(monday, weeks * 7 + weekday - 1);
}

/** That date at a London time, as an instant. */
export function atTime(monday: IsoDate, weeks: number, weekday: number, time: LocalTime): Date {
  return resolveLondonLocal(dayOf(monday, weeks, weekday), time);
}

// ---- People --------------------------------------------------------------------------------

interface Scores {
  phq9: number;
  gad7: number;
  wsas: number;
}

export interface Person {
  key: string;
  givenName: string;
  familyName: string;
  dateOfBirth: IsoDate;
  nhsNumber: string;
  addressLine1: string;
  postcode: string;
  /** As typed on the form, in the 07700 900xxx range. */
  mobile: string;
  email: string;
  texts: boolean;
  gender: string;
  ethnicity: string;
  troubling: string;
  areas: string[];
  /** Totals on the referral's questionnaires (spread over the items); PHQ-9 item 9 separately. */
  referralScores: Scores;
  phq9Item9?: number;
  risk?: { thoughts: boolean; plans: boolean };
  /** A demo sign-in made for the patient once they have an account. */
  account?: { email: string; label: string };
}

/** `total` spread as evenly as the answers allow over `n` items scored 0 to `max`. */
function spread(total: number, n: number, max: number): number[] {
  const out = Array.from({ length: n }, () => 0);
  let left = Math.min(total, n * max);
  for (let i = 0; left > 0; i = (i + 1) % n)
    if ((out[i] ?? max) < max) {
      out[i] = (out[i] ?? 0) + 1;
      left -= 1;
    }
  return out;
}

/** Item answers for each questionnaire, e.g. { phq9_1: 2, … }, with PHQ-9 item 9 as given. */
function itemAnswers(scores: Scores, phq9Item9 = 0): Record<string, Record<string, number>> {
  const named = (prefix: string, values: number[]) =>
    Object.fromEntries(values.map((v, i) => [`${prefix}_${i + 1}`, v]));
  return {
    phq9: named('phq9', [...spread(scores.phq9 - phq9Item9, 8, 3), phq9Item9]),
    gad7: named('gad7', spread(scores.gad7, 7, 3)),
    wsas: named('wsas', spread(scores.wsas, 5, 8)),
  };
}

const asText = (answers: Record<string, number>) =>
  Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, String(v)]));

/** Each page of the self-referral as the browser would post it. */
function referralPages(p: Person): Partial<Record<SectionKey, Record<string, string | string[]>>> {
  const [year, month, day] = p.dateOfBirth.split('-');
  const items = itemAnswers(p.referralScores, p.phq9Item9);
  return {
    name: { givenName: p.givenName, familyName: p.familyName },
    dateOfBirth: {
      'dateOfBirth-day': String(Number(day)),
      'dateOfBirth-month': String(Number(month)),
      'dateOfBirth-year': required(year, 'year of birth'),
    },
    address: {
      addressLine1: p.addressLine1,
      addressLine2: '',
      addressTown: 'Leeds',
      postcode: p.postcode,
    },
    contact: { mobile: p.mobile, otherPhone: '', email: p.email },
    permissions: { voicemail: 'yes', texts: p.texts ? 'yes' : 'no', emails: 'yes' },
    nhsNumber: { nhsNumber: p.nhsNumber },
    gp: { gpRegistered: 'yes', gpName: 'Aire Valley Surgery', gpAddress: 'Kirkstall Road, Leeds' },
    gender: { gender: p.gender },
    ethnicity: { ethnicity: p.ethnicity },
    language: { firstLanguage: 'English', interpreter: 'no' },
    needs: { needs: ['none'] },
    troubling: { troubling: p.troubling },
    areas: { areas: p.areas },
    otherServices: { otherServices: 'no' },
    phq9: asText(required(items.phq9, 'PHQ-9 answers')),
    gad7: asText(required(items.gad7, 'GAD-7 answers')),
    wsas: asText(required(items.wsas, 'WSAS answers')),
    risk: {
      thoughts: p.risk?.thoughts ? 'yes' : 'no',
      plans: p.risk?.plans ? 'yes' : 'no',
      harmOthers: 'no',
    },
    sessions: { sessionMode: 'video' },
    gpConsent: { gpConsent: 'yes' },
  };
}

/** The draft token behind a demo referral: fixed, so a second run finds the referral. */
export function demoSubmissionKey(key: string): string {
  return hashToken(`rapport-demo-referral:${key}`);
}

// ---- Doing things as people --------------------------------------------------------------------

/** Demo data is fixed: a missing piece is a mistake in this file, so say which. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo: no ${what}`);
  return value;
}

function staffMember(w: DemoWorld, key: string): StaffUser {
  const s = w.staff.get(key);
  if (!s) throw new Error(`demo: no staff member "${key}"`);
  return s;
}

function actorOf(w: DemoWorld, s: StaffUser): Actor & { userId: string } {
  return {
    serviceId: w.serviceId,
    userId: s.id,
    role: s.roles.join(','),
    ip: null,
    requestId: null,
  };
}

function authUserOf(w: DemoWorld, s: StaffUser): AuthUser {
  return {
    serviceId: w.serviceId,
    userId: s.id,
    email: s.email,
    displayName: s.displayName,
    roles: s.roles,
    sessionTokenHash: 'demo-seed',
  };
}

function links(w: DemoWorld) {
  return { publicUrl: w.ctx.config.publicUrl, serviceName: w.ctx.config.serviceName };
}

/** A staff member's use case inside the demo's transaction. */
export function useCaseOf(tx: Db, w: DemoWorld, clock: Clock, s: StaffUser): UseCase {
  return createUseCase({
    db: tx,
    clock,
    actor: actorOf(w, s),
    user: authUserOf(w, s),
    // The demo acts outside any request: these use cases read the service's id and name only.
    service: { id: w.serviceId, name: w.ctx.config.serviceName, slug: '' },
    links: links(w),
  });
}

function fail(what: string, result: unknown): never {
  throw new Error(`demo: ${what} failed: ${JSON.stringify(result)}`);
}

/** The person fills in the self-referral, page by page, and sends it. */
async function selfRefer(tx: Db, w: DemoWorld, clock: Clock, p: Person): Promise<string> {
  // The person referring themselves: no one is signed in.
  const uc = createUseCase({
    db: tx,
    clock,
    actor: { serviceId: w.serviceId, userId: null, role: null, ip: null, requestId: null },
    user: null,
    service: { id: w.serviceId, name: w.ctx.config.serviceName, slug: '' },
    links: links(w),
  });
  const context = await loadReferralContext(uc);
  const tokenHash = demoSubmissionKey(p.key);
  const now = clock.now();
  await referralRepo.insertDraft(tx, {
    serviceId: w.serviceId,
    tokenHash,
    answers: emptyDraftData() as unknown as Record<string, unknown>,
    createdAt: now,
    expiresAt: new Date(now.getTime() + context.settings.referralDraftHours * 3_600_000),
  });
  const pages = referralPages(p);
  for (const key of PAGE_ORDER) {
    const values = pages[key];
    if (!values) continue;
    const page = parsePage(key, values, context.form, {});
    const notes =
      RISK_PAGES.includes(key) && page.ok ? riskDescriptions({ [key]: page.value }) : [];
    const saved = await saveSection(uc, {
      tokenHash,
      settings: context.settings,
      key,
      values,
      riskNotes: notes,
    });
    if (saved !== 'saved') fail(`saving the ${key} page for ${p.key}`, saved);
  }
  const sent = await submitReferral(uc, { tokenHash, context });
  if (sent.kind !== 'done') fail(`sending the referral for ${p.key}`, sent);
  return sent.referralId;
}

/** A staff member's use case inside the seeding transaction, by their demo key. */
function staffUseCase(tx: Db, w: DemoWorld, clock: Clock, by: string): UseCase {
  return useCaseOf(tx, w, clock, staffMember(w, by));
}

/** A clinician makes the patient record from the referral and books the assessment. */
async function triageAndBook(
  tx: Db,
  w: DemoWorld,
  clock: Clock,
  referralId: string,
  by: string,
  booking: {
    clinician: string;
    startsAt: Date;
    mode: 'video' | 'phone' | 'face_to_face';
    room?: string;
  },
): Promise<string> {
  const uc = staffUseCase(tx, w, clock, by);
  const linked = await triage.createPatientFromReferral(uc, { referralId });
  if (!linked.ok) fail('creating the patient record', linked);
  const roomId = booking.room ? w.rooms.get(booking.room)?.room.id : null;
  if (booking.room && !roomId) fail(`finding ${booking.room}`, null);
  const booked = await triage.bookAssessment(uc, {
    referralId,
    form: {
      clinicianId: staffMember(w, booking.clinician).id,
      startsAt: booking.startsAt,
      mode: booking.mode,
      roomId: roomId ?? null,
    },
  });
  if (!booked.ok) fail('booking the assessment', booked);
  return linked.patientId;
}

/** The account the patient signs in with (the demo password), linked to their record. */
async function giveAccount(tx: Db, w: DemoWorld, clock: Clock, patientId: string, p: Person) {
  const user = await insertUser(tx, {
    serviceId: w.serviceId,
    email: required(p.account, `account for ${p.givenName}`).email,
    displayName: p.givenName,
    roles: ['patient'],
    passwordHash: w.passwordHash,
    createdAt: clock.now(),
  });
  await setPatientUser(tx, w.serviceId, patientId, user.id);
  return user.id;
}

/** The clinician records the assessment: scores, risk, and the offer of IPT. */
async function recordOfferOfIpt(
  tx: Db,
  w: DemoWorld,
  clock: Clock,
  referralId: string,
  by: string,
  scores: Scores,
  reason: string,
) {
  const items = itemAnswers(scores);
  const parsed = parseAssessment({
    presentingProblem: 'depression',
    ...asText(required(items.phq9, 'PHQ-9 answers')),
    ...asText(required(items.gad7, 'GAD-7 answers')),
    ...asText(required(items.wsas, 'WSAS answers')),
    riskLevel: 'low',
    riskAgreed:
      'No thoughts of ending their life or harming anyone. Knows to call NHS 111 (option 2) or 999 in a crisis.',
    safetyPlan: '',
    decision: 'offer_ipt',
    decisionReason: reason,
    patientMessage:
      'Thank you for talking with us today. We have added you to the waiting list for interpersonal therapy and will be in touch to arrange your first session.',
  });
  if (!parsed.result.ok) fail('the assessment form', parsed.result.errors);
  const recorded = await triage.recordAssessment(staffUseCase(tx, w, clock, by), {
    referralId,
    form: parsed.result.value,
  });
  if (!recorded.ok) fail('recording the assessment', recorded);
}

interface CoursePatient {
  id: string;
  userId: string;
  /** Where the patient's messages go, to settle them as sent. */
  recipients: string[];
}

interface CoursePlan {
  allocatedAt: Date;
  allocatedBy: string;
  therapist: string;
  plannedSessions: number;
  mode: 'video' | 'face_to_face';
  room?: string;
  /** When the first session is: the rest follow weekly (bank holidays skipped). */
  firstDate: IsoDate;
  time: LocalTime;
  /** Scores before each attended session, session 1 first (the last repeats if short). */
  scores: Scores[];
  /** Sessions (1 = first booked) the patient missed. */
  missed?: number[];
  /**
   * A correction the therapist adds to the first session's summary the next day (a trainee's
   * left for their supervisor to countersign, so /supervision has one waiting).
   */
  firstSummaryCorrection?: string;
}

/**
 * Allocation, the whole course booked weekly in the diary, then each session that has already
 * happened: the questionnaires the patient filled in beforehand and the attendance.
 */
async function runCourse(
  tx: Db,
  w: DemoWorld,
  clock: FixedClock,
  referralId: string,
  patient: CoursePatient,
  plan: CoursePlan,
): Promise<string> {
  clock.set(plan.allocatedAt);
  const therapist = staffMember(w, plan.therapist);
  const allocated = await allocate(useCaseOf(tx, w, clock, staffMember(w, plan.allocatedBy)), {
    referralId,
    allocation: {
      therapistId: therapist.id,
      length: {
        plannedSessions: plan.plannedSessions,
        sessionMinutes: 50,
        reason: null,
        warnings: [],
      },
      modePreference: plan.mode,
    },
  });
  if (!allocated.ok) fail('allocating the course', allocated);
  const courseId = allocated.value;
  const room = plan.room ? w.rooms.get(plan.room) : null;
  const booked = await bookAppointments(useCaseOf(tx, w, clock, therapist), {
    patientId: patient.id,
    courseId,
    kind: 'ipt_session',
    therapistId: therapist.id,
    date: plan.firstDate,
    time: plan.time,
    durationMinutes: 50,
    mode: plan.mode,
    locationId: room?.location.id ?? null,
    roomId: room?.room.id ?? null,
    repeat: 'weekly',
  });
  if (!booked.ok) fail('booking the course', booked);

  const patientActor: Actor = {
    serviceId: w.serviceId,
    userId: patient.userId,
    role: 'patient',
    ip: null,
    requestId: null,
  };
  const sessions = await listForCourse(tx, w.serviceId, courseId);
  let attended = 0;
  const attendedSessions: { id: string; endsAt: Date }[] = [];
  for (const [i, { appointment }] of sessions.entries()) {
    if (appointment.endsAt.getTime() > w.now.getTime()) break;
    const missed = plan.missed?.includes(i + 1) ?? false;
    // The reminders went out before the session.
    await settleDemoMessages(tx, w.serviceId, patient.recipients, appointment.startsAt);
    if (!missed) {
      const scores = required(plan.scores[Math.min(attended, plan.scores.length - 1)], 'scores');
      const completedAt = new Date(appointment.startsAt.getTime() - 90 * 60_000);
      clock.set(completedAt);
      for (const [measureId, answers] of Object.entries(itemAnswers(scores))) {
        const result = scoreQuestionnaire(measureId, answers);
        if (!result.ok) fail(`scoring ${measureId}`, result.errors);
        const scored = result.value;
        const response = await insertSessionMeasure(tx, {
          serviceId: w.serviceId,
          measureId,
          context: 'session',
          patientId: patient.id,
          appointmentId: appointment.id,
          courseId,
          answers: { ...scored.answers },
          total: scored.total,
          band: scored.band?.id ?? null,
          riskFlag: scored.riskFlag,
          completedAt,
          enteredBy: patient.userId,
          enteredByRole: 'patient',
        });
        await audit(tx, clock, patientActor, {
          action: 'measure_response.create',
          patientId: patient.id,
          recordType: 'measure_response',
          recordId: response.id,
          details: { measureId, context: 'session', appointmentId: appointment.id },
        });
      }
      attended += 1;
    }
    clock.set(new Date(appointment.endsAt.getTime() + 5 * 60_000));
    const recorded = await recordAttendance(useCaseOf(tx, w, clock, therapist), {
      appointmentId: appointment.id,
      status: missed ? 'did_not_attend' : 'attended',
    });
    if (!recorded.ok) fail('recording attendance', recorded);
    if (!missed) attendedSessions.push({ id: appointment.id, endsAt: appointment.endsAt });
  }
  // The trainee's supervisor countersigns (the demo's supervision pairing, seed.ts).
  const countersigner = plan.therapist === 'trainee' ? staffMember(w, 'supervisor') : null;
  await writeSessionNotes(
    tx,
    w,
    clock,
    { therapist, countersigner },
    attendedSessions.slice(0, -1),
    {
      firstSummaryCorrection: plan.firstSummaryCorrection,
    },
  );
  return courseId;
}

/**
 * The therapist's notes, written and signed after each session; a trainee's countersigned by
 * their supervisor. The latest session's note is left for the therapist to write, as it would
 * be on the day.
 */
async function writeSessionNotes(
  tx: Db,
  w: DemoWorld,
  clock: FixedClock,
  { therapist, countersigner }: { therapist: StaffUser; countersigner: StaffUser | null },
  sessions: readonly { id: string; endsAt: Date }[],
  { firstSummaryCorrection }: { firstSummaryCorrection: string | undefined },
) {
  for (const [i, session] of sessions.entries()) {
    clock.set(new Date(session.endsAt.getTime() + 30 * 60_000));
    const saved = await saveNote(useCaseOf(tx, w, clock, therapist), {
      appointmentId: session.id,
      sign: true,
      content: {
        agenda: `Session ${i + 1}: how the week went, this week's scores, and the focal area.`,
        focalAreaWork:
          'Went through a conversation from the week in detail: what was said, what they felt, ' +
          'and what they might say differently next time.',
        riskReview:
          'Asked about thoughts of self-harm or suicide: none this week. Knows how to get help ' +
          'out of hours.',
        plan: 'Try the conversation agreed today before the next session, and note how it went.',
        patientSummary:
          'We talked about your week and a conversation that mattered. Before next time, try ' +
          'the conversation we planned and notice how it goes.',
      },
    });
    if (!saved?.ok) fail('signing a session note', saved);
    if (countersigner) {
      clock.set(new Date(session.endsAt.getTime() + 2 * 86_400_000));
      const countersigned = await countersignNote(useCaseOf(tx, w, clock, countersigner), {
        appointmentId: session.id,
      });
      if (!countersigned?.ok) fail('countersigning a note', countersigned);
    }
    if (i === 0 && firstSummaryCorrection) {
      // Three days on: after any countersignature, before the next session's note.
      clock.set(new Date(session.endsAt.getTime() + 3 * 86_400_000));
      const corrected = await addSummaryCorrection(useCaseOf(tx, w, clock, therapist), {
        appointmentId: session.id,
        text: firstSummaryCorrection,
      });
      if (!corrected?.ok) fail('correcting a summary', corrected);
    }
  }
}

// ---- The journeys ------------------------------------------------------------------------------

export interface Journey {
  person: Person;
  /** Shown as progress: "demo: 10/15 <label>". */
  label: string;
  run(tx: Db, w: DemoWorld, clock: FixedClock, p: Person): Promise<void>;
}

const recipientsOf = (p: Person) => [p.email, `+44${p.mobile.replace(/\s/g, '').slice(1)}`];

interface AssessmentPlan {
  referredAt: Date;
  /** When the clinician makes the patient record and books the assessment. */
  triagedAt: Date;
  /** Triages the referral, assesses the patient and offers IPT. */
  clinician: string;
  assessmentAt: Date;
  mode: 'video' | 'phone';
  /** When the clinician writes up the assessment, after it. */
  recordedAt: Date;
  scores: Scores;
  reason: string;
}

/**
 * The start every patient with an account shares: the self-referral, triage and the booked
 * assessment, their account, then the assessment recorded with the offer of IPT.
 */
async function referAndOfferIpt(
  tx: Db,
  w: DemoWorld,
  clock: FixedClock,
  p: Person,
  plan: AssessmentPlan,
): Promise<{ referralId: string; patient: CoursePatient }> {
  clock.set(plan.referredAt);
  const referralId = await selfRefer(tx, w, clock, p);
  clock.set(plan.triagedAt);
  const patientId = await triageAndBook(tx, w, clock, referralId, plan.clinician, {
    clinician: plan.clinician,
    startsAt: plan.assessmentAt,
    mode: plan.mode,
  });
  const userId = await giveAccount(tx, w, clock, patientId, p);
  const recipients = recipientsOf(p);
  // The booking's messages had gone out by the time of the assessment.
  await settleDemoMessages(tx, w.serviceId, recipients, plan.assessmentAt);
  clock.set(plan.recordedAt);
  await recordOfferOfIpt(tx, w, clock, referralId, plan.clinician, plan.scores, plan.reason);
  return { referralId, patient: { id: patientId, userId, recipients } };
}

export const JOURNEYS: Journey[] = [
  {
    label: 'urgent self-referral with a risk alert, not yet triaged',
    person: {
      key: 'urgent',
      givenName: 'Ellis',
      familyName: 'Fraser',
      dateOfBirth: '1994-02-17',
      nhsNumber: '999 000 0042',
      addressLine1: '27 Larkspur Close',
      postcode: 'LS9 8QT',
      mobile: '07700 900412',
      email: 'ellis.fraser@demo.rapport.test',
      texts: true,
      gender: 'non_binary',
      ethnicity: 'C',
      troubling:
        'Since losing my job in the summer I have stopped seeing anyone. Some nights I think everyone would be better off without me.',
      areas: ['role-transitions', 'interpersonal-sensitivity'],
      referralScores: { phq9: 21, gad7: 15, wsas: 30 },
      phq9Item9: 2,
      risk: { thoughts: true, plans: false },
    },
    async run(tx, w, clock, p) {
      clock.set(new Date(w.now.getTime() - 2 * 3_600_000));
      await selfRefer(tx, w, clock, p);
      await settleDemoMessages(tx, w.serviceId, recipientsOf(p), w.now);
    },
  },
  {
    label: 'referral with a face-to-face assessment booked',
    person: {
      key: 'booked',
      givenName: 'Noor',
      familyName: 'Haddad',
      dateOfBirth: '1982-09-05',
      nhsNumber: '999 000 0050',
      addressLine1: '5 Quarry Mount Terrace',
      postcode: 'LS6 2JD',
      mobile: '07700 900518',
      email: 'noor.haddad@demo.rapport.test',
      texts: true,
      gender: 'female',
      ethnicity: 'S',
      troubling:
        'My mum died in the spring and I cannot seem to get going again. I am arguing with my sister about everything.',
      areas: ['grief', 'interpersonal-disputes'],
      referralScores: { phq9: 14, gad7: 9, wsas: 19 },
    },
    async run(tx, w, clock, p) {
      clock.set(atTime(w.monday, -1, 4, '19:40'));
      const referralId = await selfRefer(tx, w, clock, p);
      clock.set(atTime(w.monday, -1, 5, '10:15'));
      await triageAndBook(tx, w, clock, referralId, 'therapist1', {
        clinician: 'therapist1',
        startsAt: atTime(w.monday, 1, 2, '14:00'),
        mode: 'face_to_face',
        room: 'Riverside Health Centre/Room 1',
      });
      await settleDemoMessages(tx, w.serviceId, recipientsOf(p), w.now);
    },
  },
  {
    label: 'patient on the IPT waiting list',
    person: {
      key: 'patient4',
      givenName: 'Harriet',
      familyName: 'Lowe',
      dateOfBirth: '1969-12-21',
      nhsNumber: '999 000 0069',
      addressLine1: '14 Beech Grove',
      postcode: 'LS12 3RB',
      mobile: '07700 900634',
      email: 'patient4@demo.rapport.test',
      texts: false,
      gender: 'female',
      ethnicity: 'A',
      troubling:
        'I retired in March and I feel I have lost my purpose. I sleep badly and do not want to see friends.',
      areas: ['role-transitions'],
      referralScores: { phq9: 15, gad7: 8, wsas: 18 },
      account: { email: 'patient4@demo.rapport.test', label: 'Patient (waiting for IPT)' },
    },
    async run(tx, w, clock, p) {
      await referAndOfferIpt(tx, w, clock, p, {
        referredAt: atTime(w.monday, -7, 1, '08:30'),
        triagedAt: atTime(w.monday, -7, 2, '11:00'),
        clinician: 'supervisor',
        assessmentAt: atTime(w.monday, -6, 3, '11:00'),
        mode: 'video',
        recordedAt: atTime(w.monday, -6, 3, '12:05'),
        scores: { phq9: 14, gad7: 8, wsas: 18 },
        reason: 'Low mood since retiring; a role transition. Motivated for IPT.',
      });
      await settleDemoMessages(tx, w.serviceId, recipientsOf(p), w.now);
    },
  },
  {
    label: 'patient in treatment, sessions attended and booked',
    person: {
      key: 'patient1',
      givenName: 'Taylor',
      familyName: 'Green',
      dateOfBirth: '1988-04-12',
      nhsNumber: '999 000 0018',
      addressLine1: '8 Riverside Court',
      postcode: 'LS1 4AP',
      mobile: '07700 900127',
      email: 'patient1@demo.rapport.test',
      texts: true,
      gender: 'male',
      ethnicity: 'M',
      troubling:
        'My partner and I separated last year and I moved to Leeds for work. I feel low most days and have no energy.',
      areas: ['role-transitions', 'interpersonal-disputes'],
      referralScores: { phq9: 18, gad7: 13, wsas: 27 },
      account: { email: 'patient1@demo.rapport.test', label: 'Patient (in treatment)' },
    },
    async run(tx, w, clock, p) {
      const { referralId, patient } = await referAndOfferIpt(tx, w, clock, p, {
        referredAt: atTime(w.monday, -11, 1, '09:10'),
        triagedAt: atTime(w.monday, -11, 2, '10:00'),
        clinician: 'therapist1',
        assessmentAt: atTime(w.monday, -10, 4, '10:00'),
        mode: 'video',
        recordedAt: atTime(w.monday, -10, 4, '11:05'),
        scores: { phq9: 17, gad7: 12, wsas: 26 },
        reason: 'Depression following a separation and a move; a role transition with disputes.',
      });
      await runCourse(tx, w, clock, referralId, patient, {
        allocatedAt: atTime(w.monday, -8, 1, '12:00'),
        allocatedBy: 'manager',
        therapist: 'therapist1',
        plannedSessions: 16,
        firstSummaryCorrection:
          'A correction: the group we talked about meets on Thursday evenings, not Tuesdays.',
        mode: 'video',
        firstDate: dayOf(w.monday, -7, 2),
        time: '10:00',
        scores: [
          { phq9: 17, gad7: 12, wsas: 26 },
          { phq9: 16, gad7: 12, wsas: 25 },
          { phq9: 15, gad7: 11, wsas: 23 },
          { phq9: 13, gad7: 10, wsas: 21 },
          { phq9: 12, gad7: 9, wsas: 19 },
          { phq9: 11, gad7: 8, wsas: 17 },
          { phq9: 9, gad7: 7, wsas: 15 },
          { phq9: 8, gad7: 7, wsas: 14 },
        ],
      });
      await settleDemoMessages(tx, w.serviceId, patient.recipients, w.now);
    },
  },
  {
    label: 'patient on the trainee’s caseload, face to face',
    person: {
      key: 'patient2',
      givenName: 'Robin',
      familyName: 'Hart',
      dateOfBirth: '1975-11-03',
      nhsNumber: '999 000 0026',
      addressLine1: '3 Chapel Lane',
      postcode: 'LS6 2QQ',
      mobile: '07700 900239',
      email: 'patient2@demo.rapport.test',
      texts: true,
      gender: 'female',
      ethnicity: 'H',
      troubling:
        'I find it hard to make friends and I have felt very alone since my children left home.',
      areas: ['interpersonal-sensitivity', 'role-transitions'],
      referralScores: { phq9: 16, gad7: 11, wsas: 22 },
      account: { email: 'patient2@demo.rapport.test', label: 'Patient (trainee’s caseload)' },
    },
    async run(tx, w, clock, p) {
      const { referralId, patient } = await referAndOfferIpt(tx, w, clock, p, {
        referredAt: atTime(w.monday, -9, 3, '13:00'),
        triagedAt: atTime(w.monday, -9, 4, '09:30'),
        clinician: 'supervisor',
        assessmentAt: atTime(w.monday, -8, 2, '15:00'),
        mode: 'video',
        recordedAt: atTime(w.monday, -8, 2, '16:05'),
        scores: { phq9: 16, gad7: 11, wsas: 22 },
        reason:
          'Loneliness and low mood; interpersonal sensitivity. Suitable for a supervised trainee.',
      });
      await runCourse(tx, w, clock, referralId, patient, {
        allocatedAt: atTime(w.monday, -5, 1, '11:00'),
        allocatedBy: 'supervisor',
        therapist: 'trainee',
        plannedSessions: 14,
        firstSummaryCorrection:
          'A correction: the leaflet I mentioned is on the service’s website under “Staying well”.',
        mode: 'face_to_face',
        room: 'Riverside Health Centre/Room 2',
        firstDate: dayOf(w.monday, -4, 4),
        time: '14:00',
        missed: [2],
        scores: [
          { phq9: 16, gad7: 11, wsas: 22 },
          { phq9: 15, gad7: 10, wsas: 21 },
          { phq9: 13, gad7: 9, wsas: 19 },
          { phq9: 12, gad7: 9, wsas: 18 },
        ],
      });
      await settleDemoMessages(tx, w.serviceId, patient.recipients, w.now);
    },
  },
  {
    label: 'patient whose course has ended',
    person: {
      key: 'patient3',
      givenName: 'Jamie',
      familyName: 'Moss',
      dateOfBirth: '1999-07-30',
      nhsNumber: '999 000 0034',
      addressLine1: '41 Cardigan Road',
      postcode: 'LS7 3BE',
      mobile: '07700 900345',
      email: 'patient3@demo.rapport.test',
      texts: false,
      gender: 'male',
      ethnicity: 'A',
      troubling:
        'My grandad, who brought me up, died in January. Since then I have not been able to concentrate at university.',
      areas: ['grief'],
      referralScores: { phq9: 17, gad7: 12, wsas: 24 },
      account: { email: 'patient3@demo.rapport.test', label: 'Patient (finished treatment)' },
    },
    async run(tx, w, clock, p) {
      const { referralId, patient } = await referAndOfferIpt(tx, w, clock, p, {
        referredAt: atTime(w.monday, -26, 1, '10:00'),
        triagedAt: atTime(w.monday, -26, 2, '10:00'),
        clinician: 'therapist2',
        assessmentAt: atTime(w.monday, -25, 3, '11:00'),
        mode: 'phone',
        recordedAt: atTime(w.monday, -25, 3, '12:05'),
        scores: { phq9: 17, gad7: 12, wsas: 24 },
        reason: 'Complicated grief after the death of the grandparent who raised him.',
      });
      const courseId = await runCourse(tx, w, clock, referralId, patient, {
        allocatedAt: atTime(w.monday, -24, 1, '12:00'),
        allocatedBy: 'manager',
        therapist: 'therapist2',
        plannedSessions: 12,
        mode: 'video',
        firstDate: dayOf(w.monday, -23, 3),
        time: '11:00',
        scores: [
          { phq9: 17, gad7: 12, wsas: 24 },
          { phq9: 16, gad7: 11, wsas: 22 },
          { phq9: 14, gad7: 10, wsas: 20 },
          { phq9: 13, gad7: 9, wsas: 18 },
          { phq9: 11, gad7: 8, wsas: 16 },
          { phq9: 10, gad7: 7, wsas: 14 },
          { phq9: 9, gad7: 6, wsas: 12 },
          { phq9: 8, gad7: 6, wsas: 10 },
          { phq9: 7, gad7: 5, wsas: 9 },
          { phq9: 6, gad7: 4, wsas: 8 },
          { phq9: 5, gad7: 4, wsas: 7 },
          { phq9: 5, gad7: 3, wsas: 6 },
        ],
      });
      const alex = staffMember(w, 'therapist2');
      const last = required(
        (await listForCourse(tx, w.serviceId, courseId)).at(-1),
        'session in the course',
      ).appointment;
      clock.set(new Date(last.endsAt.getTime() + 2 * 3_600_000));
      // The staying-well plan the discharge note speaks of, written at the last session and
      // marked ready: it stays in Jamie's notebook after discharge.
      const plan = await savePlan(useCaseOf(tx, w, clock, alex), {
        courseId,
        save: {
          basedOn: 0,
          plan: {
            warningSigns:
              'Staying in my room and skipping lectures. Not answering my friends. Lying awake thinking about Grandad, especially around his birthday in May.',
            whatHelps:
              'Talking about Grandad with Auntie Pat. Going to the Saturday football with Dan. Keeping to my study timetable, even on a bad day.',
            contacts: [
              { name: 'Auntie Pat', how: 'Phone her in the evening' },
              { name: 'Dan', how: 'Message him' },
              { name: 'University wellbeing service', how: 'Book through the student hub' },
            ],
            crisisPlan:
              'Call NHS 111 and choose the option for mental health, or call 999 if I might act on thoughts of ending my life. Tell Auntie Pat.',
            complete: true,
          },
        },
      });
      if (!plan.ok) fail('writing the staying-well plan', plan);
      // Discharged as a therapist would: outcome, letters, the feedback request and the
      // invitation to the peer-support community, all through the real discharge.
      const discharged = await dischargeCourse(useCaseOf(tx, w, clock, alex), {
        courseId,
        reason: 'completed',
        note: 'Completed the planned 12 sessions. Scores now below the clinical threshold; discharged to the GP with a relapse prevention plan.',
        communityInvite: true,
        onward: null,
      });
      if (!discharged.ok) fail('discharging the course', discharged);
      await settleDemoMessages(tx, w.serviceId, patient.recipients, w.now);
    },
  },
];

/** Whether a journey is already in the database (a second run leaves it alone). */
export async function journeyDone(db: Db, serviceId: string, j: Journey): Promise<boolean> {
  if (
    await referralRepo.findReferralBySubmissionKey(db, serviceId, demoSubmissionKey(j.person.key))
  )
    return true;
  // A demo database from before the journeys existed has these accounts already: keep them.
  return j.person.account
    ? (await findUserByEmail(db, serviceId, j.person.account.email)) !== null
    : false;
}

export { demoRooms };
