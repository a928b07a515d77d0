/**
 * Discharge (issue 11): ends the course with one of the five reasons, closes the referral, stores
 * the outcome, writes the discharge letters (the GP's only with the patient's consent to contact
 * their GP), asks the patient for the PEQ and records their choice about the peer-support
 * community. The PEQ answers are stored with no link back to the patient or therapist (H19).
 */
import {
  DISCHARGE_REASON_LABELS,
  DISCHARGER_ROLE_LABELS,
  dischargerRole,
  dischargeOnwardProblem,
  dischargeRiskProblem,
  peqMonth,
  summarisePeq,
  type DischargeReason,
  type PeqAnswers,
  type PeqSummary,
} from '../../domain/discharge';
import { ONWARD_HEAR_WITHIN } from '../../domain/onward-referral';
import { outcomeSentences, patientOutcomeSentences } from './courses.outcome-words';
import { requireUser, type UseCase } from '../../platform/use-case';
import * as diary from '../diary';
import { serviceContact } from '../admin';
import { inviteToCommunity } from '../community';
import {
  emailLetterToGp,
  emailLetterToPatient,
  gpDischargeLetter,
  patientDischargeLetter,
  writeLetter,
} from '../letters';
import { sendMessageToPatient } from '../messages';
import { recordCourseOutcome } from '../outcomes';
import { ownPatientRecord } from '../patients';
import { listOpenAlertsForPatient, patientAlertsSince } from '../risk';
import * as therapists from '../therapists';
import { knownReceivingServices, referOnAtDischarge, type OnwardAtDischarge } from '../triage';
import { actorOf, courseForChange } from './courses.access';
import * as repo from './courses.repository';

export interface DischargeInput {
  courseId: string;
  reason: DischargeReason;
  note: string;
  communityInvite: boolean;
  /** Where they are referred on to: required for "referred on to another service" (H27). */
  onward: OnwardAtDischarge | null;
}

export type DischargeResult =
  | {
      ok: true;
      dischargeId: string;
      gpLetterId: string | null;
      patientLetterId: string | null;
      /** The referral whose page records how the onward letter was sent, when referred on. */
      onwardReferralId: string | null;
    }
  | { ok: false; notFound: true }
  | { ok: false; alreadyEnded: true }
  /** Risk alerts are open for the patient (H19): nothing was changed. */
  | { ok: false; openRisk: string }
  /** The onward referral cannot be made as asked (H27): nothing was changed. */
  | { ok: false; onwardProblem: { field: 'urgency' | 'reason'; message: string } };

/** The patient's open risk alerts, for the discharge page (which has already opened the course). */
export function openAlertsForDischarge(uc: UseCase, patientId: string) {
  return listOpenAlertsForPatient(uc.db, uc.service.id, patientId);
}

/**
 * Where the discharge looks back to for risk (H19, H27): the whole time with the service, from
 * the referral, so an alert at referral or on the waiting list counts too (walk 5).
 */
function riskLookbackFrom(
  course: { startedAt: Date },
  referral: { receivedAt: Date } | null,
): Date {
  return referral && referral.receivedAt < course.startedAt
    ? referral.receivedAt
    : course.startedAt;
}

/**
 * For the discharge page's onward referral (H27): how many risk alerts were raised since the
 * referral (then it cannot be routine), and the receiving services used before.
 */
export async function onwardChoicesForDischarge(
  uc: UseCase,
  course: { startedAt: Date; referralId: string | null },
  patientId: string,
): Promise<{ alertsSinceReferral: number; receivingServices: string[] }> {
  const [referral, receivingServices] = await Promise.all([
    course.referralId ? repo.findReferral(uc.db, uc.service.id, course.referralId) : null,
    knownReceivingServices(uc),
  ]);
  const from = riskLookbackFrom(course, referral);
  const alerts = await patientAlertsSince(uc.db, uc.service.id, patientId, from);
  return { alertsSinceReferral: alerts.length, receivingServices };
}

/** Whether the patient agreed in their referral that we may contact their GP. */
function gpConsented(answers: unknown): boolean {
  if (!answers || typeof answers !== 'object') return false;
  const v = (answers as Record<string, unknown>).gpConsent;
  if (v === true) return true;
  if (v && typeof v === 'object') return (v as Record<string, unknown>).consent === true;
  return false;
}

