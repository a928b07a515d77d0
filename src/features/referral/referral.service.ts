import type { ServiceSettings } from '../../db/schema';
import { utcToLondon } from '../../domain/calendar';
import { currentTenant } from '../../db/client';
import { audit } from '../../platform/audit';
import { queueMessage } from '../../platform/outbox';
import { hashToken, newToken } from '../../platform/tokens';
import type { UseCase } from '../../platform/use-case';
import { linkAlertToReferral, raiseRiskAlert } from '../risk';
import {
  buildSubmission,
  emptyDraftData,
  evaluate,
  readDraftData,
  type DraftData,
} from './referral.flow';
import type { FormContext, SectionKey } from './referral.forms';
import { confirmationEmail, confirmationEmailSubject, confirmationText } from './referral.messages';
import * as repo from './referral.repository';
import { referenceSource } from './reference';

const HOUR_MS = 60 * 60_000;

export interface ReferralContext {
  settings: ServiceSettings;
  form: FormContext;
}

/** The service's rules and places, and today's date in London, for parsing the pages. */
export async function loadReferralContext({
  db,
  clock,
  service,
}: UseCase): Promise<ReferralContext> {
  const serviceId = service.id;
  const { settings, locations } = await repo.findReferralSetup(db, serviceId);
  return {
    settings,
    form: {
      today: utcToLondon(clock.now()).date,
      minimumAge: settings.minimumReferralAge,
      locations,
    },
  };
}

function expiryFrom(now: Date, settings: ServiceSettings): Date {
  return new Date(now.getTime() + settings.referralDraftHours * HOUR_MS);
}

/** A random token for the browser's cookie; only its hash is stored. */
export function isWellFormedToken(token: string | undefined): token is string {
  return typeof token === 'string' && token.length <= 64 && /^[A-Za-z0-9_-]{16,}$/.test(token);
}

/**
 * Starts a new draft and returns the token for the cookie. Expired drafts of anyone are deleted
 * at the same time, so unfinished answers do not outlive their expiry.
 */
export async function startDraft(
  { db, clock, service }: UseCase,
  { settings }: { settings: ServiceSettings },
): Promise<string> {
  const serviceId = service.id;
  const now = clock.now();
  await repo.deleteExpiredDrafts(db, serviceId, now);
  const token = newToken(16);
  await repo.insertDraft(db, {
    serviceId,
    tokenHash: hashToken(token),
    answers: emptyDraftData() as unknown as Record<string, unknown>,
    createdAt: now,
    expiresAt: expiryFrom(now, settings),
  });
  return token;
}

export type DraftLookup =
  | { kind: 'gone' }
  | {
      kind: 'live';
      tokenHash: string;
      data: DraftData;
      referralId: string | null;
      /** The row, locked to the end of the transaction, when opened `forUpdate`. */
      locked?: repo.DraftRow;
    };

/**
 * The draft for a cookie token; an expired draft is deleted and reported as gone. `forUpdate`
 * locks it to the end of the request's transaction, so the send need not read it again.
 */
export async function openDraft(
  { db, clock, service }: UseCase,
  { token, forUpdate = false }: { token: string; forUpdate?: boolean },
): Promise<DraftLookup> {
  const serviceId = service.id;
  if (!isWellFormedToken(token)) return { kind: 'gone' };
  const tokenHash = hashToken(token);
  const row = await repo.findDraft(db, serviceId, tokenHash, { forUpdate });
  if (!row) return { kind: 'gone' };
  if (row.expiresAt.getTime() <= clock.now().getTime()) {
    await repo.deleteDraft(db, serviceId, tokenHash);
    return { kind: 'gone' };
  }
  return {
    kind: 'live',
    tokenHash,
    data: readDraftData(row.answers),
    referralId: row.referralId,
    ...(forUpdate ? { locked: row } : {}),
  };
}

export async function discardDraft(
  { db, service }: UseCase,
  { tokenHash }: { tokenHash: string },
): Promise<void> {
  await repo.deleteDraft(db, service.id, tokenHash);
}

export type SaveResult = 'saved' | 'gone' | 'submitted';

