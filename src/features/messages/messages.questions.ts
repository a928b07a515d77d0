/**
 * Patients' questions to their therapist or the service, and the answers (issue 11). What people
 * write stays in Rapport: texts and emails only say a message is waiting. A question unanswered
 * after one working day shows on the therapist's home; after two it escalates to the service
 * (src/domain/messages, hazard H18).
 */
import type { RaisedAlert } from '../../ui/RaisedAlerts';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { OfficeHours } from '../../db/schema';
import {
  DEFAULT_OFFICE_HOURS,
  type IsoWeekday,
  type OfficeHoursOptions,
} from '../../domain/calendar';
import { hasCrisisLanguage } from '../../domain/community';
import { officeHoursInWords } from '../../domain/diary';
import {
  unansweredLevel,
  waitingOnStaffSince,
  waitsOn,
  type Unanswered,
} from '../../domain/messages';
import {
  accessActorFor,
  can,
  type AccessActor,
  type MessageThreadResource,
} from '../../platform/access';
import { audit, systemActor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { queueMessage } from '../../platform/outbox';
import { PeriodicJob } from '../../platform/periodic';
import { auditPatientsListed, requireUser, type UseCase } from '../../platform/use-case';
import { activeServiceManagers } from '../auth';
import { findPatient, type PatientRow } from '../patients';
import { messageEvents } from './messages.events';
import type { AskQuestion, NewThread } from './messages.forms';
import { questionEscalatedEmail, questionLink, questionWaitingEmail } from './messages.notices';
import * as repo from './messages.repository';
import { ownRecordForMessages, tellPatientMessageWaiting } from './messages.service';

/** The service's stored office hours in the calendar's terms; unreadable ones fall back. */
function hoursOf(stored: OfficeHours | null | undefined): OfficeHoursOptions {
  if (!stored) return DEFAULT_OFFICE_HOURS;
  const hours: OfficeHoursOptions = {
    openingTime: stored.opens,
    closingTime: stored.closes,
    days: stored.days as IsoWeekday[],
    extraClosures: stored.extraClosures,
  };
  return hours;
}

/** The rule, never throwing on a service's malformed hours (it falls back to the standard ones). */
function levelOf(waitingSince: Date | null, now: Date, stored: OfficeHours | null | undefined) {
  if (!waitingSince) return 'not_yet' as const;
  try {
    return unansweredLevel(waitingSince, now, hoursOf(stored));
  } catch (err) {
    if (err instanceof RangeError) return unansweredLevel(waitingSince, now, DEFAULT_OFFICE_HOURS);
    throw err;
  }
}

function resourceOf(
  thread: repo.ThreadRow,
  responsibleClinicianId: string | null,
): MessageThreadResource {
  return {
    kind: 'message_thread',
    serviceId: thread.serviceId,
    addressedTo: thread.addressedTo,
    therapistId: thread.therapistId,
    responsibleClinicianId,
    escalated: thread.escalatedAt !== null,
  };
}

export interface ThreadEntry {
  id: string;
  author: 'patient' | 'staff';
  authorName: string;
  /** Written by the patient's own clinician (responsible for them), not someone else of ours. */
  fromTheirClinician: boolean;
  body: string;
  sentAt: Date;
}

export interface ThreadView {
  thread: repo.ThreadRow;
  patientName: string;
  messages: ThreadEntry[];
  level: Unanswered;
  /**
   * Something the patient wrote since our last answer has words of crisis (H18): their page leads
   * with where to get help now, since nobody may read it for hours.
   */
  crisisWaiting: boolean;
  /** The patient has a clinician responsible for them (else words of crisis reach the service). */
  hasClinician: boolean;
}

async function entriesOf(
  uc: UseCase,
  thread: repo.ThreadRow,
  patient: PatientRow,
): Promise<ThreadEntry[]> {
  const rows = await repo.listThreadMessages(uc.db, uc.service.id, thread.id);
  return rows.map(({ message, authorName }) => ({
    id: message.id,
    author: message.author,
    authorName,
    fromTheirClinician:
      message.author === 'staff' && message.authorUserId === patient.responsibleClinicianId,
    body: message.body,
    sentAt: message.createdAt,
  }));
}

/** A thread as its page shows it, to the patient or to staff. */
async function viewOf(
  uc: UseCase,
  { thread, patient }: { thread: repo.ThreadRow; patient: PatientRow },
  level: Unanswered,
): Promise<ThreadView> {
  const messages = await entriesOf(uc, thread, patient);
  const lastAnswer = messages.findLastIndex((m) => m.author === 'staff');
  // What they wrote since our last answer; before any answer, the subject is part of it.
  const unanswered = [
    ...(lastAnswer === -1 ? [thread.subject] : []),
    ...messages.slice(lastAnswer + 1).map((m) => m.body),
  ];
  return {
    thread,
    patientName: `${patient.givenName} ${patient.familyName}`,
    messages,
    level,
    crisisWaiting: thread.waitingSince !== null && unanswered.some(hasCrisisLanguage),
    hasClinician: patient.responsibleClinicianId !== null,
  };
}

/** The service's working hours in words ("between 9am and 5pm, Monday to Friday"). */
async function workingHoursInWords(uc: UseCase): Promise<string> {
  const hours = hoursOf(await repo.officeHoursOf(uc.db, uc.service.id));
  return officeHoursInWords({
    days: hours.days,
    opens: hours.openingTime,
    closes: hours.closingTime,
  });
}

/** What the ask page needs: whether the patient has a therapist to ask. */
export async function askContext(
  uc: UseCase,
): Promise<{ hasTherapist: boolean; treatmentEnded: boolean; workingHours: string } | null> {
  const patient = await ownRecordForMessages(uc);
  if (!patient) return null;
  return { ...(await therapistToAsk(uc, patient)), workingHours: await workingHoursInWords(uc) };
}

/**
 * A therapist is theirs to ask while we are caring for them. Before a course starts (being
 * assessed, waiting for IPT) the clinician on their record is the one who assessed them, not a
 * therapist they know, so questions go to the service; after discharge, too.
 */
async function therapistToAsk(uc: UseCase, patient: PatientRow) {
  if (patient.responsibleClinicianId === null)
    return { hasTherapist: false, treatmentEnded: false };
  const care = await repo.careState(uc.db, uc.service.id, patient.id);
  return { hasTherapist: !care.beforeCourse && !care.ended, treatmentEnded: care.ended };
}

/** Adds what the signed-in user wrote to the thread, as the patient or as staff. */
function writeInThread(
  uc: UseCase,
  thread: repo.ThreadRow,
  message: { author: 'patient' | 'staff'; body: string; at: Date },
) {
  return repo.insertThreadMessage(uc.db, {
    serviceId: uc.service.id,
    threadId: thread.id,
    author: message.author,
    authorUserId: requireUser(uc).userId,
    body: message.body,
    createdAt: message.at,
  });
}

/**
 * When a wait starts, emails whoever the conversation waits on (`waitsOn`, H18): the clinician
 * asked, and the member of staff who wrote first when that is someone else (a manager, a
 * supervisor). The writer only while the one rule still lets them answer it: a supervisor who
 * has stopped supervising the clinician would get 404, so is not told of it either.
 */
async function tellWhoWaits(uc: UseCase, thread: repo.ThreadRow, patient: PatientRow) {
  const text = questionWaitingEmail(questionLink(uc.links.publicUrl, thread.id));
  const since = (thread.waitingSince ?? uc.clock.now()).toISOString();
  for (const userId of waitsOn(thread)) {
    const staff = await repo.activeStaff(uc.db, uc.service.id, userId);
    if (!staff) continue;
    const writer = userId !== thread.therapistId;
    if (writer) {
      const actor = await accessActorFor(uc.db, { ...staff, serviceId: uc.service.id, userId });
      const resource = resourceOf(thread, patient.responsibleClinicianId);
      if (!can(actor, 'message_thread.answer', resource)) continue;
    }
    await queueMessage(uc.db, uc.clock, {
      serviceId: uc.service.id,
      channel: 'email',
      recipient: staff.email,
      subject: text.subject,
      body: text.body,
      template: 'question-waiting',
      patientId: patient.id,
      // The clinician's key is as it always was; the writer's names them.
      idempotencyKey: `question-waiting:${thread.id}:${since}${writer ? `:${userId}` : ''}`,
    });
  }
}

/** What a patient wrote, for the features that react to it (risk's alert on words of crisis). */
async function tellOfPatientWriting(
  t: UseCase,
  patient: PatientRow,
  threadId: string,
  text: string,
) {
  await messageEvents.raise(
    { tx: t.db, clock: t.clock, serviceId: t.service.id },
    'patient.wrote',
    {
      patientId: patient.id,
      threadId,
      responsibleClinicianId: patient.responsibleClinicianId,
      text,
      writer: t.actor,
      links: t.links,
    },
  );
}

/** A patient asks their therapist or the service a question: a new thread, waiting for an answer. */
export async function askQuestion(
  uc: UseCase,
  input: AskQuestion,
): Promise<{ threadId: string } | null> {
  return uc.transaction(async (t) => {
    const patient = await ownRecordForMessages(t);
    if (!patient) return null;
    const therapistId = input.to === 'therapist' ? patient.responsibleClinicianId : null;
    if (
      input.to === 'therapist' &&
      !(therapistId && (await therapistToAsk(t, patient)).hasTherapist)
    )
      return null;
    const now = t.clock.now();
    const thread = await repo.insertThread(t.db, {
      serviceId: t.service.id,
      patientId: patient.id,
      addressedTo: input.to,
      therapistId,
      subject: input.subject,
      createdAt: now,
      waitingSince: now,
      lastMessageAt: now,
      patientReadAt: now,
    });
    await writeInThread(t, thread, { author: 'patient', body: input.body, at: now });
    await tellOfPatientWriting(t, patient, thread.id, `${input.subject}\n${input.body}`);
    await tellWhoWaits(t, thread, patient);
    await t.audit({
      action: 'message.ask',
      patientId: patient.id,
      recordType: 'message_thread',
      recordId: thread.id,
      details: { to: input.to },
    });
    return { threadId: thread.id };
  });
}

export interface PatientThreadSummary {
  id: string;
  subject: string;
  addressedTo: 'therapist' | 'service';
  lastMessageAt: Date;
  /** A reply came after the patient last looked. */
  hasNewReply: boolean;
  waiting: boolean;
  /** We wrote first (a clinician from their record), rather than the patient asking. */
  startedByUs: boolean;
}

/** The signed-in patient's questions, newest first (the inbox lists them; audited there). */
export async function myQuestions(uc: UseCase): Promise<PatientThreadSummary[] | null> {
  const patient = await ownRecordForMessages(uc);
  if (!patient) return null;
  const rows = await repo.listPatientThreads(uc.db, uc.service.id, patient.id);
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    addressedTo: r.addressedTo,
    lastMessageAt: r.lastMessageAt,
    hasNewReply: r.waitingSince === null && r.patientReadAt === null,
    waiting: r.waitingSince !== null,
    startedByUs: r.startedBy === 'staff',
  }));
}

