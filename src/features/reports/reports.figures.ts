/**
 * Every figure of the service's reports, defined once as SQL over one of a few "bases" (ended
 * courses, appointments, referrals, …). The dashboard counts each figure with
 * `count(*) filter (where …)` in one query per base; the drill-down lists the patients behind a
 * figure with the very same predicate, so a number and its list cannot disagree.
 *
 * The NHS Talking Therapies rules themselves (finished, caseness, recovery, reliable change) are
 * worked out by src/domain/outcomes when a course ends and stored in course_outcomes; these
 * predicates only read the stored flags, the way `outcomeRates` counts them.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  ATTENDED_STATUSES,
  SECOND_APPOINTMENT_WAIT_WATCH_DAYS,
  WAITING_TIME_STANDARDS,
} from '../../domain/outcomes';
import type { FocalAreaValue, Therapy } from '../../db/schema';

export interface ReportFilter {
  /** The period, as instants: [from, to). */
  from: Date;
  to: Date;
  therapistId?: string;
  supervisorId?: string;
  locationId?: string;
  therapy?: Therapy;
  /** IPT courses whose first or second focal area is this one. */
  focalArea?: FocalAreaValue;
}

/** The filters a figure may be narrowed by, as the query string names them. */
export const FILTER_KEYS = ['therapist', 'supervisor', 'location', 'therapy', 'focal'] as const;

export type BaseKey = 'ended' | 'appointments' | 'referrals' | 'waiting' | 'alerts' | 'caseload';

const ATTENDED = sql.raw(ATTENDED_STATUSES.map((s) => `'${s}'`).join(', '));
const londonDays = (later: SQL, earlier: SQL) =>
  sql`((${later}) at time zone 'Europe/London')::date - ((${earlier}) at time zone 'Europe/London')::date`;

/**
 * Conditions on a therapist column from the clinician filters. One entry per filter, so a new
 * one (the focal area, once IPT records it) is one more entry here.
 */
function clinicianConditions(f: ReportFilter, therapist: SQL): SQL[] {
  const out: SQL[] = [];
  if (f.therapistId) out.push(sql`${therapist} = ${f.therapistId}`);
  if (f.supervisorId)
    out.push(
      sql`exists (select 1 from therapist_profiles tp where tp.service_id = ${sql.raw('x.service_id')} and tp.user_id = ${therapist} and tp.supervisor_id = ${f.supervisorId})`,
    );
  if (f.locationId)
    out.push(
      sql`exists (select 1 from therapist_locations tl where tl.service_id = ${sql.raw('x.service_id')} and tl.user_id = ${therapist} and tl.location_id = ${f.locationId})`,
    );
  return out;
}

/**
 * Conditions on a course column from the course filters: one entry per filter. A course without
 * an IPT workspace (or with no focal area yet) has no focal area, so a focal-area filter leaves
 * it out.
 */
function courseConditions(f: ReportFilter, course: SQL): SQL[] {
  const out: SQL[] = [];
  if (f.focalArea)
    out.push(
      sql`exists (select 1 from ipt_workspaces w where w.service_id = ${sql.raw('x.service_id')} and w.course_id = ${course} and ${f.focalArea} in (w.focal_area, w.second_focal_area))`,
    );
  return out;
}

const and = (parts: SQL[]): SQL => (parts.length === 0 ? sql`true` : sql.join(parts, sql` and `));

/**
 * Each base is a FROM … WHERE over one service, filtered and limited to the period, with the
 * columns the figures read. `x` is always the base's own row (for the service id), `p` the patient.
 * `when` is the date a drill-down list shows and sorts by.
 */
