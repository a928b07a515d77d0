import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTenant, type Db } from '../../db/client';
import { auditEvents, measureResponses, riskAlerts, type Role } from '../../db/schema';
import { NOT_APPLICABLE } from '../../domain/measures';
import { systemActor } from '../../platform/audit';
import type { AuthUser } from '../../platform/types';
import { TestClient, textOf } from '../../../tests/support/client';
import { tableRows } from '../../../tests/support/tables';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { seedDiaryWorld, type DiaryWorld } from '../../../tests/fixtures/diary-world';
import { seedCourse, type SeededCourse } from '../../../tests/fixtures/outcomes';
import { saveProfile } from '../../../tests/fixtures/diary-world';
import { createUseCase } from '../../platform/use-case';
import { openCaseload } from './caseload.service';

// Wednesday 25 November 2026, 10am in London (GMT): the test app's clock.
const NOW = '2026-11-25T10:00:00Z';
const WEEK = 7 * 86_400_000;

let t: TestApp;
let w: DiaryWorld;
const c: Record<string, SeededCourse> = {};

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  expect((await client.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return client;
}

/** Weekly sessions ending with one today at the given London (GMT) time. */
function weeksBeforeToday(hour: number, count: number) {
  return new Date(Date.UTC(2026, 10, 25, hour) - (count - 1) * WEEK);
}

async function raiseAlert(patientId: string, actioned = false) {
  await t.database.db.insert(riskAlerts).values({
    serviceId: t.service.id,
    source: 'questionnaire',
    reason: 'PHQ-9 item 9 answered “Several days”',
    patientId,
    responsibleClinicianId: w.samId,
    raisedAt: t.clock.now(),
    ...(actioned
      ? {
          actionTaken: 'Called, safety plan reviewed',
          actionedBy: w.samId,
          actionedAt: t.clock.now(),
        }
      : {}),
  });
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  w = await seedDiaryWorld(t);
  // Ava: a session today at 2pm with no PHQ-9 yet; reliably improved, no longer at caseness.
  c.ava = await seedCourse(t, {
    givenName: 'Ava',
    familyName: 'Adams',
    therapistId: w.samId,
    sessions: ['attended', 'attended', 'booked'],
    firstSessionAt: weeksBeforeToday(14, 3),
    scores: [
      { measureId: 'phq9', total: 16, context: 'session', session: 1 },
      { measureId: 'gad7', total: 12, context: 'session', session: 1 },
      { measureId: 'wsas', total: 20, context: 'session', session: 1 },
      { measureId: 'phq9', total: 9, context: 'session', session: 2 },
      { measureId: 'gad7', total: 7, context: 'session', session: 2 },
      { measureId: 'wsas', total: 14, context: 'session', session: 2 },
    ],
  });
  // Ben: a session at 9am today, PHQ-9 answered for it; reliably deteriorated, at caseness.
  c.ben = await seedCourse(t, {
    givenName: 'Ben',
    familyName: 'Brown',
    therapistId: w.samId,
    sessions: ['attended', 'attended'],
    firstSessionAt: weeksBeforeToday(9, 2),
    scores: [
      { measureId: 'phq9', total: 12, context: 'session', session: 1 },
      { measureId: 'gad7', total: 9, context: 'session', session: 1 },
      // Answered, then corrected: the correction still counts as answered.
      { measureId: 'phq9', total: 27, context: 'session', session: 2, correctedTo: 18 },
      { measureId: 'gad7', total: 9, context: 'session', session: 2 },
    ],
  });
  // Cara: two open risk alerts; only assessment scores so far.
  c.cara = await seedCourse(t, {
    givenName: 'Cara',
    familyName: 'Clark',
    therapistId: w.samId,
    sessions: ['booked'],
    firstSessionAt: new Date(Date.UTC(2026, 11, 2, 11)),
    scores: [
      { measureId: 'phq9', total: 14, context: 'assessment' },
      { measureId: 'gad7', total: 6, context: 'assessment' },
    ],
  });
  await raiseAlert(c.cara.patientId);
  await raiseAlert(c.cara.patientId);
  // Dan: no scores; today's session was cancelled; his only alert has been actioned.
  c.dan = await seedCourse(t, {
    givenName: 'Dan',
    familyName: 'Dale',
    therapistId: w.samId,
    sessions: ['cancelled'],
    firstSessionAt: new Date(Date.UTC(2026, 10, 25, 15)),
  });
  await raiseAlert(c.dan.patientId, true);
  // Jo (Priya's trainee) treats Fay.
  c.fay = await seedCourse(t, {
    givenName: 'Fay',
    familyName: 'Ford',
    therapistId: w.joId,
    sessions: ['booked'],
    firstSessionAt: new Date(Date.UTC(2026, 10, 25, 16)),
  });
  // Eve's course with Sam has ended: not on the caseload.
  c.eve = await seedCourse(t, {
    givenName: 'Eve',
    familyName: 'Ended',
    therapistId: w.samId,
    sessions: ['attended'],
    firstSessionAt: new Date(Date.UTC(2026, 8, 1, 9)),
  });
  const sam = await signedIn('sam@example.nhs.uk');
  await sam.get(`/courses/${c.eve.courseId}/discharge`);
  const discharged = await sam.post(`/courses/${c.eve.courseId}/discharge`, {
    reason: 'moved_away',
    note: '',
    communityInvite: 'no',
  });
  expect(discharged.statusCode).toBe(303);
});
afterAll(async () => t.close());

