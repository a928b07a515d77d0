import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { withTenant } from '../../src/db/client';
import { outboxMessages, patients, type OutboxChannel } from '../../src/db/schema';
import {
  bookedListMessage,
  bookedMessage,
  cancelledMessage,
  changedMessage,
  courseEndedMessage,
  questionnaireMessage,
  rearrangeRequestMessage,
  timeKeptMessage,
  reminderMessage,
  seriesBookedMessage,
  type AppointmentFacts,
} from '../../src/domain/diary';
import { systemActor } from '../../src/platform/audit';
import {
  MESSAGE_TEMPLATES,
  gpLetterEmail,
  letterReadyEmail,
  newMessageNotice,
  taskReminderNotice,
  type MessageTemplate,
  type RenderedMessage,
} from '../../src/platform/notifier';
import { createUseCase, type UseCase } from '../../src/platform/use-case';
import { createUserWithInvitation, invitePatientAccount } from '../../src/features/auth';
import { requestPasswordReset } from '../../src/features/auth/auth.service';
import { sendMessageToPatient } from '../../src/features/messages';
import {
  confirmationEmail,
  confirmationEmailSubject,
  confirmationText,
} from '../../src/features/referral/referral.messages';
import {
  alertEscalatedEmail,
  alertRaisedEmail,
  alertLink,
} from '../../src/features/risk/risk.messages';
import {
  questionEscalatedEmail,
  questionLink,
  questionWaitingEmail,
} from '../../src/features/messages/messages.notices';
import { closeReferral } from '../../src/features/triage/triage.service';
import { bookingLetter } from '../../src/features/triage/triage.messages';
import {
  invitationEmail,
  moderatorAlertEmail,
  replyEmail,
} from '../../src/features/community/community.messages';
import { insertReferral } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Every text and email Rapport can send (the catalogue in src/platform/notifier/templates.ts),
 * rendered with sample data through the code that writes it. Others may see a phone or an inbox,
 * so none may carry a health word, and none may carry what a member of staff wrote.
 */
const HEALTH_WORDS =
  /therap|depress|anxi|assessment|\bIPT\b|interpersonal|\brisk|waiting list|\bcourses?\b|questionnaire|\bscores?\b|PHQ|GAD|suicid|self-harm|diagnos|treatment|counsel|medicat|\bmood|clinical|mental (?:illness|health)/i;

/** What a member of staff might write to a patient: it must never reach a text or email. */
const STAFF_TEXT =
  'We talked about your low mood. I have added you to the waiting list for interpersonal therapy.';

/**
 * Sent to staff work addresses, naming no patient (they say where to look, behind sign-in): links
 * into the staff pages and job titles such as "therapist" are allowed there, nothing else.
 */
const TO_STAFF: readonly MessageTemplate[] = [
  'account-invitation',
  'appointment-rearrange-request',
  'risk-alert-raised',
  'risk-alert-escalated',
  'question-waiting',
  'question-escalated',
];
const forStaff = (text: string) =>
  text.replace(/https?:\/\/\S+/g, '<link>').replace(/\btherapists?\b/gi, '<job title>');

const SERVICE = 'Riverside Service';
const URL = 'https://rapport.example.nhs.uk';
const links = { publicUrl: URL, serviceName: SERVICE };
const CHANNELS: OutboxChannel[] = ['email', 'sms'];
const startsAt = new Date('2026-12-02T10:30:00Z');

const place = {
  locationName: 'Riverside Health Centre',
  address: '1 High Street\nRiverside',
  postcode: 'RV1 1AA',
  roomName: 'Room 2',
};
const facts: AppointmentFacts[] = (['video', 'phone', 'face_to_face'] as const).map((mode) => ({
  serviceName: SERVICE,
  startsAt,
  durationMinutes: 50,
  mode,
  videoUrl: mode === 'video' ? `${URL}/appointments/abc/video` : null,
  place: mode === 'face_to_face' ? place : null,
  appointmentsUrl: `${URL}/appointments`,
}));
const eachChannel = (render: (c: OutboxChannel) => RenderedMessage[]) => CHANNELS.flatMap(render);

let t: TestApp;
let patientId: string;

/** Runs a use case as the system in the test service, and returns what it queued under `template`. */
async function queued(template: MessageTemplate, fn: (uc: UseCase) => Promise<unknown>) {
  await withTenant(t.database, t.service.id, (db) =>
    fn(
      createUseCase({
        db,
        clock: t.clock,
        actor: systemActor(t.service.id, 'template-test'),
        user: null,
        service: t.service,
        links,
      }),
    ),
  );
  const rows = await t.database.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.template, template));
  return rows.map((r) => ({ subject: r.subject, body: r.body }));
}