export function baseQuery(
  base: BaseKey,
  serviceId: string,
  f: ReportFilter,
  now: Date,
  /** More joins for one caller (the export's care contacts). */
  joins: SQL = sql``,
): SQL {
  switch (base) {
    case 'ended': {
      const conds = [
        sql`x.service_id = ${serviceId}`,
        sql`x.status = 'ended'`,
        sql`x.ended_at >= ${f.from}`,
        sql`x.ended_at < ${f.to}`,
        ...clinicianConditions(f, sql`x.therapist_id`),
        ...(f.therapy ? [sql`x.therapy = ${f.therapy}`] : []),
        ...courseConditions(f, sql`x.id`),
      ];
      // The second attended session, for the first-to-second wait.
      return sql`from treatment_courses x
        join patients p on p.service_id = x.service_id and p.id = x.patient_id
        left join course_outcomes o on o.service_id = x.service_id and o.course_id = x.id
        left join lateral (
          select a.starts_at from appointments a
          where a.service_id = x.service_id and a.course_id = x.id and a.type = 'ipt_session'
            and a.status in (${ATTENDED})
          order by a.starts_at offset 1 limit 1
        ) s2 on true
        left join referrals rf on rf.service_id = x.service_id and rf.id = x.referral_id
        ${joins}
        where ${and(conds)}`;
    }
    case 'appointments': {
      const conds = [
        sql`x.service_id = ${serviceId}`,
        sql`x.starts_at >= ${f.from}`,
        sql`x.starts_at < ${f.to}`,
        sql`x.starts_at < ${now}`,
        ...clinicianConditions(f, sql`x.therapist_id`),
        ...(f.locationId ? [sql`(x.location_id is null or x.location_id = ${f.locationId})`] : []),
        // Assessments belong to no therapy: a therapy filter keeps that therapy's sessions only.
        ...(f.therapy
          ? [
              sql`exists (select 1 from treatment_courses tc where tc.service_id = x.service_id and tc.id = x.course_id and tc.therapy = ${f.therapy})`,
            ]
          : []),
        // Likewise a focal area keeps the sessions of courses with that focal area.
        ...courseConditions(f, sql`x.course_id`),
      ];
      // An assessment's referral, for the referral-to-assessment wait.
      return sql`from appointments x
        join patients p on p.service_id = x.service_id and p.id = x.patient_id
        left join assessments asm on asm.service_id = x.service_id and asm.appointment_id = x.id
        left join referrals rr on rr.service_id = x.service_id and rr.id = asm.referral_id
        where ${and(conds)}`;
    }
    case 'referrals':
      // A new referral has no patient record yet.
      return sql`from referrals x
        left join patients p on p.service_id = x.service_id and p.id = x.patient_id
        where x.service_id = ${serviceId} and x.received_at >= ${f.from} and x.received_at < ${f.to}`;
    case 'waiting':
      return sql`from referrals x
        left join patients p on p.service_id = x.service_id and p.id = x.patient_id
        where x.service_id = ${serviceId} and x.status in ('new', 'assessment_booked', 'ipt_waiting')`;
    case 'alerts': {
      const conds = [
        sql`x.service_id = ${serviceId}`,
        sql`x.actioned_at is null`,
        ...clinicianConditions(f, sql`x.responsible_clinician_id`),
      ];
      // An alert raised on a referral names the referral's person until (and after) it is
      // matched to a record, as the risk queue does: its patient is the alert's or the referral's.
      return sql`from risk_alerts x
        left join referrals rf on rf.service_id = x.service_id and rf.id = x.referral_id
        left join patients p on p.service_id = x.service_id
          and p.id = coalesce(x.patient_id, rf.patient_id)
        where ${and(conds)}`;
    }
    case 'caseload': {
      const conds = [
        sql`x.service_id = ${serviceId}`,
        sql`x.status = 'active'`,
        ...clinicianConditions(f, sql`x.therapist_id`),
        ...(f.therapy ? [sql`x.therapy = ${f.therapy}`] : []),
        ...courseConditions(f, sql`x.id`),
      ];
      return sql`from treatment_courses x
        join patients p on p.service_id = x.service_id and p.id = x.patient_id
        where ${and(conds)}`;
    }
  }
}