const CAPTION_SAM = 'Your caseload: 4 people';

describe('a therapist’s caseload', () => {
  it('lists active courses, what needs attention first, with scores and change', async () => {
    t.clock.set(NOW);
    const sam = await signedIn('sam@example.nhs.uk');
    const res = await sam.get('/caseload');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/href="\/patients\/[0-9a-f-]+#open-risk-alerts"/);
    expect(tableRows(res.body, CAPTION_SAM)).toEqual([
      // Open risk alerts first.
      [
        'Cara Clark Progress of Cara Clark IPT workspace of Cara Clark',
        '0 of 16',
        '14 (no earlier score)',
        '6 (no earlier score)',
        'None yet',
        'Not enough scores yet',
        'Yes',
        // Linked to the alerts at the top of the record (walk 11).
        '2 open risk alerts: Cara Clark',
        'No session',
      ],
      // Then sessions today, earliest first.
      [
        'Ben Brown Progress of Ben Brown IPT workspace of Ben Brown',
        '2 of 16',
        '18 (up 6 since the first score, at session 1, 12)',
        '9 (no change since the first score, at session 1, 9)',
        'None yet',
        // 12 to 18 is reliable deterioration: flagged off track for review (H16).
        'Reliable deterioration Off track PHQ-9 has reliably deteriorated (up 6 or more from the first score)',
        'Yes',
        'None',
        'Session at 9am',
      ],
      [
        'Ava Adams Progress of Ava Adams IPT workspace of Ava Adams',
        '2 of 16',
        '9 (down 7 since the first score, at session 1, 16)',
        '7 (down 5 since the first score, at session 1, 12)',
        '14 (down 6 since the first score, at session 1, 20)',
        'Reliable improvement',
        'No',
        'None',
        'Session at 2pm Questionnaires missing for today’s session',
      ],
      // Then everyone else by surname.
      [
        'Dan Dale Progress of Dan Dale IPT workspace of Dan Dale',
        '0 of 16',
        'None yet',
        'None yet',
        'None yet',
        'Not enough scores yet',
        'Not known',
        'None',
        'No session',
      ],
    ]);
    for (const p of [c.ava, c.ben, c.cara, c.dan]) {
      expect(res.body).toContain(`href="/patients/${p!.patientId}"`);
      expect(res.body).toContain(`href="/patients/${p!.patientId}/progress"`);
    }
    expect(textOf(res.body)).toContain(
      '1 person has not answered the PHQ-9 for today’s session yet',
    );
    // Change is shown with words, not colour alone.
    expect(res.body).toContain('nhsuk-tag--red">Reliable deterioration');
    expect(textOf(res.body)).not.toContain('Eve Ended');
    expect(textOf(res.body)).not.toContain('Fay Ford');
  });

  it('clears the flag once the PHQ-9 for today’s session is in, and on another day', async () => {
    t.clock.set(NOW);
    const today = c.ava!.appointmentIds[2]!;
    const [answer] = await t.database.db
      .insert(measureResponses)
      .values({
        serviceId: t.service.id,
        measureId: 'phq9',
        context: 'session',
        patientId: c.ava!.patientId,
        appointmentId: today,
        courseId: c.ava!.courseId,
        answers: {},
        total: 8,
        completedAt: t.clock.now(),
        enteredByRole: 'patient',
      })
      .returning();
    const sam = await signedIn('sam@example.nhs.uk');
    const rows = tableRows((await sam.get('/caseload')).body, CAPTION_SAM);
    const ava = rows.find((r) => r[0]!.startsWith('Ava'))!;
    expect(ava[8]).toBe('Session at 2pm');
    expect(ava[2]).toBe('8 (down 8 since the first score, at session 1, 16)');
    await t.database.db.delete(measureResponses).where(eq(measureResponses.id, answer!.id));

    // The next day there is no session, so nothing is missing.
    // (Signing in again each time: moving the clock on ends an idle session.)
    t.clock.set('2026-11-26T09:00:00Z');
    const tomorrow = await signedIn('sam@example.nhs.uk');
    const next = tableRows((await tomorrow.get('/caseload')).body, CAPTION_SAM);
    expect(next.find((r) => r[0]!.startsWith('Ava'))![8]).toBe('No session');
    // Just before midnight in London it is still today.
    t.clock.set('2026-11-25T23:59:00Z');
    const evening = await signedIn('sam@example.nhs.uk');
    const late = tableRows((await evening.get('/caseload')).body, CAPTION_SAM);
    expect(late.find((r) => r[0]!.startsWith('Ava'))![8]).toContain(
      'Questionnaires missing for today’s session',
    );
    t.clock.set(NOW);
  });

  it('audits each patient shown', async () => {
    t.clock.set(NOW);
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get('/caseload');
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'caseload.view'), eq(auditEvents.userId, w.samId)));
    const seen = new Set(events.map((e) => e.patientId));
    for (const p of [c.ava, c.ben, c.cara, c.dan]) expect(seen.has(p!.patientId)).toBe(true);
  });

  it('is in the staff navigation', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get('/caseload')).body).toContain('href="/caseload"');
  });
});