/**
 * Saves one page (or removes it, with `values: null`) and any risk answers on it. The draft's
 * expiry moves on from now: answers are kept for `referralDraftHours` after the last change.
 */
export async function saveSection(
  { db, clock, service }: UseCase,
  input: {
    tokenHash: string;
    settings: ServiceSettings;
    key: SectionKey;
    values: Record<string, string | string[]> | null;
    riskNotes?: readonly string[];
  },
): Promise<SaveResult> {
  const serviceId = service.id;
  const { tokenHash, settings, key, values, riskNotes = [] } = input;
  return db.transaction(async (tx) => {
    const now = clock.now();
    const row = await repo.findDraft(tx, serviceId, tokenHash, { forUpdate: true });
    if (!row || row.expiresAt.getTime() <= now.getTime()) return 'gone';
    if (row.referralId) return 'submitted';
    const data = readDraftData(row.answers);
    if (values) data.sections[key] = { values, savedAt: now.toISOString() };
    else {
      const { [key]: _removed, ...others } = data.sections;
      data.sections = others;
    }
    for (const note of riskNotes) if (!data.riskNoted.includes(note)) data.riskNoted.push(note);
    await repo.updateDraftAnswers(tx, serviceId, tokenHash, {
      answers: data as unknown as Record<string, unknown>,
      updatedAt: now,
      expiresAt: expiryFrom(now, settings),
    });
    return 'saved';
  });
}

export type SubmitResult =
  | { kind: 'gone' }
  | { kind: 'incomplete'; page: SectionKey }
  | { kind: 'done'; referralId: string; created: boolean };

/**
 * Sends the referral: in one transaction, the referral, its questionnaire scores, a risk alert
 * when any answer shows risk, the confirmation messages the person allowed, and the audit row.
 *
 * The same draft sent twice (double click, reload, back and resubmit, two requests at once)
 * makes one referral: the draft row is locked, the referral's submission key is the draft token
 * hash with a unique index, and the draft remembers the referral it made.
 */
