/**
 * The reports' SQL: one aggregate query per base for the dashboard, one grouping-sets query for
 * the equity breakdowns, a page of a drill-down list, and keyset pages of the course export.
 * Nothing loads the rows behind a figure into memory.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { services } from '../../db/schema';
import type { Db } from '../../db/client';
import { AGE_BANDS } from '../../domain/outcomes';
import { postcodeKey } from './reports.imd';
import {
  BASE_ROW,
  FIGURES,
  baseQuery,
  figureCounts,
  ownFigures,
  type BaseKey,
  type FigureKey,
  type ReportFilter,
} from './reports.figures';

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  // node-postgres and PGlite answer in different shapes, both with `rows`.
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/** A text column's value ('' for null). */
const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';

export type FigureCounts = Record<FigureKey, number>;

/**
 * Report queries scan enough rows for their planner cost to pass jit_above_cost, so PostgreSQL
 * compiles them with LLVM first: measured on 10,000 synthetic courses, 3.4 s of compiling for
 * the 4 s appointments query. Off for the rest of the caller's transaction only (set local).
 */
export async function withoutJit(db: Db): Promise<void> {
  await db.execute(sql`set local jit = off`);
}

/** Every figure of one base, counted in one query. */
export async function countBase(
  db: Db,
  base: BaseKey,
  serviceId: string,
  filter: ReportFilter,
  now: Date,
): Promise<Partial<FigureCounts>> {
  const [row] = await rows<Record<string, unknown>>(
    db,
    sql`select ${figureCounts(base)} ${baseQuery(base, serviceId, filter, now)}`,
  );
  const out: Partial<FigureCounts> = {};
  for (const [k, v] of Object.entries(row ?? {})) out[k as FigureKey] = num(v);
  for (const k of ownFigures(base)) {
    const [own] = await rows<{ n: unknown }>(
      db,
      sql`select count(*)::int as n ${baseQuery(base, serviceId, filter, now)} and (${FIGURES[k].where})`,
    );
    out[k] = num(own?.n);
  }
  return out;
}

const londonDate = (at: SQL) => sql`((${at}) at time zone 'Europe/London')::date`;

/** The longest current waits, in London days, for an assessment and for treatment. */
export async function longestWaits(db: Db, serviceId: string, filter: ReportFilter, now: Date) {
  const [row] = await rows<{ assessment: unknown; treatment: unknown }>(
    db,
    sql`select
      max(${londonDate(sql`${now}::timestamptz`)} - ${londonDate(sql`x.received_at`)}) filter (where ${FIGURES.waitingAssessment.where}) as assessment,
      max(${londonDate(sql`${now}::timestamptz`)} - ${londonDate(sql`x.received_at`)}) filter (where ${FIGURES.waitingTreatment.where}) as treatment
      ${baseQuery('waiting', serviceId, filter, now)}`,
  );
  const days = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { assessment: days(row?.assessment), treatment: days(row?.treatment) };
}

/** Open risk alerts by age: the oldest, and how many have been open over a day and a week. */
export async function alertAges(db: Db, serviceId: string, filter: ReportFilter, now: Date) {
  const [row] = await rows<Record<string, unknown>>(
    db,
    sql`select
      (count(*) filter (where x.raised_at <= ${now}::timestamptz - interval '1 day'))::int as "overDay",
      (count(*) filter (where x.raised_at <= ${now}::timestamptz - interval '7 days'))::int as "overWeek",
      floor(extract(epoch from (${now}::timestamptz - min(x.raised_at))) / 3600)::int as "oldestHours"
      ${baseQuery('alerts', serviceId, filter, now)}`,
  );
  return {
    overDay: num(row?.overDay),
    overWeek: num(row?.overWeek),
    oldestHours:
      row?.oldestHours === null || row?.oldestHours === undefined ? null : num(row.oldestHours),
  };
}

export interface CaseloadRow {
  therapistId: string;
  name: string;
  active: number;
}

/** Active courses per therapist (those with any). */
export async function caseloads(
  db: Db,
  serviceId: string,
  filter: ReportFilter,
  now: Date,
): Promise<CaseloadRow[]> {
  const list = await rows<{ therapistId: string; name: string | null; active: unknown }>(
    db,
    sql`select c.therapist_id as "therapistId", u.display_name as name, c.active
      from (select x.therapist_id, count(*)::int as active ${baseQuery('caseload', serviceId, filter, now)}
            group by x.therapist_id) c
      left join users u on u.service_id = ${serviceId} and u.id = c.therapist_id
      order by u.display_name, c.therapist_id`,
  );
  return list.map((r) => ({
    therapistId: r.therapistId,
    name: r.name ?? 'Unknown',
    active: num(r.active),
  }));
}