/** One sampler per template: the type makes a new template fail to compile until it has one. */
const SAMPLES: Record<MessageTemplate, () => Promise<RenderedMessage[]>> = {
  'account-invitation': () =>
    queued('account-invitation', (uc) =>
      createUserWithInvitation(
        uc.db,
        uc.clock,
        uc.actor,
        {
          serviceId: t.service.id,
          email: 'new.staff@example.nhs.uk',
          displayName: 'Sam Staff',
          roles: ['therapist'],
        },
        links,
      ),
    ),
  'patient-account-invitation': () =>
    queued('patient-account-invitation', (uc) =>
      invitePatientAccount(
        uc.db,
        uc.clock,
        uc.actor,
        { serviceId: t.service.id, email: 'pat@example.com', displayName: 'Pat Person', patientId },
        links,
      ),
    ),
  'password-reset': () =>
    queued('password-reset', (uc) =>
      requestPasswordReset(uc, { email: 'new.staff@example.nhs.uk' }),
    ),
  'referral-confirmation': () =>
    Promise.resolve([
      { subject: null, body: confirmationText(SERVICE, 'RV-1234-5678') },
      ...[false, true].map((urgent) => ({
        subject: confirmationEmailSubject(SERVICE),
        body: confirmationEmail(SERVICE, 'Pat', 'RV-1234-5678', { urgent, typicalWaitWeeks: 6 }),
      })),
    ]),
  'assessment-booked': () =>
    Promise.resolve(
      (['video', 'phone', 'face_to_face'] as const).map((mode) => ({
        subject: `Your appointment with ${SERVICE}`,
        body: bookingLetter('Pat', startsAt, mode, SERVICE, mode === 'face_to_face' ? place : null),
      })),
    ),
  'appointment-booked': () =>
    Promise.resolve(
      eachChannel((c) => [...facts.map((f) => bookedMessage(f, c)), seriesBookedMessage(facts, c)]),
    ),
  'appointment-changed': () =>
    Promise.resolve(
      eachChannel((c) => facts.map((f) => changedMessage(f, new Date('2026-12-01T10:30:00Z'), c))),
    ),
  'appointment-cancelled': () =>
    Promise.resolve(
      eachChannel((c) =>
        facts.flatMap((f) => [
          cancelledMessage(f, 'patient', c),
          cancelledMessage(f, 'service', c),
        ]),
      ),
    ),
  'appointment-reminder': () =>
    Promise.resolve(eachChannel((c) => facts.map((f) => reminderMessage(f, c)))),
  'appointment-questionnaire': () =>
    Promise.resolve(
      eachChannel((c) => [
        questionnaireMessage({ serviceName: SERVICE, startsAt, homeUrl: `${URL}/home` }, c),
      ]),
    ),
  'appointment-time-kept': () =>
    Promise.resolve(eachChannel((c) => facts.map((f) => timeKeptMessage(f, c)))),
  'appointments-booked-list': () =>
    Promise.resolve(
      eachChannel((c) => [
        ...facts.map((f) => bookedListMessage([f], c)),
        bookedListMessage(facts, c),
      ]),
    ),
  'appointment-rearrange-request': () =>
    Promise.resolve([
      rearrangeRequestMessage({
        serviceName: SERVICE,
        startsAt,
        appointmentUrl: `${URL}/diary/appointments/abc`,
      }),
    ]),
  'course-ended': () =>
    Promise.resolve(
      eachChannel((c) =>
        [1, 4].map((count) =>
          courseEndedMessage(
            { serviceName: SERVICE, messagesUrl: `${URL}/messages`, count, from: startsAt },
            c,
          ),
        ),
      ),
    ),
  'risk-alert-raised': () => Promise.resolve([alertRaisedEmail(alertLink(URL, 'abc'))]),
  'risk-alert-escalated': () =>
    Promise.resolve([
      alertEscalatedEmail(alertLink(URL, 'abc'), 'supervisor'),
      alertEscalatedEmail(alertLink(URL, 'abc'), 'service_manager'),
    ]),
  'question-waiting': () => Promise.resolve([questionWaitingEmail(questionLink(URL, 'abc'))]),
  'question-escalated': () => Promise.resolve([questionEscalatedEmail(questionLink(URL, 'abc'))]),
  'new-message': async () => [
    ...eachChannel((c) =>
      (['has_account', 'invited', 'ask_us'] as const).map((access) =>
        newMessageNotice({ serviceName: SERVICE, messagesUrl: `${URL}/messages`, access }, c),
      ),
    ),
    // Through the front door other features call, with a message staff wrote.
    ...(await queued('new-message', (uc) =>
      sendMessageToPatient(uc, {
        patientId,
        subject: 'After your wellbeing assessment',
        body: STAFF_TEXT,
        sourceKey: 'template-test',
      }),
    )),
    // Closing a referral (hazard H13): its message goes to the inbox too, never to the outbox.
    ...(await queued('new-message', (uc) => closeWithStaffText(uc))),
  ],
  // --- community (issue 13) ---
  'community-invitation': () =>
    Promise.resolve([
      invitationEmail({
        displayName: 'Pat Person',
        communityName: `${SERVICE} community`,
        serviceName: SERVICE,
        joinUrl: `${URL}/community/join`,
      }),
    ]),
  'community-reply': () =>
    Promise.resolve([
      replyEmail({
        communityName: `${SERVICE} community`,
        topicUrl: `${URL}/community/topics/abc`,
      }),
    ]),
  'community-moderator-alert': () =>
    Promise.resolve([
      moderatorAlertEmail({
        communityName: `${SERVICE} community`,
        queueUrl: `${URL}/community/moderation`,
      }),
    ]),
  // --- end community ---
  'letter-ready': () =>
    Promise.resolve(
      [true, false].map((attached) =>
        letterReadyEmail({ serviceName: SERVICE, lettersUrl: `${URL}/notebook`, attached }),
      ),
    ),
  'letter-to-gp': () => Promise.resolve([gpLetterEmail({ serviceName: SERVICE })]),
  'task-reminder': () =>
    Promise.resolve(
      eachChannel((c) => [
        taskReminderNotice({ serviceName: SERVICE, tasksUrl: `${URL}/tasks` }, c),
      ]),
    ),
};

