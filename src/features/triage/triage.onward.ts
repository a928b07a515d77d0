/**
 * Onward referral (issue 11, hazard H27): an assessment that offers another treatment records
 * where the person is referred on, closes the referral, and writes the onward-referral letter to
 * the receiving service, copied to the GP (with the patient's consent) and the patient.
 */
import type { OnwardSentWay, OtherTreatment, PresentingProblem, RiskLevel } from '../../db/schema';
import { formatLondonDate } from '../../domain/calendar';
import {
  compareOnwardToSend,
  ONWARD_URGENCY_LABELS,
  onwardRiskParagraphs,
  onwardRiskParagraphsAtDischarge,
  onwardUrgencyProblem,
  type OnwardUrgencyId,
} from '../../domain/onward-referral';
import type { ScoreSuccess } from '../../domain/measures';
import { auditPatientsListed, requireUser, type UseCase } from '../../platform/use-case';
import { fieldHref } from '../../ui/fields';
import type { FieldError } from '../../ui/forms';
import {
  emailGpLetterAgain,
  emailLetterToGp,
  emailLetterToPatient,
  lettersOnRecord,
  onwardReferralLetter,
  recordGpLetterSentAnotherWay,
  writeLetter,
  type GpLetterDelivery,
  type LetterOnRecord,
  type OnwardReferralFacts,
  type PatientLetterDelivery,
} from '../letters';
import { serviceContact } from '../admin';
import { findPatient, type PatientRow } from '../patients';
import { listOpenAlertsForPatient } from '../risk';
import * as repo from './onward.repository';
import { gpConsentGiven } from './referral-answers';
import { OTHER_TREATMENT_PHRASES, PRESENTING_PROBLEM_LABELS } from './referral-labels';
import type { OnwardReferralForm } from './triage.forms';
import type { ReferralRow } from './triage.repository';

export type { OnwardReferralRow } from './onward.repository';

const raisesAlert = (scores: readonly ScoreSuccess[]) =>
  scores.some((s) => s.measureId === 'phq9' && s.riskFlag);

/**
 * The urgency rule checked against the alerts open now (the form checked only what it could
 * see): call before anything is written, so a refusal leaves the assessment unrecorded.
 */
export async function onwardUrgencyErrors(
  uc: UseCase,
  input: {
    patientId: string;
    onward: OnwardReferralForm;
    riskLevel: RiskLevel;
    scores: readonly ScoreSuccess[];
  },
): Promise<FieldError[]> {
  const open = await listOpenAlertsForPatient(uc.db, uc.service.id, input.patientId);
  const problem = onwardUrgencyProblem(input.onward.urgency, {
    riskLevel: input.riskLevel,
    openAlerts: open.length + (raisesAlert(input.scores) ? 1 : 0),
  });
  return problem ? [{ field: 'urgency', href: fieldHref.choice('urgency'), message: problem }] : [];
}

function scoreSentences(scores: readonly ScoreSuccess[]): string[] {
  const names: Record<string, string> = {
    phq9: 'PHQ-9 (depression)',
    gad7: 'GAD-7 (anxiety)',
    wsas: 'WSAS (work and social adjustment)',
  };
  return scores.map(
    (s) =>
      `${names[s.measureId] ?? s.measureId} score at the assessment: ${s.total}${s.band ? ` (${s.band.label.toLowerCase()})` : ''}.`,
  );
}

/**
 * Writes an onward referral's letter, links it to the referral, and emails the copies (the GP's
 * only with consent); the receiving service gets the PDF by the route it accepts.
 */
async function writeOnwardLetter(
  t: UseCase,
  row: repo.OnwardReferralRow,
  patient: PatientRow,
  gpConsent: boolean,
  facts: Omit<OnwardReferralFacts, 'serviceContact'>,
) {
  const content = { ...facts, serviceContact: await serviceContact(t.db, t.service.id) };
  const letter = await writeLetter(t, {
    patientId: patient.id,
    kind: 'onward_referral',
    sourceKey: `onward:${row.id}`,
    copyToGp: gpConsent,
    content: onwardReferralLetter(content),
  });
  if (!letter) return { letterId: null, gp: null, toPatient: null };
  await repo.setOnwardLetter(t.db, row, letter.id);
  return {
    letterId: letter.id,
    gp: await emailLetterToGp(t, { letterId: letter.id, patient, gpConsent }),
    toPatient: await emailLetterToPatient(t, { letterId: letter.id, patient }),
  };
}

