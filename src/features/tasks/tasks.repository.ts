import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appointments, sessionTasks } from '../../db/schema';

export type StoredTask = typeof sessionTasks.$inferSelect;
/** A task with the start of the session it was agreed at, the date it is shown with. */
export type TaskRow = StoredTask & { sessionAt: Date };
export type NewTask = typeof sessionTasks.$inferInsert;

/** Tasks with their session's start (the appointment is the diary's; read for its date only). */
const withSession = (db: Db) =>
  db
    .select({ ...getTableColumns(sessionTasks), sessionAt: appointments.startsAt })
    .from(sessionTasks)
    .innerJoin(
      appointments,
      and(
        eq(appointments.serviceId, sessionTasks.serviceId),
        eq(appointments.id, sessionTasks.appointmentId),
      ),
    );

export async function insertTask(db: Db, task: NewTask): Promise<StoredTask> {
  const [row] = await db.insert(sessionTasks).values(task).returning();
  if (!row) throw new Error('task insert returned no row');
  return row;
}

export async function findTask(db: Db, serviceId: string, taskId: string) {
  const rows = await withSession(db)
    .where(and(eq(sessionTasks.serviceId, serviceId), eq(sessionTasks.id, taskId)))
    .limit(1);
  return rows[0] ?? null;
}

/** The patient's list: withdrawn tasks (their session was missed) are not theirs to do. */
export async function tasksOfPatient(db: Db, serviceId: string, patientId: string) {
  return withSession(db)
    .where(
      and(
        eq(sessionTasks.serviceId, serviceId),
        eq(sessionTasks.patientId, patientId),
        isNull(sessionTasks.withdrawnAt),
      ),
    )
    .orderBy(desc(sessionTasks.createdAt), desc(sessionTasks.id));
}

export async function reflectedTasksOfPatient(db: Db, serviceId: string, patientId: string) {
  return withSession(db)
    .where(
      and(
        eq(sessionTasks.serviceId, serviceId),
        eq(sessionTasks.patientId, patientId),
        isNotNull(sessionTasks.reflectedAt),
      ),
    )
    .orderBy(desc(sessionTasks.reflectedAt));
}

export async function tasksOfCourse(db: Db, serviceId: string, courseId: string) {
  return withSession(db)
    .where(and(eq(sessionTasks.serviceId, serviceId), eq(sessionTasks.courseId, courseId)))
    .orderBy(asc(sessionTasks.createdAt), asc(sessionTasks.id));
}

export async function saveReflection(
  db: Db,
  serviceId: string,
  taskId: string,
  reflection: { whatIDid: string; howItWent: string; reflectedAt: Date },
) {
  await db
    .update(sessionTasks)
    .set(reflection)
    .where(and(eq(sessionTasks.serviceId, serviceId), eq(sessionTasks.id, taskId)));
}

/** The tasks agreed at one session. */
export async function tasksAtSession(db: Db, serviceId: string, appointmentId: string) {
  return db
    .select()
    .from(sessionTasks)
    .where(
      and(eq(sessionTasks.serviceId, serviceId), eq(sessionTasks.appointmentId, appointmentId)),
    );
}

/** Withdraws these tasks (a time) or restores them (null). */
export async function setWithdrawn(
  db: Db,
  serviceId: string,
  taskIds: string[],
  withdrawnAt: Date | null,
) {
  if (taskIds.length === 0) return;
  await db
    .update(sessionTasks)
    .set({ withdrawnAt })
    .where(and(eq(sessionTasks.serviceId, serviceId), inArray(sessionTasks.id, taskIds)));
}
