import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { builtOnce } from '../../db/statement';
import {
  messageThreads,
  outboxMessages,
  patientMessages,
  patients,
  referrals,
  services,
  type ReferralStatus,
  threadMessages,
  treatmentCourses,
  users,
} from '../../db/schema';

export type NewMessage = typeof patientMessages.$inferInsert;

/** Stores a message once per source: a retried request finds the one already stored. */
export async function insertMessage(db: Db, message: NewMessage) {
  const [row] = await db
    .insert(patientMessages)
    .values(message)
    .onConflictDoNothing({ target: [patientMessages.serviceId, patientMessages.sourceKey] })
    .returning();
  return row ?? null;
}

export async function listMessages(
  db: Db,
  serviceId: string,
  q: { patientId: string; limit: number; offset: number },
) {
  const where = and(
    eq(patientMessages.serviceId, serviceId),
    eq(patientMessages.patientId, q.patientId),
  );
  // One after the other: inside a request's transaction both run on one client.
  const rows = await db
    .select()
    .from(patientMessages)
    .where(where)
    .orderBy(desc(patientMessages.createdAt), desc(patientMessages.id))
    .limit(q.limit)
    .offset(q.offset);
  const totals = await db.select({ n: count() }).from(patientMessages).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function markRead(db: Db, serviceId: string, ids: string[], at: Date) {
  if (ids.length === 0) return;
  await db
    .update(patientMessages)
    .set({ readAt: at })
    .where(
      and(
        eq(patientMessages.serviceId, serviceId),
        inArray(patientMessages.id, ids),
        isNull(patientMessages.readAt),
      ),
    );
}

export type ThreadRow = typeof messageThreads.$inferSelect;
export type ThreadMessageRow = typeof threadMessages.$inferSelect;

export async function insertThread(db: Db, thread: typeof messageThreads.$inferInsert) {
  const [row] = await db.insert(messageThreads).values(thread).returning();
  if (!row) throw new Error('insert returned no thread');
  return row;
}

export async function insertThreadMessage(db: Db, message: typeof threadMessages.$inferInsert) {
  const [row] = await db.insert(threadMessages).values(message).returning();
  if (!row) throw new Error('insert returned no message');
  return row;
}

export async function findThread(db: Db, serviceId: string, threadId: string, lock = false) {
  const q = db
    .select()
    .from(messageThreads)
    .where(and(eq(messageThreads.serviceId, serviceId), eq(messageThreads.id, threadId)))
    .limit(1);
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

/** A thread's messages, oldest first, with the name of whoever wrote each. */
export async function listThreadMessages(db: Db, serviceId: string, threadId: string) {
  return db
    .select({ message: threadMessages, authorName: users.displayName })
    .from(threadMessages)
    .innerJoin(
      users,
      and(eq(users.serviceId, threadMessages.serviceId), eq(users.id, threadMessages.authorUserId)),
    )
    .where(and(eq(threadMessages.serviceId, serviceId), eq(threadMessages.threadId, threadId)))
    .orderBy(asc(threadMessages.createdAt), asc(threadMessages.id));
}

export async function listPatientThreads(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(messageThreads)
    .where(and(eq(messageThreads.serviceId, serviceId), eq(messageThreads.patientId, patientId)))
    .orderBy(desc(messageThreads.lastMessageAt), desc(messageThreads.id));
}

/** After the patient writes: waiting from their first unanswered message. */
export async function markWaiting(db: Db, thread: ThreadRow, at: Date) {
  await db
    .update(messageThreads)
    .set({ waitingSince: thread.waitingSince ?? at, lastMessageAt: at, patientReadAt: at })
    .where(and(eq(messageThreads.serviceId, thread.serviceId), eq(messageThreads.id, thread.id)));
}

/** After staff answer: nothing is waiting, an escalation is over, and the patient has not read it. */
export async function markAnswered(db: Db, thread: ThreadRow, at: Date) {
  await db
    .update(messageThreads)
    .set({ waitingSince: null, escalatedAt: null, lastMessageAt: at, patientReadAt: null })
    .where(and(eq(messageThreads.serviceId, thread.serviceId), eq(messageThreads.id, thread.id)));
}

export async function markThreadRead(db: Db, thread: ThreadRow, at: Date) {
  await db
    .update(messageThreads)
    .set({ patientReadAt: at })
    .where(and(eq(messageThreads.serviceId, thread.serviceId), eq(messageThreads.id, thread.id)));
}

/** Threads with the patient's name and responsible clinician, for staff lists (newest first). */
export async function listServiceThreads(
  db: Db,
  serviceId: string,
  filter: { waitingOnly: boolean; limit: number },
) {
  const statement = filter.waitingOnly ? waitingThreads : allThreads;
  return statement(db, { serviceId, limit: filter.limit });
}

// Staff home pages run this on every visit: built once (src/db/statement.ts).
function serviceThreadsStatement(waitingOnly: boolean) {
  return builtOnce((db) =>
    db
      .select({
        thread: messageThreads,
        patientName: sql<string>`${patients.givenName} || ' ' || ${patients.familyName}`,
        responsibleClinicianId: patients.responsibleClinicianId,
      })
      .from(messageThreads)
      .innerJoin(
        patients,
        and(
          eq(patients.serviceId, messageThreads.serviceId),
          eq(patients.id, messageThreads.patientId),
        ),
      )
      .where(
        and(
          eq(messageThreads.serviceId, sql.placeholder('serviceId')),
          waitingOnly ? isNotNull(messageThreads.waitingSince) : undefined,
        ),
      )
      .orderBy(
        sql`${messageThreads.waitingSince} asc nulls last`,
        desc(messageThreads.lastMessageAt),
      )
      .limit(sql.placeholder('limit')),
  );
}
const waitingThreads = serviceThreadsStatement(true);
const allThreads = serviceThreadsStatement(false);

/** Threads of every service waiting since before `before` and not yet escalated (the worker). */
export async function waitingUnescalated(db: Db, before: Date, limit: number) {
  return db
    .select({ thread: messageThreads, officeHours: services.officeHours })
    .from(messageThreads)
    .innerJoin(services, eq(services.id, messageThreads.serviceId))
    .where(
      and(
        isNotNull(messageThreads.waitingSince),
        isNull(messageThreads.escalatedAt),
        lte(messageThreads.waitingSince, before),
      ),
    )
    .orderBy(asc(messageThreads.waitingSince))
    .limit(limit);
}

/** Marks it escalated unless a reply or another worker got there first. */
export async function markEscalated(db: Db, thread: ThreadRow, at: Date): Promise<boolean> {
  const rows = await db
    .update(messageThreads)
    .set({ escalatedAt: at })
    .where(
      and(
        eq(messageThreads.serviceId, thread.serviceId),
        eq(messageThreads.id, thread.id),
        isNull(messageThreads.escalatedAt),
        eq(messageThreads.waitingSince, thread.waitingSince ?? at),
      ),
    )
    .returning({ id: messageThreads.id });
  return rows.length === 1;
}

export async function officeHoursOf(db: Db, serviceId: string) {
  const rows = await db
    .select({ officeHours: services.officeHours })
    .from(services)
    .where(eq(services.id, serviceId))
    .limit(1);
  return rows[0]?.officeHours ?? null;
}

/** A member of staff to email, with their roles (for the access policy); null once they have left. */
export async function activeStaff(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select({ email: users.email, roles: users.roles, active: users.active })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)))
    .limit(1);
  const row = rows[0];
  return row?.active ? { email: row.email, roles: row.roles } : null;
}

