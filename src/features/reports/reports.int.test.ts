import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  serviceHosts,
  services,
  iptWorkspaces,
  therapistProfiles,
  DEFAULT_OFFICE_HOURS,
  DEFAULT_SERVICE_SETTINGS,
  type AppointmentStatus,
  type FocalAreaValue,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertReferral, insertReferralRiskAlert } from '../../../tests/support/fixtures';
import { tableRows } from '../../../tests/support/tables';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { writeCourses, type SynthCourseSpec, type SynthSession } from '../../synth/writer';
import { parseCsv } from './reports.csv';
import type { Logger } from 'pino';
import { refreshService, ReportSummaryWorker } from './reports.summary';
import { importImd } from './reports.imd';
import { patients, referrals, reportDaily, reportSummaryState } from '../../db/schema';
import { COURSE_EXPORT_COLUMNS } from './reports.repository';

/**
 * A hand-made cohort with every figure worked out by hand (see the comments by each course),
 * including the boundary cases: one session, not at caseness, ended without scores,
 * cancellations and did-not-attends, a course ending just after London midnight on 1 October,
 * and one ending just before it. The period is October 2026 (London).
 */
let t: TestApp;
const ids = {} as Record<'manager' | 't1' | 't2' | 'sup' | 'managerB', string>;
const written = {} as Record<string, { patientId: string; courseId: string | null }>;
const PERIOD = 'from-day=1&from-month=10&from-year=2026&to-day=31&to-month=10&to-year=2026';
const B_HOST = 'second.example';

const at = (iso: string) => new Date(iso);
const daysBefore = (iso: string, days: number) => new Date(at(iso).getTime() - days * 86_400_000);

function sessions(list: [string, AppointmentStatus, [number, number]?, number?][]): SynthSession[] {
  // [when, status, [phq9, gad7], minutes before the session the questionnaire was completed]
  return list.map(([when, status, scores, before = 60]) => ({
    at: at(when),
    status,
    ...(scores
      ? {
          scores: {
            phq9: scores[0],
            gad7: scores[1],
            completedAt: new Date(at(when).getTime() - before * 60_000),
          },
        }
      : {}),
  }));
}

function person(name: string, dob: string, gender: string, ethnicity: string) {
  return {
    givenName: name,
    familyName: 'Cohort',
    dateOfBirth: dob,
    postcode: 'ZZ99 3ZZ',
    gender,
    ethnicity,
  };
}

