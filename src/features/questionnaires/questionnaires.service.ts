import type { Db } from '../../db/client';
import type { AppointmentStatus } from '../../db/schema';
import { formatLondonDateTime } from '../../domain/calendar';
import {
  MEASURES,
  SESSION_MEASURE_IDS,
  getMeasure,
  isItemCaseness,
  optionsFor,
  riskInAnswersSoFar,
  riskItemAnswer,
  type Measure,
  type MeasureId,
  type ScoreSuccess,
} from '../../domain/measures';
import { needsOwnAlert } from '../../domain/risk';
import { accessActorFor, can } from '../../platform/access';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { UseCase } from '../../platform/use-case';
import { openPatientRecord, type PatientRow } from '../patients';
import { listOpenAlertsForPatient, raiseRiskAlertAndTellClinician } from '../risk';
import { cleanDraft, type RawAnswers } from './questionnaires.forms';
import * as repo from './questionnaires.repository';
import {
  opensDaysBefore,
  questionnaireWindow,
  staffMayEnter,
  windowState,
  type QuestionnaireWindow,
  type WindowState,
} from './questionnaires.rules';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in person a questionnaire use case acts for (these routes always have one). */
function signedIn(uc: UseCase) {
  if (!uc.user) throw new Error('questionnaires are answered by a signed-in person');
  return uc.user;
}

/** One IPT session, as the questionnaires see it: when they are open, and for whom. */
export interface Session extends repo.SessionRow {
  daysBefore: number;
  window: QuestionnaireWindow;
  state: WindowState;
}

async function loadSession(
  db: Db,
  clock: Clock,
  serviceId: string,
  appointmentId: string,
): Promise<Session | null> {
  if (!UUID_RE.test(appointmentId)) return null;
  const row = await repo.findSession(db, serviceId, appointmentId);
  if (!row) return null;
  const daysBefore = opensDaysBefore(
    (await repo.questionnaireSettings(db, serviceId))?.questionnaireOpensDaysBefore,
  );
  return {
    ...row,
    daysBefore,
    window: questionnaireWindow(row.appointment, daysBefore),
    state: windowState(row.appointment, clock.now(), daysBefore),
  };
}

/**
 * One of the signed-in patient's own sessions (the policy's `care.read_own`). Null (shown as 404)
 * for a session that does not exist or is someone else's; every attempt is audited, a refused one
 * with the patient it was.
 */
export async function openOwnSession(
  uc: UseCase,
  input: { appointmentId: string; purpose: string },
): Promise<Session | null> {
  const { appointmentId, purpose } = input;
  const session = await loadSession(uc.db, uc.clock, uc.service.id, appointmentId);
  const allowed =
    session !== null &&
    can(await accessActorFor(uc.db, signedIn(uc)), 'care.read_own', {
      kind: 'appointment',
      serviceId: uc.service.id,
      therapistId: session.appointment.therapistId,
      responsibleClinicianId: session.patient.responsibleClinicianId,
      patientUserId: session.patient.userId,
    });
  await uc.audit({
    action: 'questionnaire.read',
    patientId: session?.patient.id ?? null,
    recordType: 'appointment',
    recordId: appointmentId.slice(0, 100),
    outcome: allowed ? 'success' : 'denied',
    reason: purpose,
  });
  return allowed ? session : null;
}

export type MeasureStatus = 'done' | 'started' | 'not_started';

export interface SessionProgress {
  /** The current response for each questionnaire completed. */
  responses: Map<string, repo.ResponseRow>;
  /** Partial answers for each questionnaire not yet completed. */
  drafts: Map<string, RawAnswers>;
  status: Record<MeasureId, MeasureStatus>;
  completed: Set<string>;
}

/** What has been answered so far for a session that was opened. */
export function sessionProgress(uc: UseCase, session: Session): Promise<SessionProgress> {
  return progressOf(uc.db, uc.service.id, session.appointment.id);
}

