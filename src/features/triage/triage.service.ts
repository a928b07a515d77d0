import type { Db } from '../../db/client';
import type { AssessmentMode, OtherTreatment, ReferralStatus } from '../../db/schema';
import {
  lacksNeededStepFree,
  needsStepFree,
  outcomeRecordingCheck,
  type RecordingCheck,
} from '../../domain/appointments';
import { DEFAULT_MINUTES } from '../../domain/diary';
import { PHQ9, optionsFor } from '../../domain/measures';
import { londonDaysBetween } from '../../domain/outcomes';
import { byWaitingPriority } from '../../domain/referral-priority';
import { closeReferralRiskProblem, responsibleAfterAssessmentBooking } from '../../domain/risk';
import { accessActorFor, can, patientRecordResource } from '../../platform/access';
import { audit, type Actor, type AuditEntry } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { UseCase } from '../../platform/use-case';
import type { FieldError } from '../../ui/forms';
import { invitePatientAccount } from '../auth';
import { sendMessageToPatient } from '../messages';
import {
  overlapMessage,
  overlapViolation,
  retryAfterDeadlock,
  type OverlapNames,
} from '../../platform/db-errors';
import type { EventContext } from '../../platform/events';
import * as diary from '../diary';
import type { DiaryEvents } from '../diary';
import * as locationsRepo from '../locations';
import { findPatient, type PatientRow } from '../patients';
import * as therapists from '../therapists';
import { attachAlertsToPatient, moveOpenAlertsToClinician, raiseRiskAlert } from '../risk';
import {
  preferredLocationId,
  readAccessNeeds,
  readAccessNeedsOther,
  readReferralContact,
} from './referral-answers';
import { daysStillWaiting } from './waiting';
import {
  onwardLetters,
  onwardReferralsOf,
  onwardUrgencyErrors,
  recordLetterPreferences,
  recordOnwardReferral,
} from './triage.onward';
import type { AssessmentForm, BookingForm, CloseForm } from './triage.forms';
import {
  allowedRecipients,
  bookingLetter,
  letter,
  queueToPerson,
  type BookingPlace,
  type Contactable,
  type Recipient,
} from './triage.messages';
import { ONWARD_HEAR_WITHIN } from '../../domain/onward-referral';
import * as onwardRepo from './onward.repository';
import * as repo from './triage.repository';
import type { ReferralRow } from './triage.repository';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in clinician a triage use case acts for (triage routes always have one). */
function staffId(uc: UseCase): string {
  if (!uc.user) throw new Error('triage is done by a signed-in clinician');
  return uc.user.userId;
}

/** Statuses in which a referral is still open to triage actions. */
const CLOSABLE: readonly ReferralStatus[] = ['new', 'assessment_booked', 'ipt_waiting'];
const BOOKABLE: readonly ReferralStatus[] = ['new', 'assessment_booked'];

export function canClose(referral: Pick<ReferralRow, 'status'>): boolean {
  return CLOSABLE.includes(referral.status);
}

export function canBook(referral: Pick<ReferralRow, 'status' | 'patientId'>): boolean {
  return BOOKABLE.includes(referral.status) && referral.patientId !== null;
}

/**
 * Opens a referral for a member of clinical staff (triage is a shared queue in the access
 * policy: every clinician in the service may). Null (shown as 404) when it does not exist or
 * the policy refuses; every attempt is audited.
 */
export async function openReferral(
  uc: UseCase,
  input: { referralId: string; purpose: string },
): Promise<ReferralRow | null> {
  const { referralId, purpose } = input;
  const found = UUID_RE.test(referralId)
    ? await repo.findReferral(uc.db, uc.service.id, referralId)
    : null;
  const allowed =
    found !== null &&
    uc.user !== null &&
    can(await accessActorFor(uc.db, uc.user), 'queue.work', {
      kind: 'referral',
      serviceId: found.serviceId,
    });
  await uc.audit({
    action: 'referral.read',
    patientId: found?.patientId ?? null,
    recordType: 'referral',
    recordId: referralId.slice(0, 100),
    outcome: allowed ? 'success' : 'denied',
    reason: purpose,
  });
  return allowed ? found : null;
}

/** Everything the referral page shows beyond the referral itself. */
export async function referralDetails(uc: UseCase, referral: ReferralRow) {
  const { db } = uc;
  const serviceId = uc.service.id;
  const [responses, alerts, assessments, patient] = await Promise.all([
    repo.responsesForReferral(db, serviceId, referral.id),
    repo.alertsForReferral(db, serviceId, referral.id),
    repo.listAssessments(db, serviceId, referral.id),
    referral.patientId ? findPatient(db, serviceId, referral.patientId) : Promise.resolve(null),
  ]);
  const candidates =
    referral.patientId === null && referral.status !== 'closed'
      ? await repo.findPatientCandidates(db, serviceId, referral)
      : [];
  // Showing a possible match is a look at that patient's record.
  await uc.auditMany(
    candidates.map((c) => ({
      action: 'patient.read' as const,
      patientId: c.id,
      recordType: 'patient',
      recordId: c.id,
      reason: `possible match for referral ${referral.reference}`,
    })),
  );
  const names = await repo.userNames(db, serviceId, [
    ...assessments.map((a) => a.clinicianId),
    ...alerts.map((a) => a.actionedBy),
    patient?.responsibleClinicianId ?? null,
  ]);
  // Issue 9, item 9: link to the record only for someone the policy lets open it (a 404 otherwise).
  const actor = patient !== null && uc.user !== null ? await accessActorFor(db, uc.user) : null;
  const mayOpenPatient =
    patient !== null &&
    actor !== null &&
    can(actor, 'patient.read', patientRecordResource(patient));
  // Where to add a missing practice email, for those the policy lets change it.
  const changeDetailsHref =
    patient !== null &&
    actor !== null &&
    can(actor, 'patient.update_details', patientRecordResource(patient))
      ? `/patients/${patient.id}/details`
      : null;
  const onward = await onwardReferralsOf(uc, referral.id);
  const letters = await onwardLetters(uc, patient, onward);
  return {
    stepFreeProblem: await preferredPlaceLacksStepFree(uc, referral),
    responses,
    alerts,
    assessments,
    places: await assessmentPlaces(db, serviceId, assessments),
    patient,
    mayOpenPatient,
    changeDetailsHref,
    candidates,
    names,
    onward,
    onwardLetters: letters,
  };
}