/** A look at a thread is audited as a look at its patient's record; a refused one as denied. */
function auditThreadRead(
  uc: UseCase,
  threadId: string,
  patientId: string | null,
  outcome: 'success' | 'denied',
) {
  return uc.audit({
    action: 'message.read_thread',
    patientId,
    recordType: 'message_thread',
    recordId: threadId,
    outcome,
  });
}

/** Another patient's thread, or one that does not exist: null (404), with the attempt audited. */
async function ownThread(uc: UseCase, threadId: string, lock = false) {
  const patient = await ownRecordForMessages(uc);
  const thread = await repo.findThread(uc.db, uc.service.id, threadId, lock);
  if (!patient || !thread || thread.patientId !== patient.id) {
    await auditThreadRead(uc, threadId, patient?.id ?? null, 'denied');
    return null;
  }
  return { patient, thread };
}

/** The patient opens one of their questions; replies are then no longer new. */
export async function myThread(
  uc: UseCase,
  threadId: string,
): Promise<(ThreadView & { workingHours: string }) | null> {
  const own = await ownThread(uc, threadId);
  if (!own) return null;
  await repo.markThreadRead(uc.db, own.thread, uc.clock.now());
  await auditThreadRead(uc, own.thread.id, own.patient.id, 'success');
  // Only the patient's page says when we read messages.
  return { ...(await viewOf(uc, own, 'not_yet')), workingHours: await workingHoursInWords(uc) };
}

