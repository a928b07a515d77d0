import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityInvitations, letters, locations, rooms } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertCourse,
  insertPatient,
  insertReferral,
  insertSession,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let therapistId: string;
let people = 0;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-30T09:00:00Z');
  therapistId = (await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Dr Sam Okafor')).id;
});
afterAll(async () => t.close());

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** A patient in IPT whose account is named differently from their record. */
async function patientInTreatment() {
  people += 1;
  const email = `home${people}@example.com`;
  const user = await createUser(t, email, ['patient'], `Alexandra Morgan-Smith ${people}`);
  const patient = await insertPatient(t, {
    givenName: 'Alex',
    familyName: `Morgan${people}`,
    userId: user.id,
    email,
  });
  await insertReferral(t, { status: 'in_treatment', patientId: patient.id });
  const course = await insertCourse(t, patient.id, therapistId);
  return { email, patient, course };
}

describe('the patient home page', () => {
  it('shows the next booked session, not “your therapist will agree the times”', async () => {
    const p = await patientInTreatment();
    // A past attended session, a cancelled one, then the next booked one by video.
    await insertSession(t, p.course, '2026-11-23T10:00:00Z', { status: 'attended' });
    await insertSession(t, p.course, '2026-12-01T10:00:00Z', {
      status: 'cancelled',
      cancelledBy: 'service',
      cancellationReason: 'Therapist ill',
    });
    const next = await insertSession(t, p.course, '2026-12-02T11:00:00Z', { sessionNumber: 2 });
    await insertSession(t, p.course, '2026-12-09T11:00:00Z', { sessionNumber: 3 });
    const page = await (await signedIn(p.email)).get('/home');
    // The way into the call, straight from home (walk 11).
    expect(page.body).toContain(`href="/appointments/${next.id}/video"`);
    const home = textOf(page.body);
    expect(home).toContain('Hello, Alex');
    expect(home).toContain('Your next appointment');
    expect(home).toContain('IPT session 2');
    expect(home).toContain('Wednesday 2 December 2026 at 11am until 11:50am');
    expect(home).toContain('By video call');
    expect(home).not.toContain('Tuesday 1 December');
    expect(home).not.toContain('Your therapist will agree the times');
  });

  it('opens what they and their therapist wrote together, the staying-well plan with it', async () => {
    const p = await patientInTreatment();
    const res = await (await signedIn(p.email)).get('/home');
    expect(res.body).toContain('href="/therapy"');
    expect(textOf(res.body)).toContain('Your therapy Your staying-well plan, your aims');
  });

  it('says where to come for a face-to-face session', async () => {
    const p = await patientInTreatment();
    const [location] = await t.database.db
      .insert(locations)
      .values({
        serviceId: t.service.id,
        name: 'Leeds Central',
        address: '1 Park Row, Leeds',
        postcode: 'LS1 5HD',
        openingHours: {},
      })
      .returning();
    const [room] = await t.database.db
      .insert(rooms)
      .values({ serviceId: t.service.id, locationId: location!.id, name: 'Room 2' })
      .returning();
    await insertSession(t, p.course, '2026-12-03T14:00:00Z', {
      mode: 'face_to_face',
      locationId: location!.id,
      roomId: room!.id,
    });
    const home = textOf((await (await signedIn(p.email)).get('/home')).body);
    expect(home).toContain('Face to face at Room 2, Leeds Central');
    expect(home).toContain('1 Park Row, Leeds, LS1 5HD');
    expect(home).not.toContain('How to join your video appointment');
  });

  it('says the therapist will agree the times only when nothing is booked', async () => {
    const p = await patientInTreatment();
    await insertSession(t, p.course, '2026-11-24T10:00:00Z', { status: 'attended' });
    const home = textOf((await (await signedIn(p.email)).get('/home')).body);
    expect(home).toContain('Hello, Alex');
    expect(home).not.toContain('Your next appointment');
    expect(home).toContain('Your therapist will agree the times of your sessions with you');
  });

  it('gives a patient whose time with us has ended a way to their letters', async () => {
    people += 1;
    const email = `home${people}@example.com`;
    const user = await createUser(t, email, ['patient'], `Jo Finished ${people}`);
    const patient = await insertPatient(t, {
      givenName: 'Jo',
      familyName: `Finished${people}`,
      userId: user.id,
      email,
    });
    await insertReferral(t, { status: 'discharged', patientId: patient.id });
    const [letter] = await t.database.db
      .insert(letters)
      .values({
        serviceId: t.service.id,
        patientId: patient.id,
        kind: 'discharge_patient',
        sourceKey: `home-test-${people}`,
        content: {
          serviceName: t.service.name,
          to: ['Jo'],
          salutation: 'Dear Jo',
          heading: 'Your discharge letter',
          patientLines: [],
          paragraphs: ['Your sessions have ended.'],
          signOff: ['With best wishes'],
          date: '30 November 2026',
        },
        createdAt: t.clock.now(),
      })
      .returning();
    const c = await signedIn(email);
    const home = await c.get('/home');
    expect(textOf(home.body)).toContain('Your letters and your notebook stay here for you');
    // The promise has its link: to the letters in their notebook.
    expect(home.body).toContain('href="/notebook#shared-letter"');
    expect(textOf(home.body)).toContain('Your letters Letters we have sent you');
    const notebook = await c.get('/notebook');
    expect(notebook.statusCode).toBe(200);
    expect(notebook.body).toContain('id="shared-letter"');
    expect(textOf(notebook.body)).toContain('Your discharge letter');
    expect(notebook.body).toContain(`href="/letters/${letter!.id}/pdf"`);
    expect((await c.get(`/letters/${letter!.id}/pdf`)).statusCode).toBe(200);
  });

  it('says after discharge that the course has ended, when, and where to turn now (walk 13)', async () => {
    people += 1;
    const email = `home${people}@example.com`;
    const user = await createUser(t, email, ['patient'], `Sky Ended ${people}`);
    const patient = await insertPatient(t, {
      givenName: 'Sky',
      familyName: `Ended${people}`,
      userId: user.id,
      email,
    });
    const referral = await insertReferral(t, { status: 'discharged', patientId: patient.id });
    await insertCourse(t, patient.id, therapistId, {
      referralId: referral.id,
      status: 'ended',
      endedAt: new Date('2026-11-20T16:00:00Z'),
      endedReason: 'completed',
    });
    // They asked at discharge to be invited to the peer-support community.
    await t.database.db.insert(communityInvitations).values({
      serviceId: t.service.id,
      userId: user.id,
      kind: 'former_patient',
      patientId: patient.id,
      invitedBy: therapistId,
      createdAt: t.clock.now(),
    });
    const res = await (await signedIn(email)).get('/home');
    const home = textOf(res.body);
    // The "Your therapy" card no longer reads as if the sessions go on.
    expect(home).not.toContain('what you and your therapist are working on');
    expect(home).toContain(
      'Your therapy Your course of therapy ended on 20 November 2026. Your staying-well plan',
    );
    expect(home).toContain('Your time with our service has ended');
    // Aftercare: their plan, and the community they were invited to.
    expect(home).toContain('your staying-well plan if you made one, are kept in Your therapy');
    expect(res.body).toContain('href="/community/join"');
    expect(home).toContain('join our peer-support community');
    // How to get help again, and help now, as on every patient page.
    expect(home).toContain('If you need our help again in future, you can refer yourself again.');
    expect(res.body).toContain('href="/refer"');
    expect(res.body).toContain('href="/urgent-help"');
  });

  it('greets staff by their first name too', async () => {
    const home = textOf((await (await signedIn('sam@example.nhs.uk')).get('/home')).body);
    expect(home).toContain('Welcome, Sam');
    expect(home).not.toContain('Welcome, Dr');
  });

  it('gives a service manager first-run guidance, ticked as it is done, and cards', async () => {
    await createUser(t, 'max@example.nhs.uk', ['service_manager'], 'Max Manager');
    const before = textOf((await (await signedIn('max@example.nhs.uk')).get('/home')).body);
    expect(before).toContain('Set up your service');
    expect(before).toContain('Service settings To do');
    // Sam is a therapist without a profile yet.
    expect(before).toContain('Therapists To do');
    expect(before).toContain('Working patterns To do');
    const locationsBefore = /(\d+) locations? for face-to-face sessions/.exec(before)?.[1];
    await t.database.db.insert(locations).values({
      serviceId: t.service.id,
      name: 'Bradford Hub',
      address: '3 Hall Ings',
      postcode: 'BD1 5SH',
      openingHours: {},
    });
    const after = textOf((await (await signedIn('max@example.nhs.uk')).get('/home')).body);
    expect(after).toContain('Locations and rooms Done');
    expect(after).toContain(`${Number(locationsBefore) + 1} locations for face-to-face sessions`);
    expect(after).toContain('1 active therapist');
  });
});