/** The date a drill-down row shows for each base, and the course it links to (if any). */
export interface BaseRow {
  when: SQL;
  whenLabel: string;
  courseId: SQL;
  /** The referral a row came from, for people without a patient record yet. */
  referralId: SQL;
  givenName: SQL;
  familyName: SQL;
  /** The record's, or what the person gave on their referral before they had a record. */
  nhsNumber: SQL;
}

const patientName = {
  givenName: sql`p.given_name`,
  familyName: sql`p.family_name`,
  nhsNumber: sql`p.nhs_number`,
};
const referralName = {
  givenName: sql`coalesce(p.given_name, x.given_name)`,
  familyName: sql`coalesce(p.family_name, x.family_name)`,
  nhsNumber: sql`coalesce(p.nhs_number, x.nhs_number)`,
};
const noId = sql`null::uuid`;

/** A row of a base over courses or appointments, which always have a patient record. */
const patientRow = (when: SQL, whenLabel: string, courseId: SQL): BaseRow => ({
  when,
  whenLabel,
  courseId,
  referralId: noId,
  ...patientName,
});

/** A row of a base over referrals (received, or still waiting): the same referral either way. */
const referralRow: BaseRow = {
  when: sql`x.received_at`,
  whenLabel: 'Referred',
  courseId: noId,
  referralId: sql`x.id`,
  ...referralName,
};

export const BASE_ROW: Record<BaseKey, BaseRow> = {
  ended: patientRow(sql`x.ended_at`, 'Course ended', sql`x.id`),
  appointments: patientRow(sql`x.starts_at`, 'Appointment', sql`x.course_id`),
  referrals: referralRow,
  waiting: referralRow,
  alerts: {
    when: sql`x.raised_at`,
    whenLabel: 'Alert raised',
    courseId: noId,
    referralId: sql`x.referral_id`,
    // Without a record or a referral (an unsent referral's answers), nobody can be named yet.
    givenName: sql`coalesce(p.given_name, rf.given_name, 'Not yet matched to a patient')`,
    familyName: sql`coalesce(p.family_name, rf.family_name, '')`,
    nhsNumber: sql`coalesce(p.nhs_number, rf.nhs_number)`,
  },
  caseload: patientRow(sql`x.started_at`, 'Course started', sql`x.id`),
};

export interface FigureDef {
  base: BaseKey;
  /** What one counted row is, for the drill-down's heading: "Courses that …". */
  label: string;
  where: SQL;
  /**
   * Counted in a query of its own (`where …`, not `count(*) filter (where …)`): an EXISTS in a
   * FILTER is run once per row, while in WHERE the planner can make it a hash semi-join.
   * Measured on 10,000 synthetic courses: 110,000 probes of measure_responses for one figure.
   */
  own?: true;
}

const finished = sql`o.finished_treatment`;
const paired = sql`o.finished_treatment and o.status = 'computed'`;
const waitDays = londonDays(sql`o.first_treatment_at`, sql`o.referral_received_at`);
const waitMeasured = sql`o.finished_treatment and o.referral_received_at is not null and o.first_treatment_at is not null`;
const secondMeasured = sql`s2.starts_at is not null and o.first_treatment_at is not null`;
const secondWait = londonDays(sql`s2.starts_at`, sql`o.first_treatment_at`);
const questionnaireBefore = sql`exists (select 1 from measure_responses r
  where r.service_id = x.service_id and r.appointment_id = x.id and r.measure_id = 'phq9'
    and r.superseded_at is null and r.completed_at <= x.starts_at)`;
const first = sql`x.type = 'assessment'`;
const followUp = sql`x.type <> 'assessment'`;
const due = sql`x.status in (${ATTENDED}, 'did_not_attend')`;
const came = sql`x.status in (${ATTENDED})`;
const dna = sql`x.status = 'did_not_attend'`;
const assessmentWaitMeasured = sql`${first} and ${came} and rr.received_at is not null`;
const assessmentWait = londonDays(sql`x.starts_at`, sql`rr.received_at`);
/**
 * A referral closed as a duplicate of another: the person is counted once, by the other one, so
 * the referral figures leave it out and count it on its own.
 */