async function progressOf(
  db: Db,
  serviceId: string,
  appointmentId: string,
): Promise<SessionProgress> {
  const [responses, drafts] = await Promise.all([
    repo.currentResponses(db, serviceId, [appointmentId]),
    repo.draftsFor(db, serviceId, appointmentId),
  ]);
  const byMeasure = new Map(responses.map((r) => [r.measureId, r]));
  const draftMap = new Map<string, RawAnswers>();
  for (const d of drafts) {
    const measure = getMeasure(d.measureId);
    if (measure && !d.responseId) draftMap.set(d.measureId, cleanDraft(measure, d.answers));
  }
  const status = {} as Record<MeasureId, MeasureStatus>;
  for (const id of SESSION_MEASURE_IDS)
    status[id] = byMeasure.has(id)
      ? 'done'
      : Object.keys(draftMap.get(id) ?? {}).length > 0
        ? 'started'
        : 'not_started';
  return {
    responses: byMeasure,
    drafts: draftMap,
    status,
    completed: new Set(byMeasure.keys()),
  };
}

/**
 * Keeps the answers given so far, so the person can leave and come back. Audited. A risk answer
 * among them (PHQ-9 question 9, hazard H1) raises its alert in the same transaction, finished or
 * not: once while that alert is open. Answers `alertId` when the person needs crisis help now.
 */
export async function saveDraft(
  uc: UseCase,
  input: { session: Session; measureId: MeasureId; answers: RawAnswers },
): Promise<{ alertId: string | null }> {
  const { session, measureId, answers } = input;
  const by = signedIn(uc).userId;
  return uc.transaction(async (t) => {
    await repo.saveDraftAnswers(
      t.db,
      { serviceId: t.service.id, appointmentId: session.appointment.id, measureId },
      { patientId: session.patient.id, answers, at: t.clock.now(), by },
    );
    await t.audit({
      action: 'questionnaire_draft.save',
      patientId: session.patient.id,
      recordType: 'appointment',
      recordId: session.appointment.id,
      details: { measureId, answered: Object.keys(answers).length },
    });
    const measure = MEASURES[measureId];
    const risk = riskInAnswersSoFar(measure, answers);
    if (!risk) return { alertId: null };
    const item = measure.items.find((i) => i.id === risk.itemId);
    const label = item
      ? (optionsFor(measure, item).find((o) => o.value === risk.value)?.label ?? String(risk.value))
      : String(risk.value);
    const reason = `${measure.shortTitle} question ${item?.number ?? ''} answered '${label}' by the patient before their session on ${formatLondonDateTime(session.appointment.startsAt)}, before they finished the questions`;
    // Once while an alert as urgent is open; a worse answer than it alerts again (H1).
    const open = await openSessionAlerts(t, session);
    const [standing] = open;
    if (
      standing &&
      !needsOwnAlert(
        reason,
        open.map((a) => a.reason),
      )
    )
      return { alertId: standing.id };
    const alert = await raiseRiskAlertAndTellClinician(
      t.db,
      t.clock,
      t.actor,
      {
        source: 'questionnaire',
        reason,
        patientId: session.patient.id,
        // The session: there is no response yet, and one alert per session's unfinished answers.
        sourceRecordId: session.appointment.id,
        responsibleClinicianId: responsibleFor(session),
      },
      t.links,
    );
    return { alertId: alert.id };
  });
}

/**
 * The open alerts raised from this session's questionnaires: from unfinished answers (on the
 * session) or from completed ones (on a response of the session).
 */
async function openSessionAlerts(
  t: UseCase,
  session: Session,
): Promise<{ id: string; reason: string }[]> {
  const [open, responses] = await Promise.all([
    listOpenAlertsForPatient(t.db, t.service.id, session.patient.id),
    repo.currentResponses(t.db, t.service.id, [session.appointment.id]),
  ]);
  const records = new Set([session.appointment.id, ...responses.map((r) => r.id)]);
  return open.filter(
    (a) =>
      a.source === 'questionnaire' && a.sourceRecordId !== null && records.has(a.sourceRecordId),
  );
}

