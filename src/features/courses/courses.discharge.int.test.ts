import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  discharges,
  letters,
  onwardReferrals,
  outboxMessages,
  patients,
  peqResponses,
  referrals,
  riskAlerts,
  treatmentCourses,
} from '../../db/schema';
import { getTableColumns } from 'drizzle-orm';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertCourse,
  insertPatient,
  insertReferral,
  insertTherapistProfile,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { communityInviteChoice } from './index';

let t: TestApp;

/** The text drawn in a PDF made by pdfkit: its streams inflated, the hex strings decoded. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      continue;
    }
    for (const hex of content.matchAll(/<([0-9a-fA-F]+)>/g))
      out.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
  }
  return out.join('');
}

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  expect((await client.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return client;
}

async function patientInCourse(name: string, email: string, gpConsent: boolean) {
  const user = await createUser(t, email, ['patient'], name);
  const patient = await insertPatient(t, {
    givenName: name,
    familyName: 'Tester',
    userId: user.id,
    email,
    allowEmail: true,
    gpPractice: 'Park Surgery',
  });
  const referral = await insertReferral(t, {
    givenName: name,
    familyName: 'Tester',
    status: 'in_treatment',
    patientId: patient.id,
    answers: { gpConsent },
  });
  const tess = await t.database.db.query.users.findFirst({
    where: (u, { eq: e }) => e(u.email, 'tess@example.nhs.uk'),
  });
  const course = await insertCourse(t, patient.id, tess!.id, { referralId: referral.id });
  return { patient, referral, course };
}

async function discharge(courseId: string, reason = 'completed', invite = 'yes') {
  const tess = await signedIn('tess@example.nhs.uk');
  await tess.get(`/courses/${courseId}/discharge`);
  return {
    tess,
    res: await tess.post(`/courses/${courseId}/discharge`, {
      reason,
      note: '',
      communityInvite: invite,
    }),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Therapist');
  await createUser(t, 'otto@example.nhs.uk', ['therapist'], 'Otto Other');
  await createUser(t, 'mia@example.nhs.uk', ['service_manager'], 'Mia Manager');
});
afterAll(async () => t.close());

describe('discharge', () => {
  it('asks for a reason and whether to invite to the community', async () => {
    const { course } = await patientInCourse('Una', 'una@example.com', true);
    const { res } = await discharge(course.id, '', '');
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Select why the patient is being discharged');
    const [still] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.id, course.id));
    expect(still!.status).toBe('active');
  });

  it('is not possible while a risk alert is open, until what was done is recorded (H19)', async () => {
    const { patient, course } = await patientInCourse('Rhea', 'rhea@example.com', true);
    const [alert] = await t.database.db
      .insert(riskAlerts)
      .values({
        serviceId: t.service.id,
        source: 'questionnaire',
        reason: 'PHQ-9 question 9 answered ‘More than half the days’',
        patientId: patient.id,
        responsibleClinicianId: course.therapistId,
        raisedAt: t.clock.now(),
      })
      .returning();
    const tess = await signedIn('tess@example.nhs.uk');
    const page = await tess.get(`/courses/${course.id}/discharge`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('There is an open risk alert for this patient. Record what you did');
    expect(page.body).toContain(`href="/staff/risk/${alert!.id}"`);
    expect(page.body).not.toContain(`action="/courses/${course.id}/discharge"`);

    // Posted anyway (a page opened before the alert was raised): refused, nothing changed.
    const { res } = await discharge(course.id);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('There is a problem');
    expect(res.body).toContain('href="#open-risk-alerts"');
    // What they wrote is kept, to send again once the alert is closed (walk 11: it was lost).
    const written = await tess.post(`/courses/${course.id}/discharge`, {
      reason: 'completed',
      note: 'Sleeping better; review sertraline at 3 months',
      communityInvite: 'no',
    });
    expect(written.statusCode).toBe(400);
    expect(written.body).toContain(`action="/courses/${course.id}/discharge"`);
    expect(written.body).toContain('Sleeping better; review sertraline at 3 months');
    const status = async () =>
      (
        await t.database.db
          .select()
          .from(treatmentCourses)
          .where(eq(treatmentCourses.id, course.id))
      )[0]!.status;
    expect(await status()).toBe('active');
    expect(
      await t.database.db.select().from(discharges).where(eq(discharges.courseId, course.id)),
    ).toHaveLength(0);

    // What was done is recorded and the alert closed: now it can be.
    await t.database.db
      .update(riskAlerts)
      .set({
        actionedAt: t.clock.now(),
        actionedBy: course.therapistId,
        actionTaken: 'Safety plan agreed; GP and crisis team told',
      })
      .where(eq(riskAlerts.id, alert!.id));
    const done = await discharge(course.id);
    expect(done.res.statusCode).toBe(303);
    expect(await status()).toBe('ended');
    // The GP hears of the alert and what was done about it.
    const [gp] = await t.database.db
      .select()
      .from(letters)
      .where(and(eq(letters.patientId, patient.id), eq(letters.kind, 'discharge_gp')));
    expect(JSON.stringify(gp!.content)).toContain(
      'What was done: Safety plan agreed; GP and crisis team told',
    );
    // An ended course has nothing left to book.
    const after = textOf((await done.tess.get(`/courses/${course.id}`)).body);
    expect(after).toMatch(/0 of \d+ attended/);
    expect(after).not.toContain('left to book');
  });

  it('shows the patient’s questions still waiting for an answer, until one is given', async () => {
    const { course } = await patientInCourse('Quill', 'quill@example.com', true);
    const quill = await signedIn('quill@example.com');
    await quill.get('/messages/ask');
    const asked = await quill.post('/messages/ask', {
      to: 'therapist',
      subject: 'After we finish',
      message: 'Can I come back if things get hard again?',
    });
    expect(asked.statusCode).toBe(303);
    const tess = await signedIn('tess@example.nhs.uk');
    const page = await tess.get(`/courses/${course.id}/discharge`);
    expect(textOf(page.body)).toContain('A question waiting for an answer');
    const link = new RegExp(
      `href="/questions/([0-9a-f-]{36})\\?course=${course.id}">After we finish<`,
    );
    const threadId = link.exec(page.body)?.[1];
    expect(threadId).toBeDefined();
    // It does not stop the discharge: the form is still there.
    expect(page.body).toContain(`action="/courses/${course.id}/discharge"`);
    // Opened from the discharge page, the question leads back there once answered.
    const question = await tess.get(`/questions/${threadId!}?course=${course.id}`);
    expect(question.body).toContain(`href="/courses/${course.id}/discharge"`);
    expect(question.body).toContain(`action="/questions/${threadId!}?course=${course.id}"`);
    const answered = await tess.post(`/questions/${threadId!}?course=${course.id}`, {
      message: 'Yes, you can refer yourself again at any time.',
    });
    expect(answered.statusCode).toBe(303);
    expect(answered.headers.location).toBe(`/courses/${course.id}/discharge`);
    const after = await tess.get(`/courses/${course.id}/discharge`);
    expect(textOf(after.body)).not.toContain('waiting for an answer');
  });

  it('closes the course and the referral, writes the letters and records the choice', async () => {
    const { patient, referral, course } = await patientInCourse('Alice', 'alice@example.com', true);
    const { res, tess } = await discharge(course.id);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/courses/${course.id}?done=discharged`);
    expect(textOf((await tess.get(String(res.headers.location))).body)).toContain(
      'Discharged. The course and the referral are closed',
    );
    const [ended] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.id, course.id));
    expect(ended!.status).toBe('ended');
    expect(ended!.endedReason).toBe('Completed treatment');
    const [closed] = await t.database.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, referral.id));
    expect(closed!.status).toBe('discharged');
    expect(await communityInviteChoice(t.database.db, t.service.id, patient.id)).toEqual({
      invite: true,
      dischargedAt: t.clock.now(),
    });

    const written = await t.database.db
      .select()
      .from(letters)
      .where(eq(letters.patientId, patient.id));
    expect(written.map((l) => l.kind).sort()).toEqual(['discharge_gp', 'discharge_patient']);
    const gp = written.find((l) => l.kind === 'discharge_gp')!;
    // The course page lists both letters, each opening its PDF.
    const coursePage = (await tess.get(`/courses/${course.id}`)).body;
    for (const letter of written) expect(coursePage).toContain(`href="/letters/${letter.id}/pdf"`);
    const pdf = await tess.get(`/letters/${gp.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('Alice Tester');
    expect(text).toContain('Park Surgery');

    // The patient reads their own copy, never the GP's letter; another therapist reads neither.
    const alice = await signedIn('alice@example.com');
    const copy = written.find((l) => l.kind === 'discharge_patient')!;
    expect((await alice.get(`/letters/${copy.id}/pdf`)).statusCode).toBe(200);
    expect((await alice.get(`/letters/${gp.id}/pdf`)).statusCode).toBe(404);
    const otto = await signedIn('otto@example.nhs.uk');
    expect((await otto.get(`/letters/${gp.id}/pdf`)).statusCode).toBe(404);

    // Emails say only that a message (or a letter, H27) is waiting: no reason, no scores.
    const mail = (await t.database.db.select().from(outboxMessages)).filter(
      (m) => m.patientId === patient.id,
    );
    expect(mail.length).toBeGreaterThan(0);
    for (const m of mail) {
      expect(`${m.subject ?? ''} ${m.body}`).not.toMatch(/discharg|PHQ/i);
      if (m.template !== 'letter-ready')
        expect(`${m.subject ?? ''} ${m.body}`).not.toMatch(/letter/i);
    }
  });

  it('writes no GP letter without the patient’s consent to contact their GP', async () => {
    const { patient, course } = await patientInCourse('Bea', 'bea@example.com', false);
    expect((await discharge(course.id, 'moved_away', 'no')).res.statusCode).toBe(303);
    const written = await t.database.db
      .select()
      .from(letters)
      .where(eq(letters.patientId, patient.id));
    expect(written.map((l) => l.kind)).toEqual(['discharge_patient']);
    const bea = await signedIn('bea@example.com');
    const pdf = await bea.get(`/letters/${written[0]!.id}/pdf`);
    expect(pdfText(pdf.rawPayload)).toContain('Bea Tester');
    expect(await communityInviteChoice(t.database.db, t.service.id, patient.id)).toMatchObject({
      invite: false,
    });
  });

  it('stores PEQ answers so nobody can tell who gave them (H19)', async () => {
    const { patient, course } = await patientInCourse('Cy', 'cy@example.com', true);
    await discharge(course.id);
    const [row] = await t.database.db
      .select()
      .from(discharges)
      .where(eq(discharges.patientId, patient.id));
    const cy = await signedIn('cy@example.com');
    const form = await cy.get(`/feedback/${row!.id}`);
    expect(textOf(form.body)).toContain('your therapist cannot see who gave which answers');
    const sent = await cy.post(`/feedback/${row!.id}`, { listened: '4', help: '3' });
    expect(sent.statusCode).toBe(303);
    // Once only.
    expect((await cy.get(`/feedback/${row!.id}`)).headers.location).toBe('/feedback/thank-you');

    // The answers carry no person, no course, no exact time.
    expect(Object.keys(getTableColumns(peqResponses)).sort()).toEqual([
      'answers',
      'id',
      'month',
      'serviceId',
    ]);
    const stored = await t.database.db.select().from(peqResponses);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.month).toBe('2026-11');
    expect(JSON.stringify(stored[0])).not.toContain(patient.id);

    // Another patient cannot answer for them.
    await patientInCourse('Di', 'di@example.com', true);
    const di = await signedIn('di@example.com');
    expect((await di.get(`/feedback/${row!.id}`)).statusCode).toBe(404);

    // The therapist sees no answers; the manager sees totals only, and none under five.
    const tess = await signedIn('tess@example.nhs.uk');
    expect((await tess.get('/service/experience')).statusCode).toBe(403);
    const mia = await signedIn('mia@example.nhs.uk');
    expect(textOf((await mia.get('/service/experience')).body)).toContain('fewer than 5 responses');
  });

  describe('referred on to another service (H27)', () => {
    const onward = {
      receivingService: 'Leeds Community Mental Health Team',
      onwardReason: 'Ongoing low mood with a history of risk; please review medication.',
      discussed: 'We talked about why a team with a psychiatrist can help; she agreed.',
    };
    const courseStatus = async (courseId: string) =>
      (
        await t.database.db.select().from(treatmentCourses).where(eq(treatmentCourses.id, courseId))
      )[0]!.status;

    it('asks where to, why, what was discussed and how soon, keeping the answers', async () => {
      const { course } = await patientInCourse('Ola', 'ola@example.com', true);
      const tess = await signedIn('tess@example.nhs.uk');
      const page = await tess.get(`/courses/${course.id}/discharge`);
      expect(textOf(page.body)).toContain('Service they are referred on to');
      const res = await tess.post(`/courses/${course.id}/discharge`, {
        reason: 'referred_on',
        note: '',
        communityInvite: 'no',
        receivingService: onward.receivingService,
      });
      expect(res.statusCode).toBe(400);
      const text = textOf(res.body);
      expect(text).toContain('Enter why they are referred on');
      expect(text).toContain('Enter what was discussed with them about the referral');
      expect(text).toContain('Select how urgent the onward referral is');
      expect(res.body).toContain(`value="${onward.receivingService}"`);
      expect(await courseStatus(course.id)).toBe('active');
    });

    it('refers them on, never as routine after a risk alert, and keeps the letter on the home page until sent', async () => {
      const { patient, referral, course } = await patientInCourse(
        'Taylor',
        'taylor@example.com',
        true,
      );
      // An alert raised while they waited, before the course, and closed with what was done:
      // discharge is allowed, and the onward referral still counts it (walk 5).
      const days = (n: number) => new Date(t.clock.now().getTime() - n * 86_400_000);
      // The receiving service is the one to get in touch, so the letter says how.
      await t.database.db
        .update(patients)
        .set({ mobile: '+447700900982', address: '1 Mill Lane\nLeeds', postcode: 'LS1 4AP' })
        .where(eq(patients.id, patient.id));
      await t.database.db
        .update(referrals)
        .set({ receivedAt: days(60) })
        .where(eq(referrals.id, referral.id));
      await t.database.db.insert(riskAlerts).values({
        serviceId: t.service.id,
        source: 'questionnaire',
        reason: 'PHQ-9 question 9 answered ‘Nearly every day’',
        patientId: patient.id,
        responsibleClinicianId: course.therapistId,
        raisedAt: days(30),
        actionedAt: days(29),
        actionedBy: course.therapistId,
        actionTaken: 'Called her the same day; safety plan reviewed.',
      });
      const tess = await signedIn('tess@example.nhs.uk');
      const page = await tess.get(`/courses/${course.id}/discharge`);
      expect(textOf(page.body)).toContain(
        'Not routine: a risk alert was raised while they were with us.',
      );
      expect(page.body).not.toContain('value="routine"');
      const answers = { reason: 'referred_on', note: '', communityInvite: 'no', ...onward };
      const routine = await tess.post(`/courses/${course.id}/discharge`, {
        ...answers,
        urgency: 'routine',
      });
      expect(routine.statusCode).toBe(400);
      expect(textOf(routine.body)).toContain(
        'A risk alert was raised while they were with us, so the onward referral cannot be routine',
      );
      expect(await courseStatus(course.id)).toBe('active');
      expect(
        await t.database.db
          .select()
          .from(onwardReferrals)
          .where(eq(onwardReferrals.patientId, patient.id)),
      ).toHaveLength(0);

      const res = await tess.post(`/courses/${course.id}/discharge`, {
        ...answers,
        urgency: 'soon',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(
        `/staff/referrals/${referral.id}?done=discharged&onward=send#onward`,
      );
      expect(await courseStatus(course.id)).toBe('ended');
      const [made] = await t.database.db
        .select()
        .from(onwardReferrals)
        .where(eq(onwardReferrals.patientId, patient.id));
      expect(made).toMatchObject({
        referralId: referral.id,
        courseId: course.id,
        assessmentId: null,
        treatment: null,
        receivingService: onward.receivingService,
        reason: onward.onwardReason,
        discussed: onward.discussed,
        urgency: 'soon',
        sentAt: null,
      });

      // The letter to the receiving service names the alert and what was done.
      const written = await t.database.db
        .select()
        .from(letters)
        .where(eq(letters.patientId, patient.id));
      expect(written.map((l) => l.kind).sort()).toEqual([
        'discharge_gp',
        'discharge_patient',
        'onward_referral',
      ]);
      const letterText = (kind: string) =>
        JSON.stringify(written.find((l) => l.kind === kind)!.content);
      const toService = letterText('onward_referral');
      expect(made!.letterId).toBe(written.find((l) => l.kind === 'onward_referral')!.id);
      expect(toService).toContain(onward.receivingService);
      expect(toService).toContain('Soon (within 2 weeks)');
      expect(toService).toContain(
        'One risk alert was raised while they were with us, from their referral on:',
      );
      expect(toService).toContain('What was done: Called her the same day; safety plan reviewed.');
      expect(toService).toContain(onward.onwardReason);
      // The GP and the patient are told where, not just "referred on".
      expect(letterText('discharge_gp')).toContain(
        `Reason: referred on to ${onward.receivingService}.`,
      );
      expect(letterText('discharge_patient')).toContain(
        `we have referred you on to ${onward.receivingService}`,
      );
      expect(letterText('discharge_patient')).toContain('within 2 weeks, please contact us');

      const taylor = await signedIn('taylor@example.com');
      expect(textOf((await taylor.get('/home')).body)).toContain(
        `We have referred you on to ${onward.receivingService}. They should get in touch with you. If you have not heard from them within 2 weeks, please contact us.`,
      );

      // Next: the referral page asks how the letter was sent, and the home page keeps it.
      const referralPage = textOf((await tess.get(String(res.headers.location))).body);
      expect(referralPage).toContain('Discharged and referred on');
      expect(referralPage).toContain('Next, send the onward referral letter');
      expect(referralPage).toContain('Not recorded as sent yet');
      expect(referralPage).toContain('The discharge from their course of IPT');
      const home = textOf((await tess.get('/home')).body);
      expect(home).toContain('Onward referrals to send');
      expect(home).toContain(`Taylor Tester to ${onward.receivingService}`);
      const sent = await tess.post(`/staff/referrals/${referral.id}/onward/${made!.id}/sent`, {
        sentHow: 'secure_email',
      });
      expect(sent.statusCode).toBe(303);
      expect(textOf((await tess.get('/home')).body)).not.toContain(
        `Taylor Tester to ${onward.receivingService}`,
      );
      const [audited] = await t.database.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'onward_referral.create'), eq(auditEvents.recordId, made!.id)),
        );
      expect(audited!.details).toMatchObject({ courseId: course.id, riskAlertsSinceReferral: 1 });
    });
  });

  describe('by a supervisor or a service manager (walk 13)', () => {
    beforeAll(async () => {
      const sam = await createUser(t, 'sam@example.nhs.uk', ['supervisor'], 'Sam Supervisor');
      const tess = await t.database.db.query.users.findFirst({
        where: (u, { eq: e }) => e(u.email, 'tess@example.nhs.uk'),
      });
      await insertTherapistProfile(t, sam.id);
      await insertTherapistProfile(t, tess!.id, { trainee: true, supervisorId: sam.id });
    });

    const lettersOf = async (patientId: string) => {
      const written = await t.database.db
        .select()
        .from(letters)
        .where(eq(letters.patientId, patientId));
      return (kind: string) => written.find((l) => l.kind === kind)!.content;
    };

    it('has the letters to the GP, the patient and the receiving service signed by the supervisor', async () => {
      const { patient, course } = await patientInCourse('Remy', 'remy@example.com', true);
      const sam = await signedIn('sam@example.nhs.uk');
      await sam.get(`/courses/${course.id}/discharge`);
      const res = await sam.post(`/courses/${course.id}/discharge`, {
        reason: 'referred_on',
        note: 'Agreed with Tess in supervision.',
        communityInvite: 'no',
        receivingService: 'Leeds Community Mental Health Team',
        onwardReason: 'Needs a psychiatrist’s review.',
        discussed: 'He agreed to the referral.',
        urgency: 'routine',
      });
      expect(res.statusCode).toBe(303);
      const letter = await lettersOf(patient.id);
      const signer = ['Sam Supervisor', 'Clinical supervisor', t.service.name];
      expect(letter('discharge_gp').signOff).toEqual(['Yours sincerely', ...signer]);
      expect(letter('discharge_gp').paragraphs).toContain(
        'From Sam Supervisor (Clinical supervisor): Agreed with Tess in supervision.',
      );
      expect(JSON.stringify(letter('discharge_gp'))).toContain(
        'planned sessions of interpersonal therapy (IPT) for depression with Tess Therapist.',
      );
      expect(letter('discharge_patient').signOff).toEqual(['With best wishes', ...signer]);
      expect(letter('onward_referral').signOff).toEqual(['Yours sincerely', ...signer]);
    });

    it('has a service manager’s discharge letters signed by the manager', async () => {
      const { patient, course } = await patientInCourse('Sol', 'sol@example.com', true);
      const mia = await signedIn('mia@example.nhs.uk');
      await mia.get(`/courses/${course.id}/discharge`);
      const res = await mia.post(`/courses/${course.id}/discharge`, {
        reason: 'moved_away',
        note: '',
        communityInvite: 'no',
      });
      expect(res.statusCode).toBe(303);
      const letter = await lettersOf(patient.id);
      expect(letter('discharge_gp').signOff).toEqual([
        'Yours sincerely',
        'Mia Manager',
        'Service manager',
        t.service.name,
      ]);
      expect(letter('discharge_patient').signOff).toContain('Mia Manager');
      expect(JSON.stringify(letter('discharge_gp').signOff)).not.toContain('Tess Therapist');
    });

    it('keeps the therapist’s name when the therapist discharges', async () => {
      const { patient, course } = await patientInCourse('Tam', 'tam@example.com', true);
      expect((await discharge(course.id, 'completed', 'no')).res.statusCode).toBe(303);
      const letter = await lettersOf(patient.id);
      expect(letter('discharge_gp').signOff).toEqual([
        'Yours sincerely',
        'Tess Therapist',
        t.service.name,
      ]);
      expect(letter('discharge_patient').signOff).toEqual([
        'With best wishes',
        'Tess Therapist',
        t.service.name,
      ]);
    });
  });
});
