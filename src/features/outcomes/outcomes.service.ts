import type { treatmentCourses } from '../../db/schema';
import {
  RELIABLE_RECOVERY_BENCHMARKS,
  outcomeRates,
  waitingTimeStandards,
  type OutcomeRates,
  type WaitingTimeStandardsReport,
} from '../../domain/outcomes';
import type { UseCase } from '../../platform/use-case';
import { outcomeRecord, scoresOfCourse } from './outcomes.compute';
import * as repo from './outcomes.repository';

type Course = typeof treatmentCourses.$inferSelect;

/** Questionnaires the national outcomes are worked out from. */
export const OUTCOME_MEASURES = ['phq9', 'gad7'] as const;

const ATTENDED = new Set(['attended', 'arrived_late']);

/**
 * Works out and stores a course's NHS Talking Therapies outcome. Called by the discharge inside its
 * transaction, so the course ends and its outcome is stored together, or neither. Audited.
 */
export async function recordCourseOutcome(
  uc: UseCase,
  { course, endedAt }: { course: Course; endedAt: Date },
): Promise<repo.CourseOutcomeRow> {
  const tx = uc.db;
  const serviceId = uc.service.id;
  const sessions = await repo.courseSessions(tx, serviceId, [course.id]);
  const attended = sessions.filter((s) => ATTENDED.has(s.status));
  const responses = await repo.currentResponses(
    tx,
    serviceId,
    { patientIds: [course.patientId], referralIds: course.referralId ? [course.referralId] : [] },
    OUTCOME_MEASURES,
  );
  const scores = scoresOfCourse(course, sessions, responses);
  const record = outcomeRecord({
    attendedSessions: attended.length,
    scores,
    endedAt,
    referralReceivedAt: course.referralId
      ? await repo.referralReceivedAt(tx, serviceId, course.referralId)
      : null,
    firstTreatmentAt: attended[0]?.startsAt ?? null,
  });
  const row = await repo.saveOutcome(tx, {
    serviceId,
    courseId: course.id,
    patientId: course.patientId,
    ...record,
    computedAt: uc.clock.now(),
  });
  await uc.audit({
    action: 'course.outcome_record',
    patientId: course.patientId,
    recordType: 'course',
    recordId: course.id,
    details: {
      status: row.status,
      attendedSessions: row.attendedSessions,
      finishedTreatment: row.finishedTreatment,
      reliableRecovery: row.reliableRecovery,
    },
  });
  return row;
}

export const findCourseOutcome = repo.findOutcome;

/** Ended courses of a patient with their outcomes, for the record page (the caller audits). */
export const patientCourseOutcomes = repo.endedCoursesOfPatient;

export interface ServiceOutcomesReport {
  /** Ended courses in the period. */
  ended: number;
  /** Ended before outcomes were recorded: no outcome row. */
  withoutOutcome: number;
  /** Finished a course of treatment (2 or more attended sessions), paired scores or not. */
  finished: number;
  /** Fewer than 2 attended treatment sessions. */
  notFinished: number;
  /** Finished, but without a first and last PHQ-9 and GAD-7: left out of the rates. */
  finishedWithoutPairedScores: number;
  rates: OutcomeRates;
  benchmarks: typeof RELIABLE_RECOVERY_BENCHMARKS;
  waiting: WaitingTimeStandardsReport;
}

/** Outcome rates and waiting times over courses that ended in [from, to). Aggregate; audited. */
export async function serviceOutcomes(
  uc: UseCase,
  { range }: { range: { from?: Date; to?: Date } },
): Promise<ServiceOutcomesReport> {
  const rows = await repo.endedCourses(uc.db, uc.service.id, range);
  const outcomes = rows.flatMap((r) => (r.outcome ? [r.outcome] : []));
  const computed = outcomes.filter((o) => o.status === 'computed');
  const finished = outcomes.filter((o) => o.finishedTreatment);
  const report: ServiceOutcomesReport = {
    ended: rows.length,
    withoutOutcome: rows.length - outcomes.length,
    finished: finished.length,
    notFinished: outcomes.length - finished.length,
    finishedWithoutPairedScores: finished.filter((o) => o.status !== 'computed').length,
    // Stored flags are exactly courseOutcome's (null where not applicable).
    rates: outcomeRates(
      computed.map((o) => ({
        finishedTreatment: o.finishedTreatment,
        casenessAtStart: o.casenessAtStart === true,
        recovered: o.recovered,
        reliableImprovement: o.reliableImprovement,
        reliableDeterioration: o.reliableDeterioration,
        noReliableChange: o.noReliableChange,
        reliableRecovery: o.reliableRecovery,
      })),
    ),
    benchmarks: RELIABLE_RECOVERY_BENCHMARKS,
    waiting: waitingTimeStandards(
      outcomes.map((o) => ({
        referralReceived: o.referralReceivedAt,
        firstTreatmentAppointment: o.firstTreatmentAt,
        finishedTreatment: o.finishedTreatment,
      })),
    ),
  };
  const details = {
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    ended: report.ended,
  };
  // The report is built from each of these patients' records: one row per patient, so searching
  // the log by patient finds it (issue 10); one summary row when no course ended in the range.
  const counted = [...new Set(rows.map((r) => r.patientId))];
  if (counted.length === 0) await uc.audit({ action: 'outcomes.report_view', details });
  else
    await uc.auditMany(
      counted.map((patientId) => ({ action: 'outcomes.report_view' as const, patientId, details })),
    );
  return report;
}

/** Current questionnaire responses of patients, for the caseload's scores and change. */
export const currentResponses = repo.currentResponses;

/** The attended sessions of courses, for pairing scores with sessions. */
export const courseSessions = repo.courseSessions;