export const EQUITY_DIMENSIONS = ['ageBand', 'gender', 'ethnicity', 'deprivation'] as const;
export type EquityDimension = (typeof EQUITY_DIMENSIONS)[number];

export interface EquityRow {
  dimension: EquityDimension;
  group: string;
  finished: number;
  paired: number;
  atCaseness: number;
  recovered: number;
  reliableImprovement: number;
  reliableDeterioration: number;
  reliableRecovery: number;
}

/** The band expression, generated from the domain's AGE_BANDS. */
function ageBandSql(age: SQL): SQL {
  const whens = [...AGE_BANDS]
    .reverse()
    .map((b) => sql`when ${age} >= ${sql.raw(String(b.from))} then ${b.key}`);
  return sql`case ${sql.join(whens, sql` `)} else 'under-18' end`;
}

/** Outcome counts of courses that ended in the period, by age band, gender, ethnicity and deprivation: one query. */
export async function equity(
  db: Db,
  serviceId: string,
  filter: ReportFilter,
  now: Date,
): Promise<EquityRow[]> {
  const referredOn = londonDate(sql`coalesce(rf.received_at, x.started_at)`);
  const age = sql`extract(year from age(${referredOn}, p.date_of_birth))`;
  const f = (k: FigureKey) => FIGURES[k].where;
  const list = await rows<Record<string, unknown>>(
    db,
    sql`select "ageBand", gender, ethnicity,
        grouping("ageBand")::int as g_age, grouping(gender)::int as g_gender,
        grouping(ethnicity)::int as g_ethnicity, deprivation,
        (count(*) filter (where finished))::int as finished,
        (count(*) filter (where paired))::int as paired,
        (count(*) filter (where "atCaseness"))::int as "atCaseness",
        (count(*) filter (where recovered))::int as recovered,
        (count(*) filter (where "reliableImprovement"))::int as "reliableImprovement",
        (count(*) filter (where "reliableDeterioration"))::int as "reliableDeterioration",
        (count(*) filter (where "reliableRecovery"))::int as "reliableRecovery"
      from (
        select ${ageBandSql(age)} as "ageBand",
          coalesce(rf.answers->'gender'->>'code', 'not_recorded') as gender,
          coalesce(rf.answers->'ethnicity'->>'code', 'not_recorded') as ethnicity,
          -- IMD quintile (1 = most deprived fifth) from the decile of the patient's postcode.
          coalesce('quintile-' || ((imd.decile + 1) / 2), 'not_recorded') as deprivation,
          coalesce(${f('finished')}, false) as finished,
          coalesce(${f('paired')}, false) as paired,
          coalesce(${f('atCaseness')}, false) as "atCaseness",
          coalesce(${f('recovered')}, false) as recovered,
          coalesce(${f('reliableImprovement')}, false) as "reliableImprovement",
          coalesce(${f('reliableDeterioration')}, false) as "reliableDeterioration",
          coalesce(${f('reliableRecovery')}, false) as "reliableRecovery"
        ${baseQuery('ended', serviceId, filter, now, sql`left join imd_deciles imd on imd.postcode = ${postcodeKey('p.postcode')}`)}
      ) t
      group by grouping sets (("ageBand"), (gender), (ethnicity), (deprivation))`,
  );
  return list.map((r) => {
    const dimension: EquityDimension =
      num(r.g_age) === 0
        ? 'ageBand'
        : num(r.g_gender) === 0
          ? 'gender'
          : num(r.g_ethnicity) === 0
            ? 'ethnicity'
            : 'deprivation';
    return {
      dimension,
      group: String(r[dimension]),
      finished: num(r.finished),
      paired: num(r.paired),
      atCaseness: num(r.atCaseness),
      recovered: num(r.recovered),
      reliableImprovement: num(r.reliableImprovement),
      reliableDeterioration: num(r.reliableDeterioration),
      reliableRecovery: num(r.reliableRecovery),
    };
  });
}

export interface DrillDownRow {
  patientId: string | null;
  referralId: string | null;
  courseId: string | null;
  givenName: string;
  familyName: string;
  nhsNumber: string | null;
  when: string;
}

/**
 * One page of the people behind a figure, newest first. `clinicians` limits it to patients whose
 * responsible clinician is one of these (a therapist's own, a supervisor's trainees'); null is
 * the whole service (a manager).
 */