export type ReferralDetails = Awaited<ReturnType<typeof referralDetails>>;

/**
 * Where each face-to-face assessment is, by assessment id: "Room A, Harbour Clinic", or the
 * location alone when no room was chosen.
 */
async function assessmentPlaces(
  db: Db,
  serviceId: string,
  rows: readonly repo.AssessmentRow[],
): Promise<Map<string, string>> {
  const places = new Map<string, string>();
  for (const a of rows) {
    if (a.mode !== 'face_to_face' || !a.locationId) continue;
    const [location, room] = await Promise.all([
      locationsRepo.findLocation(db, serviceId, a.locationId),
      a.roomId ? locationsRepo.findRoom(db, serviceId, a.roomId) : null,
    ]);
    if (!location) continue;
    places.set(a.id, room ? `${room.name}, ${location.name}` : location.name);
  }
  return places;
}

/** The preferred place's name when the person needs step-free access and it has none (H30). */
async function preferredPlaceLacksStepFree(
  uc: UseCase,
  referral: ReferralRow,
): Promise<string | null> {
  const needs = readAccessNeeds(referral.answers);
  const placeId = preferredLocationId(referral.answers);
  if (!needsStepFree(needs) || !placeId || !UUID_RE.test(placeId)) return null;
  const place = await locationsRepo.findLocation(uc.db, uc.service.id, placeId);
  return place && lacksNeededStepFree(needs, place) ? place.name : null;
}

// ---- Matching and creating the patient record ----------------------------------------------------

export type LinkResult =
  | { ok: true; patientId: string }
  | {
      ok: false;
      reason: 'not_found' | 'already_linked' | 'closed' | 'not_candidate' | 'nhs_number_in_use';
    };

async function linkInside(
  t: UseCase,
  link: { referral: ReferralRow; patientId: string; how: 'matched' | 'created' },
): Promise<boolean> {
  const { referral, patientId, how } = link;
  const serviceId = t.service.id;
  if (!(await repo.linkReferralToPatient(t.db, serviceId, referral.id, patientId, t.clock.now())))
    return false;
  await attachAlertsToPatient(t.db, serviceId, referral.id, patientId);
  // Bookings check the record's needs (H30): a step-free need must reach the diary.
  await repo.addAccessNeeds(
    t.db,
    serviceId,
    patientId,
    readAccessNeeds(referral.answers),
    readAccessNeedsOther(referral.answers),
  );
  await t.audit({
    action: how === 'matched' ? 'referral.match_patient' : 'referral.create_patient',
    patientId,
    recordType: 'referral',
    recordId: referral.id,
  });
  return true;
}

/** Links the referral to an existing record, which must be one of its candidates. */
export async function matchReferral(
  uc: UseCase,
  input: { referralId: string; patientId: string },
): Promise<LinkResult> {
  const { referralId, patientId } = input;
  return uc.transaction(async (t) => {
    const tx = t.db;
    const referral = await repo.lockReferral(tx, t.service.id, referralId);
    if (!referral) return { ok: false as const, reason: 'not_found' as const };
    if (referral.patientId) return { ok: false as const, reason: 'already_linked' as const };
    if (referral.status === 'closed') return { ok: false as const, reason: 'closed' as const };
    const candidates = await repo.findPatientCandidates(tx, t.service.id, referral);
    if (!candidates.some((c) => c.id === patientId))
      return { ok: false as const, reason: 'not_candidate' as const };
    await linkInside(t, { referral, patientId, how: 'matched' });
    return { ok: true as const, patientId };
  });
}

/** Creates the patient record from what the referral says, inside the caller's transaction. */
async function createPatientInside(t: UseCase, referral: ReferralRow): Promise<string> {
  const contact = readReferralContact(referral.answers);
  const patient = await repo.insertPatient(t.db, {
    serviceId: t.service.id,
    givenName: referral.givenName,
    familyName: referral.familyName,
    dateOfBirth: referral.dateOfBirth,
    postcode: referral.postcode,
    nhsNumber: referral.nhsNumber,
    email: referral.email,
    mobile: referral.mobile,
    address: contact.address,
    gpPractice: contact.gpPractice,
    allowEmail: contact.allowEmail,
    allowSms: contact.allowSms,
    allowVoicemail: contact.allowVoicemail,
    createdAt: t.clock.now(),
  });
  await linkInside(t, { referral, patientId: patient.id, how: 'created' });
  return patient.id;
}

/**
 * Creates the patient record from what the person told us, and links the referral to it. Refused
 * when a record in the service already has the referral's NHS number (H3: one person, one
 * record); the NHS number is held until the transaction ends, so two referrals of one person
 * cannot each make a record at once.
 */