/** The clinician a session's alerts go to: the patient's responsible clinician, else the therapist. */
function responsibleFor(session: repo.SessionRow): string {
  return (
    session.patient.responsibleClinicianId ??
    session.course?.therapistId ??
    session.appointment.therapistId
  );
}

/** Plain description for the risk queue (staff only; never in an email). */
export function riskReason(
  score: { measureId: string; answers: Readonly<Record<string, unknown>> },
  session: Pick<repo.SessionRow, 'appointment'>,
  how: 'patient' | 'clinician' | 'correction' | 'sent_again',
): string {
  const measure = getMeasure(score.measureId);
  const item = measure?.items.find((i) => i.id === measure.riskItem?.itemId);
  // Only a measure with a risk question flags risk.
  if (!measure || !item) throw new Error(`no risk question in ${score.measureId}`);
  const value = score.answers[item.id];
  const label = optionsFor(measure, item).find((o) => o.value === value)?.label ?? String(value);
  const when = formatLondonDateTime(session.appointment.startsAt);
  const context =
    how === 'patient'
      ? `by the patient before their session on ${when}`
      : how === 'clinician'
        ? `in the session on ${when}`
        : how === 'sent_again'
          ? `by the patient before their session on ${when}, sent again after their first answers were saved (the first answers stand)`
          : `in a correction to the answers for the session on ${when}`;
  return `${measure.shortTitle} question ${item.number} answered '${label}' ${context}`;
}

export type SubmitOutcome =
  | { kind: 'saved'; response: repo.ResponseRow; alertId: string | null }
  /** Already completed (a double submit, or entered by someone else first): nothing new stored. */
  | {
      kind: 'already_done';
      response: repo.ResponseRow;
      alertId: string | null;
      /** The answers sent again were the same as those kept (a double submit). */
      sameAnswers: boolean;
    };

/**
 * Stores a completed questionnaire for a session, tied to the appointment and the course, in one
 * transaction with its audit row and, for a risk answer, the risk alert and the email to the
 * responsible clinician: the answer is never saved without its alert.
 */