function cohort(): [string, SynthCourseSpec][] {
  const course = (
    therapistId: string,
    list: SynthSession[],
    endedAt?: string,
  ): SynthCourseSpec['course'] => ({
    therapistId,
    plannedSessions: 12,
    mode: 'video',
    sessions: list,
    ...(endedAt ? { endedAt: at(endedAt) } : {}),
  });
  return [
    // C1 (T1): 3 sessions, 15/12 → 5/4: recovered, reliably improved, reliably recovered.
    // Referred 20 days before treatment; the first questionnaire was done in the session.
    [
      'C1',
      {
        patient: person('Cara', '1996-05-01', 'female', 'A'),
        referral: {
          receivedAt: daysBefore('2026-10-01T09:00:00Z', 20),
          source: 'self',
          status: 'discharged',
        },
        course: course(
          ids.t1,
          sessions([
            ['2026-10-01T09:00:00Z', 'attended', [15, 12], -10],
            ['2026-10-08T09:00:00Z', 'attended', [9, 8]],
            ['2026-10-15T09:00:00Z', 'attended', [5, 4]],
          ]),
          '2026-10-16T09:00:00Z',
        ),
        riskAlert: { raisedAt: at('2026-09-11T09:00:00Z'), actionedAt: at('2026-09-11T10:00:00Z') },
      },
    ],
    // C2 (T1): 2 sessions, 8/6 → 6/5: finished, not at caseness, no reliable change. 50-day wait.
    [
      'C2',
      {
        patient: person('Dev', '1976-03-01', 'male', 'A'),
        referral: {
          receivedAt: daysBefore('2026-10-02T09:00:00Z', 50),
          source: 'gp',
          status: 'discharged',
        },
        course: course(
          ids.t1,
          sessions([
            ['2026-10-02T09:00:00Z', 'attended', [8, 6]],
            ['2026-10-09T09:00:00Z', 'attended', [6, 5]],
          ]),
          '2026-10-10T09:00:00Z',
        ),
      },
    ],
    // C3 (T1): one attended session, a DNA and a cancellation: did not finish.
    [
      'C3',
      {
        patient: person('Eli', '2000-01-01', 'non_binary', 'N'),
        referral: { receivedAt: at('2026-09-01T09:00:00Z'), source: 'self', status: 'discharged' },
        course: course(
          ids.t1,
          sessions([
            ['2026-10-05T09:00:00Z', 'attended', [18, 14]],
            ['2026-10-12T09:00:00Z', 'did_not_attend'],
            ['2026-10-19T09:00:00Z', 'cancelled'],
          ]),
          '2026-10-20T09:00:00Z',
        ),
      },
    ],
    // C4 (T2): 2 sessions without any scores: finished, outcome not computed. 130-day wait.
    [
      'C4',
      {
        patient: person('Fay', '1960-01-01', 'female', 'H'),
        referral: {
          receivedAt: daysBefore('2026-10-06T09:00:00Z', 130),
          source: 'self',
          status: 'discharged',
        },
        course: course(
          ids.t2,
          sessions([
            ['2026-10-06T09:00:00Z', 'attended'],
            ['2026-10-13T09:00:00Z', 'attended'],
          ]),
          '2026-10-14T09:00:00Z',
        ),
      },
    ],
    // C5 (T2): 10/8 → 18/12 with a DNA between: reliably deteriorated. Waited exactly 42 days.
    [
      'C5',
      {
        patient: person('Gus', '1990-01-01', 'male', 'M'),
        referral: { receivedAt: at('2026-08-26T09:00:00Z'), source: 'self', status: 'discharged' },
        course: course(
          ids.t2,
          sessions([
            ['2026-10-07T09:00:00Z', 'attended', [10, 8]],
            ['2026-10-14T10:00:00Z', 'did_not_attend'],
            ['2026-10-21T09:00:00Z', 'attended', [18, 12]],
          ]),
          '2026-10-22T09:00:00Z',
        ),
      },
    ],
    // C6 (T2): active; assessed 12 days after referral in October; one session so far.
    [
      'C6',
      {
        patient: person('Hal', '1985-01-01', 'female', 'A'),
        referral: {
          receivedAt: at('2026-10-01T08:00:00Z'),
          source: 'self',
          status: 'in_treatment',
        },
        assessment: { at: at('2026-10-13T10:00:00Z'), clinicianId: ids.t2, status: 'completed' },
        course: course(
          ids.t2,
          sessions([
            ['2026-10-20T10:00:00Z', 'attended', [14, 10]],
            ['2026-12-01T10:00:00Z', 'booked'],
          ]),
        ),
      },
    ],
    // C7 (T2): ended 00:30 on 1 October in London (23:30 UTC on 30 September): in the period.
    // 12/9 → 11/9: at caseness, not recovered. 91 days from first to second session.
    [
      'C7',
      {
        patient: person('Ida', '1970-01-01', 'female', 'A'),
        referral: {
          receivedAt: daysBefore('2026-07-01T09:00:00Z', 10),
          source: 'self',
          status: 'discharged',
        },
        course: course(
          ids.t2,
          sessions([
            ['2026-07-01T09:00:00Z', 'attended', [12, 9]],
            ['2026-09-30T09:00:00Z', 'attended', [11, 9]],
          ]),
          '2026-09-30T23:30:00Z',
        ),
      },
    ],
    // C8 (T1): like C1, but ended 23:30 on 30 September in London: outside the period.
    [
      'C8',
      {
        patient: person('Jon', '1996-05-01', 'female', 'A'),
        referral: { receivedAt: at('2026-08-01T09:00:00Z'), source: 'self', status: 'discharged' },
        course: course(
          ids.t1,
          sessions([
            ['2026-09-01T09:00:00Z', 'attended', [15, 12]],
            ['2026-09-08T09:00:00Z', 'attended', [5, 4]],
          ]),
          '2026-09-30T22:30:00Z',
        ),
      },
    ],
    // W1: assessed in October (63 days after referral), waiting for treatment; open alert (15 days).
    [
      'W1',
      {
        patient: person('Kim', '1980-01-01', 'female', 'A'),
        referral: { receivedAt: at('2026-08-01T09:00:00Z'), source: 'self', status: 'ipt_waiting' },
        assessment: { at: at('2026-10-03T09:00:00Z'), clinicianId: ids.t1, status: 'completed' },
        riskAlert: { raisedAt: at('2026-11-10T10:00:00Z'), actionedAt: null },
      },
    ],
    // W2: did not attend the assessment; still waiting for one (71 days).
    [
      'W2',
      {
        patient: person('Lou', '1980-01-01', 'male', 'A'),
        referral: {
          receivedAt: at('2026-09-15T09:00:00Z'),
          source: 'self',
          status: 'assessment_booked',
        },
        assessment: {
          at: at('2026-10-04T09:00:00Z'),
          clinicianId: ids.t1,
          status: 'did_not_attend',
        },
      },
    ],
    // W3: a GP referral received in October, new; an alert open exactly one day.
    [
      'W3',
      {
        patient: person('May', '1980-01-01', 'female', 'A'),
        referral: { receivedAt: at('2026-10-25T09:00:00Z'), source: 'gp', status: 'new' },
        riskAlert: { raisedAt: at('2026-11-24T10:00:00Z'), actionedAt: null },
      },
    ],
  ];
}