/** The patient writes again in their thread: it waits for an answer from the first unanswered one. */
export async function patientReply(
  uc: UseCase,
  input: { threadId: string; body: string },
): Promise<boolean> {
  return uc.transaction(async (t) => {
    const own = await ownThread(t, input.threadId, true);
    if (!own) return false;
    const { patient, thread } = own;
    const now = t.clock.now();
    await writeInThread(t, thread, { author: 'patient', body: input.body, at: now });
    await tellOfPatientWriting(t, patient, thread.id, input.body);
    await repo.markWaiting(t.db, thread, now);
    // Those it waits on hear once per wait, not for every line while nobody has answered.
    if (thread.waitingSince === null)
      await tellWhoWaits(t, { ...thread, waitingSince: now }, patient);
    await t.audit({
      action: 'message.ask',
      patientId: patient.id,
      recordType: 'message_thread',
      recordId: thread.id,
    });
    return true;
  });
}

/** A thread staff may answer, or null (404) with the attempt audited. */
async function staffThread(uc: UseCase, threadId: string, lock = false) {
  const user = requireUser(uc);
  const thread = await repo.findThread(uc.db, uc.service.id, threadId, lock);
  const patient = thread ? await findPatient(uc.db, uc.service.id, thread.patientId) : null;
  const allowed =
    thread !== null &&
    patient !== null &&
    can(
      await accessActorFor(uc.db, user),
      'message_thread.answer',
      resourceOf(thread, patient.responsibleClinicianId),
    );
  if (!allowed) {
    await auditThreadRead(uc, threadId, patient?.id ?? null, 'denied');
    return null;
  }
  return { thread, patient };
}