export async function createPatientFromReferral(
  uc: UseCase,
  input: { referralId: string },
): Promise<LinkResult> {
  return uc.transaction(async (t) => {
    const referral = await repo.lockReferral(t.db, t.service.id, input.referralId);
    if (!referral) return { ok: false as const, reason: 'not_found' as const };
    if (referral.patientId) return { ok: false as const, reason: 'already_linked' as const };
    if (referral.status === 'closed') return { ok: false as const, reason: 'closed' as const };
    if (referral.nhsNumber) {
      await repo.lockNhsNumber(t.db, t.service.id, referral.nhsNumber);
      if (await repo.nhsNumberInUse(t.db, t.service.id, referral.nhsNumber))
        return { ok: false as const, reason: 'nhs_number_in_use' as const };
    }
    return { ok: true as const, patientId: await createPatientInside(t, referral) };
  });
}

// ---- The assessment's appointment in the diary --------------------------------------------------

/** How long a wellbeing assessment is in the diary. */
export const ASSESSMENT_MINUTES = DEFAULT_MINUTES.assessment;

/**
 * Asks the diary to cancel (by the service) the appointments of assessments that were cancelled.
 * No separate cancellation notice: the person gets the new booking, or the message about their
 * referral closing, instead. Returns the appointments cancelled.
 */
async function cancelAssessmentAppointments(
  t: UseCase,
  cancelled: readonly { appointmentId: string | null }[],
  reason: string,
): Promise<string[]> {
  const ids = cancelled.map((a) => a.appointmentId).filter((id): id is string => id !== null);
  return diary.cancelForService(t.db, t.clock, t.service.id, ids, reason, t.links);
}

/**
 * Subscribed to the diary: when an assessment's appointment is cancelled there, the booked
 * assessment is cancelled with it, and triage shows the referral as needing a new booking.
 */
export async function whenAppointmentCancelled(
  ctx: EventContext,
  event: DiaryEvents['appointment.cancelled'],
): Promise<void> {
  if (event.appointment.type !== 'assessment') return;
  await repo.cancelBookedAssessmentOfAppointment(ctx.tx, ctx.serviceId, event.appointment.id);
}

// ---- Closing --------------------------------------------------------------------------------------

/** Who we could tell about a message: the patient record once linked (it may be newer), else the referral. */
async function contactFor(tx: Db, serviceId: string, referral: ReferralRow): Promise<Contactable> {
  const patient = referral.patientId ? await findPatient(tx, serviceId, referral.patientId) : null;
  if (patient) return patient;
  const allowed = readReferralContact(referral.answers);
  return {
    givenName: referral.givenName,
    email: referral.email,
    mobile: referral.mobile,
    allowEmail: allowed.allowEmail,
    allowSms: allowed.allowSms,
  };
}

/** Where a "you have a new message" notice would go now, for the form to say before sending. */
export async function recipientsFor(uc: UseCase, referral: ReferralRow): Promise<Recipient[]> {
  return allowedRecipients(await contactFor(uc.db, uc.service.id, referral));
}

/**
 * Whether the referral must be linked to a patient record by hand before it can be closed (H13):
 * the closing message is kept in the patient's inbox, so a referral that may belong to an existing
 * record is never guessed onto one (the wrong person would read it) nor given a duplicate.
 */
export async function closeNeedsMatch(uc: UseCase, referral: ReferralRow): Promise<boolean> {
  if (referral.patientId) return false;
  return (await repo.findPatientCandidates(uc.db, uc.service.id, referral)).length > 0;
}

/** A risk alert still open for a referral or its patient: named on the close page (H2). */
export interface OpenAlertBeforeClose {
  id: string;
  reason: string;
  raisedAt: Date;
}

/**
 * The risk alerts open for the referral or its patient, for the close page (which has already
 * opened the referral): while any is open the referral cannot be closed (H2).
 */
export function openAlertsBeforeClose(
  uc: UseCase,
  referral: ReferralRow,
): Promise<OpenAlertBeforeClose[]> {
  return repo.openAlertsForReferralOrPatient(uc.db, uc.service.id, referral);
}

export type CloseResult =
  | { ok: true; channels: string[]; duplicateOf: string | null }
  | { ok: false; reason: 'not_open' | 'needs_match' }
  /** A duplicate naming no other open referral of the same person: nothing was changed. */
  | { ok: false; reason: 'invalid'; errors: FieldError[] }
  /** Risk alerts are open for the referral or its patient (H2): nothing was changed. */
  | { ok: false; reason: 'open_risk'; problem: string; alerts: OpenAlertBeforeClose[] };

/**
 * Closes the referral in one transaction, never while a risk alert is open for it or its patient
 * (H2: `closeReferralRiskProblem`, nothing changed then): its status, booked assessments and their appointments
 * cancelled, and the clinician's message to the person. The message is kept in Rapport behind
 * sign-in (ADR 0013, hazard H13): an unlinked referral with no possible match gets a patient record
 * made from what the person told us, and texts and emails only say there is a new message.
 */