const duplicate = sql`x.closed_reason = 'duplicate'`;
const notDuplicate = sql`x.closed_reason is distinct from 'duplicate'`;

/** Makes the figures of one base, each from its label (what one counted row is) and predicate. */
const figuresOver =
  (base: BaseKey) =>
  (label: string, where: SQL): FigureDef => ({ base, label, where });
const endedCourses = figuresOver('ended');
const appointments = figuresOver('appointments');
const referrals = figuresOver('referrals');
const waiting = figuresOver('waiting');

/** Every figure, by the key the dashboard links with. */
export const FIGURES = {
  // Courses that ended in the period.
  ended: endedCourses('Courses that ended', sql`true`),
  finished: endedCourses('Courses that finished treatment (2 or more attended sessions)', finished),
  notFinished: endedCourses(
    'Courses that ended with fewer than 2 attended sessions',
    sql`o.course_id is not null and not o.finished_treatment`,
  ),
  withoutOutcome: endedCourses(
    'Courses that ended before outcomes were recorded',
    sql`o.course_id is null`,
  ),
  finishedWithoutScores: endedCourses(
    'Finished courses without a first and last PHQ-9 and GAD-7',
    sql`o.finished_treatment and o.status <> 'computed'`,
  ),
  paired: endedCourses('Finished courses with paired scores', paired),
  atCaseness: endedCourses(
    'Finished courses at caseness at the start',
    sql`${paired} and o.caseness_at_start`,
  ),
  recovered: endedCourses(
    'Courses that recovered',
    sql`${paired} and o.caseness_at_start and o.recovered`,
  ),
  reliableImprovement: endedCourses(
    'Courses that reliably improved',
    sql`${paired} and o.reliable_improvement`,
  ),
  reliableDeterioration: endedCourses(
    'Courses that reliably deteriorated',
    sql`${paired} and o.reliable_deterioration`,
  ),
  reliableRecovery: endedCourses(
    'Courses that reliably recovered',
    sql`${paired} and o.caseness_at_start and o.reliable_recovery`,
  ),
  waitMeasured: endedCourses(
    'Finished courses with a referral and a first treatment date',
    waitMeasured,
  ),
  within6Weeks: endedCourses(
    'Finished courses that started treatment within 6 weeks of referral',
    sql`${waitMeasured} and ${waitDays} <= ${WAITING_TIME_STANDARDS.sixWeeks.withinDays}`,
  ),
  within18Weeks: endedCourses(
    'Finished courses that started treatment within 18 weeks of referral',
    sql`${waitMeasured} and ${waitDays} <= ${WAITING_TIME_STANDARDS.eighteenWeeks.withinDays}`,
  ),
  secondMeasured: endedCourses('Courses with a second attended session', secondMeasured),
  secondOver90: endedCourses(
    'Courses that waited 90 days or more from first to second treatment session',
    sql`${secondMeasured} and ${secondWait} >= ${SECOND_APPOINTMENT_WAIT_WATCH_DAYS}`,
  ),
  // Appointments in the period (up to now).
  firstDue: appointments('First appointments due', sql`${first} and ${due}`),
  firstAttended: appointments('First appointments attended', sql`${first} and ${came}`),
  firstDna: appointments('First appointments not attended', sql`${first} and ${dna}`),
  followUpDue: appointments('Follow-up appointments due', sql`${followUp} and ${due}`),
  followUpAttended: appointments('Follow-up appointments attended', sql`${followUp} and ${came}`),
  followUpDna: appointments('Follow-up appointments not attended', sql`${followUp} and ${dna}`),
  assessmentWaitMeasured: appointments(
    'Assessments held, with a referral date',
    assessmentWaitMeasured,
  ),
  assessedWithin6Weeks: appointments(
    'Assessments held within 6 weeks of referral',
    sql`${assessmentWaitMeasured} and ${assessmentWait} <= ${WAITING_TIME_STANDARDS.sixWeeks.withinDays}`,
  ),
  assessedWithin18Weeks: appointments(
    'Assessments held within 18 weeks of referral',
    sql`${assessmentWaitMeasured} and ${assessmentWait} <= ${WAITING_TIME_STANDARDS.eighteenWeeks.withinDays}`,
  ),
  cancelled: appointments('Appointments cancelled', sql`x.status = 'cancelled'`),
  sessionsHeld: appointments(
    'Treatment sessions attended',
    sql`x.type = 'ipt_session' and ${came}`,
  ),
  questionnaireBefore: {
    ...appointments(
      'Treatment sessions with the PHQ-9 completed before the session',
      sql`x.type = 'ipt_session' and ${came} and ${questionnaireBefore}`,
    ),
    own: true,
  },
  // Referrals received in the period, each person once: duplicates are counted on their own.
  referrals: referrals('Referrals received', notDuplicate),
  selfReferrals: referrals('Self-referrals received', sql`${notDuplicate} and x.source = 'self'`),
  otherReferrals: referrals(
    'Referrals received from other sources',
    sql`${notDuplicate} and x.source <> 'self'`,
  ),
  duplicateReferrals: referrals('Referrals received and closed as duplicates', duplicate),
  // Now, whatever the period.
  waitingAssessment: waiting(
    'Waiting for an assessment',
    sql`x.status in ('new', 'assessment_booked')`,
  ),
  waitingTreatment: waiting('Waiting for treatment', sql`x.status = 'ipt_waiting'`),
  openAlerts: { base: 'alerts', label: 'Open risk alerts', where: sql`true` },
  caseload: { base: 'caseload', label: 'Active courses', where: sql`true` },
} as const satisfies Record<string, FigureDef>;

