/**
 * A therapist's caseload, one row per active course, built in memory from a handful of queries
 * (one per table), so a caseload of 40 is as quick as one of 4. Pure: no I/O. Linear in the rows
 * fetched: responses are indexed once, and "today" is one London day's UTC window worked out once
 * (turning every session's start into London time was a third of the page's CPU time, issue 16).
 */
import type { AppointmentStatus, ResponseContext } from '../../db/schema';
import type { IsoDate } from '../../domain/calendar';
import { londonDayRange } from '../../domain/diary';
import {
  compareTotals,
  isCaseness,
  MEASURES,
  maxTotalWithout,
  reliableChange,
  type ReliableChange,
} from '../../domain/measures';
import {
  describeBaseline,
  isCasenessPair,
  isReliableDeterioration,
  isReliableImprovement,
  offTrack,
  pairScores,
  type MeasurePair,
  type OffTrackResult,
} from '../../domain/outcomes';
import { scoresOfCourse, type ResponseRow } from '../outcomes';

export const CASELOAD_MEASURES = ['phq9', 'gad7', 'wsas'] as const;
export type CaseloadMeasure = (typeof CASELOAD_MEASURES)[number];

export interface CaseloadCourse {
  courseId: string;
  patientId: string;
  referralId: string | null;
  therapistId: string;
  therapistName: string;
  plannedSessions: number;
  startedAt: Date;
  givenName: string;
  familyName: string;
}

export interface CaseloadSession {
  id: string;
  courseId: string | null;
  status: AppointmentStatus;
  startsAt: Date;
  sessionNumber?: number | null;
}

export interface MeasureSummary {
  latest: number | null;
  /**
   * The latest score's maximum when it is not the measure's usual one (WSAS answered without the
   * work question: 32, not 40), so the page says "out of 32"; null when it is the usual one.
   */
  latestOutOf: number | null;
  /** Where the latest score came from. */
  latestContext: ResponseContext | null;
  first: number | null;
  /** latest − first, when they are two different scores out of the same maximum. */
  change: number | null;
  /**
   * The first and latest scores are out of different maxima (one left out the WSAS work
   * question), so they are not compared and `change` is null (`compareTotals`, hazard H5).
   */
  notCompared: boolean;
  /**
   * Which score the change is from, in words ("first score, at session 1, 17"), ADR 0005, with
   * its maximum when that is not the usual one ("first score, at session 1, 17 out of 32").
   */
  baseline: string | null;
}

export interface CaseloadRow {
  courseId: string;
  patientId: string;
  patientName: string;
  therapistId: string;
  therapistName: string;
  attendedSessions: number;
  plannedSessions: number;
  measures: Record<CaseloadMeasure, MeasureSummary>;
  /** From the first and latest PHQ-9 and GAD-7 together; null until both have two scores. */
  reliableChange: ReliableChange | null;
  /** At caseness on the latest scores; null when that cannot be told yet. */
  atCaseness: boolean | null;
  /** Start of an IPT session today (Europe/London) that is not cancelled or missed. */
  sessionToday: Date | null;
  /** A session today with no PHQ-9 entered for it. */
  questionnairesMissing: boolean;
  openRiskAlerts: number;
  /** Sessions of the course the patient did not attend. */
  missedSessions: number;
  /** The off-track rule on the PHQ-9 so far (src/domain/outcomes off-track.ts, hazard H16). */
  offTrack: OffTrackResult;
}

const ATTENDED: ReadonlySet<AppointmentStatus> = new Set(['attended', 'arrived_late']);
const TODAY_STATUSES: ReadonlySet<AppointmentStatus> = new Set([
  'booked',
  'attended',
  'arrived_late',
]);