export async function dischargeCourse(
  uc: UseCase,
  input: DischargeInput,
): Promise<DischargeResult> {
  return uc.transaction(async (t) => {
    const serviceId = t.service.id;
    const opened = await courseForChange(t, input.courseId, 'course.discharge');
    if (!opened) return { ok: false, notFound: true };
    const { course, patient } = opened;
    if (course.status !== 'active') return { ok: false, alreadyEnded: true };
    // Checked again here, whatever the page showed: an alert may have been raised since.
    const openRisk = dischargeRiskProblem(
      (await listOpenAlertsForPatient(t.db, serviceId, patient.id)).length,
    );
    if (openRisk) return { ok: false, openRisk };
    // The referral, locked once: it dates the look back for risk and is closed below.
    const referral = course.referralId
      ? await repo.findReferral(t.db, serviceId, course.referralId, true)
      : null;
    // Every alert since the referral, closed ones included: the GP's and any onward letter name
    // them, and an onward referral after any is not routine.
    const riskAlerts = await patientAlertsSince(
      t.db,
      serviceId,
      patient.id,
      riskLookbackFrom(course, referral),
    );
    const onwardProblem = dischargeOnwardProblem({
      reason: input.reason,
      onward: input.onward,
      hasReferral: course.referralId !== null,
      alertsSinceReferral: riskAlerts.length,
    });
    if (onwardProblem) return { ok: false, onwardProblem };
    const now = t.clock.now();
    const label = DISCHARGE_REASON_LABELS[input.reason];
    // Their notice says the sessions are cancelled and that a message is waiting (below).
    const cancelled = await diary.cancelFutureCourseSessions(
      t.db,
      t.clock,
      serviceId,
      patient,
      course.id,
      t.links,
    );
    await repo.endCourse(t.db, serviceId, course.id, label, now);
    const outcome = await recordCourseOutcome(t, { course, endedAt: now });
    const onward = input.reason === 'referred_on' ? input.onward : null;
    if (referral) await repo.setReferralStatus(t.db, serviceId, referral.id, 'discharged', now);
    const discharge = await repo.insertDischarge(t.db, {
      serviceId,
      courseId: course.id,
      patientId: patient.id,
      reason: input.reason,
      note: input.note,
      communityInvite: input.communityInvite,
      dischargedBy: requireUser(t).userId,
      dischargedAt: now,
    });
    // The invitation to the peer-support community, when the patient wanted one (issue 13).
    const invitation = input.communityInvite
      ? await inviteToCommunity(t, { patientId: patient.id })
      : null;
    const therapistName =
      (await therapists.displayNames(t.db, serviceId, [course.therapistId])).get(
        course.therapistId,
      ) ?? 'Your therapist';
    // The letters are signed by whoever discharged: a supervisor or a manager by name and role.
    const user = requireUser(t);
    const role = dischargerRole(await actorOf(t), {
      therapistId: course.therapistId,
      responsibleClinicianId: patient.responsibleClinicianId,
    });
    const dischargedBy = role
      ? { name: user.displayName, role: DISCHARGER_ROLE_LABELS[role] }
      : null;
    const facts = {
      serviceName: t.service.name,
      serviceContact: await serviceContact(t.db, serviceId),
      riskAlerts,
      note: input.note,
      patient,
      therapistName,
      dischargedBy,
      reason: input.reason,
      reasonLabel: label,
      attendedSessions: outcome.attendedSessions,
      plannedSessions: course.plannedSessions,
      outcome: outcomeSentences(outcome),
      patientOutcome: patientOutcomeSentences(outcome),
      dischargedAt: now,
      referredOnTo: onward
        ? { service: onward.receivingService, hearWithin: ONWARD_HEAR_WITHIN[onward.urgency] }
        : null,
    };
    const gpConsent = gpConsented(referral?.answers);
    const gpLetter = gpConsent
      ? await writeLetter(t, {
          patientId: patient.id,
          kind: 'discharge_gp',
          sourceKey: `discharge:${discharge.id}:gp`,
          content: gpDischargeLetter(facts),
        })
      : null;
    const patientLetter = await writeLetter(t, {
      patientId: patient.id,
      kind: 'discharge_patient',
      sourceKey: `discharge:${discharge.id}:patient`,
      content: patientDischargeLetter(facts),
    });
    // By email too (issue 11, H27): the GP's copy to the practice email; the patient's attached
    // if they asked for letters by email, and otherwise linked from the message below alone.
    const gpDelivery = gpLetter
      ? await emailLetterToGp(t, { letterId: gpLetter.id, patient, gpConsent })
      : null;
    const patientDelivery = patientLetter
      ? await emailLetterToPatient(t, {
          letterId: patientLetter.id,
          patient,
          linkedInMessage: true,
        })
      : null;
    const referredOn =
      onward && referral
        ? await referOnAtDischarge(t, {
            referralId: referral.id,
            courseId: course.id,
            patient,
            clinicianId: requireUser(t).userId,
            clinicianName: dischargedBy?.name ?? therapistName,
            clinicianRole: dischargedBy?.role ?? null,
            onward,
            course: [
              `They attended ${outcome.attendedSessions} of ${course.plannedSessions} planned sessions of interpersonal therapy (IPT) for depression.`,
              ...facts.outcome,
            ],
            alertsSinceReferral: riskAlerts,
            gpConsent,
          })
        : null;
    const site = t.links.publicUrl.replace(/\/+$/, '');
    // Read behind sign-in; the text or email only says a message is waiting.
    await sendMessageToPatient(t, {
      patientId: patient.id,
      subject: 'Your sessions have ended',
      body: [
        `Your sessions with ${therapistName} have ended. Thank you for working with us.`,
        ...(cancelled > 0
          ? [
              cancelled === 1
                ? 'We have cancelled the appointment that was still booked, so you do not need to come to it.'
                : `We have cancelled the ${cancelled} appointments that were still booked, so you do not need to come to them.`,
            ]
          : []),
        ...(onward
          ? [
              `As we talked about, we have referred you on to ${onward.receivingService}. They should get in touch with you. If you have not heard from them within ${ONWARD_HEAR_WITHIN[onward.urgency]}, please contact us.`,
            ]
          : []),
        ...(patientLetter
          ? [`You can read your letter here: ${site}/letters/${patientLetter.id}/pdf`]
          : []),
        `Please tell us how it went: ${site}/feedback/${discharge.id}. Your answers are anonymous: nobody can see who gave them.`,
      ].join('\n\n'),
      sourceKey: `discharge:${discharge.id}`,
      // The course-ended notice about the cancelled sessions already points to this message.
      announce: cancelled === 0,
    });
    await t.audit({
      action: 'course.discharge',
      patientId: patient.id,
      recordType: 'course',
      recordId: course.id,
      details: {
        reason: input.reason,
        dischargeId: discharge.id,
        onwardReferralId: referredOn?.onwardId ?? null,
        gpLetter: gpLetter?.id ?? null,
        gpLetterEmail: gpDelivery,
        patientLetterEmail: patientDelivery,
        communityInvite: input.communityInvite,
        communityInvitation: invitation
          ? invitation.ok
            ? invitation.outcome
            : invitation.reason
          : null,
      },
    });
    return {
      ok: true,
      dischargeId: discharge.id,
      gpLetterId: gpLetter?.id ?? null,
      patientLetterId: patientLetter?.id ?? null,
      onwardReferralId: referredOn ? (referral?.id ?? null) : null,
    };
  });
}