export async function closeReferral(
  uc: UseCase,
  input: { referralId: string; form: CloseForm },
): Promise<CloseResult> {
  const { referralId, form } = input;
  const { clock, links } = uc;
  const serviceId = uc.service.id;
  return uc.transaction(async (t): Promise<CloseResult> => {
    const tx = t.db;
    const referral = await repo.lockReferral(tx, serviceId, referralId);
    if (!referral || !canClose(referral))
      return { ok: false as const, reason: 'not_open' as const };
    if (await closeNeedsMatch(t, referral))
      return { ok: false as const, reason: 'needs_match' as const };
    // Checked here, whatever the page showed: an alert may have been raised since (H2).
    const alerts = await repo.openAlertsForReferralOrPatient(tx, serviceId, referral);
    const problem = closeReferralRiskProblem(alerts.length);
    if (problem) return { ok: false as const, reason: 'open_risk' as const, problem, alerts };
    if (form.reason === 'duplicate') {
      const other = await duplicatedReferral(t, referral, form.duplicateOf);
      if (!other.ok)
        return { ok: false as const, reason: 'invalid' as const, errors: [other.error] };
      return closeDuplicate(t, referral, other.referral, form);
    }
    const patientId = referral.patientId ?? (await createPatientInside(t, referral));
    const now = clock.now();
    await repo.setReferralStatus(tx, serviceId, referral.id, CLOSABLE, {
      status: 'closed',
      at: now,
      closed: { reason: form.reason, note: form.note },
    });
    const cancelled = await repo.cancelBookedAssessments(tx, serviceId, referral.id);
    const cancelledAppointments = await cancelAssessmentAppointments(
      t,
      cancelled,
      'The referral was closed',
    );
    // Staff's own words stay behind sign-in; texts and emails only say a message is waiting.
    const sent = await sendMessageToPatient(t, {
      patientId,
      subject: 'About your referral',
      body: letter(referral.givenName, form.message, links.serviceName),
      sourceKey: `referral-closed:${referral.id}`,
    });
    const channels = sent?.channels ?? [];
    await t.audit({
      action: 'referral.close',
      patientId,
      recordType: 'referral',
      recordId: referral.id,
      reason: form.reason,
      details: {
        from: referral.status,
        messageChannels: channels,
        messageAccess: sent?.access ?? null,
        cancelledAssessments: cancelled.length,
        cancelledAppointments,
      },
    });
    return { ok: true as const, channels, duplicateOf: null };
  });
}

/** A referral the person is still being seen under: the one a duplicate leaves open. */
const STILL_OPEN: readonly ReferralStatus[] = [
  'new',
  'assessment_booked',
  'ipt_waiting',
  'in_treatment',
];

/**
 * The other referral a duplicate repeats, by the reference typed (H4: a referral closed as a
 * duplicate must leave one of the same person's open): another referral in the service, still
 * open, and not for a different NHS number.
 */
async function duplicatedReferral(
  t: UseCase,
  referral: ReferralRow,
  reference: string,
): Promise<{ ok: true; referral: ReferralRow } | { ok: false; error: FieldError }> {
  const fail = (message: string) => ({
    ok: false as const,
    error: { field: 'duplicateOf', message },
  });
  // A referral that has moved on (an assessment booked) is the one to keep, not to close.
  if (referral.status !== 'new')
    return fail(
      'This referral has an assessment booked or has moved on, so it is the one to keep. Close the other referral as the duplicate instead',
    );
  const other = await repo.findReferralByReference(t.db, t.service.id, reference);
  if (!other)
    return fail(
      'No referral has that reference. Enter the reference of the referral this one duplicates',
    );
  if (other.id === referral.id)
    return fail('Enter the reference of the other referral, not this one');
  if (!STILL_OPEN.includes(other.status))
    return fail(
      `Referral ${other.reference} is no longer open, so this one is not a duplicate of it. Choose another reason`,
    );
  if (!samePerson(referral, other))
    return fail(
      `Referral ${other.reference} is for someone else: their NHS number, patient record or date of birth is different`,
    );
  return { ok: true as const, referral: other };
}

/** Whether two referrals can be of one person: by NHS number, else record, else date of birth. */
function samePerson(a: ReferralRow, b: ReferralRow): boolean {
  if (a.nhsNumber && b.nhsNumber) return a.nhsNumber === b.nhsNumber;
  if (a.patientId && b.patientId) return a.patientId === b.patientId;
  return a.dateOfBirth === b.dateOfBirth;
}

/**
 * Closes a referral that repeats another of the same person's still-open referrals (H4). No
 * patient record is made (the other referral has one or will make one) and no message is sent:
 * the person hears from us about their other referral, and must not think they were dropped.
 */
async function closeDuplicate(
  t: UseCase,
  referral: ReferralRow,
  other: ReferralRow,
  form: CloseForm,
): Promise<CloseResult> {
  // Only a new referral (nothing booked) is closed as a duplicate: nothing to cancel.
  await repo.setReferralStatus(t.db, t.service.id, referral.id, ['new'], {
    status: 'closed',
    at: t.clock.now(),
    closed: { reason: 'duplicate', note: `Duplicate of ${other.reference}. ${form.note}` },
  });
  await t.audit({
    action: 'referral.close',
    patientId: referral.patientId,
    recordType: 'referral',
    recordId: referral.id,
    reason: 'duplicate',
    details: {
      from: referral.status,
      duplicateOf: other.id,
      duplicateOfReference: other.reference,
      messageChannels: [],
    },
  });
  return { ok: true as const, channels: [], duplicateOf: other.reference };
}

// ---- Booking the wellbeing assessment ---------------------------------------------------------------

export type BookResult =
  | { ok: true; assessmentId: string; appointmentId: string; channels: string[] }
  | { ok: false; reason: 'not_bookable' }
  | { ok: false; reason: 'invalid'; errors: FieldError[] };

/**
 * Books (or re-books) the assessment; the clinician becomes responsible if nobody is yet, or in
 * place of an earlier assessor of this referral, open alerts with them
 * (`responsibleAfterAssessmentBooking`, H2). In one
 * transaction: the assessment, its appointment in the clinician's diary (reminders queued as for
 * any appointment), the letter to the person and the audit row. A booking that replaces another
 * cancels the old appointment first. If the database refuses the appointment as a double
 * booking (the clinician, the patient or the room is busy), nothing is saved and the form says
 * who is busy.
 */