export async function submitReferral(
  uc: UseCase,
  {
    tokenHash,
    context,
    locked,
  }: {
    tokenHash: string;
    context: ReferralContext;
    /** The draft row as `openDraft(…, forUpdate)` read and locked it in this request. */
    locked?: repo.DraftRow;
  },
): Promise<SubmitResult> {
  const { db, clock, actor } = uc;
  const serviceName = uc.links.serviceName;
  const serviceId = actor.serviceId;
  // In a request this already runs in the request's tenant transaction: writing straight into it
  // (no savepoint) lets the audit row go with the COMMIT, so the audit chain's per-service lock is
  // held only while the database runs that last message. Taken at a savepoint's audit insert it
  // was held across every later round trip of the send, and 50 sends at once queued behind it
  // (issue 16, docs/adr/0029). Any error still rolls the whole request back. Outside a request
  // (the demo, scripts) it is a transaction of its own as before.
  const inRequest = currentTenant() === actor.serviceId;
  const inTransaction = <T>(fn: (tx: typeof db) => Promise<T>): Promise<T> =>
    inRequest ? fn(db) : db.transaction(fn);
  return inTransaction(async (tx): Promise<SubmitResult> => {
    const now = clock.now();
    // A row locked earlier in this same transaction is current; otherwise read and lock it now.
    const draft =
      inRequest && locked?.tokenHash === tokenHash
        ? locked
        : await repo.findDraft(tx, serviceId, tokenHash, { forUpdate: true });
    if (!draft || draft.expiresAt.getTime() <= now.getTime()) return { kind: 'gone' };
    if (draft.referralId) return { kind: 'done', referralId: draft.referralId, created: false };

    const data = readDraftData(draft.answers);
    const ev = evaluate(data, context.form);
    const submission = buildSubmission(data, ev, context.form, now);
    if (!submission) return { kind: 'incomplete', page: ev.firstIncomplete ?? 'name' };

    let referral: repo.ReferralRow | null = null;
    for (let attempt = 0; attempt < 5 && !referral; attempt++) {
      referral = await repo.insertReferralIfNew(tx, {
        serviceId,
        reference: referenceSource.next(),
        source: 'self',
        urgent: submission.urgent,
        receivedAt: now,
        givenName: submission.givenName,
        familyName: submission.familyName,
        dateOfBirth: submission.dateOfBirth,
        postcode: submission.postcode,
        nhsNumber: submission.nhsNumber,
        email: submission.email,
        mobile: submission.mobile,
        answers: submission.answers as unknown as Record<string, unknown>,
        submissionKey: tokenHash,
        updatedAt: now,
      });
      if (!referral) {
        // Either this draft was sent by another request a moment ago, or (very rarely) the
        // reference was taken: then try another.
        const existing = await repo.findReferralBySubmissionKey(tx, serviceId, tokenHash);
        if (existing) return { kind: 'done', referralId: existing.id, created: false };
      }
    }
    if (!referral) throw new Error('Could not find an unused referral reference');

    const referralId = referral.id;
    await repo.insertMeasureResponses(
      tx,
      submission.measures.map((m) => ({
        serviceId,
        referralId,
        measureId: m.measureId,
        answers: { ...m.score.answers },
        total: m.score.total,
        band: m.score.band?.id ?? null,
        riskFlag: m.score.riskFlag,
        completedAt: m.completedAt,
      })),
    );
    if (submission.riskReason) {
      await raiseRiskAlert(tx, clock, actor, {
        source: 'referral',
        referralId: referral.id,
        reason: submission.riskReason,
      });
    }
    // An alert raised while the draft lay unsent (hazard H14) now belongs to this referral.
    if (draft.riskAlertId) await linkAlertToReferral(tx, serviceId, draft.riskAlertId, referral.id);
    if (submission.confirmTo.sms) {
      await queueMessage(tx, clock, {
        serviceId,
        channel: 'sms',
        recipient: submission.confirmTo.sms,
        body: confirmationText(serviceName, referral.reference),
        template: 'referral-confirmation',
        idempotencyKey: `referral-confirmation:${referral.id}:sms`,
        // They have just sent it and wait for the reference, even late at night.
        answersPersonNow: true,
      });
    }
    if (submission.confirmTo.email) {
      await queueMessage(tx, clock, {
        serviceId,
        channel: 'email',
        recipient: submission.confirmTo.email,
        subject: confirmationEmailSubject(serviceName),
        body: confirmationEmail(serviceName, submission.givenName, referral.reference, {
          urgent: submission.urgent,
          typicalWaitWeeks: context.settings.typicalWaitWeeks,
        }),
        template: 'referral-confirmation',
        idempotencyKey: `referral-confirmation:${referral.id}:email`,
      });
    }
    await audit(tx, clock, actor, {
      action: 'referral.create',
      recordType: 'referral',
      recordId: referral.id,
      details: {
        source: 'self',
        urgent: submission.urgent,
        confirmation: {
          sms: submission.confirmTo.sms !== null,
          email: submission.confirmTo.email !== null,
        },
      },
    });
    await repo.markDraftSubmitted(tx, serviceId, tokenHash, {
      referralId: referral.id,
      updatedAt: now,
      expiresAt: expiryFrom(now, context.settings),
    });
    return { kind: 'done', referralId: referral.id, created: true };
  });
}

export interface Confirmation {
  reference: string;
  urgent: boolean;
  texted: boolean;
  emailed: boolean;
  typicalWaitWeeks: number;
}

/** What the confirmation page shows for a sent referral. */
export async function findConfirmation(
  { db, service }: UseCase,
  { referralId, settings }: { referralId: string; settings: ServiceSettings },
): Promise<Confirmation | null> {
  const serviceId = service.id;
  const referral = await repo.findReferral(db, serviceId, referralId);
  if (!referral) return null;
  const permissions = (referral.answers as { permissions?: { texts?: unknown; email?: unknown } })
    .permissions;
  return {
    reference: referral.reference,
    urgent: referral.urgent,
    texted: permissions?.texts === true && referral.mobile !== null,
    emailed: permissions?.email === true && referral.email !== null,
    typicalWaitWeeks: settings.typicalWaitWeeks,
  };
}