/** The discharge of a course, for the course page (after the page's own access check). */
export function dischargeOf(uc: UseCase, courseId: string) {
  return repo.dischargeOfCourse(uc.db, uc.service.id, courseId);
}

/**
 * Whether a patient chose, at discharge, to be invited to the peer-support community (the
 * community feature builds the invitation). Null when they have not been discharged.
 */
export async function communityInviteChoice(
  db: UseCase['db'],
  serviceId: string,
  patientId: string,
): Promise<{ invite: boolean; dischargedAt: Date } | null> {
  const [latest] = await repo.dischargesOfPatient(db, serviceId, patientId);
  return latest ? { invite: latest.communityInvite, dischargedAt: latest.dischargedAt } : null;
}

/** The signed-in patient's own discharge waiting for the PEQ, or null (404). */
export async function openPeq(uc: UseCase, dischargeId: string) {
  const user = requireUser(uc);
  const patient = await ownPatientRecord(uc.db, uc.service.id, user.userId);
  const discharge = await repo.findDischarge(uc.db, uc.service.id, dischargeId);
  if (!patient || discharge?.patientId !== patient.id) return null;
  return { dischargeId: discharge.id, answered: discharge.peqAnsweredAt !== null };
}

/**
 * Stores the PEQ answers apart from the discharge (hazard H19): the discharge only records that
 * it was answered; the answers carry the month and nothing else.
 */
export async function answerPeq(
  uc: UseCase,
  input: { dischargeId: string; answers: PeqAnswers },
): Promise<'saved' | 'already' | null> {
  return uc.transaction(async (t) => {
    const user = requireUser(t);
    const patient = await ownPatientRecord(t.db, t.service.id, user.userId);
    const discharge = await repo.findDischarge(t.db, t.service.id, input.dischargeId, true);
    if (!patient || discharge?.patientId !== patient.id) return null;
    const now = t.clock.now();
    if (!(await repo.markPeqAnswered(t.db, discharge, now))) return 'already';
    await repo.insertPeqResponse(t.db, t.service.id, peqMonth(now), input.answers);
    // The audit row says it was answered, never what was answered.
    await t.audit({
      action: 'peq.answer',
      patientId: patient.id,
      recordType: 'discharge',
      recordId: discharge.id,
    });
    return 'saved';
  });
}

/** The service's PEQ totals over the last 12 months (managers; nothing under five responses). */
export async function peqSummary(uc: UseCase): Promise<PeqSummary | null> {
  const now = uc.clock.now();
  const from = peqMonth(new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1)));
  const rows = await repo.peqAnswersSince(uc.db, uc.service.id, from);
  await uc.audit({ action: 'peq.summary_view', recordType: 'service', recordId: uc.service.id });
  return summarisePeq(rows.map((r) => r.answers));
}
