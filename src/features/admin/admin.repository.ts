import { and, count, desc, eq, gte, ilike, lt, lte, max, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import {
  auditEvents,
  outboxMessages,
  patients,
  referrals,
  services,
  users,
  type OutboxChannel,
  type OutboxStatus,
  type ServiceContact,
} from '../../db/schema';

export interface AuditQuery {
  userId?: string;
  patientId?: string;
  /** A referral's reference ("RAP-…", any case): the entries about that referral. */
  referralReference?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /**
   * Inclusive: the newest entry when the first page was shown. Showing a page writes audit rows
   * itself, so without a cut-off every later page would shift.
   */
  untilId: number;
  limit: number;
  offset: number;
}

/** The account an entry is about (an invitation, access removed or restored), by name. */
const subject = alias(users, 'subject');

/**
 * The referral an entry is about: its record, or the referral named in its details (an
 * assessment booked, a risk alert raised from the referral's answers, an onward referral), so a
 * search by reference finds everything done about it, even before the person has a record.
 */
const aboutReferral = sql`(case when ${auditEvents.recordType} = 'referral' then ${auditEvents.recordId}
  else ${auditEvents.details} ->> 'referralId' end)`;

export async function searchAudit(db: Db, serviceId: string, q: AuditQuery) {
  const conditions: SQL[] = [eq(auditEvents.serviceId, serviceId)];
  if (q.userId) conditions.push(eq(auditEvents.userId, q.userId));
  if (q.patientId) conditions.push(eq(auditEvents.patientId, q.patientId));
  if (q.referralReference)
    conditions.push(
      sql`${aboutReferral} in (select ${referrals.id}::text from ${referrals}
        where ${referrals.serviceId} = ${serviceId} and ${referrals.reference} = ${q.referralReference.toUpperCase()})`,
    );
  if (q.from) conditions.push(gte(auditEvents.at, q.from));
  if (q.to) conditions.push(lt(auditEvents.at, q.to));
  conditions.push(lte(auditEvents.id, q.untilId));
  const where = and(...conditions);
  // One after the other: inside a request's transaction both run on one client.
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      userId: auditEvents.userId,
      userName: users.displayName,
      role: auditEvents.role,
      action: auditEvents.action,
      patientId: auditEvents.patientId,
      patientGivenName: patients.givenName,
      patientFamilyName: patients.familyName,
      patientUserId: patients.userId,
      responsibleClinicianId: patients.responsibleClinicianId,
      recordType: auditEvents.recordType,
      recordId: auditEvents.recordId,
      subjectName: subject.displayName,
      referralId: referrals.id,
      referralReference: referrals.reference,
      outcome: auditEvents.outcome,
      reason: auditEvents.reason,
      ip: auditEvents.ip,
      requestId: auditEvents.requestId,
    })
    .from(auditEvents)
    .leftJoin(
      users,
      and(eq(users.serviceId, auditEvents.serviceId), eq(users.id, auditEvents.userId)),
    )
    .leftJoin(
      patients,
      and(eq(patients.serviceId, auditEvents.serviceId), eq(patients.id, auditEvents.patientId)),
    )
    .leftJoin(
      subject,
      and(
        eq(auditEvents.recordType, 'user'),
        eq(subject.serviceId, auditEvents.serviceId),
        sql`${subject.id}::text = ${auditEvents.recordId}`,
      ),
    )
    // The referral an entry is about, by its reference: before a patient record exists it is
    // the only way to tell which one was opened (read here as patients and users are).
    .leftJoin(
      referrals,
      and(
        eq(referrals.serviceId, auditEvents.serviceId),
        sql`${referrals.id}::text = ${aboutReferral}`,
      ),
    )
    .where(where)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(q.limit)
    .offset(q.offset);
  const totals = await db.select({ n: count() }).from(auditEvents).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** The newest audit entry's id (0 when there is none): the cut-off of a first page. */
export async function latestAuditId(db: Db, serviceId: string): Promise<number> {
  const rows = await db
    .select({ id: max(auditEvents.id) })
    .from(auditEvents)
    .where(eq(auditEvents.serviceId, serviceId));
  return rows[0]?.id ?? 0;
}

export type AuditRow = Awaited<ReturnType<typeof searchAudit>>['rows'][number];

export async function findServiceContact(db: Db, serviceId: string) {
  return (await findServiceContactAndHours(db, serviceId))?.contact ?? null;
}

/** The contact details with the office hours, when the phone is answered. */
export async function findServiceContactAndHours(db: Db, serviceId: string) {
  const rows = await db
    .select({ contact: services.contact, officeHours: services.officeHours })
    .from(services)
    .where(eq(services.id, serviceId));
  return rows[0] ?? null;
}

export async function saveServiceContact(
  db: Db,
  serviceId: string,
  contact: ServiceContact,
): Promise<void> {
  await db.update(services).set({ contact }).where(eq(services.id, serviceId));
}

export interface MessageQuery {
  /** Part of an email address or phone number, any case. */
  recipient?: string;
  channel?: OutboxChannel;
  status?: OutboxStatus;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  limit: number;
  offset: number;
}

/** LIKE treats % and _ as wildcards: what staff type is matched literally. */
function likeLiteral(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchMessages(db: Db, serviceId: string, q: MessageQuery) {
  const conditions: SQL[] = [eq(outboxMessages.serviceId, serviceId)];
  if (q.recipient) conditions.push(ilike(outboxMessages.recipient, likeLiteral(q.recipient)));
  if (q.channel) conditions.push(eq(outboxMessages.channel, q.channel));
  if (q.status) conditions.push(eq(outboxMessages.status, q.status));
  if (q.from) conditions.push(gte(outboxMessages.createdAt, q.from));
  if (q.to) conditions.push(lt(outboxMessages.createdAt, q.to));
  const where = and(...conditions);
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(where)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(q.limit)
    .offset(q.offset);
  const totals = await db.select({ n: count() }).from(outboxMessages).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}
