import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { withTenant } from '../db/client';
import { TestClient } from '../../tests/support/client';
import { tableRows } from '../../tests/support/tables';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../tests/support/test-app';
import { synthesise } from './generate';

/**
 * `rapport synthesise` writes straight into the tables in bulk (unnest inserts, one
 * transaction per batch), bypassing the features' services: so check that what it writes is
 * a valid service the reports can count, all of it in the right tenant.
 */
const NOW = '2026-11-25T10:00:00Z';
const COURSES = 120;
const TABLES = [
  'patients',
  'referrals',
  'treatment_courses',
  'appointments',
  'assessments',
  'measure_responses',
  'course_outcomes',
  'risk_alerts',
] as const;

let t: TestApp;
const progress: [number, number][] = [];

async function one(query: ReturnType<typeof sql>, db = t.database.db): Promise<number> {
  // node-postgres and PGlite answer in different shapes, both with `rows`.
  const result: unknown = await db.execute(query);
  return Number((result as { rows: { n: unknown }[] }).rows[0]?.n);
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  // Small batches, so more than one transaction and more than one progress report.
  await synthesise(t.database.db, t.service.id, {
    courses: COURSES,
    now: new Date(NOW),
    seed: 7,
    batch: 50,
    // Two batches at once, as on PostgreSQL (PGlite runs them one after the other).
    parallel: 2,
    onProgress: (done, total) => progress.push([done, total]),
  });
  await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Mo Manager');
});
afterAll(async () => t.close());

describe('synthesise', () => {
  it('writes N referrals and patients, reporting progress per batch', async () => {
    // Three batches (50, 50, 20), reported as each is written, in whatever order they finish.
    expect(progress).toHaveLength(3);
    expect(progress.at(-1)).toEqual([COURSES, COURSES]);
    expect(progress.map(([done]) => done)).toEqual(
      [...progress.map(([done]) => done)].sort((a, b) => a - b),
    );
    expect(await one(sql`select count(*) as n from referrals`)).toBe(COURSES);
    expect(await one(sql`select count(*) as n from patients`)).toBe(COURSES);
    // At most one course per referral; most have started treatment.
    const courses = await one(sql`select count(*) as n from treatment_courses`);
    expect(courses).toBeGreaterThan(COURSES * 0.5);
    expect(courses).toBeLessThanOrEqual(COURSES);
    expect(
      await one(
        sql`select count(*) as n from (select referral_id from treatment_courses group by referral_id having count(*) > 1) d`,
      ),
    ).toBe(0);
  });

  it('puts every row in its service, seen through row-level security by that service only', async () => {
    const b: unknown = await t.database.db.execute(
      sql`insert into services (slug, name, office_hours, settings)
          select 'other', 'Other', office_hours, settings from services where id = ${t.service.id}
          returning id`,
    );
    const other = String((b as { rows: { id: string }[] }).rows[0]?.id);
    for (const table of TABLES) {
      const name = sql.identifier(table);
      const all = await one(sql`select count(*) as n from ${name}`);
      expect(all, table).toBeGreaterThan(0);
      const elsewhere = await one(
        sql`select count(*) as n from ${name} where service_id <> ${t.service.id}`,
      );
      expect(elsewhere, table).toBe(0);
      const own = await withTenant(t.database, t.service.id, (db) =>
        one(sql`select count(*) as n from ${name}`, db),
      );
      expect(own, table).toBe(all);
      const seenByOther = await withTenant(t.database, other, (db) =>
        one(sql`select count(*) as n from ${name}`, db),
      );
      expect(seenByOther, table).toBe(0);
    }
  });

  it('keeps the records consistent: outcomes for ended courses, scores on attended sessions', async () => {
    expect(
      await one(sql`select count(*) as n from treatment_courses c
        where (c.status = 'ended') <> exists (select 1 from course_outcomes o
          where o.service_id = c.service_id and o.course_id = c.id)`),
    ).toBe(0);
    expect(
      await one(sql`select count(*) as n from measure_responses r
        join appointments a on a.service_id = r.service_id and a.id = r.appointment_id
        where a.status not in ('attended', 'arrived_late')`),
    ).toBe(0);
    expect(
      await one(sql`select count(*) as n from treatment_courses c
        where c.attended_sessions <> (select count(*) from appointments a
          where a.service_id = c.service_id and a.course_id = c.id
            and a.status in ('attended', 'arrived_late'))`),
    ).toBe(0);
  });

  it('gives a dashboard whose figures agree with the rows, at realistic rates', async () => {
    const c = new TestClient(t.app);
    expect((await c.signIn('manager@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    // The whole synthetic history: 400 days up to today.
    const period = 'from-day=1&from-month=10&from-year=2025&to-day=25&to-month=11&to-year=2026';
    const res = await c.get(`/admin/reports?${period}`);
    expect(res.statusCode).toBe(200);
    const ended = await one(
      sql`select count(*) as n from treatment_courses where status = 'ended'`,
    );
    const shown = tableRows(res.body, 'Courses that ended in the period').find(
      (r) => r[0] === 'Ended',
    );
    expect(shown?.[1]).toBe(String(ended));
    const rate = (label: string) => {
      const cells = tableRows(res.body, 'NHS Talking Therapies outcome rates').find(
        (r) => r[0] === label,
      );
      return Number(cells?.[3]?.replace('%', ''));
    };
    // Scores start around PHQ-9 16 and mostly fall: roughly half recover.
    expect(rate('Recovery')).toBeGreaterThan(25);
    expect(rate('Recovery')).toBeLessThan(80);
    expect(rate('Reliable deterioration')).toBeLessThan(15);
  });
});
