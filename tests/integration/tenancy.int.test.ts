import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Db } from '../../src/db/client';
import { patients } from '../../src/db/schema';
import { createService } from '../../src/platform/instance';
import type { ServiceInfo } from '../../src/platform/types';
import { TestClient, textOf } from '../support/client';
import {
  insertCourse,
  insertPatient,
  insertReferral,
  insertReferralMeasure,
  insertReferralRiskAlert,
  insertSession,
  insertTherapistProfile,
} from '../support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  untypedExecute,
  type TestApp,
} from '../support/test-app';

/**
 * Two services in one deployment: A (the default, any host) and B (`b.example`). Each has a
 * manager who is also a therapist, with the same email in both, and a referral, risk alert,
 * patient, course and session. Names carry the service's marker (Alpha / Bravo) so a leak shows.
 */
let t: TestApp;
let serviceB: ServiceInfo;
interface World {
  t: TestApp;
  managerId: string;
  referralId: string;
  alertId: string;
  patientId: string;
  courseId: string;
  appointmentId: string;
}
let a: World;
let b: World;
const EMAIL = 'manager@example.com';

async function seed(tt: TestApp, marker: string): Promise<World> {
  const manager = await createUser(
    tt,
    EMAIL,
    ['service_manager', 'therapist'],
    `${marker} Manager`,
  );
  await insertTherapistProfile(tt, manager.id);
  const referral = await insertReferral(tt, {
    givenName: marker,
    familyName: `${marker}referral`,
    urgent: true,
  });
  await insertReferralMeasure(tt, referral.id, 'phq9', {
    phq9_1: 2,
    phq9_2: 2,
    phq9_3: 2,
    phq9_4: 2,
    phq9_5: 2,
    phq9_6: 2,
    phq9_7: 2,
    phq9_8: 2,
    phq9_9: 1,
  });
  const alert = await insertReferralRiskAlert(tt, referral.id, `${marker} risk answer`);
  const patient = await insertPatient(tt, { givenName: marker, familyName: `${marker}patient` });
  const course = await insertCourse(tt, patient.id, manager.id);
  const session = await insertSession(
    tt,
    { id: course.id, patientId: patient.id, therapistId: manager.id },
    '2026-11-26T10:00:00Z',
  );
  return {
    t: tt,
    managerId: manager.id,
    referralId: referral.id,
    alertId: alert.id,
    patientId: patient.id,
    courseId: course.id,
    appointmentId: session.id,
  };
}

async function signedIn(host: string | undefined): Promise<TestClient> {
  const c = new TestClient(t.app, host);
  const res = await c.signIn(EMAIL, TEST_PASSWORD);
  expect(res.statusCode).toBe(303);
  return c;
}

/** Rows of a raw query; both drivers answer `{ rows }`. */
async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await untypedExecute(db, query)) as { rows: T[] }).rows;
}

/** Rows changed by a raw statement: node-postgres says rowCount, PGlite affectedRows. */
async function changedBy(db: Db, query: SQL): Promise<number> {
  const r = (await untypedExecute(db, query)) as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return r.rowCount ?? r.affectedRows ?? 0;
}

/** The database's own message for a failed query (drizzle wraps it, saying which query failed). */
async function failureOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(err);
  }
  return 'no failure';
}

/** Every service-owned table: those with a service_id column, and services itself. */
async function serviceOwnedTables(db: Db): Promise<string[]> {
  const rows = await rowsOf<{ table_name: string }>(
    db,
    sql`
    select c.table_name from information_schema.columns c
    join information_schema.tables tb
      on tb.table_schema = c.table_schema and tb.table_name = c.table_name
    where c.table_schema = 'public' and c.column_name = 'service_id' and tb.table_type = 'BASE TABLE'
    order by 1`,
  );
  return rows.map((r) => r.table_name);
}

beforeAll(async () => {
  t = await createTestApp();
  const created = await createService(t.database.root, {
    slug: 'second',
    name: 'Second Talking Therapies',
    hosts: ['B.example'],
  });
  if (!created.ok) throw new Error(created.problem);
  serviceB = { id: created.service.id, name: created.service.name, slug: created.service.slug };
  a = await seed(t, 'Alpha');
  b = await seed({ ...t, service: serviceB }, 'Bravo');
});
afterAll(async () => {
  await t.close();
});