/**
 * The risk alerts a thread raised. Risk raises them on this feature's event, so it is handed in
 * by app.tsx rather than imported (risk already depends on messages).
 */
export type AlertsOfThread = (
  db: UseCase['db'],
  serviceId: string,
  patientId: string,
  threadId: string,
) => Promise<RaisedAlert[]>;

/** Which of these threads have a risk alert they raised still open (risk's, handed in). */
export type ThreadsWithOpenAlerts = (
  db: UseCase['db'],
  serviceId: string,
  threadIds: readonly string[],
) => Promise<Set<string>>;

/** A member of staff opens a patient's question (audited as a look at the patient's record). */
export async function openQuestion(
  uc: UseCase,
  threadId: string,
  alertsOf: AlertsOfThread,
): Promise<(ThreadView & { mayOpenRecord: boolean; alerts: RaisedAlert[] }) | null> {
  const found = await staffThread(uc, threadId);
  if (!found) return null;
  await auditThreadRead(uc, found.thread.id, found.patient.id, 'success');
  const stored = await repo.officeHoursOf(uc.db, uc.service.id);
  const view = await viewOf(uc, found, levelOf(found.thread.waitingSince, uc.clock.now(), stored));
  // Anyone may answer a question escalated to the service; only some may open the record.
  const mayOpenRecord = can(await accessActorFor(uc.db, requireUser(uc)), 'patient.read', {
    kind: 'patient',
    serviceId: found.patient.serviceId,
    userId: found.patient.userId,
    responsibleClinicianId: found.patient.responsibleClinicianId,
  });
  const alerts = await alertsOf(uc.db, uc.service.id, found.patient.id, found.thread.id);
  return { ...view, mayOpenRecord, alerts };
}

