import type { OutboxChannel } from '../../db/schema';
import { mayAgreeTaskAt, taskChangeOnAttendance } from '../../domain/appointments';
import { hasCrisisLanguage } from '../../domain/community';
import type { ReflectionInput, TaskInput } from '../../domain/notes';
import { accessActorFor, can, patientRecordResource } from '../../platform/access';
import { audit, systemActor, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { EventContext } from '../../platform/events';
import { taskReminderNotice } from '../../platform/notifier';
import { cancelPendingMessages, queueMessage } from '../../platform/outbox';
import { requireUser, type UseCase } from '../../platform/use-case';
import type { FieldError } from '../../ui/forms';
import { findCourse } from '../courses';
import * as diary from '../diary';
import { findPatient, ownPatientRecord, type PatientRow } from '../patients';
import * as repo from './tasks.repository';

export type { TaskRow } from './tasks.repository';

/** How long before the next session the reminder goes, when the patient agreed to reminders. */
const REMINDER_BEFORE_MS = 24 * 3_600_000;

/**
 * An IPT session a therapist may set tasks at (the same rule as writing its note). Null, with
 * the refusal audited, when missing, not an IPT session of a course, not theirs, or its course
 * has ended (`mayAgreeTaskAt`).
 */
export async function openSessionForTasks(
  uc: UseCase,
  appointmentId: string,
): Promise<diary.AppointmentDetail | null> {
  const detail = await diary.findAppointment(uc.db, uc.service.id, appointmentId);
  const courseId = detail?.appointment.courseId ?? null;
  const course = courseId ? await findCourse(uc.db, uc.service.id, courseId) : null;
  const actor = await accessActorFor(uc.db, requireUser(uc));
  const allowed =
    detail !== null &&
    course !== null &&
    detail.appointment.type === 'ipt_session' &&
    mayAgreeTaskAt(detail.appointment, course, uc.clock.now()) &&
    can(actor, 'note.write', diary.careOf(detail));
  if (!allowed) {
    await uc.audit({
      action: 'task.set',
      outcome: 'denied',
      patientId: detail?.patient.id ?? null,
      recordType: 'appointment',
      recordId: appointmentId,
    });
    return null;
  }
  return detail;
}

/** A task's reminders' keys hold this, under the next session's prefix; cancelled by it. */
const taskReminderKey = (taskId: string) => `task-reminder:${taskId}:`;

function reminderChannels(patient: PatientRow): { channel: OutboxChannel; to: string }[] {
  const out: { channel: OutboxChannel; to: string }[] = [];
  if (patient.allowEmail && patient.email?.trim())
    out.push({ channel: 'email', to: patient.email.trim() });
  if (patient.allowSms && patient.mobile?.trim())
    out.push({ channel: 'sms', to: patient.mobile.trim() });
  return out;
}

/**
 * Sets a task at a session: what to try, when, with whom. The patient sees it on their tasks
 * page; if they agreed to texts or emails (their contact preferences), a reminder with no
 * detail goes a day before their next booked session, and is cancelled once they reflect.
 */
export async function setTask(
  uc: UseCase,
  input: { appointmentId: string; task: TaskInput },
): Promise<repo.StoredTask | null> {
  return uc.transaction(async (t) => {
    const detail = await openSessionForTasks(t, input.appointmentId);
    const courseId = detail?.appointment.courseId;
    if (!detail || !courseId) return null;
    const now = t.clock.now();
    const task = await repo.insertTask(t.db, {
      serviceId: t.service.id,
      patientId: detail.patient.id,
      courseId,
      appointmentId: detail.appointment.id,
      setBy: requireUser(t).userId,
      what: input.task.what,
      whenText: input.task.when,
      withWhom: input.task.withWhom,
      createdAt: now,
    });
    const patient = await findPatient(t.db, t.service.id, detail.patient.id);
    const next = (await diary.listForCourse(t.db, t.service.id, courseId))
      .map((a) => a.appointment)
      .find((a) => a.status === 'booked' && a.startsAt.getTime() > now.getTime());
    const remindAt = next ? new Date(next.startsAt.getTime() - REMINDER_BEFORE_MS) : null;
    const channels =
      patient?.userId && remindAt && remindAt.getTime() > now.getTime()
        ? reminderChannels(patient)
        : [];
    for (const r of channels) {
      const text = taskReminderNotice(
        {
          serviceName: t.links.serviceName,
          tasksUrl: `${t.links.publicUrl.replace(/\/+$/, '')}/tasks`,
        },
        r.channel,
      );
      await queueMessage(t.db, t.clock, {
        serviceId: t.service.id,
        channel: r.channel,
        recipient: r.to,
        subject: text.subject,
        body: text.body,
        template: 'task-reminder',
        patientId: detail.patient.id,
        // Under the session's own reminders: cancelling, moving or ending the course stops it too.
        idempotencyKey: `${diary.reminderKeyPrefix(next?.id ?? '')}${taskReminderKey(task.id)}${r.channel}`,
        ...(remindAt ? { notBefore: remindAt } : {}),
      });
    }
    await t.audit({
      action: 'task.set',
      patientId: detail.patient.id,
      recordType: 'session_task',
      recordId: task.id,
      details: { appointmentId: detail.appointment.id, reminders: channels.map((c) => c.channel) },
    });
    return task;
  });
}

/**
 * A patient's task with whether its course has ended (discharged): then it is theirs to read,
 * not to write on, as there is no next session and nobody to read it before one.
 */
export type OwnTask = repo.TaskRow & { courseEnded: boolean };

/** Marks each task whose course has ended. */
async function withCourseState(uc: UseCase, rows: repo.TaskRow[]): Promise<OwnTask[]> {
  const ended = new Map<string, boolean>();
  for (const courseId of new Set(rows.map((r) => r.courseId))) {
    const course = await findCourse(uc.db, uc.service.id, courseId);
    ended.set(courseId, course?.status !== 'active');
  }
  return rows.map((r) => ({ ...r, courseEnded: ended.get(r.courseId) ?? true }));
}

/** The signed-in patient's tasks, newest first (audited). Null when they have no record. */
export async function myTasks(uc: UseCase): Promise<OwnTask[] | null> {
  const patient = await ownPatientRecord(uc.db, uc.service.id, requireUser(uc).userId);
  if (!patient) return null;
  const rows = await withCourseState(
    uc,
    await repo.tasksOfPatient(uc.db, uc.service.id, patient.id),
  );
  await uc.audit({
    action: 'task.list_own',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: { shown: rows.length },
  });
  return rows;
}

/** One of the signed-in patient's own tasks; null (audited) when it is not theirs. */
export async function openOwnTask(uc: UseCase, taskId: string): Promise<OwnTask | null> {
  return (await ownTask(uc, taskId))?.task ?? null;
}

async function ownTask(
  uc: UseCase,
  taskId: string,
): Promise<{ task: OwnTask; patient: PatientRow } | null> {
  const user = requireUser(uc);
  const task = await repo.findTask(uc.db, uc.service.id, taskId);
  const patient = task ? await findPatient(uc.db, uc.service.id, task.patientId) : null;
  const own =
    task !== null &&
    task.withdrawnAt === null &&
    patient !== null &&
    user.roles.includes('patient') &&
    patient.userId === user.userId;
  if (!own) {
    await uc.audit({
      action: 'task.reflect',
      outcome: 'denied',
      patientId: task?.patientId ?? null,
      recordType: 'session_task',
      recordId: taskId,
    });
    return null;
  }
  const [withState] = await withCourseState(uc, [task]);
  return withState ? { task: withState, patient } : null;
}

/**
 * Subscribed to the diary (H11): a session corrected to "did not attend" did not take place, so
 * the tasks said to be agreed there leave the patient's list and their reminders are cancelled;
 * corrected back to attended, they return (`taskChangeOnAttendance`). Their reminders are not
 * sent again: the therapist sees them restored on the session note and can talk them through.
 */
export async function whenSessionAttendanceChanged(
  ctx: EventContext,
  event: diary.DiaryEvents['appointment.attendance_recorded'],
): Promise<void> {
  const { appointment, status } = event;
  if (appointment.type !== 'ipt_session') return;
  const tasks = await repo.tasksAtSession(ctx.tx, ctx.serviceId, appointment.id);
  const decided = taskChangeOnAttendance(status, tasks);
  if (!decided) return;
  const withdraw = decided.change === 'withdraw';
  await repo.setWithdrawn(
    ctx.tx,
    ctx.serviceId,
    decided.taskIds,
    withdraw ? ctx.clock.now() : null,
  );
  if (withdraw)
    for (const id of decided.taskIds)
      await cancelPendingMessages(ctx.tx, ctx.serviceId, taskReminderKey(id), { anywhere: true });
  await audit(ctx.tx, ctx.clock, systemActor(ctx.serviceId, 'missed session rule'), {
    action: withdraw ? 'task.withdraw' : 'task.restore',
    patientId: appointment.patientId,
    recordType: 'appointment',
    recordId: appointment.id,
    details: { tasks: decided.taskIds },
  });
}

/**
 * Risk's alert for words of crisis in what a patient writes back on a task (hazard H18): risk
 * raises it, so app.tsx hands it in rather than this feature importing risk (ADR 0041). Answers
 * whether one was raised.
 */
export type AlertOnCrisisWords = (
  db: UseCase['db'],
  clock: Clock,
  input: {
    writer: Actor;
    patientId: string;
    /** The session the task was agreed at: its note shows the reflection to the clinician. */
    appointmentId: string;
    responsibleClinicianId: string | null;
    text: string;
    links: { publicUrl: string };
  },
) => Promise<boolean>;

/** A reflection sent on a task whose course has ended; the task page shows `#ended`. */
export const TASK_ENDED_ERROR: FieldError = {
  field: 'ended',
  message: 'Your sessions have ended, so you can no longer write about this task here',
};

/**
 * The patient records what they did and how it went; the reminder is no longer needed. Words of
 * crisis in it raise a risk alert for their clinician in the same transaction (H18), and the
 * answer says so, for their next page to lead with where to get help now. Refused once the
 * course has ended: nobody will read it before a next session. Null when not theirs (404).
 */
export async function reflectOnTask(
  uc: UseCase,
  input: { taskId: string; reflection: ReflectionInput },
  alertOnCrisisWords: AlertOnCrisisWords,
): Promise<
  | { ok: true; task: OwnTask; crisis: boolean }
  | { ok: false; errors: FieldError[]; crisis: boolean }
  | null
> {
  return uc.transaction(async (t) => {
    const own = await ownTask(t, input.taskId);
    if (!own) return null;
    const { task, patient } = own;
    const text = `${input.reflection.whatIDid}\n${input.reflection.howItWent}`;
    const alertIfCrisis = async () =>
      hasCrisisLanguage(text)
        ? alertOnCrisisWords(t.db, t.clock, {
            writer: t.actor,
            patientId: task.patientId,
            appointmentId: task.appointmentId,
            // Their clinician; before allocation, the therapist who set the task.
            responsibleClinicianId: patient.responsibleClinicianId ?? task.setBy,
            text,
            links: t.links,
          })
        : false;
    if (task.courseEnded) {
      await t.audit({
        action: 'task.reflect',
        outcome: 'denied',
        patientId: task.patientId,
        recordType: 'session_task',
        recordId: task.id,
        details: { courseEnded: true },
      });
      // Not saved, but words of crisis are never dropped (H18): the alert quotes them.
      return { ok: false as const, errors: [TASK_ENDED_ERROR], crisis: await alertIfCrisis() };
    }
    await repo.saveReflection(t.db, t.service.id, task.id, {
      ...input.reflection,
      reflectedAt: t.clock.now(),
    });
    await cancelPendingMessages(t.db, t.service.id, taskReminderKey(task.id), { anywhere: true });
    await t.audit({
      action: 'task.reflect',
      patientId: task.patientId,
      recordType: 'session_task',
      recordId: task.id,
    });
    return { ok: true as const, task, crisis: await alertIfCrisis() };
  });
}

/** A course's tasks, oldest first, for its session notes (the caller has checked access). */
export async function tasksOfCourse(uc: UseCase, courseId: string): Promise<repo.TaskRow[]> {
  return repo.tasksOfCourse(uc.db, uc.service.id, courseId);
}

export interface NotebookItem {
  kind: 'summary' | 'task';
  title: string;
  date: Date;
  text: string;
  href: string;
}

/**
 * May the signed-in user see this patient's notebook items? The patient themselves, or a
 * clinician who may open their record.
 */
export async function mayReadNotebook(uc: UseCase, patientId: string): Promise<PatientRow | null> {
  const patient = await findPatient(uc.db, uc.service.id, patientId);
  if (!patient) return null;
  const allowed = can(
    await accessActorFor(uc.db, requireUser(uc)),
    'patient.read',
    patientRecordResource(patient),
  );
  return allowed ? patient : null;
}

export function taskText(task: repo.TaskRow): string {
  return [
    `What to try: ${task.what}`,
    `When: ${task.whenText}`,
    ...(task.withWhom ? [`With: ${task.withWhom}`] : []),
    ...(task.whatIDid ? [`What I did: ${task.whatIDid}`] : []),
    ...(task.howItWent ? [`How it went: ${task.howItWent}`] : []),
  ].join('\n');
}

/** Tasks with the patient's reflections, for the notebook. Empty when not theirs to see. */
export async function taskNotebookItems(
  uc: UseCase,
  { patientId }: { patientId: string },
): Promise<NotebookItem[]> {
  const patient = await mayReadNotebook(uc, patientId);
  if (!patient) return [];
  const rows = await repo.reflectedTasksOfPatient(uc.db, uc.service.id, patient.id);
  return rows.map((task) => ({
    kind: 'task' as const,
    title: task.what.length > 80 ? `${task.what.slice(0, 77)}…` : task.what,
    date: task.reflectedAt ?? task.sessionAt,
    text: taskText(task),
    href: `/tasks/${task.id}`,
  }));
}
