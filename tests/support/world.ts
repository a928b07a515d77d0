import { and, eq } from 'drizzle-orm';
import {
  apiClients,
  assessments,
  onwardReferrals,
  DEFAULT_OFFICE_HOURS,
  DEFAULT_SERVICE_SETTINGS,
  locations,
  measureResponses,
  sessionTasks,
  supervisionNotes,
  messageThreads,
  discharges,
  identityLinks,
  letters,
  notebookFolders,
  notebookNotes,
  patients,
  rooms,
  services,
  users,
  type Role,
} from '../../src/db/schema';
import type { ServiceInfo } from '../../src/platform/types';
import {
  insertCourse,
  insertPatient,
  insertReferral,
  insertReferralRiskAlert,
  insertSession,
  insertTherapistProfile,
} from './fixtures';
import { seedCommunity } from './community';
import { insertIptRecords } from '../fixtures/ipt';
import { TestClient } from './client';
import { createUser, TEST_PASSWORD, type TestApp } from './test-app';

/**
 * A "world" for the generated meta-tests: the default service and a second one, each with a user
 * of every role and one record of every kind the routes name by id. Service B exists only so its
 * ids can be requested from service A (tenancy): nobody signs in to it.
 */

export type Persona =
  | 'manager'
  | 'therapist'
  | 'otherTherapist'
  | 'supervisor'
  | 'trainee'
  | 'moderator'
  | 'patient'
  | 'otherPatient';

/** The ids the route params are filled from. */
export interface ServiceRecords {
  service: ServiceInfo;
  emails: Record<Persona, string>;
  userIds: Record<Persona, string>;
  /** The patient (with an account) in an IPT course with `therapist`. */
  patientId: string;
  /** The other patient, also with an account and a course, with `otherTherapist`. */
  otherPatientId: string;
  /** The patient's referral (in treatment) and a new one waiting for triage. */
  referralId: string;
  newReferralId: string;
  /** A referral on the IPT waiting list with no course yet (for allocation). */
  waitingReferralId: string;
  /** A therapist's account whose access the route cases remove and restore. */
  leaverUserId: string;
  /** A referral closed by referring the person on, its letter not yet recorded as sent. */
  onward: { referralId: string; onwardId: string };
  onwardLetter: { referralId: string; letterId: string };
  courseId: string;
  /** The patient's next IPT session (questionnaires due), by video. */
  appointmentId: string;
  /** The other patient's next session. */
  otherAppointmentId: string;
  /** The patient's session last week, attended (tasks are agreed only at one that took place). */
  pastAppointmentId: string;
  /** A session the patient cancelled, waiting on the therapist's diary to offer another (H29). */
  patientCancelledAppointmentId: string;
  responseId: string;
  alertId: string;
  locationId: string;
  roomId: string;
  /** A system registered to call the FHIR API (issue 17). */
  apiClientId: string;
  // --- community (issue 13) ---
  /** The former patients' space, the patient's topic in it and its opening post. */
  communitySpaceId: string;
  communityTopicId: string;
  communityPostId: string;
  /** A video in the former patients' space, with its files on disk. */
  communityVideoId: string;
  /** The patient's message on the Wall (issue 14). */
  wallMessageId: string;
  // --- end community ---
  /** The patient's IPT records (tests/fixtures/ipt.ts): an inventory person, an event, an aim. */
  ipt: { personId: string; eventId: string; aimId: string };
  /** A task set at the patient's last session (issue 11 part B). */
  taskId: string;
  /** A course run by the trainee (supervised by `supervisor`), with a supervision note. */
  traineeCourseId: string;
  supervisionNoteId: string;
  /** The patient's question to `therapist`, waiting for an answer. */
  threadId: string;
  /** A discharge of the patient's course waiting for the PEQ, and the patient's copy letter. */
  dischargeId: string;
  letterId: string;
  /** The patient's notebook (issue 11): a folder with one shared note in it. */
  notebookFolderId: string;
  notebookNoteId: string;
}

export interface World {
  a: ServiceRecords;
  b: ServiceRecords;
}

const WEEKDAYS = {
  '1': { opens: '09:00', closes: '17:00' },
  '2': { opens: '09:00', closes: '17:00' },
  '3': { opens: '09:00', closes: '17:00' },
  '4': { opens: '09:00', closes: '17:00' },
  '5': { opens: '09:00', closes: '17:00' },
};