export async function bookAssessment(
  uc: UseCase,
  input: { referralId: string; form: BookingForm },
): Promise<BookResult> {
  const { referralId, form } = input;
  const { clock, links } = uc;
  const serviceId = uc.service.id;
  const userId = staffId(uc);
  const names: OverlapNames = { therapist: '', patient: '', room: '', location: '' };
  try {
    return await retryAfterDeadlock(() =>
      uc.transaction(async (t): Promise<BookResult> => {
        const tx = t.db;
        const referral = await repo.lockReferral(tx, serviceId, referralId);
        if (!referral || !canBook(referral) || !referral.patientId)
          return { ok: false as const, reason: 'not_bookable' as const };
        const patientId = referral.patientId;
        const patient = await findPatient(tx, serviceId, patientId);
        if (!patient) return { ok: false as const, reason: 'not_bookable' as const };
        names.patient = `${patient.givenName} ${patient.familyName}`;
        names.therapist =
          (await repo.userNames(tx, serviceId, [form.clinicianId])).get(form.clinicianId) ?? '';

        let place: BookingPlace | null = null;
        let roomId: string | null = null;
        let locationId: string | null = null;
        if (form.mode === 'face_to_face') {
          const room = form.roomId
            ? await locationsRepo.findRoom(tx, serviceId, form.roomId)
            : null;
          const location = room
            ? await locationsRepo.findLocation(tx, serviceId, room.locationId)
            : null;
          if (!room || !location || !room.active || !location.active)
            return {
              ok: false as const,
              reason: 'invalid' as const,
              errors: [{ field: 'roomId', message: 'Select a room that is in use' }],
            };
          if (lacksNeededStepFree(readAccessNeeds(referral.answers), location, room))
            return {
              ok: false as const,
              reason: 'invalid' as const,
              errors: [
                {
                  field: 'roomId',
                  message: `${patient.givenName} ${patient.familyName} told us they need step-free access, and ${room.name} at ${location.name} has none. Select a room with step-free access, or book by video`,
                },
              ],
            };
          names.room = room.name;
          names.location = location.name;
          roomId = room.id;
          locationId = location.id;
          place = {
            locationName: location.name,
            address: location.address,
            postcode: location.postcode,
            roomName: room.name,
          };
        }

        const now = clock.now();
        const earlierAssessors = (await repo.listAssessments(tx, serviceId, referral.id)).map(
          (a) => a.clinicianId,
        );
        // The booking being replaced, if still to come: the letter says it is cancelled.
        const previous = await repo.findBookedAssessment(tx, serviceId, referral.id);
        const movedFrom =
          previous?.startsAt && previous.startsAt.getTime() > now.getTime()
            ? previous.startsAt
            : null;
        // The old booking's appointment goes first, so re-booking into an overlapping time works.
        const replaced = await repo.cancelBookedAssessments(tx, serviceId, referral.id);
        const replacedAppointments = await cancelAssessmentAppointments(
          t,
          replaced,
          'The assessment was booked for another time',
        );
        const startsAt = form.startsAt;
        const endsAt = new Date(startsAt.getTime() + ASSESSMENT_MINUTES * 60_000);
        // The letter below is the confirmation; the diary adds the usual reminders before it.
        const appointmentId = await diary.bookAssessmentAppointment(
          tx,
          clock,
          serviceId,
          {
            patient,
            therapistId: form.clinicianId,
            startsAt,
            endsAt,
            mode: form.mode,
            locationId,
            roomId,
            place,
            bookedBy: userId,
            outsideHoursReason: form.outsideHoursReason,
          },
          links,
        );
        const assessment = await repo.insertAssessment(tx, {
          serviceId,
          referralId: referral.id,
          patientId,
          clinicianId: form.clinicianId,
          appointmentId,
          bookedBy: userId,
          createdAt: now,
        });
        await repo.setReferralStatus(tx, serviceId, referral.id, BOOKABLE, {
          status: 'assessment_booked',
          at: now,
        });
        // Re-booked with someone else (a leaver's assessment), responsibility goes with it (H2).
        const responsible = responsibleAfterAssessmentBooking({
          current: patient.responsibleClinicianId,
          bookedWith: form.clinicianId,
          earlierAssessors,
        });
        const responsibleChanged = responsible !== patient.responsibleClinicianId;
        if (responsibleChanged)
          await repo.setResponsibleClinician(tx, serviceId, patientId, responsible);
        const movedAlerts =
          responsibleChanged && patient.responsibleClinicianId !== null
            ? await moveOpenAlertsToClinician(tx, serviceId, patientId, responsible)
            : [];
        const channels = await queueToPerson(tx, clock, patient, {
          serviceId,
          patientId,
          subject: movedFrom
            ? `Your appointment with ${links.serviceName} has moved`
            : `Your appointment with ${links.serviceName}`,
          body: bookingLetter(
            patient.givenName,
            startsAt,
            form.mode,
            links.serviceName,
            place,
            movedFrom,
          ),
          template: 'assessment-booked',
          // Under the appointment's notices, so the diary withdraws it, still waiting for the
          // morning, when the appointment is cancelled or moved (H10).
          idempotencyKey: `${diary.noticeKeyPrefix(appointmentId)}assessment-booked:${assessment.id}`,
          about: movedFrom ? [startsAt, movedFrom] : [startsAt],
        });
        await t.audit({
          action: 'assessment.book',
          patientId,
          recordType: 'assessment',
          recordId: assessment.id,
          details: {
            referralId: referral.id,
            clinicianId: form.clinicianId,
            mode: form.mode,
            roomId,
            startsAt: startsAt.toISOString(),
            outsideHoursReason: form.outsideHoursReason,
            appointmentId,
            replaced: replaced.map((r) => r.id),
            replacedAppointments,
            ...(responsibleChanged
              ? {
                  responsibleClinician: { from: patient.responsibleClinicianId, to: responsible },
                  movedRiskAlerts: movedAlerts,
                }
              : {}),
            messageChannels: channels,
          },
        });
        return {
          ok: true as const,
          assessmentId: assessment.id,
          appointmentId,
          channels,
        };
      }),
    );
  } catch (err) {
    if (err instanceof diary.BookingOutsideHours)
      return { ok: false as const, reason: 'invalid' as const, errors: err.errors };
    const who = overlapViolation(err);
    if (!who) throw err;
    return { ok: false as const, reason: 'invalid' as const, errors: [overlapMessage(who, names)] };
  }
}

