import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { locations, rooms, therapistLocations, therapistProfiles } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let chrisId: string;
let supervisorId: string;
let locationId: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

const hours = (days: Record<string, [string, string]>) => {
  const out: Record<string, string> = {};
  for (const [day, [opens, closes]] of Object.entries(days)) {
    out[`opening-${day}-opens`] = opens;
    out[`opening-${day}-closes`] = closes;
  }
  return out;
};

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Morgan Reid');
  chrisId = (await createUser(t, 'chris@example.nhs.uk', ['therapist'], 'Chris Lane')).id;
  supervisorId = (await createUser(t, 'priya@example.nhs.uk', ['supervisor'], 'Dr Priya Shah')).id;
  await createUser(t, 'pat@example.com', ['patient'], 'Pat');
});
afterAll(async () => t.close());

describe('locations and rooms (service manager)', () => {
  it('adds a location, refusing bad answers with specific messages', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    expect((await m.get('/locations')).statusCode).toBe(200);
    expect((await m.get('/locations/new')).statusCode).toBe(200);
    const bad = await m.post('/locations/new', {
      name: '',
      address: '',
      postcode: 'nonsense',
      accessInformation: 'Lift',
      ...hours({ '1': ['17:00', '09:00'], '2': ['09:00', ''] }),
    });
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('Enter the name of the location');
    expect(text).toContain('Enter the address, without the postcode');
    expect(text).toContain('Select yes if there is step-free access');
    expect(text).toContain('Monday closing time must be after the opening time');
    expect(text).toContain('Enter the closing time for Tuesday');
    expect(bad.body).toContain('value="nonsense"');
    expect(await t.database.db.select().from(locations)).toHaveLength(0);

    const ok = await m.post('/locations/new', {
      name: 'Leeds Central',
      address: '1 Park Row\nLeeds',
      postcode: 'ls15ab',
      stepFreeAccess: 'yes',
      accessInformation: 'Lift to all floors.',
      ...hours({ '1': ['9:00', '5pm'], '3': ['08:30', '20:00'] }),
    });
    expect(ok.statusCode).toBe(303);
    locationId = /\/locations\/([0-9a-f-]{36})/.exec(String(ok.headers.location))![1]!;
    const [row] = await t.database.db.select().from(locations);
    expect(row).toMatchObject({
      name: 'Leeds Central',
      postcode: 'LS1 5AB',
      stepFreeAccess: true,
      openingHours: {
        '1': { opens: '09:00', closes: '17:00' },
        '3': { opens: '08:30', closes: '20:00' },
      },
    });
    const page = await m.get(`/locations/${locationId}`);
    expect(textOf(page.body)).toContain('Monday: 9am to 5pm');
    expect(textOf(page.body)).toContain('Wednesday: 8:30am to 8pm');

    const same = await m.post('/locations/new', {
      name: 'Leeds Central',
      address: 'x',
      postcode: 'LS1 5AB',
      stepFreeAccess: 'no',
      ...hours({ '1': ['09:00', '17:00'] }),
    });
    expect(same.statusCode).toBe(400);
    expect(textOf(same.body)).toContain('There is already a location with this name');
    const sameInOtherCase = await m.post('/locations/new', {
      name: 'leeds CENTRAL',
      address: 'x',
      postcode: 'LS1 5AB',
      stepFreeAccess: 'no',
      ...hours({ '1': ['09:00', '17:00'] }),
    });
    expect(sameInOtherCase.statusCode).toBe(400);
    expect(textOf(sameInOtherCase.body)).toContain('There is already a location with this name');
    expect(await t.database.db.select().from(locations)).toHaveLength(1);
  });

  it('adds rooms, refuses duplicates, and takes a room out of use', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    await m.get(`/locations/${locationId}`);
    const bad = await m.post(`/locations/${locationId}/rooms`, { roomName: '' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Enter the name of the room');
    expect(textOf(bad.body)).toContain('Select yes if the room has step-free access');
    expect(
      (await m.post(`/locations/${locationId}/rooms`, { roomName: 'Room 2', roomStepFree: 'yes' }))
        .statusCode,
    ).toBe(303);
    await m.get(`/locations/${locationId}`);
    const dup = await m.post(`/locations/${locationId}/rooms`, {
      roomName: 'room 2',
      roomStepFree: 'no',
    });
    expect(dup.statusCode).toBe(400);
    expect(textOf(dup.body)).toContain('Leeds Central already has a room called room 2');
    const [room] = await t.database.db.select().from(rooms);
    expect(room).toMatchObject({ name: 'Room 2', stepFreeAccess: true, active: true });
    await m.get(`/locations/${locationId}`);
    expect((await m.post(`/locations/${locationId}/rooms/${room!.id}/close`, {})).statusCode).toBe(
      303,
    );
    const [closed] = await t.database.db.select().from(rooms).where(eq(rooms.id, room!.id));
    expect(closed!.active).toBe(false);
  });

  it('edits a location', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const form = await m.get(`/locations/${locationId}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Leeds Central"');
    const res = await m.post(`/locations/${locationId}/edit`, {
      name: 'Leeds Central Wellbeing Hub',
      address: '1 Park Row\nLeeds',
      postcode: 'LS1 5AB',
      stepFreeAccess: 'no',
      accessInformation: 'Lift out of order until March.',
      active: 'yes',
      ...hours({ '1': ['09:00', '17:00'] }),
    });
    expect(res.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(locations);
    expect(row!.name).toBe('Leeds Central Wellbeing Hub');
    expect(row!.stepFreeAccess).toBe(false);
  });

  it('is for service managers only', async () => {
    const c = await signedIn('chris@example.nhs.uk');
    expect((await c.get('/locations')).statusCode).toBe(403);
    expect((await c.get('/therapists')).statusCode).toBe(403);
  });
});

describe('therapist profiles (service manager)', () => {
  it('refuses an incomplete profile with specific messages, keeping the answers', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const list = await m.get('/therapists');
    expect(textOf(list.body)).toContain('Chris Lane');
    const url = `/therapists/${chrisId}/edit`;
    const form = await m.get(url);
    expect(form.statusCode).toBe(200);
    // No locations is "not limiting" to the diary (worksAt, H10), never "video only".
    expect(textOf(form.body)).toContain(
      'If you select none, they can be booked face to face at any location.',
    );
    expect(textOf(form.body)).not.toContain('video only');
    const empty = await m.post(url, { jobTitle: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter their role, as patients will see it');
    expect(textOf(empty.body)).toContain('Select yes if they are an IPT trainee');
    expect(textOf(empty.body)).toContain('Select at least one therapy they deliver');
    const qualified = await m.post(url, {
      jobTitle: 'IPT therapist',
      trainee: 'no',
      professionalBody: 'none',
      registrationNumber: '',
      therapies: 'ipt',
      'hours-1-opens': '09:00',
      'hours-1-closes': '08:00',
    });
    expect(qualified.statusCode).toBe(400);
    expect(textOf(qualified.body)).toContain(
      'Select the professional body they are registered with. Only trainees may have none yet',
    );
    expect(textOf(qualified.body)).toContain('Monday finish time must be after the start time');
    expect(qualified.body).toContain('value="IPT therapist"');
    const trainee = await m.post(url, {
      jobTitle: 'Trainee IPT therapist',
      trainee: 'yes',
      professionalBody: 'HCPC',
      registrationNumber: '',
      therapies: ['ipt', 'cbt'],
    });
    expect(trainee.statusCode).toBe(400);
    expect(textOf(trainee.body)).toContain('Enter their registration number');
    expect(textOf(trainee.body)).toContain('Select the supervisor for this trainee');
    expect(await t.database.db.select().from(therapistProfiles)).toHaveLength(0);
  });

  it('saves a trainee’s profile with a supervisor, locations and working pattern', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/therapists/${chrisId}/edit`;
    await m.get(url);
    const res = await m.post(url, {
      jobTitle: 'Trainee IPT therapist',
      trainee: 'yes',
      professionalBody: 'HCPC',
      registrationNumber: 'pyl12345',
      supervisorId,
      therapies: ['ipt', 'cbt'],
      locationIds: locationId,
      'hours-2-opens': '10:00',
      'hours-2-closes': '18:00',
      'hours-4-opens': '9',
      'hours-4-closes': '1pm',
    });
    expect(res.statusCode).toBe(303);
    const [profile] = await t.database.db.select().from(therapistProfiles);
    expect(profile).toMatchObject({
      userId: chrisId,
      jobTitle: 'Trainee IPT therapist',
      professionalBody: 'HCPC',
      registrationNumber: 'PYL12345',
      trainee: true,
      supervisorId,
      therapies: ['ipt', 'cbt'],
      workingPattern: {
        '2': { opens: '10:00', closes: '18:00' },
        '4': { opens: '09:00', closes: '13:00' },
      },
    });
    const links = await t.database.db.select().from(therapistLocations);
    expect(links.map((l) => l.locationId)).toEqual([locationId]);
    const list = await m.get(`/therapists?saved=${chrisId}`);
    expect(textOf(list.body)).toContain('Profile saved for Chris Lane');
    expect(textOf(list.body)).toContain('IPT trainee, supervised by Dr Priya Shah');

    // A patient sees the public profile only.
    const pat = await signedIn('pat@example.com');
    const pub = await pat.get(`/therapists/${chrisId}`);
    expect(pub.statusCode).toBe(200);
    expect(textOf(pub.body)).toContain('Trainee IPT therapist');
    expect(textOf(pub.body)).toContain('registration number PYL12345');
    expect(textOf(pub.body)).not.toContain('chris@example.nhs.uk');
    expect(textOf(pub.body)).not.toContain('10am');
  });

  it('refuses a supervisor who does not have the supervisor role', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/therapists/${chrisId}/edit`;
    await m.get(url);
    const res = await m.post(url, {
      jobTitle: 'Trainee IPT therapist',
      trainee: 'yes',
      professionalBody: 'HCPC',
      registrationNumber: 'PYL12345',
      supervisorId: chrisId,
      therapies: 'ipt',
    });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Select the supervisor for this trainee');
  });
});