export async function submitQuestionnaire(
  uc: UseCase,
  input: { session: Session; score: ScoreSuccess; enteredByRole: 'patient' | 'clinician' },
): Promise<SubmitOutcome> {
  const { session, score, enteredByRole } = input;
  const userId = signedIn(uc).userId;
  return uc.transaction(async (t) => {
    const { db: tx, clock, actor, links } = t;
    const now = clock.now();
    const serviceId = t.service.id;
    const key = { serviceId, appointmentId: session.appointment.id, measureId: score.measureId };
    const draft = await repo.lockDraft(tx, key, { patientId: session.patient.id, at: now });
    const earlier = draft.responseId
      ? await repo.findResponse(tx, serviceId, draft.responseId)
      : (await repo.currentResponses(tx, serviceId, [session.appointment.id])).find(
          (r) => r.measureId === score.measureId,
        );
    if (earlier) {
      if (!draft.responseId)
        await repo.markDraftSubmitted(tx, key, { responseId: earlier.id, at: now, by: null });
      // The first answers stand, but a risk answer sent again (from a second tab, or after going
      // back) is never dropped: worse than the first answers and any open alert, it alerts (H1).
      let alertId: string | null = null;
      if (score.riskFlag && enteredByRole === 'patient') {
        const reason = riskReason(score, session, 'sent_again');
        const known = (await openSessionAlerts(t, session)).map((a) => a.reason);
        if (earlier.riskFlag) known.push(riskReason(earlier, session, 'patient'));
        if (needsOwnAlert(reason, known)) {
          const alert = await raiseRiskAlertAndTellClinician(
            tx,
            clock,
            actor,
            {
              source: 'questionnaire',
              reason,
              patientId: session.patient.id,
              sourceRecordId: earlier.id,
              responsibleClinicianId: responsibleFor(session),
            },
            links,
          );
          alertId = alert.id;
        }
      }
      const sameAnswers =
        Object.keys(score.answers).length === Object.keys(earlier.answers).length &&
        Object.entries(score.answers).every(([k, v]) => String(earlier.answers[k]) === String(v));
      return { kind: 'already_done' as const, response: earlier, alertId, sameAnswers };
    }

    // Answers the patient saved before a clinician finished with them stay theirs on the record.
    const measure = getMeasure(score.measureId);
    const saved = measure ? cleanDraft(measure, draft.answers) : {};
    const fromPatient =
      enteredByRole === 'clinician' && Object.keys(saved).length > 0
        ? { answers: saved, updatedAt: draft.updatedAt }
        : null;
    const response = await repo.insertResponse(tx, {
      serviceId,
      measureId: score.measureId,
      context: 'session',
      patientId: session.patient.id,
      appointmentId: session.appointment.id,
      courseId: session.appointment.courseId ?? session.course?.id ?? null,
      answers: { ...score.answers },
      total: score.total,
      band: score.band?.id ?? null,
      riskFlag: score.riskFlag,
      completedAt: now,
      enteredBy: userId,
      enteredByRole,
      patientAnswers: fromPatient?.answers ?? null,
      patientSavedAt: fromPatient?.updatedAt ?? null,
    });
    await repo.markDraftSubmitted(tx, key, { responseId: response.id, at: now, by: userId });
    await t.audit({
      action: 'measure_response.create',
      patientId: session.patient.id,
      recordType: 'measure_response',
      recordId: response.id,
      details: {
        measureId: score.measureId,
        context: 'session',
        appointmentId: session.appointment.id,
        enteredByRole,
        ...(fromPatient ? { answersSavedByPatient: Object.keys(fromPatient.answers).length } : {}),
      },
    });

    let alertId: string | null = null;
    const reason = score.riskFlag ? riskReason(score, session, enteredByRole) : null;
    // The risk answer already alerted while the questions were unfinished: that alert stands,
    // unless the finished answer is worse than it (H1).
    if (reason && enteredByRole === 'patient') {
      const open = await openSessionAlerts(t, session);
      const [standing] = open;
      if (
        standing &&
        !needsOwnAlert(
          reason,
          open.map((a) => a.reason),
        )
      )
        alertId = standing.id;
    }
    if (reason && !alertId) {
      const alert = await raiseRiskAlertAndTellClinician(
        tx,
        clock,
        actor,
        {
          source: 'questionnaire',
          reason,
          patientId: session.patient.id,
          sourceRecordId: response.id,
          responsibleClinicianId: responsibleFor(session),
        },
        links,
      );
      alertId = alert.id;
    }
    return { kind: 'saved' as const, response, alertId };
  });
}

// ---- The patient's home page ----------------------------------------------------------------------

export interface QuestionnairePrompt {
  appointmentId: string;
  startsAt: Date;
  /** Questionnaires completed out of the set. */
  answered: number;
  total: number;
  /** Some answers given already (completed or partly): "carry on" rather than "start". */
  started: boolean;
}

const PROMPT_STATUSES: readonly AppointmentStatus[] = ['booked', 'attended', 'arrived_late'];

/**
 * The session whose questionnaires the patient should answer now: the soonest one that is open
 * and not complete. Null when there is none.
 */
export async function questionnairePrompt(
  db: Db,
  clock: Clock,
  actor: Actor,
  patientId: string,
): Promise<QuestionnairePrompt | null> {
  const now = clock.now();
  const daysBefore = opensDaysBefore(
    (await repo.questionnaireSettings(db, actor.serviceId))?.questionnaireOpensDaysBefore,
  );
  // Sessions that have not ended and start within the window's reach (a day spare for the clock).
  const sessions = await repo.listSessions(db, actor.serviceId, patientId, {
    endsAfter: now,
    startsBefore: new Date(now.getTime() + (daysBefore + 2) * 86_400_000),
    statuses: PROMPT_STATUSES,
  });
  let prompt: QuestionnairePrompt | null = null;
  for (const s of sessions) {
    if (windowState(s, now, daysBefore) !== 'open') continue;
    const progress = await progressOf(db, actor.serviceId, s.id);
    const answered = SESSION_MEASURE_IDS.filter((id) => progress.status[id] === 'done').length;
    if (answered === SESSION_MEASURE_IDS.length) continue;
    prompt = {
      appointmentId: s.id,
      startsAt: s.startsAt,
      answered,
      total: SESSION_MEASURE_IDS.length,
      started: SESSION_MEASURE_IDS.some((id) => progress.status[id] !== 'not_started'),
    };
    break;
  }
  await audit(db, clock, actor, {
    action: 'questionnaire.prompt',
    patientId,
    recordType: 'patient',
    recordId: patientId,
    details: { appointmentId: prompt?.appointmentId ?? null },
  });
  return prompt;
}