// ---- Recording the assessment and the decision -------------------------------------------------------

/** Whether offering IPT can invite the patient to make an account, worked out before saving. */
export type InvitationOutlook = 'has_account' | 'will_invite' | 'no_email' | 'email_not_allowed';

export function invitationOutlook(
  patient: Pick<PatientRow, 'userId' | 'email' | 'allowEmail'>,
): InvitationOutlook {
  if (patient.userId) return 'has_account';
  if (!patient.email) return 'no_email';
  if (!patient.allowEmail) return 'email_not_allowed';
  return 'will_invite';
}

export type InvitationOutcome =
  'invited' | 'has_account' | 'no_email' | 'email_not_allowed' | 'email_in_use' | 'not_offered';

const DECISION_STATUS: Record<AssessmentForm['decision'], ReferralStatus> = {
  offer_ipt: 'ipt_waiting',
  offer_other: 'other_treatment',
  signpost: 'signposted',
  discharge: 'discharged',
};

export type RecordResult =
  | { ok: true; status: ReferralStatus; invitation: InvitationOutcome; channels: string[] }
  | { ok: false; reason: 'no_booking' }
  /** A rule the form could not check alone (H27: the alerts open now), as form errors. */
  | { ok: false; reason: 'invalid'; errors: FieldError[] }
  /** The assessment has not started yet: nothing is recorded before it happens (H11). */
  | { ok: false; reason: 'not_started'; opensAt: Date };

/**
 * Whether the booked assessment can be recorded now (H11): from its start time. An old
 * assessment with no appointment, so no time, is not held back.
 */
export function recordingCheck(
  assessment: Pick<repo.AssessmentRow, 'startsAt'>,
  now: Date,
): RecordingCheck {
  return assessment.startsAt
    ? outcomeRecordingCheck({ startsAt: assessment.startsAt }, now)
    : { ok: true };
}

/**
 * Records the held assessment in one transaction: the assessment, its questionnaires, a risk
 * alert for PHQ-9 question 9 above 0, the decision and the referral's new status, the message to
 * the patient and, for IPT, the account invitation, each with its audit row.
 */
