import type { LetterContent, LetterKind } from '../../db/schema';
import { utcToLondon } from '../../domain/calendar';
import { isSecureNhsEmail } from '../../domain/identifiers';
import { accessActorFor, can, patientRecordResource } from '../../platform/access';
import { messagesByKey, retryUnsentMessage, type MessageState } from '../../platform/outbox';
import { auditPatientsListed, requireUser, type UseCase } from '../../platform/use-case';
import { findPatient, ownPatientRecord, type PatientRow } from '../patients';
import { emailLetterToGp, letterEmailKey } from './letters.delivery';
import { renderLetterPdf } from './letters.pdf';
import * as repo from './letters.repository';

/** The letters a patient reads themselves: their copy, and letters about referring them on. */
const PATIENT_KINDS: readonly LetterKind[] = ['discharge_patient', 'onward_referral'];

/**
 * Writes a letter once for its source (call inside the transaction of the change it belongs to;
 * the caller has already checked the actor may act for this patient).
 */
export async function writeLetter(
  uc: UseCase,
  input: {
    patientId: string;
    kind: LetterKind;
    sourceKey: string;
    content: LetterContent;
    /** An onward referral copied to the GP (with the patient's consent). */
    copyToGp?: boolean;
  },
): Promise<{ id: string } | null> {
  const row = await repo.insertLetter(uc.db, {
    serviceId: uc.service.id,
    patientId: input.patientId,
    kind: input.kind,
    sourceKey: input.sourceKey,
    content: input.content,
    // Until a letter for the practice reaches it, it is shown as not sent (H27).
    toGp:
      input.kind === 'discharge_gp' ||
      (input.kind === 'onward_referral' && input.copyToGp === true),
    createdBy: uc.user?.userId ?? null,
    createdAt: uc.clock.now(),
  });
  if (!row) return null;
  await uc.audit({
    action: 'letter.create',
    patientId: input.patientId,
    recordType: 'letter',
    recordId: row.id,
    details: { kind: input.kind },
  });
  return { id: row.id };
}

/**
 * A letter as a PDF: staff who may open the patient's record see every letter; the patient sees
 * their own copies. Anyone else gets null (404), audited.
 */
export async function letterPdf(
  uc: UseCase,
  letterId: string,
): Promise<{ pdf: Buffer; filename: string } | null> {
  const user = requireUser(uc);
  const letter = await repo.findLetter(uc.db, uc.service.id, letterId);
  const patient = letter ? await findPatient(uc.db, uc.service.id, letter.patientId) : null;
  const actor = await accessActorFor(uc.db, user);
  const allowed =
    letter !== null &&
    patient !== null &&
    can(actor, 'patient.read', patientRecordResource(patient)) &&
    (patient.userId !== user.userId || PATIENT_KINDS.includes(letter.kind));
  if (!allowed) {
    await uc.audit({
      action: 'letter.read',
      patientId: patient?.id ?? null,
      recordType: 'letter',
      recordId: letterId,
      outcome: 'denied',
    });
    return null;
  }
  await uc.audit({
    action: 'letter.read',
    patientId: patient.id,
    recordType: 'letter',
    recordId: letter.id,
  });
  return {
    pdf: await renderLetterPdf(letter.content),
    filename: `${letter.kind.replace('_', '-')}-${utcToLondon(letter.createdAt).date}.pdf`,
  };
}

export interface LetterSummary {
  id: string;
  kind: LetterKind;
  title: string;
  date: Date;
  href: string;
}

const summary = (row: repo.LetterRow): LetterSummary => ({
  id: row.id,
  kind: row.kind,
  title: row.content.heading,
  date: row.createdAt,
  href: `/letters/${row.id}/pdf`,
});

/**
 * How a letter's email is getting on, for the clinician: a GP letter that never reached the
 * practice must be seen and sent another way (hazard H27).
 * - `sent`: the provider took it; `waiting`: queued or being retried; `failed`: retries ran out;
 * - `not_sent`: email here cannot carry letters (only logged) or it was cancelled;
 * - `none`: no email was queued (for the GP: no practice email on record).
 */
export type LetterEmailState = 'sent' | 'waiting' | 'failed' | 'not_sent' | 'none';

export interface LetterEmail {
  to: 'gp' | 'patient';
  state: LetterEmailState;
  /** When it was sent, for `sent`. */
  at: Date | null;
  /** It did not go and can be tried again: failed, only logged, or no practice email then. */
  canSendAgain: boolean;
  /** A GP letter email did not deliver, recorded as sent another way: when. */
  sentAnotherWayAt: Date | null;
  /** It has not reached the practice: the clinician can record sending it another way. */
  canRecordAnotherWay: boolean;
}