describe('WSAS answered without the work question (hazard H5)', () => {
  // The work question answered "not applicable" (retired, or chooses not to work): the total is
  // over four questions, out of 32, and is never compared with one over five, out of 40.
  const NA = NOT_APPLICABLE;
  const full = (a: number, b: number, c: number, d: number, e: number) => ({
    wsas_1: a,
    wsas_2: b,
    wsas_3: c,
    wsas_4: d,
    wsas_5: e,
  });
  const noWork = (b: number, c: number, d: number, e: number) => ({
    ...full(0, b, c, d, e),
    wsas_1: NA,
  });

  it('shows "out of 32", and does not compare scores out of different maxima', async () => {
    t.clock.set(NOW);
    const therapist = await createUser(t, 'wsas@example.nhs.uk', ['therapist'], 'Wren Shaw');
    await saveProfile(
      t.database.db,
      t.service.id,
      therapist.id,
      {
        jobTitle: 'IPT therapist',
        professionalBody: 'BACP',
        registrationNumber: '2',
        trainee: false,
        supervisorId: null,
        therapies: ['ipt'],
        workingPattern: {},
        locationIds: [],
      },
      w.managerId,
      t.clock.now(),
    );
    const course = (
      givenName: string,
      familyName: string,
      hour: number,
      answers: Record<string, number | string>[],
    ) =>
      seedCourse(t, {
        givenName,
        familyName,
        therapistId: therapist.id,
        sessions: ['attended', 'attended'],
        // An hour apart: a therapist has one session at a time.
        firstSessionAt: new Date(Date.UTC(2026, 9, 5, 9 + hour)),
        scores: answers.map((a, i) => ({
          measureId: 'wsas' as const,
          total: Object.values(a).reduce<number>(
            (sum, v) => sum + (typeof v === 'number' ? v : 0),
            0,
          ),
          context: 'session' as const,
          session: i + 1,
          answers: a,
        })),
      });
    // Gus stopped working between the two sessions; Hal is retired; Ivy went back to work.
    await course('Gus', 'Green', 0, [full(4, 4, 4, 4, 4), noWork(4, 4, 3, 3)]);
    await course('Hal', 'Hill', 1, [noWork(5, 5, 5, 5), noWork(4, 4, 3, 3)]);
    await course('Ivy', 'Irwin', 2, [noWork(5, 5, 5, 5), full(2, 3, 3, 3, 3)]);

    const wren = await signedIn('wsas@example.nhs.uk');
    const res = await wren.get('/caseload');
    expect(res.statusCode).toBe(200);
    const wsas = tableRows(res.body, 'Your caseload: 3 people').map((r) => [r[0], r[4]]);
    expect(wsas).toEqual([
      [
        'Gus Green Progress of Gus Green IPT workspace of Gus Green',
        '14 out of 32 (not compared with the first score, at session 1, 20, because one of them left out the work question)',
      ],
      [
        'Hal Hill Progress of Hal Hill IPT workspace of Hal Hill',
        '14 out of 32 (down 6 since the first score, at session 1, 20 out of 32)',
      ],
      [
        'Ivy Irwin Progress of Ivy Irwin IPT workspace of Ivy Irwin',
        '14 (not compared with the first score, at session 1, 20 out of 32, because one of them left out the work question)',
      ],
    ]);
  });
});