async function signedIn(email: string, host?: string) {
  const c = new TestClient(t.app, host);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-25T10:00:00Z' });
  ids.manager = (
    await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Mo Manager')
  ).id;
  ids.t1 = (await createUser(t, 't1@example.nhs.uk', ['therapist'], 'Tess One')).id;
  ids.t2 = (await createUser(t, 't2@example.nhs.uk', ['therapist'], 'Tom Two')).id;
  ids.sup = (
    await createUser(t, 'sup@example.nhs.uk', ['supervisor', 'therapist'], 'Sue Pervisor')
  ).id;
  const db = t.database.db;
  const profile = {
    serviceId: t.service.id,
    jobTitle: 'IPT therapist',
    workingPattern: {},
    updatedAt: t.clock.now(),
  };
  await db.insert(therapistProfiles).values([
    { ...profile, userId: ids.t1 },
    { ...profile, userId: ids.t2, trainee: true, supervisorId: ids.sup },
    { ...profile, userId: ids.sup },
  ]);
  const list = cohort();
  const rows = await writeCourses(
    db,
    t.service.id,
    ids.manager,
    list.map(([, s]) => s),
  );
  list.forEach(([name], i) => {
    const r = rows[i];
    if (r) written[name] = { patientId: r.patientId, courseId: r.courseId };
  });
  // A second service with a manager, reached at its own host.
  const [b] = await db
    .insert(services)
    .values({
      slug: 'second',
      name: 'Second Service',
      officeHours: DEFAULT_OFFICE_HOURS,
      settings: DEFAULT_SERVICE_SETTINGS,
    })
    .returning();
  if (!b) throw new Error('no second service');
  await db.insert(serviceHosts).values({ host: B_HOST, serviceId: b.id });
  // createUser makes the user in the app's service: hand it the second one instead.
  const mb = await createUser(
    { ...t, service: { id: b.id, name: b.name, slug: b.slug } },
    'manager@second.example',
    ['service_manager'],
    'Bea Manager',
  );
  ids.managerB = mb.id;
});
afterAll(async () => t.close());

/** A figure's number as the dashboard shows it: the link text next to its label. */
function row(html: string, caption: string, label: string): string[] {
  const found = tableRows(html, caption).find((r) => r[0] === label);
  if (!found) throw new Error(`no row "${label}" in "${caption}"`);
  return found;
}

