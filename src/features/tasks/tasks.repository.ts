import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sessionTasks } from '../../db/schema';

export type TaskRow = typeof sessionTasks.$inferSelect;
export type NewTask = typeof sessionTasks.$inferInsert;

export async function insertTask(db: Db, task: NewTask): Promise<TaskRow> {
  const [row] = await db.insert(sessionTasks).values(task).returning();
  if (!row) throw new Error('task insert returned no row');
  return row;
}

export async function findTask(db: Db, serviceId: string, taskId: string) {
  const rows = await db
    .select()
    .from(sessionTasks)
    .where(and(eq(sessionTasks.serviceId, serviceId), eq(sessionTasks.id, taskId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function tasksOfPatient(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(sessionTasks)
    .where(and(eq(sessionTasks.serviceId, serviceId), eq(sessionTasks.patientId, patientId)))
    .orderBy(desc(sessionTasks.createdAt), desc(sessionTasks.id));
}

export async function reflectedTasksOfPatient(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(sessionTasks)
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
  return db
    .select()
    .from(sessionTasks)
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