describe('who sees whose caseload', () => {
  it('a therapist sees only their own: anyone else’s is not found, and audited', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get(`/caseload?therapist=${w.joId}`)).statusCode).toBe(404);
    expect((await sam.get(`/caseload?therapist=${w.samId}`)).statusCode).toBe(200);
    expect((await sam.get('/caseload?therapist=not-a-user')).statusCode).toBe(404);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'caseload.view'), eq(auditEvents.outcome, 'denied')));
    expect(denied.map((d) => d.recordId)).toContain(w.joId);
  });

  it('a supervisor sees their own and their trainees’, but not other therapists’', async () => {
    const priya = await signedIn('priya@example.nhs.uk');
    const res = await priya.get('/caseload');
    expect(res.statusCode).toBe(200);
    const rows = tableRows(res.body, 'Your and your trainees’ caseload: 1 person');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(0, 2)).toEqual([
      'Fay Ford Progress of Fay Ford IPT workspace of Fay Ford',
      'Jo Evans',
    ]);
    const jo = await priya.get(`/caseload?therapist=${w.joId}`);
    expect(jo.statusCode).toBe(200);
    expect(textOf(jo.body)).toContain('Jo Evans’s caseload');
    expect((await priya.get(`/caseload?therapist=${w.samId}`)).statusCode).toBe(404);
  });

  it('a service manager picks a therapist', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const choose = await m.get('/caseload');
    expect(choose.statusCode).toBe(200);
    expect(textOf(choose.body)).toContain('Choose a therapist');
    expect(choose.body).toContain(`<option value="${w.samId}">Sam Okafor</option>`);
    const sam = await m.get(`/caseload?therapist=${w.samId}`);
    expect(sam.statusCode).toBe(200);
    expect(tableRows(sam.body, 'Sam Okafor’s caseload: 4 people')).toHaveLength(4);
    // A user who is not a therapist has no caseload.
    expect((await m.get(`/caseload?therapist=${w.managerId}`)).statusCode).toBe(404);
  });

  it('is refused to patients', async () => {
    const patient = await signedIn('taylor@example.com');
    expect((await patient.get('/caseload')).statusCode).toBe(403);
  });
});

type Query = (...args: unknown[]) => unknown;

/**
 * Runs `fn` in a tenant transaction, as a request does, and counts the statements it sends to the
 * database by their first word: statements built once (src/db/statement.ts) bypass the query
 * builder, so only the driver sees every one. The transaction's own begin and commit are left out.
 */