export interface LetterOnRecord extends LetterSummary {
  emails: LetterEmail[];
}

/** Who each kind of letter is emailed to. A missing GP email is shown when the letter is for
 * the practice (`toGp`); a missing patient email says nothing (they chose how to get letters). */
const EMAILED_TO: Record<LetterKind, readonly ('gp' | 'patient')[]> = {
  discharge_gp: ['gp'],
  discharge_patient: ['patient'],
  onward_referral: ['gp', 'patient'],
};

function emailState(message: MessageState | undefined): LetterEmailState {
  if (!message) return 'none';
  switch (message.status) {
    case 'sent':
      return 'sent';
    case 'pending':
      return 'waiting';
    case 'failed':
      return 'failed';
    case 'logged':
    case 'cancelled':
      return 'not_sent';
  }
}

/**
 * A letter for the GP practice (a discharge GP letter, or an onward referral copied to the GP)
 * that has not reached it: email did not take it (failed, only logged, or no practice email
 * then) and nobody has recorded sending it another way.
 */
function gpLetterNotDelivered(
  letter: { toGp: boolean; gpSentAnotherWayAt: Date | null },
  state: LetterEmailState,
) {
  return (
    letter.toGp &&
    letter.gpSentAnotherWayAt === null &&
    (state === 'failed' || state === 'not_sent' || state === 'none')
  );
}

/**
 * A GP letter that has not reached the practice, with a secure practice email to send it to now
 * (never to one that is not NHSmail, hazard H27).
 */
function gpLetterCanGoAgain(
  letter: { toGp: boolean; gpSentAnotherWayAt: Date | null },
  gpEmail: string | null,
  state: LetterEmailState,
) {
  return gpEmail !== null && isSecureNhsEmail(gpEmail) && gpLetterNotDelivered(letter, state);
}

/**
 * Letters on a patient's record with how each one's emails went, for staff pages that have
 * already opened the record.
 */
export async function lettersOnRecord(
  uc: UseCase,
  patient: { id: string; gpEmail: string | null },
): Promise<LetterOnRecord[]> {
  const rows = await repo.listLetters(uc.db, uc.service.id, patient.id, [
    'discharge_gp',
    'discharge_patient',
    'onward_referral',
  ]);
  const messages = await messagesByKey(
    uc.db,
    uc.service.id,
    rows.flatMap((r) => EMAILED_TO[r.kind].map((to) => letterEmailKey(r.id, to))),
  );
  return rows.map((row) => ({
    ...summary(row),
    emails: EMAILED_TO[row.kind].flatMap((to) => {
      const message = messages.get(letterEmailKey(row.id, to));
      const state = emailState(message);
      const gp = to === 'gp';
      if (state === 'none' && !(gp && row.toGp)) return [];
      return [
        {
          to,
          state,
          at: state === 'sent' ? (message?.sentAt ?? null) : null,
          canSendAgain: gp && gpLetterCanGoAgain(row, patient.gpEmail, state),
          sentAnotherWayAt: gp ? row.gpSentAnotherWayAt : null,
          canRecordAnotherWay: gp && gpLetterNotDelivered(row, state),
        },
      ];
    }),
  }));
}

/**
 * Emails a GP letter that did not reach the practice, to the practice email on the record now
 * (a failed send, or a letter written before the practice email was known). Only letters for the
 * practice (`toGp`: a discharge GP letter, an onward referral copied to the GP), which are so only
 * with the patient's consent to contact their GP; the caller has checked the user may manage the patient's care. A second click while it is on its way, or once
 * sent, sends nothing (`nothing_to_send`); another patient's letter or another kind is not found.
 */
export async function emailGpLetterAgain(
  uc: UseCase,
  input: { letterId: string; patient: PatientRow },
): Promise<'queued' | 'nothing_to_send' | 'not_found'> {
  const { patient } = input;
  const letter = await repo.findLetter(uc.db, uc.service.id, input.letterId);
  if (!letter || letter.patientId !== patient.id || !letter.toGp) return 'not_found';
  const key = letterEmailKey(letter.id, 'gp');
  const state = emailState((await messagesByKey(uc.db, uc.service.id, [key])).get(key));
  const practice = patient.gpEmail;
  if (!practice || !gpLetterCanGoAgain(letter, practice, state)) return 'nothing_to_send';
  if (state === 'none') {
    // `toGp` means they consented.
    const sent = await emailLetterToGp(uc, { letterId: letter.id, patient, gpConsent: true });
    return sent === 'queued' ? 'queued' : 'nothing_to_send';
  }
  if (!(await retryUnsentMessage(uc.db, uc.clock, uc.service.id, key, practice)))
    return 'nothing_to_send';
  await uc.audit({
    action: 'letter.send',
    patientId: patient.id,
    recordType: 'letter',
    recordId: letter.id,
    details: { to: 'gp', again: true },
  });
  return 'queued';
}