function summarise(
  measureId: CaseloadMeasure,
  scores: readonly ResponseRow[],
  pair: MeasurePair,
  sessionNumbers: ReadonlyMap<string, number | null | undefined>,
): MeasureSummary {
  const latest = pair.last ?? pair.first;
  const first = pair.paired ? pair.first : null;
  const firstRow = first ? scores.find((r) => r.id === first.responseId) : undefined;
  const latestRow = latest ? scores.find((r) => r.id === latest.responseId) : undefined;
  // Each score's own maximum: an item answered "not applicable" lowers it (hazard H5).
  const usual = MEASURES[measureId].totalRange?.max ?? null;
  const maxOf = (row: ResponseRow | undefined) =>
    row?.notApplicableItemIds ? maxTotalWithout(measureId, row.notApplicableItemIds) : usual;
  const unusual = (max: number | null) => (max !== usual ? max : null);
  const firstMax = maxOf(firstRow);
  const latestMax = maxOf(latestRow);
  const compared =
    first && pair.last
      ? compareTotals(
          { total: first.total, maxTotal: firstMax },
          { total: pair.last.total, maxTotal: latestMax },
        )
      : null;
  const firstOutOf = unusual(firstMax);
  const appointmentId = firstRow?.appointmentId;
  return {
    latest: latest?.total ?? null,
    latestOutOf: latest ? unusual(latestMax) : null,
    latestContext: latest?.context ?? null,
    first: first?.total ?? null,
    change: compared?.comparable ? compared.change : null,
    notCompared: compared !== null && !compared.comparable,
    baseline: first
      ? describeBaseline({
          context: first.context,
          total: first.total,
          sessionNumber: appointmentId ? sessionNumbers.get(appointmentId) : null,
        }) + (firstOutOf === null ? '' : ` out of ${firstOutOf}`)
      : null,
  };
}

/** PHQ-9 totals for the off-track rule: the pairing rule's first score, then later sessions'. */
function phq9Series(scores: readonly ResponseRow[], pair: MeasurePair): number[] {
  if (!pair.first) return [];
  const firstId = pair.first.responseId;
  const firstAt = scores.find((r) => r.id === firstId)?.completedAt.getTime() ?? 0;
  const later = scores
    .filter(
      (r) =>
        r.measureId === 'phq9' &&
        r.context === 'session' &&
        !r.supersededAt &&
        r.id !== firstId &&
        r.completedAt.getTime() > firstAt,
    )
    .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime())
    .flatMap((r) => (r.total === null ? [] : [r.total]));
  return [pair.first.total, ...later];
}

function reliableChangeOf(phq9: MeasureSummary, gad7: MeasureSummary): ReliableChange | null {
  if (phq9.first === null || phq9.latest === null || gad7.first === null || gad7.latest === null)
    return null;
  // The national rules for the course so far (src/domain/outcomes definitions).
  const depression = reliableChange('phq9', phq9.first, phq9.latest);
  const anxiety = reliableChange('gad7', gad7.first, gad7.latest);
  if (isReliableImprovement(depression, anxiety)) return 'improved';
  if (isReliableDeterioration(depression, anxiety)) return 'deteriorated';
  return 'no-change';
}

function casenessNow(phq9: number | null, gad7: number | null): boolean | null {
  const depression = phq9 === null ? null : isCaseness('phq9', phq9);
  const anxiety = gad7 === null ? null : isCaseness('gad7', gad7);
  if (depression === true || anxiety === true) return true;
  if (depression === null || anxiety === null) return null;
  return isCasenessPair(depression, anxiety);
}

/**
 * Ordered so what needs attention comes first: open risk alerts (most first), then a session
 * today (earliest first), then everyone else by family name and given name.
 */
export function compareRows(a: CaseloadRow & SortNames, b: CaseloadRow & SortNames): number {
  const risk = Number(b.openRiskAlerts > 0) - Number(a.openRiskAlerts > 0);
  if (risk !== 0) return risk;
  if (a.openRiskAlerts !== b.openRiskAlerts) return b.openRiskAlerts - a.openRiskAlerts;
  const at = a.sessionToday?.getTime() ?? Infinity;
  const bt = b.sessionToday?.getTime() ?? Infinity;
  if (at !== bt) return at < bt ? -1 : 1;
  return (
    a.familyName.localeCompare(b.familyName, 'en-GB') ||
    a.givenName.localeCompare(b.givenName, 'en-GB') ||
    a.courseId.localeCompare(b.courseId)
  );
}

interface SortNames {
  familyName: string;
  givenName: string;
}

/** Pushes `value` onto the list under `key`, creating it. */
function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The responses that may belong to each course (by course, session, referral or patient), each
 * list in the responses' original order; scoresOfCourse then applies the one rule to just these.
 * One pass over the responses: a caseload reads 1,280 of them.
 */