/** Closes a new referral with a message staff wrote, through the triage use case. */
async function closeWithStaffText(uc: UseCase) {
  const referral = await insertReferral(t, { email: 'closing@example.com' });
  const closed = await closeReferral(uc, {
    referralId: referral.id,
    form: {
      reason: 'withdrawn',
      duplicateOf: '',
      note: 'Asked us to close it.',
      message: STAFF_TEXT,
    },
  });
  if (!closed.ok) throw new Error(`closing the sample referral failed: ${closed.reason}`);
}

beforeAll(async () => {
  t = await createTestApp();
  const [row] = await t.database.db
    .insert(patients)
    .values({
      serviceId: t.service.id,
      givenName: 'Pat',
      familyName: 'Person',
      dateOfBirth: '1990-01-01',
      email: 'pat.person@example.com',
      mobile: '07700900123',
      allowEmail: true,
      allowSms: true,
    })
    .returning();
  patientId = row!.id;
});
afterAll(async () => t.close());

describe('every text and email template', () => {
  it.each(MESSAGE_TEMPLATES.map((name) => [name]))(
    '%s renders with no health detail and no words written by staff',
    async (name) => {
      const rendered = await SAMPLES[name]();
      expect(rendered.length).toBeGreaterThan(0);
      for (const message of rendered) {
        const sent = `${message.subject ?? ''}\n${message.body}`;
        // Crisis signposting goes to everyone who refers and says nothing about the person.
        // A link's random token can spell a word by chance ("…GgAd…" once read as GAD).
        const general = sent
          .replace('If your life is at risk right now', '<crisis line>')
          .replace(/([?&]token=)[\w-]+/g, '$1<token>');
        const text = TO_STAFF.includes(name) ? forStaff(general) : general;
        if (TO_STAFF.includes(name)) expect(text).not.toMatch(/\bPat\b|Person/);
        expect(text).not.toMatch(HEALTH_WORDS);
        expect(text).not.toContain(STAFF_TEXT);
        expect(text).not.toContain('low mood');
      }
    },
  );

  it('has no template left for staff words: closing a referral queues none of them (H13)', async () => {
    expect(MESSAGE_TEMPLATES).not.toContain('referral-closed');
    await queued('new-message', (uc) => closeWithStaffText(uc));
    const everything = await t.database.db.select().from(outboxMessages);
    expect(everything.length).toBeGreaterThan(0);
    for (const row of everything) {
      expect(row.body).not.toContain(STAFF_TEXT);
      expect(row.subject ?? '').not.toContain(STAFF_TEXT);
    }
  });

  it('knows the health words it looks for', () => {
    expect('Your wellbeing assessment').toMatch(HEALTH_WORDS);
    expect('added to the waiting list for IPT').toMatch(HEALTH_WORDS);
    expect('Your PHQ-9 score').toMatch(HEALTH_WORDS);
    expect('Your appointment with Riverside Service').not.toMatch(HEALTH_WORDS);
  });
});