describe('the dashboard', () => {
  it('counts every figure as worked out by hand', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    const res = await c.get(`/admin/reports?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    const ended = 'Courses that ended in the period';
    expect(row(html, ended, 'Ended')[1]).toBe('6');
    expect(row(html, ended, 'Finished a course of treatment (2 or more sessions)')[1]).toBe('5');
    expect(row(html, ended, 'Ended with fewer than 2 sessions')[1]).toBe('1');
    expect(row(html, ended, 'Finished without a first and last score')[1]).toBe('1');
    const rates = 'NHS Talking Therapies outcome rates';
    expect(row(html, rates, 'Recovery').slice(1, 4)).toEqual(['1', '3', '33.3%']);
    expect(row(html, rates, 'Reliable improvement').slice(1, 4)).toEqual(['1', '4', '25.0%']);
    expect(row(html, rates, 'Reliable recovery').slice(1, 4)).toEqual(['1', '3', '33.3%']);
    expect(row(html, rates, 'Reliable deterioration').slice(1, 4)).toEqual(['1', '4', '25.0%']);
    // The download gives each rate with both of its counts, as the page does.
    const summary = parseCsv((await c.get(`/admin/reports/export/summary.csv?${PERIOD}`)).body);
    expect(summary[0]).toEqual(['figure', 'description', 'count', 'out_of', 'per_cent']);
    expect(summary.find((r) => r[0] === 'reliableImprovementRate')).toEqual([
      'reliableImprovementRate',
      'Courses that reliably improved, out of: finished courses with paired scores (per cent)',
      '1',
      '4',
      '25.0',
    ]);
    expect(summary.find((r) => r[0] === 'paired')?.slice(2)).toEqual(['4', '', '']);
    const waits = 'Waits against the 6 and 18 week standards';
    expect(
      row(html, waits, 'Referral to first treatment within 6 weeks (finished courses)').slice(1, 4),
    ).toEqual(['3', '5', '60.0%']);
    expect(
      row(html, waits, 'Referral to first treatment within 18 weeks (finished courses)').slice(
        1,
        4,
      ),
    ).toEqual(['4', '5', '80.0%']);
    expect(
      row(html, waits, 'First to second treatment session 90 days or more').slice(1, 4),
    ).toEqual(['1', '5', '20.0%']);
    expect(row(html, waits, 'Referral to assessment within 6 weeks').slice(1, 4)).toEqual([
      '1',
      '2',
      '50.0%',
    ]);
    expect(row(html, waits, 'Referral to assessment within 18 weeks').slice(1, 4)).toEqual([
      '2',
      '2',
      '100.0%',
    ]);
    const att = 'Attendance of appointments that were due (cancellations left out)';
    expect(row(html, att, 'First appointments attended').slice(1, 4)).toEqual(['2', '3', '66.7%']);
    expect(row(html, att, 'First appointments not attended').slice(1, 4)).toEqual([
      '1',
      '3',
      '33.3%',
    ]);
    expect(row(html, att, 'Follow-up appointments attended').slice(1, 4)).toEqual([
      '11',
      '13',
      '84.6%',
    ]);
    expect(row(html, att, 'Follow-up appointments not attended').slice(1, 4)).toEqual([
      '2',
      '13',
      '15.4%',
    ]);
    expect(row(html, att, 'Sessions with the PHQ-9 completed beforehand').slice(1, 4)).toEqual([
      '8',
      '11',
      '72.7%',
    ]);
    const refs = 'Referrals received in the period';
    expect(row(html, refs, 'All referrals')[1]).toBe('2');
    expect(row(html, refs, 'Self-referrals')[1]).toBe('1');
    expect(row(html, refs, 'From other sources')[1]).toBe('1');
    const waiting = 'People waiting today';
    expect(row(html, waiting, 'An assessment').slice(1)).toEqual(['2', '71']);
    expect(row(html, waiting, 'Treatment').slice(1)).toEqual(['1', '116']);
    expect(tableRows(html, 'Active courses by therapist')).toEqual([
      ['Tom Two', '1 active course of Tom Two'],
    ]);
    const text = textOf(html);
    expect(text).toContain('Open now: 2');
    expect(text).toContain('Open for more than a day: 2; more than a week: 1.');
    expect(text).toContain('The oldest has been open 360 hours.');
    expect(text).toContain('Cancelled appointments in the period: 1');
    // One audit row for the aggregate view.
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.serviceId, t.service.id),
          eq(auditEvents.action, 'report.dashboard_view'),
        ),
      );
    expect(audits).toHaveLength(1);
  });

  it('narrows ended courses by therapist and by supervisor', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    const byT1 = (await c.get(`/admin/reports?${PERIOD}&therapist=${ids.t1}`)).body;
    expect(row(byT1, 'Courses that ended in the period', 'Ended')[1]).toBe('3');
    expect(
      row(
        byT1,
        'Courses that ended in the period',
        'Finished a course of treatment (2 or more sessions)',
      )[1],
    ).toBe('2');
    const bySup = (await c.get(`/admin/reports?${PERIOD}&supervisor=${ids.sup}`)).body;
    expect(row(bySup, 'Courses that ended in the period', 'Ended')[1]).toBe('3');
    const bad = await c.get(`/admin/reports?${PERIOD}&therapist=nope`);
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Select a therapist from the list');
    // A period that ends before it starts names no dates as if they were the figures'.
    const backwards = await c.get(
      '/admin/reports?from-day=30&from-month=11&from-year=2026&to-day=1&to-month=11&to-year=2026',
    );
    expect(backwards.statusCode).toBe(400);
    expect(textOf(backwards.body)).toContain(
      'End date must be the same as or after the start date',
    );
    expect(textOf(backwards.body)).not.toContain('Figures for');
    expect(textOf(backwards.body)).toContain('Correct the search below to see the figures.');
    // Only a start date, after today (25 November): said of the start date they entered, not
    // of the end date they left empty.
    const future = await c.get('/admin/reports?from-day=1&from-month=12&from-year=2026');
    expect(future.statusCode).toBe(400);
    expect(textOf(future.body)).toContain('Start date must be today or earlier');
    expect(textOf(future.body)).not.toContain('End date must be');
  });

  it('narrows by IPT focal area (first or second), as worked out by hand', async () => {
    // C1: grief. C5: role transitions, then grief. C3: disputes. C6 (active): grief.
    const areas: [string, FocalAreaValue, FocalAreaValue | null][] = [
      ['C1', 'grief', null],
      ['C5', 'role-transitions', 'grief'],
      ['C3', 'interpersonal-disputes', null],
      ['C6', 'grief', null],
    ];
    await t.database.db.insert(iptWorkspaces).values(
      areas.map(([name, focalArea, secondFocalArea]) => {
        const w = written[name];
        if (!w?.courseId) throw new Error(`no course ${name}`);
        return {
          serviceId: t.service.id,
          courseId: w.courseId,
          patientId: w.patientId,
          focalArea,
          secondFocalArea,
        };
      }),
    );
    const c = await signedIn('manager@example.nhs.uk');
    const html = (await c.get(`/admin/reports?${PERIOD}&focal=grief`)).body;
    const ended = 'Courses that ended in the period';
    // C1 and C5 ended in October; both finished with paired scores, both at caseness.
    expect(row(html, ended, 'Ended')[1]).toBe('2');
    expect(row(html, ended, 'Finished a course of treatment (2 or more sessions)')[1]).toBe('2');
    const rates = 'NHS Talking Therapies outcome rates';
    expect(row(html, rates, 'Recovery').slice(1, 4)).toEqual(['1', '2', '50.0%']);
    expect(row(html, rates, 'Reliable deterioration').slice(1, 4)).toEqual(['1', '2', '50.0%']);
    // Sessions: C1's three, C5's two and its DNA, C6's one. Assessments have no course.
    const att = 'Attendance of appointments that were due (cancellations left out)';
    expect(row(html, att, 'Follow-up appointments not attended').slice(1, 4)).toEqual([
      '1',
      '7',
      '14.3%',
    ]);
    expect(row(html, att, 'First appointments attended').slice(1, 4)).toEqual([
      '0',
      '0',
      'No data',
    ]);
    expect(tableRows(html, 'Active courses by therapist')).toEqual([
      ['Tom Two', '1 active course of Tom Two'],
    ]);
    // The list behind a figure uses the same condition.
    const list = textOf(
      (await c.get(`/admin/reports/patients?figure=ended&${PERIOD}&focal=grief`)).body,
    );
    expect(list).toContain('Cara');
    expect(list).toContain('Gus');
    expect(list).not.toContain('Eli');
    const disputes = (await c.get(`/admin/reports?${PERIOD}&focal=interpersonal-disputes`)).body;
    expect(row(disputes, ended, 'Ended with fewer than 2 sessions')[1]).toBe('1');
    const bad = await c.get(`/admin/reports?${PERIOD}&focal=nope`);
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Select a focal area from the list');
  });

  it('is for service managers only', async () => {
    const c = await signedIn('t1@example.nhs.uk');
    expect((await c.get(`/admin/reports?${PERIOD}`)).statusCode).toBe(403);
    expect((await c.get(`/admin/reports/export/courses.csv?${PERIOD}`)).statusCode).toBe(403);
  });
});

describe('the manager’s home', () => {
  it('shows this month’s headline figures, each opening the dashboard', async () => {
    // On 31 October "this month" is the hand-computed October above.
    t.clock.set('2026-10-31T12:00:00Z');
    try {
      const c = await signedIn('manager@example.nhs.uk');
      const res = await c.get('/home');
      expect(res.statusCode).toBe(200);
      const month = 'from-day=1&from-month=10&from-year=2026&to-day=31&to-month=10&to-year=2026';
      const figures = [
        ...res.body.matchAll(/<dt[^>]*>([^<]+)<\/dt><dd[^>]*><a href="([^"]+)">(.*?)<\/a>/g),
      ].map(([, label, href, text]) => [
        label,
        href?.replaceAll('&amp;', '&'),
        textOf(text ?? '').trim(),
      ]);
      const open = (section: string) => `/admin/reports?${month}#${section}`;
      expect(figures).toEqual([
        ['Referrals received', open('referrals'), '2 referrals received'],
        ['Waiting for an assessment', open('waiting-lists'), '2 waiting for an assessment'],
        ['Waiting for treatment', open('waiting-lists'), '1 waiting for treatment'],
        [
          'First treatment within 6 weeks of referral',
          open('waiting-times'),
          '60.0% (3 of 5) first treatment within 6 weeks of referral',
        ],
        [
          'First treatment within 18 weeks of referral',
          open('waiting-times'),
          '80.0% (4 of 5) first treatment within 18 weeks of referral',
        ],
        ['Courses finished', open('courses-and-outcomes'), '5 courses finished'],
        ['Recovery', open('courses-and-outcomes'), '33.3% (1 of 3) recovery'],
        ['Reliable recovery', open('courses-and-outcomes'), '33.3% (1 of 3) reliable recovery'],
        // First appointments 1 of 3, follow-ups 2 of 13.
        [
          'Appointments not attended',
          open('attendance'),
          '18.8% (3 of 16) appointments not attended',
        ],
        ['Open risk alerts', open('risk-alerts'), '2 open risk alerts'],
      ]);
      // Each section the figures open exists on the dashboard.
      const dashboard = (await c.get(`/admin/reports?${month}`)).body;
      for (const id of [
        'referrals',
        'waiting-lists',
        'waiting-times',
        'courses-and-outcomes',
        'attendance',
        'risk-alerts',
      ])
        expect(dashboard).toContain(`id="${id}"`);
      // A therapist's home has no service figures.
      const therapist = await signedIn('t1@example.nhs.uk');
      expect((await therapist.get('/home')).body).not.toContain('headline-figures');
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
  });
});

