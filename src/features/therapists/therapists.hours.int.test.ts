import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import {
  appointments,
  locations,
  rooms,
  therapistLocations,
  therapistProfiles,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertCourse,
  insertPatient,
  insertSession,
  insertTherapistProfile,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/**
 * A therapist's working pattern or locations are not changed under sessions still booked with
 * them (H10): the save is refused, naming each session with a link to it, until they are
 * rearranged; sessions booked outside the usual hours with a reason are left alone.
 */
let t: TestApp;
let samId: string;
let leedsId: string;
let bradfordId: string;
let leedsRoomId: string;
let bradfordRoomId: string;
let tuesday: { id: string };
let agreedTuesday: { id: string };
let atBradford: { id: string };
let pastTuesday: { id: string };
let sessionOf: { id: string; patientId: string; therapistId: string };

const NINE_TO_FIVE = Object.fromEntries(
  ['1', '2', '3', '4', '5'].map((d) => [d, { opens: '09:00', closes: '17:00' }]),
);

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** The profile form as the manager sends it: Monday to Friday 9 to 5, unless told otherwise. */
function form(over: { days?: string[]; locationIds?: string[]; jobTitle?: string } = {}) {
  const body: Record<string, string | string[]> = {
    jobTitle: over.jobTitle ?? 'IPT therapist',
    trainee: 'no',
    professionalBody: 'HCPC',
    registrationNumber: 'PYL12345',
    supervisorId: '',
    therapies: 'ipt',
    locationIds: over.locationIds ?? [leedsId, bradfordId],
  };
  for (const d of ['1', '2', '3', '4', '5', '6', '7']) {
    const works = (over.days ?? ['1', '2', '3', '4', '5']).includes(d);
    body[`hours-${d}-opens`] = works ? '09:00' : '';
    body[`hours-${d}-closes`] = works ? '17:00' : '';
  }
  return body;
}

async function place(name: string) {
  const [row] = await t.database.db
    .insert(locations)
    .values({
      serviceId: t.service.id,
      name,
      address: '1 Park Row',
      postcode: 'LS1 5AB',
      openingHours: NINE_TO_FIVE,
    })
    .returning();
  const [room] = await t.database.db
    .insert(rooms)
    .values({ serviceId: t.service.id, locationId: row!.id, name: 'Room 1' })
    .returning();
  return { id: row!.id, roomId: room!.id };
}

beforeAll(async () => {
  // Wednesday 25 November 2026, 10am.
  t = await createTestApp({ now: '2026-11-25T10:00:00Z' });
  await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Morgan Reid');
  samId = (await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Sam Taylor')).id;
  ({ id: leedsId, roomId: leedsRoomId } = await place('Leeds Central'));
  ({ id: bradfordId, roomId: bradfordRoomId } = await place('Bradford Hub'));
  await insertTherapistProfile(t, samId, {
    professionalBody: 'HCPC',
    registrationNumber: 'PYL12345',
    workingPattern: NINE_TO_FIVE,
  });
  await t.database.db.insert(therapistLocations).values([
    { serviceId: t.service.id, userId: samId, locationId: leedsId },
    { serviceId: t.service.id, userId: samId, locationId: bradfordId },
  ]);
  const patient = await insertPatient(t, { givenName: 'Pat', familyName: 'Jones' });
  const course = await insertCourse(t, patient.id, samId);
  const session = { id: course.id, patientId: patient.id, therapistId: samId };
  sessionOf = session;
  // Tuesdays at 10am: one booked, one agreed outside the usual hours, one already held.
  tuesday = await insertSession(t, session, '2026-12-01T10:00:00Z');
  agreedTuesday = await insertSession(t, session, '2026-12-08T10:00:00Z', {
    outsideHoursReason: 'The patient can only come on Tuesdays',
  });
  pastTuesday = await insertSession(t, session, '2026-11-24T10:00:00Z', { status: 'attended' });
  await insertSession(t, session, '2026-12-15T10:00:00Z', {
    status: 'cancelled',
    cancelledBy: 'service',
    cancellationReason: 'Therapist unwell',
  });
  // Thursday face to face at Bradford.
  atBradford = await insertSession(t, session, '2026-12-03T11:00:00Z', {
    mode: 'face_to_face',
    locationId: bradfordId,
    roomId: bradfordRoomId,
  });
});
afterAll(async () => t.close());

async function savedProfile() {
  const [profile] = await t.database.db
    .select()
    .from(therapistProfiles)
    .where(and(eq(therapistProfiles.serviceId, t.service.id), eq(therapistProfiles.userId, samId)));
  const places = await t.database.db
    .select()
    .from(therapistLocations)
    .where(eq(therapistLocations.userId, samId));
  return { profile: profile!, locationIds: places.map((p) => p.locationId).sort() };
}

describe('changing a therapist’s hours or locations under booked sessions (H10)', () => {
  const url = () => `/therapists/${samId}/edit`;

  it('refuses to take away a day with sessions booked on it, listing them with links', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    await m.get(url());
    const res = await m.post(url(), form({ days: ['1', '3', '4', '5'], jobTitle: 'Senior IPT' }));
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain(
      'Tuesday 1 December 2026 at 10am, Pat Jones: Sam Taylor would not be working then. Rearrange this session first',
    );
    expect(text).toContain('1 booked session would be left without its therapist');
    expect(res.body).toContain(`href="/diary/appointments/${tuesday.id}"`);
    expect(res.body).toContain(`href="#booked-${tuesday.id}"`);
    // Agreed outside the usual hours, already held, or cancelled: not listed.
    expect(res.body).not.toContain(agreedTuesday.id);
    expect(res.body).not.toContain(pastTuesday.id);
    expect(text).not.toContain('15 December');
    // The answers are kept, and nothing is saved.
    expect(res.body).toContain('value="Senior IPT"');
    expect(res.body).not.toMatch(/name="hours-2-opens"[^>]*value="09:00"/);
    const { profile } = await savedProfile();
    expect(profile.jobTitle).toBe('IPT therapist');
    expect(profile.workingPattern).toEqual(NINE_TO_FIVE);
  });

  it('refuses to take away a location with face-to-face sessions booked there', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    await m.get(url());
    const res = await m.post(url(), form({ locationIds: [leedsId] }));
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain(
      'Thursday 3 December 2026 at 11am, Pat Jones: Sam Taylor would no longer work at Bradford Hub. Rearrange this session first',
    );
    expect(res.body).toContain(`href="/diary/appointments/${atBradford.id}"`);
    expect(res.body).not.toContain(`/diary/appointments/${tuesday.id}"`);
    expect((await savedProfile()).locationIds).toEqual([leedsId, bradfordId].sort());
  });

  it('saves other changes, and the change once the sessions are rearranged', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    await m.get(url());
    expect((await m.post(url(), form({ jobTitle: 'Senior IPT therapist' }))).statusCode).toBe(303);
    expect((await savedProfile()).profile.jobTitle).toBe('Senior IPT therapist');

    // Moved to Wednesday and to Leeds: the change now goes through.
    await t.database.db
      .update(appointments)
      .set({ startsAt: new Date('2026-12-02T10:00:00Z'), endsAt: new Date('2026-12-02T10:50:00Z') })
      .where(eq(appointments.id, tuesday.id));
    await t.database.db
      .update(appointments)
      .set({ locationId: leedsId, roomId: leedsRoomId })
      .where(eq(appointments.id, atBradford.id));
    await m.get(url());
    const res = await m.post(url(), form({ days: ['1', '3', '4', '5'], locationIds: [leedsId] }));
    expect(res.statusCode).toBe(303);
    const saved = await savedProfile();
    expect(Object.keys(saved.profile.workingPattern).sort()).toEqual(['1', '3', '4', '5']);
    expect(saved.locationIds).toEqual([leedsId]);
  });

  // PGlite has one connection, so a booking and a save cannot overlap there.
  it.skipIf(process.env.RAPPORT_TEST_DB !== 'postgres')(
    'waits for a booking under way, then refuses to strand it',
    async () => {
      const m = await signedIn('manager@example.nhs.uk');
      await m.get(url());
      // A booking under way holds the therapist as the diary does (holdForBooking).
      let release = () => {};
      const finish = new Promise<void>((r) => (release = r));
      let held = () => {};
      const isHeld = new Promise<void>((r) => (held = r));
      const booking = t.database.root.transaction(async (tx) => {
        await tx.execute(sql`select id from users where id = ${samId} for share`);
        held();
        await finish;
      });
      await isHeld;
      // Monday taken away while the booking is under way.
      const saving = m.post(url(), form({ days: ['3', '4', '5'], locationIds: [leedsId] }));
      const waitingOnLocks = async () => {
        const result = (await t.database.root.execute(
          sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
        )) as { rows: { n: number }[] };
        return result.rows[0]?.n ?? 0;
      };
      await vi.waitFor(
        async () => {
          expect(await waitingOnLocks()).toBeGreaterThanOrEqual(1);
        },
        { timeout: 30_000, interval: 25 },
      );
      // The booking lands (Monday 7 December) and ends; only then does the save read the diary.
      const monday = await insertSession(t, sessionOf, '2026-12-07T10:00:00Z');
      release();
      await booking;
      const res = await saving;
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(`href="/diary/appointments/${monday.id}"`);
      expect(Object.keys((await savedProfile()).profile.workingPattern).sort()).toEqual([
        '1',
        '3',
        '4',
        '5',
      ]);
    },
  );
});