/** Staff answer: the thread stops waiting, and the patient hears that a message is waiting. */
export async function answerQuestion(
  uc: UseCase,
  input: { threadId: string; body: string },
): Promise<boolean> {
  return uc.transaction(async (t) => {
    const found = await staffThread(t, input.threadId, true);
    if (!found) return false;
    const { thread, patient } = found;
    const now = t.clock.now();
    const message = await writeInThread(t, thread, { author: 'staff', body: input.body, at: now });
    await repo.markAnswered(t.db, thread, now);
    const channels = await tellPatientMessageWaiting(t, patient, {
      access: patient.userId ? 'has_account' : 'ask_us',
      key: `question-reply:${message.id}`,
    });
    await t.audit({
      action: 'message.reply',
      patientId: patient.id,
      recordType: 'message_thread',
      recordId: thread.id,
      details: { channels, wasEscalated: !!thread.escalatedAt },
    });
    return true;
  });
}

/**
 * The thread a patient's question to their own clinician would be. Whoever may answer that (the
 * one rule, `message_thread.answer`: their responsible clinician, that clinician's supervisor, the
 * managers) may also write to the patient first; a patient with no clinician yet, managers only.
 */
function ownClinicianThread(patient: {
  serviceId: string;
  responsibleClinicianId: string | null;
}): MessageThreadResource {
  return {
    kind: 'message_thread',
    serviceId: patient.serviceId,
    addressedTo: 'therapist',
    therapistId: patient.responsibleClinicianId,
    responsibleClinicianId: patient.responsibleClinicianId,
    escalated: false,
  };
}

/** Whether this member of staff may start a conversation with the patient (the record's link). */
export function mayWriteToPatient(
  actor: AccessActor,
  patient: { serviceId: string; responsibleClinicianId: string | null },
): boolean {
  return can(actor, 'message_thread.answer', ownClinicianThread(patient));
}

/** The patient this member of staff may write to, or null (404); the look is audited either way. */
async function patientToWriteTo(uc: UseCase, patientId: string, purpose: 'form' | 'send') {
  const patient = await findPatient(uc.db, uc.service.id, patientId);
  const allowed =
    patient !== null && mayWriteToPatient(await accessActorFor(uc.db, requireUser(uc)), patient);
  if (!allowed || purpose === 'form')
    await uc.audit({
      action: purpose === 'form' ? 'message.start_form' : 'message.start',
      patientId: patient?.id ?? null,
      recordType: 'patient',
      recordId: patientId,
      ...(allowed ? {} : { outcome: 'denied' as const }),
    });
  return allowed ? patient : null;
}

export interface NewThreadContext {
  patientId: string;
  patientName: string;
  /** With no account they cannot read it: their notice asks them to contact us (as for answers). */
  canSignIn: boolean;
}

/** The "send a message" page from a patient's record (audited as a look at the record). */
export async function newThreadContext(
  uc: UseCase,
  patientId: string,
): Promise<NewThreadContext | null> {
  const patient = await patientToWriteTo(uc, patientId, 'form');
  if (!patient) return null;
  return {
    patientId: patient.id,
    patientName: `${patient.givenName} ${patient.familyName}`,
    canSignIn: patient.userId !== null,
  };
}

/**
 * A clinician writes to a patient first: a new thread among the patient's questions, which they
 * can reply to. It waits on nobody until they do (H18); then their reply waits like any question,
 * to their clinician (or the service when they have none), and on the writer too when that is
 * someone else (`waitsOn`). The patient hears exactly as when staff answer a question. A second
 * press of the form makes no second thread (ADR 0039).
 */