// ---- Staff: entering, history and corrections ----------------------------------------------------

/**
 * A patient's session, for a clinician who may see the patient (openPatientRecord's rules: their
 * responsible therapist, that therapist's supervisor, service managers). Null (404) otherwise, or
 * when the session is not this patient's; audited.
 */
export async function openStaffSession(
  uc: UseCase,
  input: { patientId: string; appointmentId: string; purpose: string },
): Promise<{ patient: PatientRow; session: Session } | null> {
  const { patientId, appointmentId, purpose } = input;
  const patient = await openPatient(uc, patientId, purpose);
  if (!patient) return null;
  const session = await loadSession(uc.db, uc.clock, uc.service.id, appointmentId);
  const allowed = session !== null && session.patient.id === patient.id;
  await uc.audit({
    action: 'questionnaire.read',
    patientId: patient.id,
    recordType: 'appointment',
    recordId: appointmentId.slice(0, 100),
    outcome: allowed ? 'success' : 'denied',
    reason: purpose,
  });
  return allowed ? { patient, session } : null;
}

/** The patient record, through the patients feature (its access rules, its audit row). */
function openPatient(uc: UseCase, patientId: string, purpose: string) {
  return openPatientRecord(uc.db, uc.clock, uc.actor, signedIn(uc), patientId, purpose);
}

export function mayEnterNow(session: Session, now: Date): boolean {
  return staffMayEnter(session.appointment, now, session.daysBefore);
}

export interface HistoryVersion {
  response: repo.ResponseRow;
  enteredByName: string | null;
  enteredByRoles: string[] | null;
}

export interface HistoryMeasure {
  measureId: MeasureId;
  /** Newest first: the first is the current one; the rest were corrected. */
  versions: HistoryVersion[];
  /**
   * Answers the patient saved and did not send (walk 6: a risk answer among them must be seen),
   * while there is no completed response.
   */
  partial: { answers: RawAnswers; savedAt: Date } | null;
}

export interface HistorySession {
  appointment: repo.SessionListRow;
  measures: HistoryMeasure[];
  mayEnter: boolean;
}

/**
 * Every IPT session whose questionnaires have opened (or that has answers), newest first, with
 * each questionnaire's versions. Audited as a read of the patient's questionnaires.
 */