export type FigureKey = keyof typeof FIGURES;

/**
 * Each rate the dashboard shows, as the two figures it divides (numerator, denominator): the
 * service computes the rates from these, and the dashboard links both counts to their people.
 */
export const RATE_FIGURES = {
  recovery: ['recovered', 'atCaseness'],
  reliableImprovement: ['reliableImprovement', 'paired'],
  reliableDeterioration: ['reliableDeterioration', 'paired'],
  reliableRecovery: ['reliableRecovery', 'atCaseness'],
  within6Weeks: ['within6Weeks', 'waitMeasured'],
  within18Weeks: ['within18Weeks', 'waitMeasured'],
  assessedWithin6Weeks: ['assessedWithin6Weeks', 'assessmentWaitMeasured'],
  assessedWithin18Weeks: ['assessedWithin18Weeks', 'assessmentWaitMeasured'],
  secondOver90: ['secondOver90', 'secondMeasured'],
  firstAttendance: ['firstAttended', 'firstDue'],
  firstDna: ['firstDna', 'firstDue'],
  followUpAttendance: ['followUpAttended', 'followUpDue'],
  followUpDna: ['followUpDna', 'followUpDue'],
  questionnaireBefore: ['questionnaireBefore', 'sessionsHeld'],
} as const satisfies Record<string, readonly [numerator: FigureKey, denominator: FigureKey]>;
export type RateKey = keyof typeof RATE_FIGURES;
export const FIGURE_KEYS = Object.keys(FIGURES) as FigureKey[];

export function isFigureKey(value: string): value is FigureKey {
  return Object.hasOwn(FIGURES, value);
}

const isOwn = (k: FigureKey) => (FIGURES[k] as FigureDef).own === true;

/** The figures of a base counted in a query of their own (see FigureDef.own). */
export function ownFigures(base: BaseKey): FigureKey[] {
  return FIGURE_KEYS.filter((k) => FIGURES[k].base === base && isOwn(k));
}

/** `count(*) filter (where …)::int as "key"` for every other figure of a base. */
export function figureCounts(base: BaseKey): SQL {
  const parts = FIGURE_KEYS.filter((k) => FIGURES[k].base === base && !isOwn(k)).map(
    (k) => sql`(count(*) filter (where ${FIGURES[k].where}))::int as ${sql.identifier(k)}`,
  );
  return sql.join(parts, sql`, `);
}