/** A referral still being worked: not yet ended by discharge, signposting or closing. */
const OPEN_REFERRAL: ReadonlySet<ReferralStatus> = new Set([
  'new',
  'assessment_booked',
  'ipt_waiting',
  'in_treatment',
]);

/**
 * Where the patient is in our care: `ended` when every referral is closed and every course
 * ended; `beforeCourse` while a referral is open and no course of therapy has started (being
 * assessed, or waiting for IPT). A record with no referral or course yet (made by hand) is
 * neither.
 */
export async function careState(
  db: Db,
  serviceId: string,
  patientId: string,
): Promise<{ ended: boolean; beforeCourse: boolean }> {
  const referralRows = await db
    .select({ status: referrals.status })
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.patientId, patientId)));
  const courseRows = await db
    .select({ status: treatmentCourses.status })
    .from(treatmentCourses)
    .where(
      and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.patientId, patientId)),
    );
  const openReferral = referralRows.some((r) => OPEN_REFERRAL.has(r.status));
  const inCourse = courseRows.some((c) => c.status === 'active');
  return {
    ended:
      referralRows.length + courseRows.length > 0 &&
      !openReferral &&
      courseRows.every((c) => c.status === 'ended'),
    beforeCourse: openReferral && !inCourse,
  };
}

export async function findMessageBySource(db: Db, serviceId: string, sourceKey: string) {
  const rows = await db
    .select()
    .from(patientMessages)
    .where(and(eq(patientMessages.serviceId, serviceId), eq(patientMessages.sourceKey, sourceKey)))
    .for('update');
  return rows[0] ?? null;
}

/** Whether any notice under this key prefix has gone out (sent, or logged where nothing sends). */
export async function anyNoticeSent(db: Db, serviceId: string, keyPrefix: string) {
  const escaped = keyPrefix.replace(/[%_\\]/g, '\\$&');
  const rows = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.serviceId, serviceId),
        inArray(outboxMessages.status, ['sent', 'logged']),
        sql`${outboxMessages.idempotencyKey} like ${escaped + '%'}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function deleteMessage(db: Db, serviceId: string, id: string) {
  await db
    .delete(patientMessages)
    .where(and(eq(patientMessages.serviceId, serviceId), eq(patientMessages.id, id)));
}