function candidatesByCourse(
  courses: readonly CaseloadCourse[],
  sessionsByCourse: ReadonlyMap<string, readonly CaseloadSession[]>,
  responses: readonly ResponseRow[],
): Map<string, ResponseRow[]> {
  const courseOfAppointment = new Map<string, string>();
  const coursesOfReferral = new Map<string, string[]>();
  const coursesOfPatient = new Map<string, string[]>();
  const lists = new Map<string, ResponseRow[]>();
  for (const course of courses) {
    lists.set(course.courseId, []);
    for (const s of sessionsByCourse.get(course.courseId) ?? [])
      courseOfAppointment.set(s.id, course.courseId);
    if (course.referralId !== null) add(coursesOfReferral, course.referralId, course.courseId);
    add(coursesOfPatient, course.patientId, course.courseId);
  }
  // The index of the response last added to each course's list, so none is added twice.
  const lastAdded = new Map<string, number>();
  const offer = (courseId: string | null | undefined, index: number) => {
    if (courseId === null || courseId === undefined || lastAdded.get(courseId) === index) return;
    const list = lists.get(courseId);
    if (!list) return;
    list.push(responses[index] as ResponseRow);
    lastAdded.set(courseId, index);
  };
  responses.forEach((r, i) => {
    offer(r.courseId, i);
    if (r.appointmentId !== null) offer(courseOfAppointment.get(r.appointmentId), i);
    if (r.referralId !== null)
      for (const c of coursesOfReferral.get(r.referralId) ?? []) offer(c, i);
    if (r.patientId !== null) for (const c of coursesOfPatient.get(r.patientId) ?? []) offer(c, i);
  });
  return lists;
}

export function buildCaseload(input: {
  courses: readonly CaseloadCourse[];
  sessions: readonly CaseloadSession[];
  responses: readonly ResponseRow[];
  riskCounts: ReadonlyMap<string, number>;
  /** Today in Europe/London. */
  today: IsoDate;
}): CaseloadRow[] {
  const sessionsByCourse = new Map<string, CaseloadSession[]>();
  for (const s of input.sessions) if (s.courseId) add(sessionsByCourse, s.courseId, s);
  const candidates = candidatesByCourse(input.courses, sessionsByCourse, input.responses);
  const todayRange = londonDayRange(input.today);
  const [dayStart, dayEnd] = [todayRange.from.getTime(), todayRange.to.getTime()];
  const rows = input.courses.map((course) => {
    const sessions = sessionsByCourse.get(course.courseId) ?? [];
    const scores = scoresOfCourse(
      { id: course.courseId, ...course },
      sessions,
      candidates.get(course.courseId) ?? [],
    );
    const numbers = new Map(sessions.map((s) => [s.id, s.sessionNumber]));
    const phq9 = pairScores(scores, 'phq9');
    const measures = {
      phq9: summarise('phq9', scores, phq9, numbers),
      gad7: summarise('gad7', scores, pairScores(scores, 'gad7'), numbers),
      wsas: summarise('wsas', scores, pairScores(scores, 'wsas'), numbers),
    };
    const today = sessions
      .filter((s) => {
        const at = s.startsAt.getTime();
        return TODAY_STATUSES.has(s.status) && at >= dayStart && at < dayEnd;
      })
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const missing = today.some(
      (s) =>
        !scores.some(
          (r) =>
            r.measureId === 'phq9' &&
            r.context === 'session' &&
            r.appointmentId === s.id &&
            !r.supersededAt,
        ),
    );
    return {
      courseId: course.courseId,
      patientId: course.patientId,
      patientName: `${course.givenName} ${course.familyName}`,
      givenName: course.givenName,
      familyName: course.familyName,
      therapistId: course.therapistId,
      therapistName: course.therapistName,
      attendedSessions: sessions.filter((s) => ATTENDED.has(s.status)).length,
      plannedSessions: course.plannedSessions,
      measures,
      reliableChange: reliableChangeOf(measures.phq9, measures.gad7),
      atCaseness: casenessNow(measures.phq9.latest, measures.gad7.latest),
      sessionToday: today[0]?.startsAt ?? null,
      questionnairesMissing: missing,
      openRiskAlerts: input.riskCounts.get(course.patientId) ?? 0,
      missedSessions: sessions.filter((s) => s.status === 'did_not_attend').length,
      offTrack: offTrack({
        plannedSessions: course.plannedSessions,
        sessionsHeld: sessions.filter((s) => ATTENDED.has(s.status)).length,
        phq9: phq9Series(scores, phq9),
      }),
    };
  });
  return rows.sort(compareRows).map(({ givenName: _g, familyName: _f, ...row }) => row);
}
