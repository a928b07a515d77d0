import {
  and,
  asc,
  desc,
  eq,
  inArray,
  isNull,
  lte,
  ne,
  or,
  sql,
  count,
  type SQL,
} from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { builtOnce } from '../db/statement';
import { outboxMessages, type OutboxChannel, type OutboxStatus } from '../db/schema';
import { noticeSendTime } from '../domain/diary';
import type { Clock } from './clock';
import type { Attachment, MessageTemplate, Notifier } from './notifier';

export interface QueuedMessage {
  serviceId: string;
  channel: OutboxChannel;
  recipient: string;
  subject?: string | null;
  body: string;
  /** One of the catalogue in notifier/templates.ts, each checked for health detail by a test. */
  template: MessageTemplate;
  patientId?: string | null;
  /**
   * A letter to attach, by id: the PDF is rendered when the message is sent (the worker's
   * `attachments` resolver), so no letter text is stored with the message.
   */
  attachmentLetterId?: string | null;
  /** The same key twice queues one message: a retried request cannot send two texts. */
  idempotencyKey: string;
  /** Reminders wait until their time; others go at once (texts keep the quiet hours, below). */
  notBefore?: Date;
  /**
   * The appointment times a text is about (booked, its new or previous time, cancelled): one made
   * in the quiet hours goes at once when any of them is on the morning they end or sooner (H10).
   */
  about?: readonly Date[];
  /**
   * Only for a text answering what the person is doing this very moment (the reference for the
   * referral they have just sent): they are awake and waiting for it, so the quiet hours do not
   * hold it back.
   */
  answersPersonNow?: boolean;
}

/**
 * When a message may go: the one place every text's time is decided (H10). Emails go when asked.
 * A text due in the quiet hours (21:00 to 08:00, London) waits until 08:00, so a booking letter,
 * a "new message" notice or a task reminder made at night does not wake the person, unless an
 * appointment it is about is that morning or sooner. Reminders already come at kind times
 * (`planReminders`), which this leaves alone. Texts go only to patients and people referring
 * themselves: staff alerts are emails, never held back.
 */
export function sendTimeOf(
  message: Pick<QueuedMessage, 'channel' | 'notBefore' | 'about' | 'answersPersonNow'>,
  now: Date,
): Date {
  const asked = message.notBefore ?? now;
  if (message.channel !== 'sms' || message.answersPersonNow) return asked;
  return noticeSendTime(asked, message.about ?? []) ?? asked;
}

/**
 * When a message that failed is tried again: after the backoff (`due`), and for a text by the same
 * rule as when it was queued (H10), so a text failing at 20:55 is not retried at 21:10 or 03:00
 * but at 08:00, unless an appointment it is about is that morning or sooner. A text that went at
 * night only because it answers the person then (the referral's reference, also on their screen)
 * keeps the quiet hours when retried: they may be asleep by then.
 */
export function retryTimeOf(
  message: { channel: OutboxChannel; aboutFirstAt: Date | null },
  due: Date,
): Date {
  return sendTimeOf(
    {
      channel: message.channel,
      notBefore: due,
      about: message.aboutFirstAt ? [message.aboutFirstAt] : [],
    },
    due,
  );
}

/** The earliest of the appointment times a message is about, kept for its retries. */
function firstOf(about: readonly Date[] | undefined): Date | null {
  if (!about || about.length === 0) return null;
  return new Date(Math.min(...about.map((d) => d.getTime())));
}