export async function recordAssessment(
  uc: UseCase,
  input: { referralId: string; form: AssessmentForm },
): Promise<RecordResult> {
  const { referralId, form } = input;
  const { clock, links, actor } = uc;
  const serviceId = uc.service.id;
  const userId = staffId(uc);
  return uc.transaction(async (t) => {
    const tx = t.db;
    const referral = await repo.lockReferral(tx, serviceId, referralId);
    const assessment =
      referral?.status === 'assessment_booked'
        ? await repo.findBookedAssessment(tx, serviceId, referral.id)
        : null;
    const found = assessment ? await findPatient(tx, serviceId, assessment.patientId) : null;
    if (!referral || !assessment || !found)
      return { ok: false as const, reason: 'no_booking' as const };
    let patient = found;
    const now = clock.now();
    const check = recordingCheck(assessment, now);
    if (!check.ok) return check;
    if (form.onward) {
      const errors = await onwardUrgencyErrors(t, {
        patientId: patient.id,
        onward: form.onward,
        riskLevel: form.riskLevel,
        scores: form.scores,
      });
      if (errors.length > 0) return { ok: false as const, reason: 'invalid' as const, errors };
    }

    const recorded = await repo.completeAssessment(tx, serviceId, assessment.id, {
      presentingProblem: form.presentingProblem,
      presentingProblemOther: form.presentingProblemOther,
      riskLevel: form.riskLevel,
      riskAgreed: form.riskAgreed,
      safetyPlan: form.safetyPlan,
      decision: form.decision,
      otherTreatment: form.otherTreatment,
      signpostedTo: form.signpostedTo,
      decisionReason: form.decisionReason,
      patientMessage: form.patientMessage,
      recordedBy: userId,
      recordedAt: now,
    });
    if (!recorded) return { ok: false as const, reason: 'no_booking' as const };
    patient = await recordLetterPreferences(t, patient, form);
    // The assessment happened: its diary appointment is attended (unless the diary says otherwise).
    const attended = assessment.appointmentId
      ? await diary.recordAssessmentHeld(tx, clock, serviceId, assessment.appointmentId, userId)
      : null;
    await t.audit({
      action: 'assessment.record',
      patientId: patient.id,
      recordType: 'assessment',
      recordId: assessment.id,
      details: {
        // Found by the referral's reference in the audit log, as the booking is.
        referralId: referral.id,
        decision: form.decision,
        riskLevel: form.riskLevel,
        appointmentAttended: attended,
      },
    });

    for (const score of form.scores) {
      const response = await repo.insertMeasureResponse(tx, {
        serviceId,
        measureId: score.measureId,
        context: 'assessment',
        patientId: patient.id,
        referralId: referral.id,
        assessmentId: assessment.id,
        answers: { ...score.answers },
        total: score.total,
        band: score.band?.id ?? null,
        riskFlag: score.riskFlag,
        completedAt: now,
        enteredBy: userId,
        enteredByRole: 'clinician',
      });
      await t.audit({
        action: 'measure_response.create',
        patientId: patient.id,
        recordType: 'measure_response',
        recordId: response.id,
        details: { measureId: score.measureId, context: 'assessment' },
      });
      if (score.riskFlag && score.measureId === 'phq9') {
        const item9 = PHQ9.items.find((i) => i.number === 9);
        const answer = item9
          ? optionsFor(PHQ9, item9).find((o) => o.value === score.answers[item9.id])
          : undefined;
        await raiseRiskAlert(tx, clock, actor, {
          source: 'assessment',
          reason: `PHQ-9 question 9 answered '${answer?.label ?? String(score.answers[item9?.id ?? ''])}' at the wellbeing assessment`,
          patientId: patient.id,
          referralId: referral.id,
          sourceRecordId: response.id,
          responsibleClinicianId: patient.responsibleClinicianId ?? assessment.clinicianId,
        });
      }
    }

    const status = DECISION_STATUS[form.decision];
    await repo.setReferralStatus(tx, serviceId, referral.id, ['assessment_booked'], {
      status,
      at: now,
      decided: true,
    });
    await t.audit({
      action: 'referral.decision',
      patientId: patient.id,
      recordType: 'referral',
      recordId: referral.id,
      reason: form.decision,
      details: { from: referral.status, to: status },
    });

    let invitation: InvitationOutcome = 'not_offered';
    if (form.decision === 'offer_ipt') {
      const outlook = invitationOutlook(patient);
      invitation = outlook === 'will_invite' ? 'invited' : outlook;
      // 'will_invite' means the record has an email address; the check narrows it.
      if (outlook === 'will_invite' && patient.email) {
        const invited = await invitePatientAccount(
          tx,
          clock,
          actor,
          {
            serviceId,
            email: patient.email,
            displayName: `${patient.givenName} ${patient.familyName}`,
            patientId: patient.id,
          },
          links,
        );
        if (invited.ok) await repo.setPatientUser(tx, serviceId, patient.id, invited.userId);
        else invitation = 'email_in_use';
      }
      if (invitation !== 'invited' && invitation !== 'has_account')
        await t.audit({
          action: 'patient.invitation_not_sent',
          patientId: patient.id,
          recordType: 'patient',
          recordId: patient.id,
          reason: invitation,
        });
    }

    const onward =
      form.decision === 'offer_other' && form.onward && form.otherTreatment
        ? await recordOnwardReferral(t, {
            referral,
            assessmentId: assessment.id,
            patient,
            clinicianId: userId,
            clinicianName:
              (await repo.userNames(tx, serviceId, [userId])).get(userId) ?? 'Clinician',
            treatment: form.otherTreatment,
            onward: form.onward,
            reason: form.decisionReason,
            presentingProblem: form.presentingProblem,
            presentingProblemOther: form.presentingProblemOther,
            riskLevel: form.riskLevel,
            riskAgreed: form.riskAgreed,
            safetyPlan: form.safetyPlan,
            scores: form.scores,
          })
        : null;
    const site = links.publicUrl.replace(/\/+$/, '');
    // Staff's own words stay behind sign-in; texts and emails only say a message is waiting.
    const sent = await sendMessageToPatient(t, {
      patientId: patient.id,
      subject: 'After your wellbeing assessment',
      body: [
        letter(patient.givenName, form.patientMessage, links.serviceName),
        ...(onward?.letterId
          ? [
              `You can read the letter referring you on here: ${site}/letters/${onward.letterId}/pdf`,
            ]
          : []),
      ].join('\n\n'),
      sourceKey: `assessment-decision:${assessment.id}`,
    });
    const channels = sent?.channels ?? [];
    return { ok: true as const, status, invitation, channels };
  });
}

// ---- The patient's journey, for their home page ------------------------------------------------------

export type Journey =
  | { stage: 'no_referral' }
  | { stage: 'referral_received' }
  | { stage: 'assessment_booked'; startsAt: Date; mode: AssessmentMode }
  | { stage: 'ipt_waiting'; daysWaiting: number }
  | { stage: 'in_treatment' }
  | { stage: 'other_treatment'; treatment: OtherTreatment | null }
  | { stage: 'signposted'; to: string | null }
  /**
   * Discharged; referredOn: where a "referred on" discharge sent them, and when to ask us;
   * courseEndedAt: when their course of therapy ended (null when there was none).
   */
  | {
      stage: 'discharged';
      referredOn: { service: string; hearWithin: string } | null;
      courseEndedAt: Date | null;
    }
  | { stage: 'closed' };

