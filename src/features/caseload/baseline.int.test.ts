import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, textOf } from '../../../tests/support/client';
import { tableRows } from '../../../tests/support/tables';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import { seedDiaryWorld, type DiaryWorld } from '../../../tests/fixtures/diary-world';
import { seedCourse, type SeededCourse } from '../../../tests/fixtures/outcomes';

// Issue 9 item 16: the caseload measured from session 1 while the progress page measured from the
// referral. One baseline everywhere (ADR 0005), and both pages say which score it is.
const NOW = '2026-11-25T10:00:00Z';
const WEEK = 7 * 86_400_000;

let t: TestApp;
let w: DiaryWorld;
let twoSessions: SeededCourse;
let oneSession: SeededCourse;

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  w = await seedDiaryWorld(t);
  twoSessions = await seedCourse(t, {
    givenName: 'Hana',
    familyName: 'Hill',
    therapistId: w.samId,
    sessions: ['attended', 'attended'],
    firstSessionAt: new Date(Date.parse('2026-11-23T10:00:00Z') - WEEK),
    scores: [
      { measureId: 'phq9', total: 18, context: 'referral' },
      { measureId: 'phq9', total: 17, context: 'session', session: 1 },
      { measureId: 'phq9', total: 8, context: 'session', session: 2 },
    ],
  });
  oneSession = await seedCourse(t, {
    givenName: 'Ivan',
    familyName: 'Irwin',
    therapistId: w.samId,
    sessions: ['attended'],
    firstSessionAt: new Date('2026-11-24T11:00:00Z'),
    scores: [
      { measureId: 'phq9', total: 18, context: 'referral' },
      { measureId: 'phq9', total: 10, context: 'session', session: 1 },
    ],
  });
});
afterAll(async () => t.close());

async function sam() {
  const client = new TestClient(t.app);
  expect((await client.signIn('sam@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
  return client;
}

describe('one baseline on the caseload and the progress page', () => {
  it('measures from session 1 on both when there are two session scores', async () => {
    const c = await sam();
    const rows = tableRows((await c.get('/caseload')).body, 'Your caseload: 2 people');
    const hana = rows.find((r) => r[0]?.startsWith('Hana Hill'));
    expect(hana?.[2]).toBe('8 (down 9 since the first score, at session 1, 17)');
    const progress = textOf((await c.get(`/patients/${twoSessions.patientId}/progress`)).body);
    expect(progress).toContain('Latest 8 (down 9 since the first score, at session 1, 17)');
    expect(progress).toContain('First score, at session 1, 17');
    expect(progress).not.toContain('first 18');
  });

  it('measures from the referral on both when there is one session score', async () => {
    const c = await sam();
    const rows = tableRows((await c.get('/caseload')).body, 'Your caseload: 2 people');
    const ivan = rows.find((r) => r[0]?.startsWith('Ivan Irwin'));
    expect(ivan?.[2]).toBe('10 (down 8 since the first score, at referral, 18)');
    const progress = textOf((await c.get(`/patients/${oneSession.patientId}/progress`)).body);
    expect(progress).toContain('Latest 10 (down 8 since the first score, at referral, 18)');
  });
});