// Sends, bookings and reminders all queue messages: built once (docs/adr/0031).
const queueInsert = builtOnce((db) =>
  db
    .insert(outboxMessages)
    .values({
      serviceId: sql.placeholder('serviceId'),
      channel: sql.placeholder('channel'),
      recipient: sql.placeholder('recipient'),
      subject: sql.placeholder('subject'),
      body: sql.placeholder('body'),
      template: sql.placeholder('template'),
      patientId: sql.placeholder('patientId'),
      attachmentLetterId: sql.placeholder('attachmentLetterId'),
      idempotencyKey: sql.placeholder('idempotencyKey'),
      notBefore: sql.placeholder('notBefore'),
      // Often null, which the column's own mapping of a placeholder cannot take: an ISO string.
      aboutFirstAt: sql`${sql.placeholder('aboutFirstAt')}::timestamptz`,
      nextAttemptAt: sql.placeholder('nextAttemptAt'),
      createdAt: sql.placeholder('createdAt'),
    })
    .onConflictDoNothing({ target: [outboxMessages.serviceId, outboxMessages.idempotencyKey] }),
);

/** Call inside the transaction that makes the change the message is about. */
export async function queueMessage(db: Db, clock: Clock, message: QueuedMessage): Promise<void> {
  const now = clock.now();
  const due = sendTimeOf(message, now);
  await queueInsert(db, {
    serviceId: message.serviceId,
    channel: message.channel,
    recipient: message.recipient,
    subject: message.subject ?? null,
    body: message.body,
    template: message.template,
    patientId: message.patientId ?? null,
    attachmentLetterId: message.attachmentLetterId ?? null,
    idempotencyKey: message.idempotencyKey,
    notBefore: due,
    aboutFirstAt: firstOf(message.about)?.toISOString() ?? null,
    nextAttemptAt: due,
    createdAt: now,
  });
}

/**
 * Cancels messages not yet sent (a reminder for an appointment that was cancelled): those whose
 * key starts with `idempotencyKeyPrefix`, or with `anywhere`, those that hold it anywhere.
 */
export async function cancelPendingMessages(
  db: Db,
  serviceId: string,
  idempotencyKeyPrefix: string,
  { anywhere = false }: { anywhere?: boolean } = {},
): Promise<number> {
  const rows = await db
    .update(outboxMessages)
    .set({ status: 'cancelled' })
    .where(pendingWithKey(serviceId, idempotencyKeyPrefix, anywhere))
    .returning({ id: outboxMessages.id });
  return rows.length;
}

/** Whose idempotency key starts with (or with `anywhere`, holds) this text, taken literally. */
function keyLike(text: string, anywhere = false): SQL {
  const escaped = text.replace(/[%_\\]/g, '\\$&');
  return sql`${outboxMessages.idempotencyKey} like ${(anywhere ? '%' : '') + escaped + '%'}`;
}

/** The service's messages still waiting to go whose key starts with (or holds) this text. */
function pendingWithKey(serviceId: string, text: string, anywhere = false): SQL | undefined {
  return and(
    eq(outboxMessages.serviceId, serviceId),
    eq(outboxMessages.status, 'pending'),
    keyLike(text, anywhere),
  );
}

/** A message withdrawn before it was sent: to whom it was going, so a corrected one can follow. */
export interface WithdrawnMessage {
  idempotencyKey: string;
  channel: OutboxChannel;
  recipient: string;
  patientId: string | null;
  template: string;
}

/**
 * As `cancelPendingMessages`, answering the messages withdrawn (none when they had gone already),
 * for a caller that queues a corrected message in their place.
 */
export async function withdrawPendingMessages(
  db: Db,
  serviceId: string,
  idempotencyKeyPrefix: string,
): Promise<WithdrawnMessage[]> {
  return db
    .update(outboxMessages)
    .set({ status: 'cancelled' })
    .where(pendingWithKey(serviceId, idempotencyKeyPrefix))
    .returning({
      idempotencyKey: outboxMessages.idempotencyKey,
      channel: outboxMessages.channel,
      recipient: outboxMessages.recipient,
      patientId: outboxMessages.patientId,
      template: outboxMessages.template,
    });
}

/**
 * The idempotency keys starting with `idempotencyKeyPrefix` of messages not withdrawn (waiting,
 * sent or failed; not `cancelled`): what is already there, so a message queued again to fill a
 * gap does not repeat one (an appointment's reminders when a channel is allowed again).
 */
