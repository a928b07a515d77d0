import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { patients } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import { seedDiaryWorld, type DiaryWorld } from '../../../tests/fixtures/diary-world';
import { seedCourse, type SeededCourse } from '../../../tests/fixtures/outcomes';

// Issue 9 item 17: the patient record page is the patient's summary.
let t: TestApp;
let w: DiaryWorld;
let c: SeededCourse;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  expect((await client.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return client;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-25T10:00:00Z' });
  w = await seedDiaryWorld(t);
  c = await seedCourse(t, {
    givenName: 'Jade',
    familyName: 'Jones',
    therapistId: w.samId,
    sessions: ['attended', 'booked'],
    firstSessionAt: new Date('2026-11-18T10:00:00Z'),
  });
  await t.database.db
    .update(patients)
    .set({
      dateOfBirth: '1980-03-04',
      address: '2 Park Lane, Leeds',
      mobile: '07700 900123',
      email: null,
      gpPractice: 'Park Surgery, Leeds',
      gpEmail: 'park.surgery@nhs.net',
    })
    .where(eq(patients.id, c.patientId));
});
afterAll(async () => t.close());

describe('the patient summary page', () => {
  it('shows NHS-style date of birth with age, contact details, GP, course and its sessions', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const res = await sam.get(`/patients/${c.patientId}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Date of birth 4 March 1980 (aged 46)');
    expect(text).toContain('Address 2 Park Lane, Leeds');
    expect(text).toContain('Mobile phone 07700 900123');
    expect(text).toContain('Email Not given');
    expect(text).not.toContain('Not known');
    expect(text).toContain('GP practice Park Surgery, Leeds');
    expect(text).toContain('GP practice email park.surgery@nhs.net');
    expect(text).toContain('Letters by email No: we do not email about letters');
    expect(text).toContain('Therapist Sam Okafor');
    expect(text).toContain('Sessions 1 of 16 attended');
    expect(res.body).toContain(`href="/courses/${c.courseId}"`);
    expect(res.body).toContain(`href="/diary/appointments/${c.appointmentIds[0]}"`);
    expect(res.body).toContain(`href="/patients/${c.patientId}/progress"`);
    expect(res.body).toContain(`href="/patients/${c.patientId}/questionnaires"`);
    expect(text).toContain('Outcomes');
  });

  it('says how letters reach the person by email, as the letters feature sends them', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const shown = async (values: { allowEmail: boolean; allowLettersByEmail: boolean }) => {
      await t.database.db
        .update(patients)
        .set({ email: 'alex@example.com', ...values })
        .where(eq(patients.id, c.patientId));
      return textOf((await sam.get(`/patients/${c.patientId}`)).body);
    };
    try {
      expect(await shown({ allowEmail: true, allowLettersByEmail: true })).toContain(
        'Letters by email Yes: each letter is attached to an email',
      );
      expect(await shown({ allowEmail: true, allowLettersByEmail: false })).toContain(
        'Letters by email No: an email says when a letter is ready to read here',
      );
      expect(await shown({ allowEmail: false, allowLettersByEmail: true })).toContain(
        'Letters by email No: we do not email about letters',
      );
    } finally {
      await t.database.db
        .update(patients)
        .set({ email: null, allowEmail: false, allowLettersByEmail: false })
        .where(eq(patients.id, c.patientId));
    }
  });

  it('links a manager to the course too, and another therapist gets 404', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    expect((await m.get(`/patients/${c.patientId}`)).body).toContain(
      `href="/courses/${c.courseId}"`,
    );
    const jo = await signedIn('jo@example.nhs.uk');
    expect((await jo.get(`/patients/${c.patientId}`)).statusCode).toBe(404);
  });
});