describe('the list behind a figure', () => {
  it('names the people counted, and audits each one', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    const res = await c.get(`/admin/reports/patients?figure=recovered&${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const rows = tableRows(res.body, 'Courses that recovered');
    expect(rows.map((r) => r[0])).toEqual(['Cara Cohort']);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.serviceId, t.service.id), eq(auditEvents.action, 'report.patient_list')),
      );
    expect(audits.map((a) => a.patientId)).toContain(written.C1?.patientId);
  });

  it('shows a therapist only their own patients, and a supervisor their trainees’', async () => {
    const t1 = await signedIn('t1@example.nhs.uk');
    const mine = tableRows(
      (await t1.get(`/admin/reports/patients?figure=ended&${PERIOD}`)).body,
      'Courses that ended',
    );
    expect(mine.map((r) => r[0]).sort()).toEqual(['Cara Cohort', 'Dev Cohort', 'Eli Cohort']);
    const sup = await signedIn('sup@example.nhs.uk');
    const theirs = tableRows(
      (await sup.get(`/admin/reports/patients?figure=ended&${PERIOD}`)).body,
      'Courses that ended',
    );
    expect(theirs.map((r) => r[0]).sort()).toEqual(['Fay Cohort', 'Gus Cohort', 'Ida Cohort']);
  });

  it('answers 404 for a figure that does not exist', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    expect((await c.get(`/admin/reports/patients?figure=constructor&${PERIOD}`)).statusCode).toBe(
      404,
    );
  });
});

describe('equity', () => {
  it('hides every cell under the threshold', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    const res = await c.get(`/admin/reports/equity?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const gender = tableRows(res.body, 'Outcomes by gender');
    expect(gender.map((r) => r[0])).toEqual(['Female', 'Male', 'Non-binary']);
    // Female and male count 1 to 4 people each: hidden. Nobody non-binary finished: 0 is shown.
    const hidden = ['Not shown', 'Not shown', 'Not shown', 'Not shown', 'Not shown'];
    expect(gender[0]?.slice(1)).toEqual(hidden);
    expect(gender[1]?.slice(1)).toEqual(hidden);
    expect(gender[2]?.slice(1, 3)).toEqual(['0', '0 of 0 (No data)']);
    const equity = (await c.get(`/admin/reports/export/equity.csv?${PERIOD}`)).body;
    expect(equity.startsWith('\uFEFFdimension,')).toBe(true);
    const csv = parseCsv(equity);
    expect(csv[0]?.[0]).toBe('dimension');
    // Every column named once, so analysis tools can tell them apart.
    expect(new Set(csv[0]).size).toBe(csv[0]?.length);
    // Nobody's postcode is in the IMD lookup yet: "not recorded" holds all 6, so it is shown.
    const cells = csv
      .slice(1)
      .filter((r) => r[0] !== 'deprivation')
      .flatMap((r) => r.slice(2));
    expect(cells.every((v) => v === 'suppressed' || v === '0')).toBe(true);
    expect(cells.filter((v) => v === 'suppressed').length).toBeGreaterThan(0);
  });
});