export async function patientHistory(uc: UseCase, patient: PatientRow): Promise<HistorySession[]> {
  const { db, clock, actor } = uc;
  const now = clock.now();
  const daysBefore = opensDaysBefore(
    (await repo.questionnaireSettings(db, actor.serviceId))?.questionnaireOpensDaysBefore,
  );
  const [sessions, rows, drafts] = await Promise.all([
    repo.listSessions(db, actor.serviceId, patient.id, {}),
    repo.sessionResponsesForPatient(db, actor.serviceId, patient.id),
    repo.unsentDraftsForPatient(db, actor.serviceId, patient.id),
  ]);
  const partialOf = (appointmentId: string, measureId: MeasureId) => {
    const d = drafts.find((x) => x.appointmentId === appointmentId && x.measureId === measureId);
    const measure = getMeasure(measureId);
    if (!d || !measure) return null;
    const answers = cleanDraft(measure, d.answers);
    return Object.keys(answers).length > 0 ? { answers, savedAt: d.updatedAt } : null;
  };
  const byAppointment = new Map<string, HistoryVersion[]>();
  for (const r of rows) {
    const key = r.response.appointmentId ?? '';
    const list = byAppointment.get(key) ?? [];
    list.push({
      response: r.response,
      enteredByName: r.enteredByName,
      enteredByRoles: r.enteredByRoles,
    });
    byAppointment.set(key, list);
  }
  const result: HistorySession[] = [];
  for (const s of [...sessions].reverse()) {
    const versions = byAppointment.get(s.id) ?? [];
    const mayEnter = staffMayEnter(s, now, daysBefore);
    const started = drafts.some((d) => d.appointmentId === s.id);
    if (versions.length === 0 && !mayEnter && !started) continue;
    const measureIds = [
      ...SESSION_MEASURE_IDS,
      ...new Set(
        versions
          .map((v) => v.response.measureId)
          .filter((id): id is MeasureId => !SESSION_MEASURE_IDS.includes(id as MeasureId)),
      ),
    ];
    result.push({
      appointment: s,
      mayEnter,
      measures: measureIds.map((measureId) => {
        const mine = versions
          .filter((v) => v.response.measureId === measureId)
          .sort((a, b) => versionOrder(b.response) - versionOrder(a.response));
        return {
          measureId,
          versions: mine,
          partial: mine.length === 0 ? partialOf(s.id, measureId) : null,
        };
      }),
    });
  }
  await uc.audit({
    action: 'measure_response.list',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: { context: 'session', count: rows.length },
  });
  return result;
}

/** A patient's session questionnaires page: their record (404 when not this clinician's) and history. */
export async function openHistory(
  uc: UseCase,
  input: { patientId: string; purpose: string },
): Promise<{ patient: PatientRow; sessions: HistorySession[] } | null> {
  const patient = await openPatient(uc, input.patientId, input.purpose);
  if (!patient) return null;
  return { patient, sessions: await patientHistory(uc, patient) };
}

/** Newest version first: the current one (never superseded) before those it replaced. */
function versionOrder(r: repo.ResponseRow): number {
  return r.supersededAt ? r.supersededAt.getTime() : Number.MAX_SAFE_INTEGER;
}

/**
 * A session questionnaire of this patient's that can be corrected (the current version). Null
 * (404) when missing, not theirs, or not a session questionnaire; audited.
 */
export async function openResponseForCorrection(
  uc: UseCase,
  input: { patientId: string; responseId: string; purpose: string },
): Promise<{
  patient: PatientRow;
  response: repo.ResponseRow;
  session: Session;
  measure: Measure;
} | null> {
  const { patientId, responseId, purpose } = input;
  const { db, clock, actor } = uc;
  const patient = await openPatient(uc, patientId, purpose);
  if (!patient) return null;
  const response = UUID_RE.test(responseId)
    ? await repo.findResponse(db, actor.serviceId, responseId)
    : null;
  const session =
    response?.appointmentId && response.patientId === patient.id && response.context === 'session'
      ? await loadSession(db, clock, actor.serviceId, response.appointmentId)
      : null;
  const measure = response ? getMeasure(response.measureId) : undefined;
  const allowed = response !== null && session !== null && measure !== undefined;
  await uc.audit({
    action: 'measure_response.read',
    patientId: patient.id,
    recordType: 'measure_response',
    recordId: responseId.slice(0, 100),
    outcome: allowed ? 'success' : 'denied',
    reason: purpose,
  });
  return allowed ? { patient, response, session, measure } : null;
}

export type CorrectionOutcome =
  | { ok: true; response: repo.ResponseRow; alertId: string | null }
  | { ok: false; reason: 'already_corrected' };

/**
 * Corrects a completed questionnaire: the original is kept and marked superseded, the new answers
 * are a new row that names it, with the reason, who and when; audited. A correction that now
 * shows a risk answer (or a different one) raises an alert like any other.
 */
