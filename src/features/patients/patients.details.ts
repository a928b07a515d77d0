/**
 * Keeping a patient's contact and GP details right: people move, change phone and change GP, and
 * a letter to the wrong practice or a reminder to an old number fails them. Clinicians who may
 * open the record change it (`patient.update_details`); the person changes their own contact
 * details and how we may contact them, never their GP details (`patient.update_own_contact`,
 * ADR 0035). Every change is audited with the fields that changed, never their values. Messages
 * still waiting to go to the person follow the change, in the same transaction (H6), and a
 * channel allowed again gets the reminders of the appointments already booked (and, for someone
 * nothing could reach before, one list of them).
 */
import { accessActorFor, can, patientRecordResource } from '../../platform/access';
import { redirectPendingMessages } from '../../platform/outbox';
import type { UseCase } from '../../platform/use-case';
import { queueRemindersOnChannels } from '../diary';
import { openPatient, signedInUser, type PatientRow } from './patients.service';
import { updatePatientDetails, type PatientDetails } from './patients.repository';

const FIELDS: readonly (keyof PatientDetails)[] = [
  'address',
  'postcode',
  'email',
  'mobile',
  'gpPractice',
  'gpEmail',
  'allowEmail',
  'allowSms',
  'allowVoicemail',
  'allowLettersByEmail',
  'accessNeeds',
  'accessNeedsOther',
];

/** Equal values; lists (the access needs) in any order. */
const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((v) => b.includes(v))
    : a === b;

/** Staff change the contact and GP details; the person changes their own contact details. */
export type DetailsChanger = 'staff' | 'self';

const POLICY_ACTION = {
  staff: 'patient.update_details',
  self: 'patient.update_own_contact',
} as const;

async function mayChange(uc: UseCase, patient: PatientRow, by: DetailsChanger): Promise<boolean> {
  return can(
    await accessActorFor(uc.db, signedInUser(uc)),
    POLICY_ACTION[by],
    patientRecordResource(patient),
  );
}

/** The record to change (its opening audited); null (404) when missing or not the user's to change. */
export async function openDetailsForChange(
  uc: UseCase,
  patientId: string,
  by: DetailsChanger = 'staff',
): Promise<PatientRow | null> {
  const patient = await openPatient(uc, { patientId, purpose: 'change details' });
  if (!patient || !(await mayChange(uc, patient, by))) return null;
  return patient;
}

/** The channels messages go to the person on, the address each uses and the consent it needs. */
const CHANNELS = [
  { channel: 'email', address: 'email', allowed: 'allowEmail' },
  { channel: 'sms', address: 'mobile', allowed: 'allowSms' },
] as const;

/**
 * Messages already waiting follow the change (H6): to a channel the person no longer allows, or
 * an address they no longer have, they are withdrawn; to a changed number or email, they go to
 * the new one (their reminders keep coming). Answers how many of each.
 */
async function followContactChange(uc: UseCase, patient: PatientRow, details: PatientDetails) {
  let withdrawn = 0;
  let readdressed = 0;
  for (const c of CHANNELS) {
    const from = patient[c.address]?.trim();
    if (!from) continue;
    const to = reachable(details, c);
    if (to === from) continue;
    const n = await redirectPendingMessages(uc.db, uc.service.id, {
      patientId: patient.id,
      channel: c.channel,
      from,
      to,
    });
    if (to) readdressed += n;
    else withdrawn += n;
  }
  return { withdrawn, readdressed };
}

/** Where messages on this channel can go: allowed, to this number or address; else null. */
function reachable(
  contact: Pick<PatientDetails, 'email' | 'mobile' | 'allowEmail' | 'allowSms'>,
  c: (typeof CHANNELS)[number],
): string | null {
  return (contact[c.allowed] && contact[c.address]?.trim()) || null;
}

/**
 * A channel the person can be reached on now and could not before (turned back on, or a number or
 * address given for it): the appointments already booked get the reminders booking would have
 * queued on it, still to come and none repeated (H6). Someone no channel reached before was told
 * nothing when they were booked or moved: they also get one list of them (walk 12). Answers how
 * many of each were queued.
 */
async function remindOnNewChannels(uc: UseCase, patient: PatientRow, details: PatientDetails) {
  const channels = CHANNELS.filter((c) => reachable(details, c) && !reachable(patient, c)).map(
    (c) => c.channel,
  );
  if (channels.length === 0) return { reminders: 0, lists: 0 };
  return queueRemindersOnChannels(
    uc.db,
    uc.clock,
    uc.service.id,
    uc.links,
    {
      id: patient.id,
      email: details.email,
      mobile: details.mobile,
      allowEmail: details.allowEmail,
      allowSms: details.allowSms,
    },
    channels,
    { unreachableBefore: CHANNELS.every((c) => !reachable(patient, c)) },
  );
}

/**
 * Saves the details; answers which fields changed (none is not an error). The person's own
 * change keeps the GP details as they are, whatever was sent.
 */
export async function changePatientDetails(
  uc: UseCase,
  patient: PatientRow,
  given: PatientDetails,
  by: DetailsChanger = 'staff',
): Promise<(keyof PatientDetails)[] | null> {
  if (!(await mayChange(uc, patient, by))) return null;
  const details =
    by === 'self' ? { ...given, gpPractice: patient.gpPractice, gpEmail: patient.gpEmail } : given;
  const changed = FIELDS.filter((f) => !same(patient[f], details[f]));
  if (changed.length === 0) return changed;
  // One transaction: the details, the messages that follow them and the audit row stand or fall
  // together.
  await uc.transaction(async (t) => {
    await updatePatientDetails(t.db, t.service.id, patient.id, details);
    const { withdrawn, readdressed } = await followContactChange(t, patient, details);
    const queued = await remindOnNewChannels(t, patient, details);
    await t.audit({
      action: 'patient.update',
      patientId: patient.id,
      recordType: 'patient',
      recordId: patient.id,
      details: {
        changed,
        ...(by === 'self' ? { by: 'patient' } : {}),
        // How many waiting messages followed the change (counts only, never an address).
        ...(withdrawn > 0 ? { messagesWithdrawn: withdrawn } : {}),
        ...(readdressed > 0 ? { messagesReaddressed: readdressed } : {}),
        ...(queued.reminders > 0 ? { remindersQueued: queued.reminders } : {}),
        ...(queued.lists > 0 ? { appointmentsListed: queued.lists } : {}),
      },
    });
  });
  return changed;
}
