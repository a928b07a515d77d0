/**
 * A form sent twice makes one change (docs/adr/0039). Every rendered form carries a one-time key
 * (`ONCE_FIELD`, written by `CsrfField`). When a signed-in person's post ends in a redirect, the
 * key, a hash of the body and the redirect's target are stored in the request's own transaction,
 * beside the change. The same key with the same body again cannot be stored (primary key): that
 * request's transaction is rolled back, whatever it did, and it is sent where the first one went.
 * Two presses at once wait on each other at that insert, so exactly one commits.
 *
 * Signed-in posts only: a sign-in or a self-referral page answers with cookies the second press
 * would not get. A post that did not redirect (a form with errors) stores nothing, so sending it
 * again is handled afresh, as is the same form sent with different answers; but a refusal of a
 * press whose twin already went through (it clashes with what the twin did) goes where the twin
 * went.
 */
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import { formSubmissions } from '../../db/schema';

export const ONCE_FIELD = '_once';
const KEY = /^[A-Za-z0-9_-]{16,64}$/;
/** Kept a day: long enough for any repeat of a press, short enough to stay a small table. */
const KEEP_MS = 86_400_000;

export interface OnceKey {
  key: string;
  bodyHash: string;
}

/** The one-time key of a signed-in form post, or null when there is none to honour. */
export function onceKeyOf(request: FastifyRequest): OnceKey | null {
  if (request.method !== 'POST' || !request.auth) return null;
  const body = request.body as Record<string, unknown> | null | undefined;
  const key = body?.[ONCE_FIELD];
  if (typeof key !== 'string' || !KEY.test(key)) return null;
  const bodyHash = createHash('sha256')
    .update(`${request.routeOptions.url ?? request.url}\n${JSON.stringify(body)}`)
    .digest('base64url');
  return { key, bodyHash };
}

/** This request's form was answered already: its transaction is rolled back. */
export class FormAlreadySent extends Error {
  constructor(readonly once: OnceKey) {
    super('this form was sent already');
  }
}

/**
 * Stores the answered form with the redirect it led to, in the request's transaction; throws
 * `FormAlreadySent` when the same form and body were stored before (or by a press committing now).
 * Now and then it clears the service's day-old keys.
 */
export async function recordSubmission(
  tx: Db,
  serviceId: string,
  once: OnceKey,
  reply: FastifyReply,
  now: Date,
): Promise<void> {
  const location = reply.getHeader('location');
  if (reply.statusCode !== 303 || typeof location !== 'string') {
    // Refused only because this very press went through a moment ago (a booking that now clashes
    // with itself, an alert "already closed"): go where the first went, not to an error about
    // it (walk 6). Any other refusal stands.
    if (
      reply.statusCode >= 400 &&
      reply.statusCode < 500 &&
      (await firstLocation(tx, serviceId, once))
    )
      throw new FormAlreadySent(once);
    return;
  }
  // One statement: a row already there (or committing now, which this waits for) is a repeat.
  const stored = await tx
    .insert(formSubmissions)
    .values({
      serviceId,
      formKey: once.key,
      bodyHash: once.bodyHash,
      location,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ key: formSubmissions.formKey });
  if (stored.length === 0) throw new FormAlreadySent(once);
  if (Math.random() < 0.01)
    await tx
      .delete(formSubmissions)
      .where(
        and(
          eq(formSubmissions.serviceId, serviceId),
          lt(formSubmissions.createdAt, new Date(now.getTime() - KEEP_MS)),
        ),
      );
}

/** Where the first press of this form went. */
export async function firstLocation(
  tx: Db,
  serviceId: string,
  once: OnceKey,
): Promise<string | null> {
  const rows = await tx
    .select({ location: formSubmissions.location })
    .from(formSubmissions)
    .where(
      and(
        eq(formSubmissions.serviceId, serviceId),
        eq(formSubmissions.formKey, once.key),
        eq(formSubmissions.bodyHash, once.bodyHash),
      ),
    )
    .limit(1);
  return rows[0]?.location ?? null;
}