/**
 * Records the onward referral inside the assessment's transaction (after any risk alert it
 * raises, so the letter names that one too), closes the referral and writes the letter.
 */
export async function recordOnwardReferral(
  t: UseCase,
  input: {
    referral: ReferralRow;
    assessmentId: string;
    patient: PatientRow;
    clinicianId: string;
    clinicianName: string;
    treatment: OtherTreatment;
    onward: OnwardReferralForm;
    reason: string;
    presentingProblem: PresentingProblem;
    presentingProblemOther: string | null;
    riskLevel: RiskLevel;
    riskAgreed: string;
    /** The safety plan agreed at the assessment, when one was recorded (H27). */
    safetyPlan: string | null;
    scores: readonly ScoreSuccess[];
  },
): Promise<{
  onwardId: string;
  letterId: string | null;
  gp: GpLetterDelivery | null;
  patient: PatientLetterDelivery | null;
}> {
  const serviceId = t.service.id;
  const now = t.clock.now();
  const { patient, onward } = input;
  const row = await repo.insertOnwardReferral(t.db, {
    serviceId,
    referralId: input.referral.id,
    assessmentId: input.assessmentId,
    patientId: patient.id,
    treatment: input.treatment,
    receivingService: onward.receivingService,
    reason: input.reason,
    discussed: onward.discussed,
    urgency: onward.urgency,
    createdBy: input.clinicianId,
    createdAt: now,
  });
  const openAlerts = await listOpenAlertsForPatient(t.db, serviceId, patient.id);
  // Mid-sentence, as written: "for cognitive behavioural therapy (CBT)", its acronym kept.
  const treatmentPhrase = OTHER_TREATMENT_PHRASES[input.treatment];
  const gpConsent = gpConsentGiven(input.referral.answers);
  const { letterId, gp, toPatient } = await writeOnwardLetter(t, row, patient, gpConsent, {
    serviceName: t.service.name,
    patient,
    clinicianName: input.clinicianName,
    receivingService: onward.receivingService,
    madeAt: 'assessment',
    treatmentPhrase,
    urgencyLabel: ONWARD_URGENCY_LABELS[onward.urgency],
    presentingProblem:
      input.presentingProblem === 'other' && input.presentingProblemOther
        ? input.presentingProblemOther
        : PRESENTING_PROBLEM_LABELS[input.presentingProblem],
    scores: scoreSentences(input.scores),
    reason: input.reason,
    discussed: onward.discussed,
    riskParagraphs: onwardRiskParagraphs({
      riskLevel: input.riskLevel,
      riskAgreed: input.riskAgreed,
      safetyPlan: input.safetyPlan,
      openAlerts: openAlerts.map((a) => ({
        reason: a.reason,
        raisedOn: formatLondonDate(a.raisedAt),
      })),
    }),
    copyToGp: gpConsent,
    writtenAt: now,
  });
  await repo.closeReferredOn(
    t.db,
    serviceId,
    input.referral.id,
    now,
    `Referred on to ${onward.receivingService} for ${treatmentPhrase}`,
  );
  await t.audit({
    action: 'onward_referral.create',
    patientId: patient.id,
    recordType: 'onward_referral',
    recordId: row.id,
    details: {
      referralId: input.referral.id,
      urgency: onward.urgency,
      treatment: input.treatment,
      openRiskAlerts: openAlerts.length,
      letterId,
      gpCopy: gp,
      patientCopy: toPatient,
    },
  });
  return { onwardId: row.id, letterId, gp, patient: toPatient };
}

/** What a discharge "referred on to another service" says about where the person goes. */
export interface OnwardAtDischarge {
  receivingService: string;
  reason: string;
  discussed: string;
  urgency: OnwardUrgencyId;
}