export const PERSONA_ROLES: Record<Persona, Role[]> = {
  manager: ['service_manager'],
  therapist: ['therapist'],
  otherTherapist: ['therapist'],
  supervisor: ['supervisor', 'therapist'],
  trainee: ['therapist'],
  moderator: ['moderator'],
  patient: ['patient'],
  otherPatient: ['patient'],
};

async function seedService(t: TestApp, service: ServiceInfo, tag: string): Promise<ServiceRecords> {
  // The fixtures write to `t.service`: point them at the service being seeded.
  const s = { ...t, service };
  const db = t.database.db;
  const now = t.clock.now();
  const emails = {} as Record<Persona, string>;
  const userIds = {} as Record<Persona, string>;
  for (const persona of Object.keys(PERSONA_ROLES) as Persona[]) {
    emails[persona] = `${persona.toLowerCase()}.${tag}@example.nhs.uk`;
    const user = await createUser(s, emails[persona], PERSONA_ROLES[persona], `${persona} ${tag}`);
    userIds[persona] = user.id;
  }
  // A colleague nobody signs in as: the route cases remove and restore their access.
  const leaver = await createUser(
    s,
    `leaver.${tag}@example.nhs.uk`,
    ['therapist'],
    `leaver ${tag}`,
  );
  // The moderator also signs in through the staff single sign-on: a manager may remove that link.
  await db.insert(identityLinks).values({
    serviceId: service.id,
    kind: 'staff',
    issuer: 'https://sso.example.nhs.uk',
    subject: `moderator-${tag}`,
    userId: userIds.moderator,
    patientId: null,
    createdAt: now,
    lastUsedAt: now,
  });
  const [location] = await db
    .insert(locations)
    .values({
      serviceId: service.id,
      name: `Leeds Central ${tag}`,
      address: '1 Park Row\nLeeds',
      postcode: 'LS1 5AB',
      stepFreeAccess: true,
      openingHours: WEEKDAYS,
    })
    .returning();
  const [room] = await db
    .insert(rooms)
    .values({ serviceId: service.id, locationId: location!.id, name: 'Room 1' })
    .returning();
  for (const persona of ['therapist', 'otherTherapist', 'supervisor'] as const)
    await insertTherapistProfile(s, userIds[persona], {
      professionalBody: 'BACP',
      registrationNumber: '123456',
      workingPattern: WEEKDAYS,
    });
  await insertTherapistProfile(s, userIds.trainee, {
    jobTitle: 'Trainee IPT therapist',
    professionalBody: 'HCPC',
    registrationNumber: 'PYL999',
    trainee: true,
    supervisorId: userIds.supervisor,
    workingPattern: WEEKDAYS,
  });

  const person = async (givenName: string, userId: string, therapistId: string) => {
    const patient = await insertPatient(s, { givenName, familyName: tag, userId });
    const referral = await insertReferral(s, {
      givenName,
      familyName: tag,
      status: 'in_treatment',
      patientId: patient.id,
      decidedAt: now,
    });
    const course = await insertCourse(s, patient.id, therapistId, { referralId: referral.id });
    // Later today: its questionnaires are due now.
    const session = await insertSession(s, course, new Date(now.getTime() + 4 * 3_600_000));
    return { patient, referral, course, session };
  };
  const mine = await person('Taylor', userIds.patient, userIds.therapist);
  const theirs = await person('Robin', userIds.otherPatient, userIds.otherTherapist);

  const newReferral = await insertReferral(s, { givenName: 'Nova', familyName: tag });
  const wren = await insertPatient(s, { givenName: 'Wren', familyName: tag });
  const waiting = await insertReferral(s, {
    givenName: 'Wren',
    familyName: tag,
    status: 'ipt_waiting',
    decidedAt: now,
    patientId: wren.id,
  });
  // Quinn was assessed and referred on; the letter is not yet recorded as sent (H27).
  const quinn = await insertPatient(s, { givenName: 'Quinn', familyName: tag });
  const referredOn = await insertReferral(s, {
    givenName: 'Quinn',
    familyName: tag,
    status: 'other_treatment',
    decidedAt: now,
    patientId: quinn.id,
  });
  const [quinnAssessment] = await db
    .insert(assessments)
    .values({
      serviceId: service.id,
      referralId: referredOn.id,
      patientId: quinn.id,
      clinicianId: userIds.therapist,
      status: 'completed',
      decision: 'offer_other',
      otherTreatment: 'cbt',
      recordedBy: userIds.therapist,
      recordedAt: now,
      bookedBy: userIds.therapist,
      createdAt: now,
    })
    .returning();
  const [onward] = await db
    .insert(onwardReferrals)
    .values({
      serviceId: service.id,
      referralId: referredOn.id,
      assessmentId: quinnAssessment!.id,
      patientId: quinn.id,
      treatment: 'cbt',
      receivingService: 'Step 3 CBT',
      reason: 'Prefers a structured approach',
      discussed: 'What CBT involves and the wait',
      urgency: 'soon',
      createdBy: userIds.therapist,
      createdAt: now,
    })
    .returning();
  // Its letter, not copied to the GP (Quinn did not consent to contacting the GP).
  const [onwardLetter] = await db
    .insert(letters)
    .values({
      serviceId: service.id,
      patientId: quinn.id,
      kind: 'onward_referral',
      sourceKey: `onward:${onward!.id}`,
      content: {
        serviceName: service.name,
        to: ['Step 3 CBT'],
        salutation: 'Dear colleague',
        heading: 'Referral for CBT',
        patientLines: [],
        paragraphs: ['We are referring Quinn to you.'],
        signOff: ['Yours sincerely'],
        date: '25 November 2026',
      },
      createdBy: userIds.therapist,
      createdAt: now,
    })
    .returning();
  await db
    .update(onwardReferrals)
    .set({ letterId: onwardLetter!.id })
    .where(and(eq(onwardReferrals.serviceId, service.id), eq(onwardReferrals.id, onward!.id)));
  // Last week's session, attended, with the questionnaire answered before it.
  const past = await insertSession(s, mine.course, new Date(now.getTime() - 7 * 86_400_000), {
    status: 'attended',
    sessionNumber: 1,
  });
  const patientCancelled = await insertSession(
    s,
    mine.course,
    new Date(now.getTime() - 3 * 86_400_000),
    {
      status: 'cancelled',
      sessionNumber: 2,
      cancelledBy: 'patient',
      cancellationReason: 'Feeling unwell',
      // Recorded with the world's other bookings, so none of them was made after it and it
      // still waits on the diary for another session to be offered.
      cancelledAt: now,
    },
  );
  const [response] = await db
    .insert(measureResponses)
    .values({
      serviceId: service.id,
      measureId: 'phq9',
      context: 'session',
      patientId: mine.patient.id,
      referralId: mine.referral.id,
      appointmentId: past.id,
      courseId: mine.course.id,
      answers: {},
      total: 12,
      completedAt: new Date(now.getTime() - 7 * 86_400_000 - 600_000),
      enteredByRole: 'patient',
    })
    .returning();
  const [task] = await db
    .insert(sessionTasks)
    .values({
      serviceId: service.id,
      patientId: mine.patient.id,
      courseId: mine.course.id,
      appointmentId: past.id,
      setBy: userIds.therapist,
      what: 'Tell a friend how the week went',
      whenText: 'At the weekend',
      createdAt: now,
    })
    .returning();
  const traineePatient = await insertPatient(s, { givenName: 'Sky', familyName: tag });
  const traineeCourse = await insertCourse(s, traineePatient.id, userIds.trainee);
  const [supervisionNote] = await db
    .insert(supervisionNotes)
    .values({
      serviceId: service.id,
      courseId: traineeCourse.id,
      superviseeId: userIds.trainee,
      supervisorId: userIds.supervisor,
      metOn: '2026-11-20',
      discussion: 'Choosing the focal area',
      createdAt: now,
    })
    .returning();
  const alert = await insertReferralRiskAlert(s, mine.referral.id);
  const ipt = await insertIptRecords(s, mine.course);
  await db
    .update(patients)
    .set({ responsibleClinicianId: userIds.therapist })
    .where(and(eq(patients.serviceId, service.id), eq(patients.id, mine.patient.id)));
  const [thread] = await db
    .insert(messageThreads)
    .values({
      serviceId: service.id,
      patientId: mine.patient.id,
      addressedTo: 'therapist',
      therapistId: userIds.therapist,
      subject: 'About next week',
      createdAt: now,
      waitingSince: now,
      lastMessageAt: now,
    })
    .returning();
  const [discharge] = await db
    .insert(discharges)
    .values({
      serviceId: service.id,
      courseId: mine.course.id,
      patientId: mine.patient.id,
      reason: 'completed',
      communityInvite: false,
      dischargedBy: userIds.therapist,
      dischargedAt: now,
    })
    .returning();
  const [letter] = await db
    .insert(letters)
    .values({
      serviceId: service.id,
      patientId: mine.patient.id,
      kind: 'discharge_patient',
      sourceKey: 'world:letter',
      content: {
        serviceName: service.name,
        to: ['Taylor'],
        salutation: 'Dear Taylor',
        heading: 'Your discharge',
        patientLines: [],
        paragraphs: ['Your sessions have ended.'],
        signOff: ['With best wishes'],
        date: '25 November 2026',
      },
      createdAt: now,
    })
    .returning();
  // The patient's notebook (issue 11).
  const [notebookFolder] = await db
    .insert(notebookFolders)
    .values({
      serviceId: service.id,
      patientId: mine.patient.id,
      name: 'Family',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const [notebookNote] = await db
    .insert(notebookNotes)
    .values({
      serviceId: service.id,
      patientId: mine.patient.id,
      folderId: notebookFolder!.id,
      title: 'Talking to my sister',
      // A long unbroken word: the every-page walk checks it wraps at 320px (walk 10).
      body: 'What I want to say to her. https://www.youtube.com/watch?v=1ZYbU82GVz4&list=PLQltO7RlbjPJnbfHLsFJWP5Qpz5CzBq2V',
      sharedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();

  const [apiClient] = await db
    .insert(apiClients)
    .values({
      serviceId: service.id,
      name: `Shared care record ${tag}`,
      scopes: ['system/*.read'],
      jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y' }] },
      createdAt: now,
      createdBy: userIds.manager,
    })
    .returning();
  const community = await seedCommunity(db, {
    serviceId: service.id,
    tag,
    now,
    patientUserId: userIds.patient,
    patientId: mine.patient.id,
    moderatorUserId: userIds.moderator,
    otherPatientUserId: userIds.otherPatient,
    uploadsDir: t.config.uploads.dir,
  });

  return {
    ...community,
    service,
    emails,
    userIds,
    patientId: mine.patient.id,
    otherPatientId: theirs.patient.id,
    referralId: mine.referral.id,
    newReferralId: newReferral.id,
    waitingReferralId: waiting.id,
    onward: { referralId: referredOn.id, onwardId: onward!.id },
    onwardLetter: { referralId: referredOn.id, letterId: onwardLetter!.id },
    leaverUserId: leaver.id,
    courseId: mine.course.id,
    appointmentId: mine.session.id,
    otherAppointmentId: theirs.session.id,
    pastAppointmentId: past.id,
    patientCancelledAppointmentId: patientCancelled.id,
    responseId: response!.id,
    alertId: alert.id,
    locationId: location!.id,
    roomId: room!.id,
    apiClientId: apiClient!.id,
    ipt,
    taskId: task!.id,
    traineeCourseId: traineeCourse.id,
    supervisionNoteId: supervisionNote!.id,
    threadId: thread!.id,
    dischargeId: discharge!.id,
    letterId: letter!.id,
    notebookFolderId: notebookFolder!.id,
    notebookNoteId: notebookNote!.id,
  };
}

/** Seeds both services. Service B is inserted straight into `services`. */
export async function buildWorld(t: TestApp): Promise<World> {
  const [row] = await t.database.db
    .insert(services)
    .values({
      slug: 'second-service',
      name: 'Second Talking Therapies',
      officeHours: DEFAULT_OFFICE_HOURS,
      settings: DEFAULT_SERVICE_SETTINGS,
    })
    .returning();
  const serviceB: ServiceInfo = { id: row!.id, name: row!.name, slug: row!.slug };
  return { a: await seedService(t, t.service, 'a'), b: await seedService(t, serviceB, 'b') };
}

/** A signed-in client with a fresh CSRF token, one per persona, cached for the test file. */
export class Sessions {
  private clients = new Map<Persona, TestClient>();
  constructor(
    private readonly t: TestApp,
    private readonly world: World,
  ) {}

  async as(persona: Persona): Promise<TestClient> {
    const cached = this.clients.get(persona);
    if (cached) return cached;
    const client = new TestClient(this.t.app);
    const res = await client.signIn(this.world.a.emails[persona], TEST_PASSWORD);
    if (res.statusCode !== 303) throw new Error(`sign-in as ${persona} answered ${res.statusCode}`);
    // A page with a form after sign-in, so the client holds a token for its new session.
    await client.get('/account');
    if (!client.csrf) throw new Error(`no CSRF token for ${persona}`);
    this.clients.set(persona, client);
    return client;
  }

  /** Whether the user still exists and is active (a fuzzed form may have changed it). */
  async active(persona: Persona): Promise<boolean> {
    const rows = await this.t.database.db
      .select({ active: users.active })
      .from(users)
      .where(eq(users.id, this.world.a.userIds[persona]));
    return rows[0]?.active === true;
  }
}