describe('row-level security catalogue', () => {
  it('covers every table with a service_id, and services, with a policy', async () => {
    const tables = await serviceOwnedTables(t.database.root);
    expect(tables.length).toBeGreaterThan(15);
    const rls = await rowsOf<{
      relname: string;
      on: boolean;
      policies: number;
    }>(
      t.database.root,
      sql`
      select c.relname, c.relrowsecurity as on,
        (select count(*)::int from pg_policies p
          where p.schemaname = 'public' and p.tablename = c.relname) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'`,
    );
    const byName = new Map(rls.map((r) => [r.relname, r]));
    const missing = [...tables, 'services'].filter((name) => {
      const row = byName.get(name);
      return !row?.on || row.policies < 1;
    });
    expect(missing).toEqual([]);
  });

  it('runs requests as a role that owns nothing and cannot bypass the policies', async () => {
    const role = await rowsOf<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcanlogin: boolean;
      owned: number;
    }>(
      t.database.root,
      sql`
      select rolsuper, rolbypassrls, rolcanlogin,
        (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
      from pg_roles r where rolname = 'rapport_app'`,
    );
    expect(role).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false, owned: 0 }]);
    const who = await withTenant(t.database, t.service.id, (tx) =>
      rowsOf<{ u: string }>(tx, sql`select current_user as u`),
    );
    expect(who[0]?.u).toBe('rapport_app');
  });
});

describe('as rapport_app with service A set, directly in SQL', () => {
  it('sees none of service B’s rows in any service-owned table, and all of A’s', async () => {
    const tables = await serviceOwnedTables(t.database.root);
    const leaks: string[] = [];
    let tablesWithB = 0;
    for (const table of tables) {
      const id = sql.identifier(table);
      const owner = await rowsOf<{ a: number; b: number }>(
        t.database.root,
        sql`
        select count(*) filter (where service_id = ${t.service.id})::int as a,
               count(*) filter (where service_id = ${serviceB.id})::int as b from ${id}`,
      );
      const seen = await withTenant(t.database, t.service.id, (tx) =>
        rowsOf<{ a: number; other: number }>(
          tx,
          sql`
          select count(*) filter (where service_id = ${t.service.id})::int as a,
                 count(*) filter (where service_id is distinct from ${t.service.id})::int as other
          from ${id}`,
        ),
      );
      if (owner[0]!.b > 0) tablesWithB++;
      if (seen[0]!.other !== 0 || seen[0]!.a !== owner[0]!.a) leaks.push(table);
    }
    expect(leaks).toEqual([]);
    // The check above means something only if B has rows to hide.
    expect(tablesWithB).toBeGreaterThanOrEqual(8);
    const services = await withTenant(t.database, t.service.id, (tx) =>
      rowsOf<{ id: string }>(tx, sql`select id from services`),
    );
    expect(services.map((r) => r.id)).toEqual([t.service.id]);
  });

  it('cannot write a row for service B, nor change or delete B’s rows', async () => {
    expect(
      await failureOf(
        withTenant(t.database, t.service.id, (tx) =>
          tx.insert(patients).values({
            serviceId: serviceB.id,
            givenName: 'Smuggled',
            familyName: 'Row',
            dateOfBirth: '1980-01-01',
          }),
        ),
      ),
    ).toMatch(/row-level security/);
    const changed = await withTenant(t.database, t.service.id, async (tx) => {
      const u = await changedBy(
        tx,
        sql`update patients set given_name = 'Changed' where service_id = ${serviceB.id}`,
      );
      const d = await changedBy(tx, sql`delete from risk_alerts where service_id = ${serviceB.id}`);
      return [u, d];
    });
    expect(changed).toEqual([0, 0]);
    const still = await rowsOf<{ n: number }>(
      t.database.root,
      sql`select count(*)::int as n from patients where service_id = ${serviceB.id} and given_name = 'Bravo'`,
    );
    expect(still[0]?.n).toBe(1);
  });

  it('sees nothing at all when no service is set', async () => {
    const rows = await t.database.root.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'rapport_app', true)`);
      return rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from patients`);
    });
    expect(rows[0]?.n).toBe(0);
  });

  it('may not read the deployment’s secrets', async () => {
    expect(
      await failureOf(
        withTenant(t.database, t.service.id, (tx) =>
          tx.execute(sql`select * from instance_secrets`),
        ),
      ),
    ).toMatch(/permission denied/);
  });
});

const LISTS = [
  '/home',
  '/staff/referrals?status=all',
  '/staff/referrals',
  '/staff/waiting-list',
  '/staff/risk',
  '/caseload',
  '/courses',
  '/courses/allocate',
  '/diary?date=2026-11-26',
  '/diary/all?date=2026-11-26',
  '/diary/rooms?date=2026-11-26',
  '/therapists',
  '/locations',
  '/admin/users',
  '/admin/audit',
  '/admin/outcomes',
];