export async function drillDown(
  db: Db,
  input: {
    serviceId: string;
    figure: FigureKey;
    filter: ReportFilter;
    now: Date;
    clinicians: readonly string[] | null;
    offset: number;
    limit: number;
  },
): Promise<{ rows: DrillDownRow[]; total: number }> {
  const def = FIGURES[input.figure];
  const b = BASE_ROW[def.base];
  const visible =
    input.clinicians === null
      ? sql`true`
      : input.clinicians.length === 0
        ? sql`false`
        : sql`p.responsible_clinician_id in (${sql.join(
            input.clinicians.map((c) => sql`${c}`),
            sql`, `,
          )})`;
  const list = await rows<Record<string, unknown>>(
    db,
    sql`select p.id as "patientId", ${b.referralId} as "referralId", ${b.courseId} as "courseId",
        ${b.givenName} as "givenName", ${b.familyName} as "familyName", ${b.nhsNumber} as "nhsNumber",
        to_char((${b.when}) at time zone 'Europe/London', 'YYYY-MM-DD') as "when",
        (count(*) over ())::int as total
      ${baseQuery(def.base, input.serviceId, input.filter, input.now)} and (${def.where}) and ${visible}
      order by ${b.when} desc, x.id
      limit ${input.limit} offset ${input.offset}`,
  );
  const str = (v: unknown) => (v === null || v === undefined ? null : text(v));
  let total = num(list[0]?.total);
  if (list.length === 0 && input.offset > 0) {
    const [row] = await rows<{ total: unknown }>(
      db,
      sql`select count(*)::int as total ${baseQuery(def.base, input.serviceId, input.filter, input.now)} and (${def.where}) and ${visible}`,
    );
    total = num(row?.total);
  }
  return {
    total,
    rows: list.map((r) => ({
      patientId: str(r.patientId),
      referralId: str(r.referralId),
      courseId: str(r.courseId),
      givenName: text(r.givenName),
      familyName: text(r.familyName),
      nhsNumber: str(r.nhsNumber),
      when: text(r.when),
    })),
  };
}

/** Where the course export carries on from: the last course's end and id. */
export interface ExportCursor {
  endedAt: string;
  id: string;
}

/** The course export's columns, in order (docs/data-export.md describes each). */
export const COURSE_EXPORT_COLUMNS = [
  'LOCAL_PATIENT_IDENTIFIER',
  'NHS_NUMBER',
  'PERSON_BIRTH_DATE',
  'GENDER_IDENTITY_CODE',
  'ETHNIC_CATEGORY',
  'POSTCODE_OF_USUAL_ADDRESS',
  'SERVICE_REQUEST_IDENTIFIER',
  'REFERRAL_REQUEST_RECEIVED_DATE',
  'SOURCE_OF_REFERRAL',
  'COURSE_IDENTIFIER',
  'THERAPY_TYPE',
  'CARE_PROFESSIONAL_LOCAL_IDENTIFIER',
  'TREATMENT_START_DATE',
  'SERVICE_REQUEST_CLOSURE_DATE',
  'PLANNED_SESSIONS',
  'CARE_CONTACTS_ATTENDED',
  'CARE_CONTACTS_DID_NOT_ATTEND',
  'CARE_CONTACTS_CANCELLED',
  'FIRST_TREATMENT_CONTACT_DATE',
  'SECOND_TREATMENT_CONTACT_DATE',
  'PHQ9_CODED_ASSESSMENT_TOOL_TYPE_SNOMED',
  'PHQ9_LOINC',
  'PHQ9_FIRST_PERSON_SCORE',
  'PHQ9_LAST_PERSON_SCORE',
  'ANXIETY_CODED_ASSESSMENT_TOOL_TYPE_SNOMED',
  'ANXIETY_LOINC',
  'ANXIETY_FIRST_PERSON_SCORE',
  'ANXIETY_LAST_PERSON_SCORE',
  'OUTCOME_STATUS',
  'FINISHED_TREATMENT',
  'CASENESS_AT_START',
  'CASENESS_AT_END',
  'RECOVERY',
  'RELIABLE_IMPROVEMENT',
  'RELIABLE_DETERIORATION',
  'NO_RELIABLE_CHANGE',
  'RELIABLE_RECOVERY',
] as const;

/** NHS Data Dictionary "Gender identity code" from the referral's answer. */
const GENDER_IDENTITY = sql`case rf.answers->'gender'->>'code'
  when 'male' then '1' when 'female' then '2' when 'non_binary' then '3' when 'other' then '4'
  when 'not_stated' then 'Z' else '' end`;

