/**
 * Test data for the diary's integration tests: staff with therapist profiles, locations with
 * rooms, and patients on the IPT waiting list. Written straight to the database.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { patients, referrals, treatmentCourses } from '../../db/schema';
import { createUser, type TestApp } from '../../../tests/support/test-app';
import { insertLocation, insertRoom } from '../locations/locations.repository';
import { saveProfile } from '../therapists/therapists.repository';

const WEEKDAYS = {
  '1': { opens: '09:00', closes: '17:00' },
  '2': { opens: '09:00', closes: '17:00' },
  '3': { opens: '09:00', closes: '17:00' },
  '4': { opens: '09:00', closes: '17:00' },
  '5': { opens: '09:00', closes: '17:00' },
};

export interface DiaryWorld {
  managerId: string;
  samId: string;
  alexId: string;
  priyaId: string;
  joId: string;
  leedsId: string;
  bradfordId: string;
  room1Id: string;
  room2Id: string;
  gardenRoomId: string;
  taylor: { patientId: string; userId: string; referralId: string };
  robin: { patientId: string; userId: string; referralId: string };
}

export async function insertWaitingPatient(
  t: TestApp,
  person: {
    givenName: string;
    familyName: string;
    email: string | null;
    mobile: string | null;
    allowEmail: boolean;
    allowSms: boolean;
    withAccount?: boolean;
    status?: 'ipt_waiting' | 'new';
  },
) {
  const user =
    person.withAccount === false || !person.email
      ? null
      : await createUser(t, person.email, ['patient'], person.givenName);
  const [patient] = await t.database.db
    .insert(patients)
    .values({
      serviceId: t.service.id,
      givenName: person.givenName,
      familyName: person.familyName,
      dateOfBirth: '1988-04-12',
      postcode: 'LS1 4AP',
      email: person.email,
      mobile: person.mobile,
      allowEmail: person.allowEmail,
      allowSms: person.allowSms,
      userId: user?.id ?? null,
    })
    .returning();
  const now = t.clock.now();
  const [referral] = await t.database.db
    .insert(referrals)
    .values({
      serviceId: t.service.id,
      reference: `RAP-${randomBytes(4).toString('hex').toUpperCase()}`,
      status: person.status ?? 'ipt_waiting',
      receivedAt: new Date(now.getTime() - 30 * 86_400_000),
      givenName: person.givenName,
      familyName: person.familyName,
      dateOfBirth: '1988-04-12',
      postcode: 'LS1 4AP',
      email: person.email,
      mobile: person.mobile,
      answers: {},
      submissionKey: randomBytes(12).toString('hex'),
      patientId: patient!.id,
      decidedAt: now,
      updatedAt: now,
    })
    .returning();
  return { patientId: patient!.id, userId: user?.id ?? '', referralId: referral!.id };
}

export async function seedDiaryWorld(t: TestApp): Promise<DiaryWorld> {
  const db = t.database.db;
  const serviceId = t.service.id;
  const now = t.clock.now();
  const manager = await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Morgan Reid');
  const sam = await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor');
  const alex = await createUser(t, 'alex@example.nhs.uk', ['therapist'], 'Alex Byrne');
  const priya = await createUser(
    t,
    'priya@example.nhs.uk',
    ['supervisor', 'therapist'],
    'Dr Priya Shah',
  );
  const jo = await createUser(t, 'jo@example.nhs.uk', ['therapist'], 'Jo Evans');

  const leeds = await insertLocation(
    db,
    serviceId,
    {
      name: 'Leeds Central',
      address: '1 Park Row\nLeeds',
      postcode: 'LS1 5AB',
      stepFreeAccess: true,
      accessInformation: 'Lift to all floors. Hearing loop at reception.',
      openingHours: WEEKDAYS,
      active: true,
    },
    now,
  );
  const bradford = await insertLocation(
    db,
    serviceId,
    {
      name: 'Bradford Hub',
      address: '2 Market Street\nBradford',
      postcode: 'BD1 1AA',
      stepFreeAccess: false,
      accessInformation: '',
      openingHours: WEEKDAYS,
      active: true,
    },
    now,
  );
  const room1 = await insertRoom(db, serviceId, {
    locationId: leeds.id,
    name: 'Room 1',
    stepFreeAccess: true,
  });
  const room2 = await insertRoom(db, serviceId, {
    locationId: leeds.id,
    name: 'Room 2',
    stepFreeAccess: true,
  });
  const garden = await insertRoom(db, serviceId, {
    locationId: bradford.id,
    name: 'Garden Room',
    stepFreeAccess: false,
  });

  const profile = (over: Partial<Parameters<typeof saveProfile>[3]>) => ({
    jobTitle: 'IPT therapist',
    professionalBody: 'BACP' as const,
    registrationNumber: '123456',
    trainee: false,
    supervisorId: null,
    therapies: ['ipt' as const],
    workingPattern: WEEKDAYS,
    locationIds: [leeds.id],
    ...over,
  });
  await saveProfile(db, serviceId, sam.id, profile({}), manager.id, now);
  await saveProfile(
    db,
    serviceId,
    alex.id,
    profile({ jobTitle: 'CBT therapist', professionalBody: 'BABCP', therapies: ['cbt'] }),
    manager.id,
    now,
  );
  await saveProfile(
    db,
    serviceId,
    priya.id,
    profile({ jobTitle: 'IPT supervisor', professionalBody: 'HCPC', registrationNumber: 'PYL123' }),
    manager.id,
    now,
  );
  await saveProfile(
    db,
    serviceId,
    jo.id,
    profile({
      jobTitle: 'Trainee IPT therapist',
      professionalBody: 'HCPC',
      registrationNumber: 'PYL999',
      trainee: true,
      supervisorId: priya.id,
    }),
    manager.id,
    now,
  );

  const taylor = await insertWaitingPatient(t, {
    givenName: 'Taylor',
    familyName: 'Green',
    email: 'taylor@example.com',
    mobile: '+447700900001',
    allowEmail: true,
    allowSms: true,
  });
  const robin = await insertWaitingPatient(t, {
    givenName: 'Robin',
    familyName: 'Hart',
    email: 'robin@example.com',
    mobile: '+447700900002',
    allowEmail: true,
    allowSms: false,
  });
  return {
    managerId: manager.id,
    samId: sam.id,
    alexId: alex.id,
    priyaId: priya.id,
    joId: jo.id,
    leedsId: leeds.id,
    bradfordId: bradford.id,
    room1Id: room1.id,
    room2Id: room2.id,
    gardenRoomId: garden.id,
    taylor,
    robin,
  };
}

/** Starts an IPT course directly (allocation itself is tested through the pages). */
export async function startCourse(
  t: TestApp,
  patientId: string,
  therapistId: string,
  plannedSessions = 16,
) {
  const [course] = await t.database.db
    .insert(treatmentCourses)
    .values({
      serviceId: t.service.id,
      patientId,
      therapistId,
      plannedSessions,
      modePreference: 'video',
      startedAt: t.clock.now(),
    })
    .returning();
  await t.database.db
    .update(patients)
    .set({ responsibleClinicianId: therapistId })
    .where(and(eq(patients.serviceId, t.service.id), eq(patients.id, patientId)));
  return course!.id;
}

/** The booking form's fields for a date and time, with sensible defaults. */
export function bookingForm(
  over: Partial<Record<string, string>> & { patientId: string },
): Record<string, string> {
  return {
    courseId: '',
    type: 'ipt_session',
    therapistId: '',
    'date-day': '2',
    'date-month': '12',
    'date-year': '2026',
    time: '10:00',
    duration: '50',
    mode: 'video',
    locationId: '',
    roomId: '',
    repeat: 'once',
    ...over,
  } as Record<string, string>;
}