export async function correctResponse(
  uc: UseCase,
  input: {
    session: Session;
    original: repo.ResponseRow;
    correction: { score: ScoreSuccess; reason: string };
  },
): Promise<CorrectionOutcome> {
  const { session, original, correction } = input;
  const userId = signedIn(uc).userId;
  return uc.transaction(async (t) => {
    const { db: tx, clock, actor, links } = t;
    const now = clock.now();
    const serviceId = t.service.id;
    if (!(await repo.supersedeResponse(tx, serviceId, original.id, now)))
      return { ok: false as const, reason: 'already_corrected' as const };
    const { score } = correction;
    const response = await repo.insertResponse(tx, {
      serviceId,
      measureId: original.measureId,
      context: original.context,
      patientId: original.patientId,
      referralId: original.referralId,
      assessmentId: original.assessmentId,
      appointmentId: original.appointmentId,
      courseId: original.courseId,
      answers: { ...score.answers },
      total: score.total,
      band: score.band?.id ?? null,
      riskFlag: score.riskFlag,
      // The answers are still those for the same session: charts keep them in the same place.
      completedAt: original.completedAt,
      enteredBy: userId,
      enteredByRole: 'clinician',
      supersedesId: original.id,
      correctionReason: correction.reason,
    });
    await t.audit({
      action: 'measure_response.correct',
      patientId: original.patientId,
      recordType: 'measure_response',
      recordId: response.id,
      reason: correction.reason,
      details: {
        measureId: original.measureId,
        supersedes: original.id,
        totalBefore: original.total,
        totalAfter: score.total,
      },
    });

    let alertId: string | null = null;
    const riskItem = getMeasure(original.measureId)?.riskItem;
    const changedRisk =
      riskItem !== null &&
      riskItem !== undefined &&
      String(original.answers[riskItem.itemId]) !== String(score.answers[riskItem.itemId]);
    if (score.riskFlag && changedRisk) {
      const alert = await raiseRiskAlertAndTellClinician(
        tx,
        clock,
        actor,
        {
          source: 'questionnaire',
          reason: riskReason(score, session, 'correction'),
          patientId: session.patient.id,
          sourceRecordId: response.id,
          responsibleClinicianId: responsibleFor(session),
        },
        links,
      );
      alertId = alert.id;
    }
    return { ok: true as const, response, alertId };
  });
}

/** A session's questionnaire as its note page shows it. */
export interface SessionScore {
  measureId: string;
  shortTitle: string;
  /** Null for the phobia scales, read item by item. */
  total: number | null;
  bandLabel: string | null;
  riskFlag: boolean;
  /** The risk question's answer in words, whatever it was (PHQ-9 question 9). */
  riskAnswer: { number: number; answer: string } | null;
  /**
   * A measure read item by item (the phobia scales): each item's score, and whether it is at
   * caseness (4 or more, clinical.md), so the note shows them rather than a link away (walk 11).
   */
  items: { label: string; score: string; caseness: boolean }[];
}

/**
 * The current (not corrected-away) questionnaires of one session, in the usual order, for a page
 * that has already checked access to the session and audited opening it (the session note).
 */
export async function scoresOfSession(uc: UseCase, appointmentId: string): Promise<SessionScore[]> {
  const rows = await repo.currentResponses(uc.db, uc.service.id, [appointmentId]);
  const order = (id: string) => {
    const i = SESSION_MEASURE_IDS.indexOf(id as MeasureId);
    return i === -1 ? SESSION_MEASURE_IDS.length : i;
  };
  return rows
    .map((r): SessionScore => {
      const measure = getMeasure(r.measureId);
      const risk = riskItemAnswer(r.measureId, r.answers);
      return {
        measureId: r.measureId,
        shortTitle: measure?.shortTitle ?? r.measureId,
        total: r.total,
        bandLabel: measure?.bands.find((b) => b.id === r.band)?.label ?? null,
        riskFlag: r.riskFlag,
        riskAnswer: risk ? { number: risk.number, answer: risk.answer } : null,
        items:
          r.total === null && measure
            ? measure.items.map((i) => {
                const given = r.answers[i.id];
                return {
                  label: i.construct ?? `Question ${i.number}`,
                  score: String(given),
                  caseness: typeof given === 'number' && isItemCaseness(measure, given) === true,
                };
              })
            : [],
      };
    })
    .sort((a, b) => order(a.measureId) - order(b.measureId));
}