async function countingStatements<T>(fn: (db: Db) => Promise<T>) {
  const counts = { select: 0, insert: 0, update: 0, delete: 0, other: 0 };
  const result = await withTenant(t.database, t.service.id, async (tx) => {
    const client = (tx as unknown as { session: { client: { query: Query } } }).session.client;
    const original = client.query;
    client.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text: string }).text;
      const word = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? '';
      if (word in counts) counts[word as keyof typeof counts] += 1;
      else counts.other += 1;
      return original.apply(this, args);
    };
    try {
      return await fn(tx);
    } finally {
      // Before the transaction ends, so the pooled connection goes back as it came.
      client.query = original;
    }
  });
  return { result, counts };
}

function asUser(userId: string, roles: Role[]): AuthUser {
  return {
    serviceId: t.service.id,
    userId,
    email: '',
    displayName: '',
    roles,
    sessionTokenHash: '',
  };
}

describe('a caseload of 40', () => {
  it('takes the same number of queries as a caseload of 4: one per table, not per person', async () => {
    t.clock.set(NOW);
    const busy = await createUser(t, 'busy@example.nhs.uk', ['therapist'], 'Busy Therapist');
    await saveProfile(
      t.database.db,
      t.service.id,
      busy.id,
      {
        jobTitle: 'IPT therapist',
        professionalBody: 'BACP',
        registrationNumber: '1',
        trainee: false,
        supervisorId: null,
        therapies: ['ipt'],
        workingPattern: {},
        locationIds: [],
      },
      w.managerId,
      t.clock.now(),
    );
    for (let i = 0; i < 40; i++)
      await seedCourse(t, {
        givenName: 'Person',
        familyName: `Number ${String(i).padStart(2, '0')}`,
        therapistId: busy.id,
        sessions: ['attended', 'attended'],
        firstSessionAt: new Date(Date.UTC(2026, 9, 1, 0) + i * 3_600_000),
        scores: [
          { measureId: 'phq9', total: 15, context: 'assessment' },
          { measureId: 'phq9', total: 15, context: 'session', session: 1 },
          { measureId: 'gad7', total: 10, context: 'session', session: 1 },
          { measureId: 'wsas', total: 22, context: 'session', session: 1 },
          { measureId: 'phq9', total: 8, context: 'session', session: 2 },
          { measureId: 'gad7', total: 5, context: 'session', session: 2 },
          { measureId: 'wsas', total: 12, context: 'session', session: 2 },
        ],
      });
    const run = (userId: string) =>
      countingStatements((db) => {
        const uc = createUseCase({
          db,
          clock: t.clock,
          actor: systemActor(t.service.id, 'test'),
          user: asUser(userId, ['therapist']),
          service: t.service,
          links: { publicUrl: 'http://localhost:3000', serviceName: t.service.name },
        });
        return openCaseload(uc, { therapistId: null });
      });
    const views = async () =>
      (
        await t.database.db
          .select({ id: auditEvents.id })
          .from(auditEvents)
          .where(eq(auditEvents.action, 'caseload.view'))
      ).length;
    const small = await run(w.samId);
    const before = await views();
    const large = await run(busy.id);
    expect(small.result.kind === 'ok' && small.result.rows).toHaveLength(4);
    expect(large.result.kind === 'ok' && large.result.rows).toHaveLength(40);
    expect(large.counts).toEqual(small.counts);
    // Courses, appointments, responses, risk alerts. The 40 audit rows go as one statement with
    // the COMMIT (src/db/client.ts), after this count.
    expect(large.counts).toEqual({ select: 4, insert: 0, update: 0, delete: 0, other: 0 });
    expect((await views()) - before).toBe(40);

    const m = await signedIn('busy@example.nhs.uk');
    const res = await m.get('/caseload');
    const rows = tableRows(res.body, 'Your caseload: 40 people');
    expect(rows).toHaveLength(40);
    expect(rows[0]![0]).toBe(
      'Person Number 00 Progress of Person Number 00 IPT workspace of Person Number 00',
    );
    expect(rows.every((r) => r[5] === 'Reliable improvement' && r[1] === '2 of 16')).toBe(true);
  });
});
