import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  letters,
  outboxMessages,
  patientMessages,
  patients,
  users,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertCourse, insertPatient, insertReferral } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/** Letters by email (issue 11, H27), through the discharge that writes them. */
let t: TestApp;
let tessId: string;

beforeAll(async () => {
  t = await createTestApp();
  tessId = (await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Therapist')).id;
});
afterAll(async () => t.close());

async function dischargedPatient(
  name: string,
  over: {
    gpConsent: boolean;
    gpEmail: string | null;
    lettersByEmail: boolean;
    allowEmail?: boolean;
  },
) {
  const patient = await insertPatient(t, {
    givenName: name,
    familyName: 'Tester',
    email: `${name.toLowerCase()}@example.com`,
    allowEmail: over.allowEmail ?? true,
    gpPractice: 'Park Surgery',
    gpEmail: over.gpEmail,
    allowLettersByEmail: over.lettersByEmail,
  });
  const referral = await insertReferral(t, {
    givenName: name,
    familyName: 'Tester',
    status: 'in_treatment',
    patientId: patient.id,
    answers: { gpConsent: over.gpConsent },
  });
  const course = await insertCourse(t, patient.id, tessId, { referralId: referral.id });
  const tess = new TestClient(t.app);
  expect((await tess.signIn('tess@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
  await tess.get(`/courses/${course.id}/discharge`);
  const res = await tess.post(`/courses/${course.id}/discharge`, {
    reason: 'completed',
    note: '',
    communityInvite: 'no',
  });
  expect(res.statusCode).toBe(303);
  const written = await t.database.db
    .select()
    .from(letters)
    .where(eq(letters.patientId, patient.id));
  const rows = await t.database.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.patientId, patient.id));
  return { patient, written, rows, course, tess };
}

const sentTo = (to: string) => t.notifier.sent.filter((m) => m.recipient === to);

describe('letters by email', () => {
  it('emails the GP copy to the practice and attaches the patient copy they asked for, once', async () => {
    const { written, rows } = await dischargedPatient('Gina', {
      gpConsent: true,
      gpEmail: 'park.surgery@nhs.net',
      lettersByEmail: true,
    });
    const gpLetter = written.find((l) => l.kind === 'discharge_gp')!;
    const patientLetter = written.find((l) => l.kind === 'discharge_patient')!;
    const gpRow = rows.find((r) => r.template === 'letter-to-gp')!;
    const patientRow = rows.find((r) => r.template === 'letter-ready')!;
    // By reference: the outbox holds the letter's id, never its words.
    expect(gpRow).toMatchObject({
      recipient: 'park.surgery@nhs.net',
      attachmentLetterId: gpLetter.id,
    });
    expect(patientRow).toMatchObject({
      recipient: 'gina@example.com',
      attachmentLetterId: patientLetter.id,
    });
    for (const row of [gpRow, patientRow]) {
      expect(row.body).not.toContain('Gina');
      expect(row.body).not.toContain('PHQ');
      expect(row.body).not.toContain('discharged');
    }

    await t.outbox.runOnce(50);
    await t.outbox.runOnce(50); // a second run sends nothing again
    const [toGp] = sentTo('park.surgery@nhs.net');
    expect(sentTo('park.surgery@nhs.net')).toHaveLength(1);
    expect(toGp!.attachments).toHaveLength(1);
    expect(toGp!.attachments![0]!.contentType).toBe('application/pdf');
    expect(toGp!.attachments![0]!.filename).toMatch(/^discharge-gp-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(toGp!.attachments![0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const toPatient = sentTo('gina@example.com').filter((m) => m.subject?.startsWith('A letter'));
    expect(toPatient).toHaveLength(1);
    expect(toPatient[0]!.body).toContain('The letter comes with this email, as you asked.');
    expect(toPatient[0]!.attachments![0]!.filename).toMatch(/^discharge-patient-/);
  });

  it('without consent to letters by email, the discharge message alone links the letter (walk 5)', async () => {
    const { rows, written } = await dischargedPatient('Hana', {
      gpConsent: true,
      gpEmail: 'park.surgery@nhs.net',
      lettersByEmail: false,
    });
    // No second email saying a letter is ready: the message's own notice is the one email.
    expect(rows.filter((r) => r.template === 'letter-ready')).toHaveLength(0);
    await t.outbox.runOnce(50);
    const toHana = sentTo('hana@example.com');
    expect(toHana.map((m) => m.subject)).toContain(
      'You have a new message from NHS Talking Therapies',
    );
    expect(toHana.filter((m) => m.subject?.startsWith('A letter'))).toHaveLength(0);
    expect(toHana.every((m) => m.attachments === undefined)).toBe(true);
    const patientLetter = written.find((l) => l.kind === 'discharge_patient')!;
    const [message] = await t.database.db
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.patientId, patientLetter.patientId));
    expect(message!.body).toContain(`/letters/${patientLetter.id}/pdf`);
  });

  it('sends the GP nothing without consent to contact the GP, or with no practice email', async () => {
    const noConsent = await dischargedPatient('Ivy', {
      gpConsent: false,
      gpEmail: 'ivy.gp@nhs.net',
      lettersByEmail: true,
    });
    expect(noConsent.rows.filter((r) => r.template === 'letter-to-gp')).toHaveLength(0);
    const noEmail = await dischargedPatient('Jo', {
      gpConsent: true,
      gpEmail: null,
      lettersByEmail: false,
    });
    expect(noEmail.written.some((l) => l.kind === 'discharge_gp')).toBe(true);
    expect(noEmail.rows.filter((r) => r.template === 'letter-to-gp')).toHaveLength(0);
    // No email allowed: no letter email at all.
    const noEmailAllowed = await dischargedPatient('Kit', {
      gpConsent: false,
      gpEmail: null,
      lettersByEmail: true,
      allowEmail: false,
    });
    expect(noEmailAllowed.rows.filter((r) => r.template === 'letter-ready')).toHaveLength(0);
  });
  it('shows the clinician on the course page whether each letter was emailed', async () => {
    const { course, tess, rows } = await dischargedPatient('Lena', {
      gpConsent: true,
      gpEmail: 'lena.gp@nhs.net',
      lettersByEmail: true,
    });
    const page = async () => textOf((await tess.get(`/courses/${course.id}`)).body);
    expect(await page()).toContain('GP practice: waiting to be emailed');
    expect(await page()).toContain('Patient: waiting to be emailed');

    await t.outbox.runOnce(50);
    expect(await page()).toMatch(/GP practice: emailed \w+ \d+ \w+ \d{4}/);
    expect(await page()).toMatch(/Patient: emailed \w+ \d+ \w+ \d{4}/);

    // Email here could not carry the letter: say so, and what to do.
    const gpRow = rows.find((r) => r.template === 'letter-to-gp')!;
    const setStatus = (status: 'failed' | 'logged') =>
      t.database.db.update(outboxMessages).set({ status }).where(eq(outboxMessages.id, gpRow.id));
    await setStatus('logged');
    expect(await page()).toContain(
      'GP practice: not emailed: email here is not set up to send letters. Email it again below',
    );

    // Retries ran out: the clinician can email it again, once, to the practice email now held.
    await setStatus('failed');
    const text = await page();
    expect(text).toContain('GP practice: not emailed: sending failed. Email it again below');
    expect(text).toContain('Email it to the practice at lena.gp@nhs.net');
    const gpLetter = rows.find((r) => r.template === 'letter-to-gp')!.attachmentLetterId!;
    const again = `/courses/${course.id}/letters/${gpLetter}/email-gp`;
    expect((await tess.post(again, {})).statusCode).toBe(303);
    expect((await tess.post(again, {})).statusCode).toBe(303); // a double click sends nothing twice
    expect(await page()).toContain('GP practice: waiting to be emailed');
    await t.outbox.runOnce(50);
    expect(sentTo('lena.gp@nhs.net')).toHaveLength(2);
    expect(await page()).toMatch(/GP practice: emailed \w+ \d+ \w+ \d{4}/);

    // Only logged (email could not carry letters then, set up since): it can go again too.
    await setStatus('logged');
    await page();
    expect((await tess.post(again, {})).statusCode).toBe(303);
    await t.outbox.runOnce(50);
    expect(sentTo('lena.gp@nhs.net')).toHaveLength(3);
  });

  it('shows a GP letter with no practice email as not emailed, and emails it once one is added', async () => {
    const { course, tess, patient, written } = await dischargedPatient('Max', {
      gpConsent: true,
      gpEmail: null,
      lettersByEmail: false,
    });
    const page = async () => textOf((await tess.get(`/courses/${course.id}`)).body);
    const text = await page();
    expect(text).toContain('GP practice: not emailed: no practice email on the record.');
    expect((await tess.get(`/courses/${course.id}`)).body).toContain(
      `<a href="/patients/${patient.id}/details">contact and GP details</a>`,
    );
    expect(text).not.toContain('Email it to the practice');
    // The patient's "a letter is ready" email is about the patient's copy only.
    expect(text.match(/GP practice:/g)).toHaveLength(1);

    // The practice email is added to the record; the letter can now go.
    await t.database.db
      .update(patients)
      .set({ gpEmail: 'max.gp@nhs.net' })
      .where(eq(patients.id, patient.id));
    expect(await page()).toContain('Email it to the practice at max.gp@nhs.net');
    const gpLetter = written.find((l) => l.kind === 'discharge_gp')!;
    const again = `/courses/${course.id}/letters/${gpLetter.id}/email-gp`;
    expect((await tess.post(again, {})).statusCode).toBe(303);
    expect((await tess.post(again, {})).statusCode).toBe(303);
    await t.outbox.runOnce(50);
    const [sent] = sentTo('max.gp@nhs.net');
    expect(sentTo('max.gp@nhs.net')).toHaveLength(1);
    expect(sent!.attachments![0]!.filename).toMatch(/^discharge-gp-/);
    // Only a GP letter goes to the practice: the patient's copy is refused.
    const patientCopy = written.find((l) => l.kind === 'discharge_patient')!;
    expect(
      (await tess.post(`/courses/${course.id}/letters/${patientCopy.id}/email-gp`, {})).statusCode,
    ).toBe(404);
  });

  it('never emails a GP letter to a practice email that is not secure NHSmail (H27)', async () => {
    // Stored before the forms checked it: a practice's personal webmail.
    const { course, tess, patient, written, rows } = await dischargedPatient('Nell', {
      gpConsent: true,
      gpEmail: 'aire.valley@gmail.com',
      lettersByEmail: false,
    });
    expect(written.some((l) => l.kind === 'discharge_gp')).toBe(true);
    expect(rows.filter((r) => r.template === 'letter-to-gp')).toHaveLength(0);
    await t.outbox.runOnce(50);
    expect(sentTo('aire.valley@gmail.com')).toHaveLength(0);
    // Staff are told why, and to print and post it; no button offers the address.
    const text = textOf((await tess.get(`/courses/${course.id}`)).body);
    expect(text).toContain(
      'GP practice: not emailed: the practice email on the record is not a secure NHS email address (ending in nhs.net). Print the letter and post it',
    );
    expect(text).not.toContain('Email it to the practice');
    expect(text).toContain('I have sent it to the practice another way');
    // Asking anyway sends nothing.
    const gpLetter = written.find((l) => l.kind === 'discharge_gp')!;
    expect(
      (await tess.post(`/courses/${course.id}/letters/${gpLetter.id}/email-gp`, {})).statusCode,
    ).toBe(303);
    const queued = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(eq(outboxMessages.patientId, patient.id), eq(outboxMessages.template, 'letter-to-gp')),
      );
    expect(queued).toHaveLength(0);
  });

  it('fails at once, unsent, a GP letter queued to an address that is not NHSmail (H27)', async () => {
    // A message queued before the forms checked the address: the worker checks again.
    const { rows, tess } = await dischargedPatient('Wren', {
      gpConsent: true,
      gpEmail: 'wren.gp@nhs.net',
      lettersByEmail: false,
    });
    const gpRow = rows.find((r) => r.template === 'letter-to-gp')!;
    await t.database.db
      .update(outboxMessages)
      .set({ recipient: 'wren.surgery@gmail.com' })
      .where(eq(outboxMessages.id, gpRow.id));
    await t.outbox.runOnce(50);
    expect(sentTo('wren.surgery@gmail.com')).toHaveLength(0);
    const [after] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.id, gpRow.id));
    expect(after).toMatchObject({ status: 'failed', attempts: 1 });
    expect(after!.lastError).toContain('not on nhs.net');
    // The writer's home page lists it as not sent.
    expect(textOf((await tess.get('/home')).body)).toMatch(
      /Wren Tester ?: discharge letter[^.]*sending failed/,
    );
  });

  it('shows a manager the GP letters not sent by a writer whose access has been removed', async () => {
    const { rows } = await dischargedPatient('Ivy', {
      gpConsent: true,
      gpEmail: 'ivy.gp@nhs.net',
      lettersByEmail: false,
    });
    const gpRow = rows.find((r) => r.template === 'letter-to-gp')!;
    await t.database.db
      .update(outboxMessages)
      .set({ status: 'failed' })
      .where(eq(outboxMessages.id, gpRow.id));
    await createUser(t, 'mae@example.nhs.uk', ['service_manager'], 'Mae Manager');
    const managerHome = async () => {
      const mae = new TestClient(t.app);
      expect((await mae.signIn('mae@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
      return textOf((await mae.get('/home')).body);
    };
    // While Tess can sign in, it is on her list only.
    expect(await managerHome()).not.toContain('Ivy Tester');
    const setTessActive = (active: boolean) =>
      t.database.db.update(users).set({ active }).where(eq(users.id, tessId));
    await setTessActive(false);
    try {
      const home = await managerHome();
      // Letters of Tess's from the tests before may be listed too.
      expect(home).toMatch(
        /letters? written by (a colleague who no longer has|colleagues who no longer have) access/,
      );
      expect(home).toMatch(
        /Ivy Tester ?: discharge letter, written \d+ \w+ \d{4} by Tess Therapist, sending failed/,
      );
    } finally {
      await setTessActive(true);
    }
  });

  it('keeps a GP letter that did not reach the practice on its writer’s home page until it is sent another way', async () => {
    const { course, tess, rows, written, patient } = await dischargedPatient('Nia', {
      gpConsent: true,
      gpEmail: 'nia.gp@nhs.net',
      lettersByEmail: false,
    });
    const gpLetter = written.find((l) => l.kind === 'discharge_gp')!;
    const gpRow = rows.find((r) => r.template === 'letter-to-gp')!;
    const home = async () => textOf((await tess.get('/home')).body);
    const coursePage = async () => textOf((await tess.get(`/courses/${course.id}`)).body);
    const record = `/courses/${course.id}/letters/${gpLetter.id}/sent-another-way`;
    const recordedAt = async () =>
      (await t.database.db.select().from(letters).where(eq(letters.id, gpLetter.id)))[0]!
        .gpSentAnotherWayAt;

    // On its way: nothing to do, and nothing to record.
    expect(await home()).not.toContain('Nia Tester');
    expect(await coursePage()).not.toContain('I have sent it to the practice another way');
    expect((await tess.post(record, {})).statusCode).toBe(303);
    expect(await recordedAt()).toBeNull();

    // Retries ran out: the therapist who wrote it sees it first thing, with a way to the course.
    await t.database.db
      .update(outboxMessages)
      .set({ status: 'failed' })
      .where(eq(outboxMessages.id, gpRow.id));
    const res = await tess.get('/home');
    const text = textOf(res.body);
    expect(text).toContain('GP letters not sent');
    expect(text).toMatch(/Nia Tester ?: discharge letter, written \d+ \w+ \d{4}, sending failed/);
    expect(res.body).toContain(`href="/courses/${course.id}#letters"`);
    const listed = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'letter.list_unsent'), eq(auditEvents.patientId, patient.id)),
      );
    expect(listed.length).toBeGreaterThan(0);
    // Another therapist does not see it.
    await createUser(t, 'otto@example.nhs.uk', ['therapist'], 'Otto Therapist');
    const otto = new TestClient(t.app);
    expect((await otto.signIn('otto@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    expect(textOf((await otto.get('/home')).body)).not.toContain('Nia Tester');

    // Printed and posted: recorded once, audited, and no longer shown as not sent.
    expect(await coursePage()).toContain('I have sent it to the practice another way');
    expect((await tess.post(record, {})).statusCode).toBe(303);
    expect((await tess.post(record, {})).statusCode).toBe(303); // a double click records once
    expect(await recordedAt()).not.toBeNull();
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'letter.sent_another_way'),
          eq(auditEvents.recordId, gpLetter.id),
        ),
      );
    expect(audited).toHaveLength(1);
    expect(await home()).not.toContain('Nia Tester');
    const after = await coursePage();
    expect(after).toMatch(
      /GP practice: not emailed; sent another way \(recorded \w+ \d+ \w+ \d{4}/,
    );
    expect(after).not.toContain('I have sent it to the practice another way');
    expect(after).not.toContain('Email it to the practice at');
    // It reached the practice, so it is not emailed again.
    const again = `/courses/${course.id}/letters/${gpLetter.id}/email-gp`;
    expect((await tess.post(again, {})).statusCode).toBe(303);
    const [row] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.id, gpRow.id));
    expect(row!.status).toBe('failed');
    // Only a GP letter is recorded so: the patient's copy is not found.
    const patientCopy = written.find((l) => l.kind === 'discharge_patient')!;
    expect(
      (await tess.post(`/courses/${course.id}/letters/${patientCopy.id}/sent-another-way`, {}))
        .statusCode,
    ).toBe(404);
  });

  it('lists a GP letter written with no practice email on the record, saying so', async () => {
    const { tess } = await dischargedPatient('Ola', {
      gpConsent: true,
      gpEmail: null,
      lettersByEmail: false,
    });
    expect(textOf((await tess.get('/home')).body)).toMatch(
      /Ola Tester ?: discharge letter, written \d+ \w+ \d{4}, there was no secure practice email \(nhs\.net\) on the record/,
    );
  });
});