/**
 * Refers the person on at the discharge of their course (H27), inside the discharge's
 * transaction, which has already checked the urgency against the course's risk alerts
 * (`onwardUrgencyProblemAtDischarge`) and ended the course and referral: records the onward
 * referral against the course, writes the letter to the receiving service naming every risk alert
 * of the course with what was done, and emails the copies as at an assessment. Until the letter is
 * recorded as sent it stays on the clinician's home page, like one made at an assessment.
 */
export async function referOnAtDischarge(
  t: UseCase,
  input: {
    referralId: string;
    courseId: string;
    patient: PatientRow;
    clinicianId: string;
    clinicianName: string;
    /** Under their name when they are not the course's therapist (a supervisor, a manager). */
    clinicianRole: string | null;
    onward: OnwardAtDischarge;
    /** Plain sentences on the course: sessions attended and the outcome measures. */
    course: string[];
    alertsSinceReferral: readonly { reason: string; raisedAt: Date; actionTaken: string | null }[];
    gpConsent: boolean;
  },
): Promise<{ onwardId: string; letterId: string | null }> {
  const serviceId = t.service.id;
  const now = t.clock.now();
  const { patient, onward, gpConsent } = input;
  const row = await repo.insertOnwardReferral(t.db, {
    serviceId,
    referralId: input.referralId,
    courseId: input.courseId,
    patientId: patient.id,
    treatment: null,
    receivingService: onward.receivingService,
    reason: onward.reason,
    discussed: onward.discussed,
    urgency: onward.urgency,
    createdBy: input.clinicianId,
    createdAt: now,
  });
  const { letterId, gp, toPatient } = await writeOnwardLetter(t, row, patient, gpConsent, {
    serviceName: t.service.name,
    patient,
    clinicianName: input.clinicianName,
    clinicianRole: input.clinicianRole,
    receivingService: onward.receivingService,
    madeAt: 'discharge',
    treatmentPhrase: null,
    urgencyLabel: ONWARD_URGENCY_LABELS[onward.urgency],
    presentingProblem: null,
    scores: input.course,
    reason: onward.reason,
    discussed: onward.discussed,
    riskParagraphs: onwardRiskParagraphsAtDischarge(
      input.alertsSinceReferral.map((a) => ({
        reason: a.reason,
        raisedOn: formatLondonDate(a.raisedAt),
        actionTaken: a.actionTaken,
      })),
    ),
    copyToGp: gpConsent,
    writtenAt: now,
  });
  await t.audit({
    action: 'onward_referral.create',
    patientId: patient.id,
    recordType: 'onward_referral',
    recordId: row.id,
    details: {
      referralId: input.referralId,
      courseId: input.courseId,
      urgency: onward.urgency,
      riskAlertsSinceReferral: input.alertsSinceReferral.length,
      letterId,
      gpCopy: gp,
      patientCopy: toPatient,
    },
  });
  return { onwardId: row.id, letterId };
}

/** The onward referrals of a referral, for its page (which has already opened it). */
export function onwardReferralsOf(uc: UseCase, referralId: string) {
  return repo.onwardReferralsFor(uc.db, uc.service.id, referralId);
}

/**
 * How the copies of a referral's onward letters went (to the GP practice and to the person), for
 * its page: the GP's copy that did not reach the practice can be emailed again or recorded as
 * sent another way there (H27).
 */
export async function onwardLetters(
  uc: UseCase,
  patient: PatientRow | null,
  onward: readonly { letterId: string | null }[],
): Promise<LetterOnRecord[]> {
  const ids = new Set(onward.flatMap((o) => (o.letterId ? [o.letterId] : [])));
  if (!patient || ids.size === 0) return [];
  return (await lettersOnRecord(uc, patient)).filter((l) => ids.has(l.id));
}

/**
 * Emails the GP's copy of one of the referral's onward letters again, or records it as sent to
 * the practice another way. A letter that is not one of this referral's is not found.
 */
export async function actOnOnwardGpLetter(
  uc: UseCase,
  input: { referral: ReferralRow; letterId: string; action: 'email-gp' | 'sent-another-way' },
): Promise<'done' | 'not_found'> {
  const { referral, letterId } = input;
  const onward = await repo.onwardReferralsFor(uc.db, uc.service.id, referral.id);
  if (!referral.patientId || !onward.some((o) => o.letterId === letterId)) return 'not_found';
  const patient = await findPatient(uc.db, uc.service.id, referral.patientId);
  if (!patient) return 'not_found';
  const act = input.action === 'email-gp' ? emailGpLetterAgain : recordGpLetterSentAnotherWay;
  // Already on its way, sent, or recorded (a double click, or a colleague): the page says so.
  return (await act(uc, { letterId, patient })) === 'not_found' ? 'not_found' : 'done';
}