export async function liveMessageKeys(
  db: Db,
  serviceId: string,
  idempotencyKeyPrefix: string,
): Promise<string[]> {
  const rows = await db
    .select({ key: outboxMessages.idempotencyKey })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.serviceId, serviceId),
        ne(outboxMessages.status, 'cancelled'),
        keyLike(idempotencyKeyPrefix),
      ),
    );
  return rows.map((r) => r.key);
}

/**
 * A person's messages not yet sent to one address of theirs (H6), when that address changes or
 * they no longer allow the channel: re-addressed to `to` (their reminders keep coming, to the new
 * number), or withdrawn (`cancelled`, as a cancelled appointment's reminders are) when `to` is
 * null. Only messages about them to that very address: a GP's or a therapist's email that names
 * them is left alone. Call inside the transaction that changes the address; answers how many.
 */
export async function redirectPendingMessages(
  db: Db,
  serviceId: string,
  about: { patientId: string; channel: OutboxChannel; from: string; to: string | null },
): Promise<number> {
  const rows = await db
    .update(outboxMessages)
    .set(about.to === null ? { status: 'cancelled' } : { recipient: about.to })
    .where(
      and(
        eq(outboxMessages.serviceId, serviceId),
        eq(outboxMessages.patientId, about.patientId),
        eq(outboxMessages.channel, about.channel),
        eq(outboxMessages.recipient, about.from),
        eq(outboxMessages.status, 'pending'),
      ),
    )
    .returning({ id: outboxMessages.id });
  return rows.length;
}

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

/** 30 s, 1 min, 2 min … capped at 1 hour: a provider outage does not turn into a flood. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Renders an attached letter at send time (the letters feature provides it; see app.tsx). It is
 * told which message it is for, so it can refuse one that must not carry the letter.
 */
export type LetterAttachmentResolver = (
  db: Db,
  serviceId: string,
  letterId: string,
  message: { template: string; recipient: string },
) => Promise<Attachment>;