/** Where a patient is, read from their latest referral; audited as a read of their record. */
export async function patientJourney(
  db: Db,
  clock: Clock,
  actor: Actor,
  patientId: string,
): Promise<Journey> {
  const serviceId = actor.serviceId;
  const referral = await repo.latestReferralForPatient(db, serviceId, patientId);
  await audit(db, clock, actor, {
    action: 'patient.journey_read',
    patientId,
    recordType: 'referral',
    recordId: referral?.id,
  });
  if (!referral) return { stage: 'no_referral' };
  switch (referral.status) {
    case 'new':
      return { stage: 'referral_received' };
    case 'assessment_booked': {
      const booked = await repo.findBookedAssessment(db, serviceId, referral.id);
      return booked?.startsAt && booked.mode
        ? { stage: 'assessment_booked', startsAt: booked.startsAt, mode: booked.mode }
        : { stage: 'referral_received' };
    }
    case 'ipt_waiting':
      return {
        stage: 'ipt_waiting',
        daysWaiting: Math.max(0, londonDaysBetween(referral.receivedAt, clock.now()) ?? 0),
      };
    case 'other_treatment':
    case 'signposted': {
      const latest = (await repo.listAssessments(db, serviceId, referral.id)).find(
        (a) => a.status === 'completed',
      );
      return referral.status === 'other_treatment'
        ? { stage: 'other_treatment', treatment: latest?.otherTreatment ?? null }
        : { stage: 'signposted', to: latest?.signpostedTo ?? null };
    }
    case 'discharged': {
      const onward = (await onwardRepo.onwardReferralsFor(db, serviceId, referral.id)).find(
        (o) => o.courseId !== null,
      );
      return {
        stage: 'discharged',
        referredOn: onward
          ? { service: onward.receivingService, hearWithin: ONWARD_HEAR_WITHIN[onward.urgency] }
          : null,
        courseEndedAt: await repo.courseEndedAt(db, serviceId, referral.id),
      };
    }
    default:
      return { stage: referral.status };
  }
}

// ---- Lists --------------------------------------------------------------------------------------------

/**
 * Audits a list page as shown: one row per patient on it, and one per referral not yet matched to
 * a patient record (the person is shown all the same); one summary row when the list is empty.
 */
function listedEntries(
  action: 'referral.list' | 'waiting_list.read',
  rows: readonly { id: string; patientId: string | null }[],
  details: Record<string, unknown>,
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.patientId === null)
      entries.push({ action, recordType: 'referral', recordId: row.id, details });
    else if (!seen.has(row.patientId)) {
      seen.add(row.patientId);
      entries.push({
        action,
        patientId: row.patientId,
        recordType: 'patient',
        recordId: row.patientId,
        details,
      });
    }
  }
  return entries.length > 0 ? entries : [{ action, details }];
}

export async function referralQueue(
  uc: UseCase,
  input: { statuses: readonly ReferralStatus[] | null },
) {
  const { statuses } = input;
  const rows = await repo.listReferrals(uc.db, uc.service.id, statuses);
  await uc.auditMany(
    listedEntries('referral.list', rows, { statuses: statuses ?? 'all', count: rows.length }),
  );
  const today = uc.clock.now();
  return rows.map((r) => ({
    ...r,
    /** Null once they are no longer waiting: the page shows the status instead. */
    daysWaiting: daysStillWaiting(r, today),
  }));
}

export type QueueRow = Awaited<ReturnType<typeof referralQueue>>[number];

export async function iptWaitingList(uc: UseCase) {
  const rows = await repo.listIptWaiting(uc.db, uc.service.id);
  await uc.auditMany(listedEntries('waiting_list.read', rows, { count: rows.length }));
  const names = await repo.userNames(
    uc.db,
    uc.service.id,
    rows.map((r) => r.responsibleClinicianId),
  );
  const today = uc.clock.now();
  // Urgent referrals first, then the longest waiting (issue 9 item 5).
  return [...rows].sort(byWaitingPriority).map((r) => ({
    ...r,
    clinicianName: r.responsibleClinicianId ? (names.get(r.responsibleClinicianId) ?? null) : null,
    daysWaiting: Math.max(0, londonDaysBetween(r.receivedAt, today) ?? 0),
  }));
}

export type WaitingRow = Awaited<ReturnType<typeof iptWaitingList>>[number];

/** People waiting (an assessment booked, or for IPT) with this clinician responsible for them. */
export function waitingWithClinician(uc: UseCase, clinicianId: string): Promise<number> {
  return repo.waitingCountFor(uc.db, uc.service.id, clinicianId);
}

export interface BookingOptions {
  clinicians: { id: string; displayName: string }[];
  /** Rooms in use at locations in use, for a face-to-face assessment. */
  rooms: { id: string; name: string; locationId: string; locationName: string }[];
}

/** Who and where the booking form offers. */
export async function bookingOptions(uc: UseCase): Promise<BookingOptions> {
  const { db } = uc;
  const serviceId = uc.service.id;
  const [clinicians, rooms] = await Promise.all([
    therapists.listTherapists(db, serviceId),
    locationsRepo.listAllRooms(db, serviceId),
  ]);
  return {
    // Only those who can sign in (H2): their alerts must reach someone who can read them.
    clinicians: clinicians
      .filter((t) => t.canSignIn)
      .map((t) => ({ id: t.userId, displayName: t.displayName })),
    rooms: rooms
      .filter((r) => r.room.active && r.location.active)
      .map((r) => ({
        id: r.room.id,
        name: r.room.name,
        locationId: r.location.id,
        locationName: r.location.name,
      })),
  };
}

/** The booked assessment, its patient and clinician: what the recording form needs. */
export async function assessmentContext(uc: UseCase, referral: ReferralRow) {
  const { db } = uc;
  const serviceId = uc.service.id;
  const assessment = await repo.findBookedAssessment(db, serviceId, referral.id);
  if (!assessment) return null;
  const patient = await findPatient(db, serviceId, assessment.patientId);
  if (!patient) return null;
  const names = await repo.userNames(db, serviceId, [assessment.clinicianId]);
  return { assessment, patient, clinicianName: names.get(assessment.clinicianId) ?? null };
}