function recordPages(w: World): string[] {
  return [
    `/staff/referrals/${w.referralId}`,
    `/staff/risk/${w.alertId}`,
    `/patients/${w.patientId}`,
    `/patients/${w.patientId}/progress`,
    `/patients/${w.patientId}/questionnaires`,
    `/courses/${w.courseId}`,
    `/diary/appointments/${w.appointmentId}`,
    `/therapists/${w.managerId}`,
    `/diary/book?course=${w.courseId}`,
  ];
}

describe('over HTTP, the host picks the service and each sees only its own', () => {
  it('names its own service in the title, header and footer of every page', async () => {
    expect(t.service.name).not.toBe(serviceB.name);
    const anonymous = ['/ipt', '/no-such-page'];
    const signed = ['/home', '/no-such-page'];
    const cases: [TestClient, string[], string, string][] = [
      [new TestClient(t.app), anonymous, t.service.name, serviceB.name],
      [new TestClient(t.app, 'b.example'), anonymous, serviceB.name, t.service.name],
      [await signedIn(undefined), signed, t.service.name, serviceB.name],
      [await signedIn('b.example'), signed, serviceB.name, t.service.name],
    ];
    for (const [client, urls, own, other] of cases) {
      for (const url of urls) {
        const res = await client.get(url);
        expect(res.statusCode, url).toBe(url === '/no-such-page' ? 404 : 200);
        expect(/<title>([^<]*)<\/title>/.exec(res.body)?.[1]).toContain(` – ${own} – NHS`);
        expect(res.body).toMatch(
          new RegExp(`<a[^>]*class="nhsuk-header__[^"]*"[^>]*>[\\s\\S]*${own}`),
        );
        expect(res.body).toContain(`© ${own}.`);
        expect(res.body, `${url} on ${own}`).not.toContain(other);
      }
    }
  });

  it('signs the same email in to a different account on each host', async () => {
    const ca = await signedIn(undefined);
    const cb = await signedIn('b.example');
    expect(textOf((await ca.get('/home')).body)).toContain('Alpha Manager');
    expect(textOf((await cb.get('/home')).body)).toContain('Bravo Manager');
    // A session made on one host is no session on the other.
    const stolen = new TestClient(t.app, 'b.example');
    stolen.cookies = new Map(ca.cookies);
    expect((await stolen.get('/home')).statusCode).toBe(303);
  });

  it('lists, queues, reports and the audit log show nothing of the other service', async () => {
    for (const [host, own, other] of [
      [undefined, 'Alpha', 'Bravo'],
      ['b.example', 'Bravo', 'Alpha'],
    ] as const) {
      const c = await signedIn(host);
      const shown: string[] = [];
      for (const url of LISTS) {
        const res = await c.get(url);
        expect(res.statusCode, `${host ?? 'A'} ${url}`).toBe(200);
        const text = textOf(res.body);
        expect(text, `${host ?? 'A'} ${url}`).not.toContain(other);
        if (text.includes(own)) shown.push(url);
      }
      // The pages that list people do show the service's own: the check above can fail.
      expect(shown).toEqual(
        expect.arrayContaining([
          '/staff/referrals?status=all',
          '/staff/risk',
          '/caseload',
          '/diary?date=2026-11-26',
        ]),
      );
    }
  });

  it('searches in one service find nothing of the other', async () => {
    const ca = await signedIn(undefined);
    const own = await ca.get(`/admin/audit?patient=${a.patientId}`);
    expect(own.statusCode).toBe(200);
    // B's patient has been viewed in B, so B's audit log has rows for it; A's search finds none.
    const cb = await signedIn('b.example');
    expect((await cb.get(`/patients/${b.patientId}`)).statusCode).toBe(200);
    const res = await ca.get(`/admin/audit?patient=${b.patientId}`);
    expect(res.statusCode).not.toBe(500);
    expect(textOf(res.body)).not.toContain('Bravo');
    const inB = await cb.get(`/admin/audit?patient=${b.patientId}`);
    expect(textOf(inB.body)).toContain('Bravo Manager');
  });

  it('answers 404 for every record of the other service, and 200 for its own', async () => {
    const ca = await signedIn(undefined);
    const cb = await signedIn('b.example');
    for (const [c, own, other] of [
      [ca, a, b],
      [cb, b, a],
    ] as const) {
      for (const url of recordPages(own)) {
        expect((await c.get(url)).statusCode, url).toBe(200);
      }
      for (const url of recordPages(other)) {
        const res = await c.get(url);
        expect(res.statusCode, url).toBe(404);
      }
    }
  });
});