/**
 * Records that a GP letter email did not deliver was sent to the practice another way (printed
 * and posted, or from the clinician's own secure email), so it stops being shown as not reached.
 * Only a letter for the practice still not delivered; a second click records nothing more
 * (`nothing_to_record`); another patient's letter or another kind is not found. The caller has
 * checked the user may manage the patient's care.
 */
export async function recordGpLetterSentAnotherWay(
  uc: UseCase,
  input: { letterId: string; patient: PatientRow },
): Promise<'recorded' | 'nothing_to_record' | 'not_found'> {
  const user = requireUser(uc);
  const letter = await repo.findLetter(uc.db, uc.service.id, input.letterId);
  if (!letter || letter.patientId !== input.patient.id || !letter.toGp) return 'not_found';
  const key = letterEmailKey(letter.id, 'gp');
  const state = emailState((await messagesByKey(uc.db, uc.service.id, [key])).get(key));
  if (!gpLetterNotDelivered(letter, state)) return 'nothing_to_record';
  const at = uc.clock.now();
  if (!(await repo.markGpLetterSentAnotherWay(uc.db, uc.service.id, letter.id, user.userId, at)))
    return 'nothing_to_record';
  await uc.audit({
    action: 'letter.sent_another_way',
    patientId: input.patient.id,
    recordType: 'letter',
    recordId: letter.id,
    details: { to: 'gp' },
  });
  return 'recorded';
}

/** A GP letter the clinician wrote that has not reached the practice, for their home page. */
export interface GpLetterToSend {
  letterId: string;
  /** A discharge letter, or the GP's copy of an onward referral letter. */
  kind: 'discharge' | 'onward_referral';
  patientName: string;
  writtenAt: Date;
  /** The course or referral page, where it can be emailed again or recorded as sent another way. */
  href: string;
  state: Extract<LetterEmailState, 'failed' | 'not_sent' | 'none'>;
  /** Who wrote it, when that is someone whose access has been removed (a manager's list). */
  writtenByFormerStaff: string | null;
}

/**
 * The signed-in clinician's letters for GP practices that have not reached them (discharge
 * letters, onward referrals copied to the GP), oldest first (hazard H27): without this a failed
 * send is seen only by going back to a closed course or referral. A
 * service manager also sees those written by staff whose access has been removed.
 */
export async function gpLettersToSend(uc: UseCase): Promise<GpLetterToSend[]> {
  const user = requireUser(uc);
  const mine = user.roles.includes('therapist')
    ? await repo.gpLettersNotDelivered(uc.db, uc.service.id, user.userId)
    : [];
  const former = user.roles.includes('service_manager')
    ? await repo.gpLettersNotDeliveredByFormerStaff(uc.db, uc.service.id)
    : [];
  const rows = [
    ...mine.map((r) => ({ ...r, former: false })),
    ...former.map((r) => ({ ...r, former: true })),
  ];
  // Each patient named on the list is a look at their record.
  await auditPatientsListed(
    uc,
    'letter.list_unsent',
    rows.map((r) => r.patientId),
    { count: rows.length },
  );
  return rows
    .map((r) => ({
      letterId: r.letterId,
      kind: r.kind === 'onward_referral' ? ('onward_referral' as const) : ('discharge' as const),
      patientName: `${r.givenName} ${r.familyName}`,
      writtenAt: r.writtenAt,
      href: r.referralId
        ? `/staff/referrals/${r.referralId}#onward`
        : `/courses/${r.courseId ?? ''}#letters`,
      state:
        r.emailStatus === null
          ? ('none' as const)
          : r.emailStatus === 'failed'
            ? ('failed' as const)
            : ('not_sent' as const),
      writtenByFormerStaff: r.former ? r.writer : null,
    }))
    .sort((a, b) => a.writtenAt.getTime() - b.writtenAt.getTime());
}

/** The signed-in patient's own letters (for their notebook). */
export async function myLetters(uc: UseCase): Promise<LetterSummary[]> {
  const user = requireUser(uc);
  const patient = await ownPatientRecord(uc.db, uc.service.id, user.userId);
  if (!patient) return [];
  const rows = await repo.listLetters(uc.db, uc.service.id, patient.id, PATIENT_KINDS);
  return rows.map(summary);
}

/** "25 November 2026", for letter dates. */