export async function startThread(
  uc: UseCase,
  input: { patientId: string } & NewThread,
): Promise<{ threadId: string } | null> {
  return uc.transaction(async (t) => {
    const patient = await patientToWriteTo(t, input.patientId, 'send');
    if (!patient) return null;
    const now = t.clock.now();
    const therapistId = patient.responsibleClinicianId;
    const thread = await repo.insertThread(t.db, {
      serviceId: t.service.id,
      patientId: patient.id,
      addressedTo: therapistId ? 'therapist' : 'service',
      therapistId,
      subject: input.subject,
      startedBy: 'staff',
      startedByUserId: requireUser(t).userId,
      createdAt: now,
      waitingSince: waitingOnStaffSince([{ author: 'staff', sentAt: now }]),
      lastMessageAt: now,
      // Unread: it shows as new in their list until they open it.
      patientReadAt: null,
    });
    const message = await writeInThread(t, thread, { author: 'staff', body: input.body, at: now });
    // The same notice as an answer: no words of the message, the outbox's quiet hours.
    const channels = await tellPatientMessageWaiting(t, patient, {
      access: patient.userId ? 'has_account' : 'ask_us',
      key: `question-reply:${message.id}`,
    });
    await t.audit({
      action: 'message.start',
      patientId: patient.id,
      recordType: 'message_thread',
      recordId: thread.id,
      details: { channels },
    });
    return { threadId: thread.id };
  });
}

export interface StaffQuestion {
  id: string;
  subject: string;
  patientName: string;
  addressedTo: 'therapist' | 'service';
  therapistId: string | null;
  waitingSince: Date | null;
  escalated: boolean;
  level: Unanswered;
  lastMessageAt: Date;
  /** A clinician wrote first, from the patient's record. */
  startedByUs: boolean;
  /** Who of staff wrote first; null when the patient did. */
  startedByUserId: string | null;
}

/**
 * The questions this member of staff may answer: waiting ones first (oldest first), then recent
 * answered ones. One audit row per patient shown.
 */
export async function questionsFor(
  uc: UseCase,
  filter: { waitingOnly: boolean } = { waitingOnly: false },
): Promise<StaffQuestion[]> {
  const questions = await answerableQuestions(uc, filter);
  await auditListed(uc, questions);
  return questions;
}

/** The questions this member of staff may answer, not yet audited: the caller audits those shown. */
async function answerableQuestions(
  uc: UseCase,
  filter: { waitingOnly: boolean },
): Promise<(StaffQuestion & { patientId: string })[]> {
  const actor = await accessActorFor(uc.db, requireUser(uc));
  const rows = await repo.listServiceThreads(uc.db, uc.service.id, {
    waitingOnly: filter.waitingOnly,
    limit: 500,
  });
  const mine = rows.filter((r) =>
    can(actor, 'message_thread.answer', resourceOf(r.thread, r.responsibleClinicianId)),
  );
  // Most home pages have no waiting questions: then the service's hours are not needed.
  if (mine.length === 0) return [];
  const stored = await repo.officeHoursOf(uc.db, uc.service.id);
  const now = uc.clock.now();
  return mine.map(({ thread, patientName }) => ({
    id: thread.id,
    patientId: thread.patientId,
    subject: thread.subject,
    patientName,
    addressedTo: thread.addressedTo,
    therapistId: thread.therapistId,
    waitingSince: thread.waitingSince,
    escalated: thread.escalatedAt !== null,
    level: levelOf(thread.waitingSince, now, stored),
    lastMessageAt: thread.lastMessageAt,
    startedByUs: thread.startedBy === 'staff',
    startedByUserId: thread.startedByUserId,
  }));
}

/** One audit row per patient whose question is shown on the list (a look at their record). */
async function auditListed(uc: UseCase, shown: readonly { patientId: string }[]) {
  if (shown.length === 0) return;
  await auditPatientsListed(
    uc,
    'message.list_questions',
    shown.map((q) => q.patientId),
  );
}

/**
 * One patient's questions still waiting for an answer, that this member of staff may answer: for
 * the discharge page, where the page that opened the patient's course has audited the read.
 */
export async function waitingQuestionsOfPatient(
  uc: UseCase,
  patient: { id: string; responsibleClinicianId: string | null },
): Promise<{ id: string; subject: string; waitingSince: Date }[]> {
  const actor = await accessActorFor(uc.db, requireUser(uc));
  const threads = await repo.listPatientThreads(uc.db, uc.service.id, patient.id);
  return threads.flatMap((thread) =>
    thread.waitingSince !== null &&
    can(actor, 'message_thread.answer', resourceOf(thread, patient.responsibleClinicianId))
      ? [{ id: thread.id, subject: thread.subject, waitingSince: thread.waitingSince }]
      : [],
  );
}