const date = (at: SQL) =>
  sql`coalesce(to_char((${at}) at time zone 'Europe/London', 'YYYY-MM-DD'), '')`;
const yn = (v: SQL) => sql`case when ${v} is null then '' when ${v} then 'Y' else 'N' end`;
const int = (v: SQL) => sql`coalesce((${v})::text, '')`;

/**
 * One page of the course export, as text cells in COURSE_EXPORT_COLUMNS order, after `cursor`.
 * Keyset paging on (ended_at, id) walks the ended-courses index; care contacts are counted per
 * course in the same statement.
 */
export async function coursePage(
  db: Db,
  input: {
    serviceId: string;
    filter: ReportFilter;
    now: Date;
    codes: { phq9: { snomed: string; loinc: string }; gad7: { snomed: string; loinc: string } };
    after: ExportCursor | null;
    limit: number;
  },
): Promise<{ cells: string[][]; next: ExportCursor | null }> {
  await withoutJit(db);
  const { codes } = input;
  const after = input.after
    ? sql`and (x.ended_at, x.id) > (${input.after.endedAt}::timestamptz, ${input.after.id}::uuid)`
    : sql``;
  const columns: SQL[] = [
    sql`x.patient_id::text`,
    sql`coalesce(p.nhs_number, '')`,
    sql`p.date_of_birth::text`,
    GENDER_IDENTITY,
    sql`coalesce(rf.answers->'ethnicity'->>'code', '')`,
    sql`coalesce(p.postcode, '')`,
    sql`coalesce(x.referral_id::text, '')`,
    date(sql`rf.received_at`),
    sql`coalesce(rf.source, '')`,
    sql`x.id::text`,
    sql`x.therapy`,
    sql`x.therapist_id::text`,
    date(sql`x.started_at`),
    date(sql`x.ended_at`),
    sql`x.planned_sessions::text`,
    sql`cc.attended::text`,
    sql`cc.dna::text`,
    sql`cc.cancelled::text`,
    date(sql`cc.first_at`),
    date(sql`s2.starts_at`),
    sql`${codes.phq9.snomed}::text`,
    sql`${codes.phq9.loinc}::text`,
    int(sql`o.phq9_first`),
    int(sql`o.phq9_last`),
    sql`${codes.gad7.snomed}::text`,
    sql`${codes.gad7.loinc}::text`,
    int(sql`o.gad7_first`),
    int(sql`o.gad7_last`),
    sql`coalesce(o.status, 'not_recorded')`,
    yn(sql`o.finished_treatment`),
    yn(sql`o.caseness_at_start`),
    yn(sql`o.caseness_at_end`),
    yn(sql`o.recovered`),
    yn(sql`o.reliable_improvement`),
    yn(sql`o.reliable_deterioration`),
    yn(sql`o.no_reliable_change`),
    yn(sql`o.reliable_recovery`),
  ];
  if (columns.length !== COURSE_EXPORT_COLUMNS.length)
    throw new Error('export columns out of step');
  // Care contacts of the course (IPT sessions), counted in the same statement.
  const contacts = sql`left join lateral (
      select (count(*) filter (where a.status in ('attended', 'arrived_late')))::int as attended,
        (count(*) filter (where a.status = 'did_not_attend'))::int as dna,
        (count(*) filter (where a.status = 'cancelled'))::int as cancelled,
        min(a.starts_at) filter (where a.status in ('attended', 'arrived_late')) as first_at
      from appointments a
      where a.service_id = x.service_id and a.course_id = x.id and a.type = 'ipt_session'
    ) cc on true`;
  const list = await rows<Record<string, unknown>>(
    db,
    sql`select ${sql.join(
      columns.map((c, i) => sql`${c} as ${sql.identifier(`c${i}`)}`),
      sql`, `,
    )},
        to_char(x.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
      ${baseQuery('ended', input.serviceId, input.filter, input.now, contacts)} ${after}
      order by x.ended_at, x.id
      limit ${input.limit}`,
  );
  const cells = list.map((r) => columns.map((_, i) => text(r[`c${i}`])));
  const last = list[list.length - 1];
  return {
    cells,
    next:
      last && list.length === input.limit
        ? { endedAt: text(last.cursor_at), id: text(last.c9) }
        : null,
  };
}

/** The service's chosen small-cell threshold, if it set one. */
export async function smallCellSetting(db: Db, serviceId: string): Promise<number | null> {
  const [row] = await db
    .select({ settings: services.settings })
    .from(services)
    .where(eq(services.id, serviceId))
    .limit(1);
  return row?.settings.smallCellThreshold ?? null;
}