/** A message that must never be sent as it is: marked failed at once, never tried again. */
export class UndeliverableMessage extends Error {}

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly letterAttachment?: LetterAttachmentResolver,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((err: unknown) => {
          this.logger.error({ err }, 'outbox run failed');
        })
        .finally(() => {
          this.schedule(this.pollMs);
        });
    }, delay);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Delivers due messages; returns how many were handled. Safe to run from several processes. */
  runOnce(batchSize = 20): Promise<number> {
    if (this.running) return this.running;
    this.running = this.deliverDue(batchSize).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async deliverDue(batchSize: number): Promise<number> {
    const now = this.clock.now();
    // Claim with a lease, so a second worker (or a crash mid-send) cannot send the same row twice
    // at once, and a claimed row whose worker died is picked up again after the lease.
    const claimed = await this.db.transaction(async (tx) => {
      const due = await tx
        .select({ serviceId: outboxMessages.serviceId, id: outboxMessages.id })
        .from(outboxMessages)
        .where(
          and(
            eq(outboxMessages.status, 'pending'),
            lte(outboxMessages.nextAttemptAt, now),
            or(isNull(outboxMessages.lockedUntil), lte(outboxMessages.lockedUntil, now)),
          ),
        )
        .orderBy(asc(outboxMessages.nextAttemptAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      const ids = due.map((d) => d.id);
      return tx
        .update(outboxMessages)
        .set({
          lockedUntil: new Date(now.getTime() + LEASE_MS),
          attempts: sql`${outboxMessages.attempts} + 1`,
        })
        .where(inArray(outboxMessages.id, ids))
        .returning();
    });

    for (const row of claimed) {
      try {
        const attachments = await this.attachmentsFor(row);
        const result = await this.notifier.deliver({
          id: row.id,
          channel: row.channel,
          recipient: row.recipient,
          subject: row.subject,
          body: row.body,
          ...(attachments.length > 0 ? { attachments } : {}),
        });
        await this.db
          .update(outboxMessages)
          .set({
            status: result.status,
            sentAt: this.clock.now(),
            providerReference: result.reference,
            lockedUntil: null,
            lastError: null,
          })
          .where(and(eq(outboxMessages.serviceId, row.serviceId), eq(outboxMessages.id, row.id)));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const giveUp = err instanceof UndeliverableMessage || row.attempts >= MAX_ATTEMPTS;
        this.logger.warn(
          { outboxId: row.id, attempts: row.attempts, giveUp, error: message },
          'message delivery failed',
        );
        await this.db
          .update(outboxMessages)
          .set({
            status: giveUp ? 'failed' : 'pending',
            lastError: message.slice(0, 500),
            lockedUntil: null,
            nextAttemptAt: retryTimeOf(
              row,
              new Date(this.clock.now().getTime() + backoffMs(row.attempts)),
            ),
          })
          .where(and(eq(outboxMessages.serviceId, row.serviceId), eq(outboxMessages.id, row.id)));
      }
    }
    return claimed.length;
  }

  /** A message that names a letter is never sent without it: no resolver is a failed attempt. */
  private async attachmentsFor(row: {
    serviceId: string;
    attachmentLetterId: string | null;
    template: string;
    recipient: string;
  }): Promise<Attachment[]> {
    if (!row.attachmentLetterId) return [];
    if (!this.letterAttachment) throw new Error('no letter renderer: cannot attach the letter');
    return [
      await this.letterAttachment(this.db, row.serviceId, row.attachmentLetterId, {
        template: row.template,
        recipient: row.recipient,
      }),
    ];
  }
}

export interface OutboxListFilter {
  status?: OutboxStatus;
  limit: number;
  offset: number;
}

export async function listOutbox(db: Db, serviceId: string, filter: OutboxListFilter) {
  const where = and(
    eq(outboxMessages.serviceId, serviceId),
    filter.status ? eq(outboxMessages.status, filter.status) : undefined,
  );
  // One after the other: inside a request's transaction both run on one client, which
  // node-postgres will not share between concurrent queries.
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(where)
    .orderBy(desc(outboxMessages.createdAt))
    .limit(filter.limit)
    .offset(filter.offset);
  const totals = await db.select({ n: count() }).from(outboxMessages).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** Where a message is now, for a feature showing its own messages (a letter's emails). */
export interface MessageState {
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

/**
 * The messages a feature queued, found by the idempotency keys it gave them (one query; the
 * unique key index serves it). Keys with no message are absent from the map.
 */
export async function messagesByKey(
  db: Db,
  serviceId: string,
  keys: readonly string[],
): Promise<Map<string, MessageState>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({
      key: outboxMessages.idempotencyKey,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.serviceId, serviceId),
        inArray(outboxMessages.idempotencyKey, [...keys]),
      ),
    );
  return new Map(rows.map(({ key, ...state }) => [key, state]));
}

/**
 * Sends a message that did not go once more: one that failed, or one only logged because email
 * could not carry it then (set up since, perhaps). To the address given (corrected since,
 * perhaps), with its attempts counted afresh. One waiting or sent is left alone, so a double
 * click sends nothing twice. Answers whether it was queued again.
 */
export async function retryUnsentMessage(
  db: Db,
  clock: Clock,
  serviceId: string,
  idempotencyKey: string,
  recipient: string,
): Promise<boolean> {
  const now = clock.now();
  const rows = await db
    .update(outboxMessages)
    .set({
      status: 'pending',
      recipient,
      attempts: 0,
      nextAttemptAt: now,
      lockedUntil: null,
      lastError: null,
    })
    .where(
      and(
        eq(outboxMessages.serviceId, serviceId),
        eq(outboxMessages.idempotencyKey, idempotencyKey),
        inArray(outboxMessages.status, ['failed', 'logged']),
      ),
    )
    .returning({ id: outboxMessages.id });
  return rows.length > 0;
}