/**
 * For the home page: questions waiting more than one working day. Each person it waits on sees it
 * (`waitsOn`: the therapist asked, and whoever else of staff wrote first, while they may still
 * answer it); a manager also sees those asked of the service and those escalated to it.
 */
export async function overdueQuestionsFor(uc: UseCase): Promise<StaffQuestion[]> {
  const user = requireUser(uc);
  const waiting = await answerableQuestions(uc, { waitingOnly: true });
  const manager = user.roles.includes('service_manager');
  const shown = waiting.filter(
    (q) =>
      q.level !== 'not_yet' &&
      (waitsOn(q).includes(user.userId) || (manager && (q.escalated || q.therapistId === null))),
  );
  // Only those on the page are looked at: a supervisor's home does not list every question of
  // their trainees' patients, so those patients are not told it did.
  await auditListed(uc, shown);
  return shown;
}

export interface QuestionEscalation {
  threadId: string;
  serviceId: string;
  recipientIds: string[];
}

/**
 * Escalates every question waiting two working days (hazard H18): it joins the service's shared
 * queue and the managers get an email with no detail. Each in its own transaction, at most once.
 * Runs across services (the worker connects as the owner, like the risk escalation).
 */
export async function escalateUnansweredQuestions(
  db: Db,
  clock: Clock,
  links: { publicUrl: string },
  options: { limit?: number; logger?: Logger } = {},
): Promise<QuestionEscalation[]> {
  const now = clock.now();
  // Two working days are never less than a calendar day; the rule below decides exactly.
  const candidates = await repo.waitingUnescalated(
    db,
    new Date(now.getTime() - 86_400_000),
    options.limit ?? 200,
  );
  const done: QuestionEscalation[] = [];
  for (const { thread, officeHours } of candidates) {
    if (levelOf(thread.waitingSince, now, officeHours) !== 'escalate') continue;
    try {
      const result = await db.transaction(async (tx) => {
        if (!(await repo.markEscalated(tx, thread, now))) return null;
        const managers = await activeServiceManagers(tx, thread.serviceId);
        const email = questionEscalatedEmail(questionLink(links.publicUrl, thread.id));
        for (const m of managers)
          await queueMessage(tx, clock, {
            serviceId: thread.serviceId,
            channel: 'email',
            recipient: m.email,
            subject: email.subject,
            body: email.body,
            template: 'question-escalated',
            patientId: thread.patientId,
            idempotencyKey: `question-escalated:${thread.id}:${now.toISOString()}:${m.id}`,
          });
        await audit(tx, clock, systemActor(thread.serviceId, 'message-escalation'), {
          action: 'message.escalate',
          patientId: thread.patientId,
          recordType: 'message_thread',
          recordId: thread.id,
          details: {
            waitingSince: thread.waitingSince?.toISOString() ?? null,
            recipientIds: managers.map((m) => m.id),
          },
        });
        if (managers.length === 0)
          options.logger?.error(
            { threadId: thread.id, serviceId: thread.serviceId },
            'message escalated but the service has no active service manager to tell',
          );
        return {
          threadId: thread.id,
          serviceId: thread.serviceId,
          recipientIds: managers.map((m) => m.id),
        };
      });
      if (result) done.push(result);
    } catch (err) {
      options.logger?.error({ err, threadId: thread.id }, 'message escalation failed');
    }
  }
  return done;
}

/** Checks every few minutes for questions waiting two working days; started by the server. */
export class MessageEscalationWorker {
  private readonly job: PeriodicJob<QuestionEscalation>;

  constructor(
    db: Db,
    clock: Clock,
    logger: Logger,
    links: { publicUrl: string },
    intervalMs = 5 * 60_000,
  ) {
    this.job = new PeriodicJob({
      run: () => escalateUnansweredQuestions(db, clock, links, { logger }),
      intervalMs,
      logger,
      did: 'unanswered messages escalated',
      failed: 'message escalation run failed',
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  runOnce(): Promise<QuestionEscalation[]> {
    return this.job.runOnce();
  }
}