/** Receiving services used before, offered as suggestions on the assessment form. */
export function knownReceivingServices(uc: UseCase) {
  return repo.knownReceivingServices(uc.db, uc.service.id);
}

/**
 * Records how the person gets their letters (the GP practice's email, and whether they want the
 * PDF attached to emails), as agreed at the assessment; returns the patient as now recorded.
 */
export async function recordLetterPreferences(
  t: UseCase,
  patient: PatientRow,
  prefs: { gpEmail: string | null; lettersByEmail: boolean },
): Promise<PatientRow> {
  await repo.setLetterPreferences(t.db, t.service.id, patient.id, {
    gpEmail: prefs.gpEmail,
    allowLettersByEmail: prefs.lettersByEmail,
  });
  return {
    ...patient,
    gpEmail: prefs.gpEmail ?? patient.gpEmail,
    allowLettersByEmail: prefs.lettersByEmail,
  };
}

/**
 * Records how the letter reached the receiving service (H27). The caller has opened the referral
 * (access checked and audited). Once only: a second record, or one for an onward referral of
 * another referral, changes nothing.
 */
export async function recordOnwardSent(
  uc: UseCase,
  input: { referral: ReferralRow; onwardId: string; how: OnwardSentWay },
): Promise<'recorded' | 'already_recorded' | 'not_found'> {
  const user = requireUser(uc);
  const { referral } = input;
  const row = await repo.markOnwardSent(
    uc.db,
    uc.service.id,
    { referralId: referral.id, onwardId: input.onwardId },
    { at: uc.clock.now(), by: user.userId, how: input.how },
  );
  if (!row) {
    const existing = await repo.onwardReferralsFor(uc.db, uc.service.id, referral.id);
    return existing.some((o) => o.id === input.onwardId) ? 'already_recorded' : 'not_found';
  }
  await uc.audit({
    action: 'onward_referral.sent',
    patientId: row.patientId,
    recordType: 'onward_referral',
    recordId: row.id,
    details: { referralId: referral.id, how: input.how },
  });
  return 'recorded';
}

export interface OnwardToSend {
  onwardId: string;
  patientName: string;
  receivingService: string;
  urgency: OnwardUrgencyId;
  referredAt: Date;
  /** The referral page, where the letter opens and its sending is recorded. */
  href: string;
  /** Who made it, when that is someone whose access has been removed (a manager's list). */
  madeByFormerStaff: string | null;
}

/**
 * The signed-in clinician's onward referrals whose letter is not yet recorded as sent to the
 * receiving service, the most urgent first (H27): without this, a letter never sent leaves the
 * person waiting for a service that does not know about them. A service manager also sees those
 * made by staff whose access has been removed, which nobody else would.
 */
export async function onwardReferralsToSend(uc: UseCase): Promise<OnwardToSend[]> {
  const user = requireUser(uc);
  const mine = await repo.onwardNotSentBy(uc.db, uc.service.id, user.userId);
  const former = user.roles.includes('service_manager')
    ? await repo.onwardNotSentByFormerStaff(uc.db, uc.service.id)
    : [];
  const rows = [
    ...mine.map((r) => ({ ...r, former: false })),
    ...former.map((r) => ({ ...r, former: true })),
  ];
  // Each person named on the list is a look at their record.
  await auditPatientsListed(
    uc,
    'onward_referral.list_unsent',
    rows.map((r) => r.patientId),
    { count: rows.length },
  );
  return rows
    .map((r) => ({
      onwardId: r.onwardId,
      patientName: `${r.givenName} ${r.familyName}`,
      receivingService: r.receivingService,
      urgency: r.urgency,
      referredAt: r.referredAt,
      href: `/staff/referrals/${r.referralId}#onward`,
      madeByFormerStaff: r.former ? r.madeBy : null,
    }))
    .sort(compareOnwardToSend);
}