describe('exports', () => {
  it('streams the course-level export, which parses back to the courses of the period', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    const res = await c.get(`/admin/reports/export/courses.csv?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual([...COURSE_EXPORT_COLUMNS]);
    expect(rows).toHaveLength(6);
    const col = (name: (typeof COURSE_EXPORT_COLUMNS)[number]) =>
      COURSE_EXPORT_COLUMNS.indexOf(name);
    const c1 = rows.find((r) => r[col('COURSE_IDENTIFIER')] === written.C1?.courseId);
    expect(c1?.[col('PHQ9_FIRST_PERSON_SCORE')]).toBe('15');
    expect(c1?.[col('PHQ9_LAST_PERSON_SCORE')]).toBe('5');
    expect(c1?.[col('PHQ9_LOINC')]).toBe('44261-6');
    expect(c1?.[col('RECOVERY')]).toBe('Y');
    expect(c1?.[col('GENDER_IDENTITY_CODE')]).toBe('2');
    expect(c1?.[col('CARE_CONTACTS_ATTENDED')]).toBe('3');
    const c3 = rows.find((r) => r[col('COURSE_IDENTIFIER')] === written.C3?.courseId);
    expect(c3?.slice(col('CARE_CONTACTS_ATTENDED'), col('CARE_CONTACTS_CANCELLED') + 1)).toEqual([
      '1',
      '1',
      '1',
    ]);
    expect(c3?.[col('FINISHED_TREATMENT')]).toBe('N');
    expect(c3?.[col('RECOVERY')]).toBe('');
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.serviceId, t.service.id), eq(auditEvents.action, 'report.export')));
    expect(audits.some((a) => a.details?.table === 'courses')).toBe(true);
  });

  it('exports the patient list with one audit row per person sent', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    const res = await c.get(`/admin/reports/export/patients.csv?figure=finished&${PERIOD}`);
    const [, ...rows] = parseCsv(res.body);
    expect(rows).toHaveLength(5);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.serviceId, t.service.id), eq(auditEvents.action, 'report.export')));
    const sent = audits.filter((a) => a.patientId !== null).map((a) => a.patientId);
    expect(sent).toEqual(expect.arrayContaining(rows.map((r) => r[0])));
  });
});

describe('another service', () => {
  it('sees nothing of this one', async () => {
    const c = await signedIn('manager@second.example', B_HOST);
    const html = (await c.get(`/admin/reports?${PERIOD}`)).body;
    expect(row(html, 'Courses that ended in the period', 'Ended')[1]).toBe('0');
    expect(row(html, 'Referrals received in the period', 'All referrals')[1]).toBe('0');
    expect(textOf(html)).toContain('Open now: 0');
    const list = await c.get(`/admin/reports/patients?figure=ended&${PERIOD}`);
    expect(textOf(list.body)).toContain('Nobody you can see is counted in this figure.');
    const csv = parseCsv((await c.get(`/admin/reports/export/courses.csv?${PERIOD}`)).body);
    expect(csv).toHaveLength(1);
  });
});

/** Every figure cell of the dashboard's tables (label and numbers), to compare two views. */
function figureTables(html: string): string[][] {
  return [
    'Courses that ended in the period',
    'NHS Talking Therapies outcome rates',
    'Waits against the 6 and 18 week standards',
    'Attendance of appointments that were due (cancellations left out)',
    'Referrals received in the period',
  ].flatMap((caption) => tableRows(html, caption));
}

describe('equity by deprivation', () => {
  it('groups finished courses by the IMD quintile of the patient’s postcode, small cells hidden', async () => {
    const db = t.database.db;
    // C1 and C2 live in decile 1 and 2 (quintile 1), C3 in decile 9 (quintile 5); the rest
    // have postcodes the lookup does not have.
    await importImd(db, [
      { postcode: 'LS14AP', decile: 1 },
      { postcode: 'M11AE', decile: 2 },
      { postcode: 'SW1A1AA', decile: 9 },
    ]);
    const move = async (name: string, postcode: string) =>
      db
        .update(patients)
        .set({ postcode })
        .where(eq(patients.id, written[name]?.patientId ?? ''));
    await move('C1', 'LS1 4AP');
    await move('C2', 'm1 1ae');
    await move('C3', 'SW1A 1AA');
    const c = await signedIn('manager@example.nhs.uk');
    const html = (await c.get(`/admin/reports/equity?${PERIOD}`)).body;
    const rows = tableRows(html, 'Outcomes by deprivation (IMD quintile of the postcode)');
    expect(rows.map((r) => r[0])).toEqual([
      '1 (most deprived)',
      '5 (least deprived)',
      'Not recorded',
    ]);
    // Finished courses: 2 in quintile 1 and 3 not recorded (1 to 4: hidden); C3 ended after
    // one session, so none finished in quintile 5 (0 is shown).
    expect(rows.map((r) => r[1])).toEqual(['Not shown', '0', 'Not shown']);
  });
});

// Last in the file: from here on the dashboard reads the daily summary (ADR 0028).
describe('the daily summary', () => {
  it('gives every figure the live count gives, says when it was counted, and agrees with the lists', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    const live = (await c.get(`/admin/reports?${PERIOD}`)).body;
    expect(textOf(live)).toContain('counted from the records when you open this page');
    const counted = await refreshService(t.database, t.service.id, t.clock, 'test');
    expect(counted).toBeGreaterThan(60); // every day from the first referral (August) to today
    t.clock.advanceMinutes(1);
    const res = await c.get(`/admin/reports?${PERIOD}`);
    expect(res.statusCode, textOf(res.body).slice(0, 2000)).toBe(200);
    const html = res.body;
    expect(figureTables(html)).toEqual(figureTables(live));
    expect(figureTables(html).length).toBeGreaterThan(15);
    expect(textOf(html)).toContain('as at Wednesday 25 November 2026 at 10am');
    // The list behind a figure (counted live) has as many rows as the summary's figure.
    const attended = row(
      html,
      'Attendance of appointments that were due (cancellations left out)',
      'Follow-up appointments attended',
    )[1];
    expect(attended).toBe('11');
    const list = await c.get(`/admin/reports/patients?figure=followUpAttended&${PERIOD}`);
    expect(tableRows(list.body, 'Follow-up appointments attended')).toHaveLength(11);
  });

  it('shows figures as at the last count until the worker counts again', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    // A referral on 5 October, written straight into the tables (not through the summary).
    await writeCourses(t.database.db, t.service.id, ids.manager, [
      {
        patient: person('Late', '1990-01-01', 'female', 'A'),
        referral: { receivedAt: at('2026-10-05T12:00:00Z'), source: 'self', status: 'new' },
      },
    ]);
    const stale = (await c.get(`/admin/reports?${PERIOD}`)).body;
    expect(row(stale, 'Referrals received in the period', 'All referrals')[1]).toBe('2');
    expect(textOf(stale)).toContain('as at Wednesday 25 November 2026 at 10am');
    // The list behind it is counted live, so it already has the new person.
    const list = (await c.get(`/admin/reports/patients?figure=referrals&${PERIOD}`)).body;
    expect(textOf(list)).toContain('Late Cohort');
    // 5 October is older than the recent days: counted again once its count is a day old.
    t.clock.advance(2 * 3_600_000);
    await refreshService(t.database, t.service.id, t.clock, 'test');
    const c2 = await signedIn('manager@example.nhs.uk');
    expect(
      row(
        (await c2.get(`/admin/reports?${PERIOD}`)).body,
        'Referrals received in the period',
        'All referrals',
      )[1],
    ).toBe('2');
    t.clock.advance(24 * 3_600_000);
    await new ReportSummaryWorker(t.database, t.clock, t.app.log as unknown as Logger).runOnce();
    const c3 = await signedIn('manager@example.nhs.uk');
    const fresh = (await c3.get(`/admin/reports?${PERIOD}`)).body;
    expect(row(fresh, 'Referrals received in the period', 'All referrals')[1]).toBe('3');
    expect(textOf(fresh)).toContain('as at Thursday 26 November 2026 at 12:01pm');
  });

  it('is refreshed by one instance at a time, and taken over when a lease runs out', async () => {
    const db = t.database.db;
    await db
      .update(reportSummaryState)
      .set({
        leaseHolder: 'other instance',
        leaseUntil: new Date(t.clock.now().getTime() + 60_000),
      })
      .where(eq(reportSummaryState.serviceId, t.service.id));
    expect(await refreshService(t.database, t.service.id, t.clock, 'this instance')).toBeNull();
    t.clock.advanceMinutes(2);
    expect(
      await refreshService(t.database, t.service.id, t.clock, 'this instance'),
    ).toBeGreaterThan(0);
    const [state] = await db
      .select()
      .from(reportSummaryState)
      .where(eq(reportSummaryState.serviceId, t.service.id));
    expect(state?.leaseHolder).toBeNull();
    expect(state?.refreshedAt).toEqual(t.clock.now());
  });

  it('keeps each service’s summary to itself', async () => {
    const c = await signedIn('manager@second.example', B_HOST);
    const html = (await c.get(`/admin/reports?${PERIOD}`)).body;
    expect(row(html, 'Referrals received in the period', 'All referrals')[1]).toBe('0');
    const mine = await t.database.db
      .select()
      .from(reportDaily)
      .where(eq(reportDaily.serviceId, t.service.id));
    expect(mine.length).toBeGreaterThan(60);
  });
});

// Last: the referral it adds would change the counts the tests above expect.
describe('a referral not yet matched to a record', () => {
  it('gives the NHS number a person gave on their referral, before they have a record', async () => {
    await insertReferral(t, {
      givenName: 'Nia',
      familyName: 'Unmatched',
      nhsNumber: '9434765919',
      receivedAt: new Date('2026-10-20T10:00:00Z'),
    });
    const c = await signedIn('manager@example.nhs.uk');
    const res = await c.get(`/admin/reports/patients?figure=referrals&${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const row = tableRows(res.body, 'Referrals received').find((r) => r[0]?.includes('Nia'));
    expect(row).toContain('943 476 5919');
  });
});

// After the tests above: each adds records their counts do not expect.
describe('today', () => {
  it('is always counted live: a referral sent just now is in the headline and dashboard at once', async () => {
    // The summary has every day up to yesterday; a worker of an earlier version had also stored
    // a part of today (nobody referred yet then).
    await refreshService(t.database, t.service.id, t.clock, 'test');
    const now = t.clock.now();
    const today = now.toISOString().slice(0, 10);
    await t.database.db
      .insert(reportDaily)
      .values({ serviceId: t.service.id, day: today, counts: { referrals: 0 }, computedAt: now })
      .onConflictDoUpdate({
        target: [reportDaily.serviceId, reportDaily.day],
        set: { counts: { referrals: 0 }, computedAt: now },
      });
    t.clock.advanceMinutes(1);
    await insertReferral(t, { givenName: 'Just', familyName: 'Now' });
    const c = await signedIn('manager@example.nhs.uk');
    // This month (November): the new referral is the only one.
    const html = (await c.get('/admin/reports')).body;
    expect(row(html, 'Referrals received in the period', 'All referrals')[1]).toBe('1');
    expect(textOf(html)).toContain('today, and any day not counted yet, are counted when');
    const list = (await c.get('/admin/reports/patients?figure=referrals')).body;
    expect(tableRows(list, 'Referrals received').map((r) => r[0])).toEqual(['Just Now']);
    const home = await c.get('/home');
    expect(textOf(home.body)).toContain('1 referral received');
    expect(textOf(home.body)).toMatch(/Earlier days as at .+; today is counted just now\./);
  });
});

describe('referrals closed as duplicates', () => {
  it('are left out of the referral figures and counted on their own, in the summary as live', async () => {
    // January 2025, before any other record: counted live until the worker reaches it.
    const jan = 'from-day=1&from-month=1&from-year=2025&to-day=31&to-month=1&to-year=2025';
    await insertReferral(t, {
      givenName: 'Once',
      familyName: 'Only',
      receivedAt: at('2025-01-10T10:00:00Z'),
    });
    const twice = await insertReferral(t, {
      givenName: 'Once',
      familyName: 'Again',
      receivedAt: at('2025-01-11T10:00:00Z'),
    });
    await t.database.db
      .update(referrals)
      .set({ status: 'closed', closedReason: 'duplicate', closedAt: at('2025-01-12T10:00:00Z') })
      .where(eq(referrals.id, twice.id));
    const c = await signedIn('manager@example.nhs.uk');
    const check = async () => {
      const html = (await c.get(`/admin/reports?${jan}`)).body;
      const refs = 'Referrals received in the period';
      expect(row(html, refs, 'All referrals')[1]).toBe('1');
      expect(row(html, refs, 'Self-referrals')[1]).toBe('1');
      expect(row(html, refs, 'From other sources')[1]).toBe('0');
      expect(textOf(html)).toContain('Closed as duplicates: 1');
      // The lists behind the figures agree with them.
      const all = (await c.get(`/admin/reports/patients?figure=referrals&${jan}`)).body;
      expect(tableRows(all, 'Referrals received').map((r) => r[0])).toEqual(['Once Only']);
      const dup = (await c.get(`/admin/reports/patients?figure=duplicateReferrals&${jan}`)).body;
      expect(
        tableRows(dup, 'Referrals received and closed as duplicates').map((r) => r[0]),
      ).toEqual(['Once Again']);
      return html;
    };
    const live = await check();
    expect(textOf(live)).toContain('counted from the records when you open this page');
    await refreshService(t.database, t.service.id, t.clock, 'test');
    const summary = await check();
    expect(textOf(summary)).toMatch(/Figures for .+, as at /);
  });
});

describe('open risk alerts raised on a referral', () => {
  it('name the referral’s person, with the NHS number they gave, in the list and its CSV', async () => {
    const referral = await insertReferral(t, {
      givenName: 'Rae',
      familyName: 'Referred',
      nhsNumber: '9434765919',
    });
    await insertReferralRiskAlert(t, referral.id);
    const c = await signedIn('manager@example.nhs.uk');
    const res = await c.get('/admin/reports/patients?figure=openAlerts');
    expect(res.statusCode).toBe(200);
    const found = tableRows(res.body, 'Open risk alerts').find((r) => r[0] === 'Rae Referred');
    expect(found).toContain('943 476 5919');
    expect(res.body).toContain(`<a href="/staff/referrals/${referral.id}">Rae Referred</a>`);
    expect(textOf(res.body)).not.toContain('Not yet matched to a patient');
    const [header, ...rows] = parseCsv(
      (await c.get('/admin/reports/export/patients.csv?figure=openAlerts')).body,
    );
    const col = (name: string) => header?.indexOf(name) ?? -1;
    const sent = rows.find((r) => r[col('referral_id')] === referral.id);
    expect(sent?.[col('given_name')]).toBe('Rae');
    expect(sent?.[col('family_name')]).toBe('Referred');
    expect(sent?.[col('nhs_number')]).toBe('9434765919');
    // The person sent is audited by their referral.
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'report.export'), eq(auditEvents.recordId, referral.id)));
    expect(audits).toHaveLength(1);
  });
});
