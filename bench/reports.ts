/**
 * Dashboard and course-export timings on PostgreSQL at growing sizes (issue 15).
 *
 *   node --import tsx bench/reports.ts --sizes 10000,100000[,1000000]
 *   npm run bench -- --only reports        (sizes from BENCH_REPORT_SIZES, default 10000)
 *
 * BENCH_DATABASE_URL (default postgres://rapport:rapport@127.0.0.1:5432/postgres) must be a
 * role that may create databases. For each size it makes a scratch database
 * rapport_bench_reports_<size>, migrates it and fills one service with that many synthetic
 * courses (src/synth, the generator behind `rapport synthesise`); a scratch database already
 * filled to that size by an earlier run is reused (--fresh makes it again). Then it times the
 * dashboard (every figure, as the page computes them, under row-level security) and the whole
 * course-level export of the last year, median of 3 runs each, and prints the curve with the
 * growth per tenfold increase in courses (1.0 would be flat, 10 linear). The dashboard is timed
 * once live (no summary rows) and then, after counting the per-day summary (ADR 0028), read from
 * the summary; the two must give the same figures.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, withTenant, type Database } from '../src/db/client';
import { EXPORT_SCORE_CODES } from '../src/domain/outcomes';
import { computeDashboard } from '../src/features/reports/reports.service';
import { coursePage, type ExportCursor } from '../src/features/reports/reports.repository';
import { csvLine } from '../src/features/reports/reports.csv';
import { createService, findServiceBySlug } from '../src/platform/instance';
import { FixedClock } from '../src/platform/clock';
import { systemUseCase } from '../src/platform/use-case';
import { synthesise } from '../src/synth/generate';
import { addDays, resolveLondonLocal, utcToLondon } from '../src/domain/calendar';
import { refreshService } from '../src/features/reports/reports.summary';

export interface ReportsPoint {
  courses: number;
  /** Seconds spent generating, or null when an earlier run's data was reused. */
  synthSeconds: number | null;
  /** The dashboard counted live (no summary rows), one run. */
  liveMs: number;
  /** Counting every day into the summary from scratch (ADR 0028). */
  summarySeconds: number;
  /** The dashboard read from the summary, median of 3. */
  dashboardMs: number;
  exportMs: number;
  exportedRows: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

async function count(database: Database, query: ReturnType<typeof sql>): Promise<number> {
  // node-postgres and PGlite answer in different shapes, both with `rows`.
  const result: unknown = await database.root.execute(query);
  return Number((result as { rows: { n: unknown }[] }).rows[0]?.n ?? 0);
}

/** The scratch database for one size, filled (or reused when already filled to that size). */
async function filled(base: string, courses: number, fresh: boolean, log: (l: string) => void) {
  const name = `rapport_bench_reports_${courses}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name]))
    .rowCount;
  if (fresh || !exists) {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await database.migrate();
  const found = await findServiceBySlug(database.root, 'bench');
  const referrals = found
    ? await count(database, sql`select count(*) as n from referrals where service_id = ${found.id}`)
    : 0;
  if (found && referrals === courses) {
    // Reused: "now" is taken as the newest referral (nobody is referred in the future), so
    // the year of data stays in the window however long ago it was written.
    const last = await count(
      database,
      sql`select extract(epoch from max(received_at)) * 1000 as n from referrals where service_id = ${found.id}`,
    );
    log(`  ${courses}: reusing ${name}`);
    return { database, service: found, now: new Date(last), synth: null };
  }
  if (found) throw new Error(`${name} holds a different size: run with --fresh`);
  const created = await createService(database.root, { slug: 'bench', name: 'Bench', hosts: [] });
  if (!created.ok) throw new Error(created.problem);
  const now = new Date();
  const t0 = performance.now();
  let shown = -1;
  await synthesise(database.root, created.service.id, {
    courses,
    now,
    parallel: 4,
    onProgress: (done, total) => {
      const tenth = Math.floor((done / total) * 10);
      if (tenth === shown) return;
      shown = tenth;
      log(`  ${courses}: ${done}/${total} courses written`);
    },
  });
  const synth = (performance.now() - t0) / 1000;
  log(`  ${courses}: generated in ${synth.toFixed(1)} s`);
  await database.root.execute(sql`analyze`);
  return { database, service: created.service, now, synth };
}

export async function reportsBench(
  sizes: number[],
  options: { base?: string; fresh?: boolean; log?: (line: string) => void } = {},
): Promise<ReportsPoint[]> {
  const base =
    options.base ??
    process.env.BENCH_DATABASE_URL ??
    'postgres://rapport:rapport@127.0.0.1:5432/postgres';
  const log =
    options.log ??
    ((l: string) => {
      process.stderr.write(`${l}\n`);
    });
  const points: ReportsPoint[] = [];
  for (const courses of sizes) {
    const { database, service, now, synth } = await filled(
      base,
      courses,
      options.fresh ?? false,
      log,
    );
    try {
      const clock = new FixedClock(now.toISOString());
      // The last year of London days up to today, every filter off: the widest dashboard, as
      // the form asks for it (whole days).
      const today = utcToLondon(now).date;
      const filter = {
        from: resolveLondonLocal(addDays(today, -365), '00:00'),
        to: resolveLondonLocal(addDays(today, 1), '00:00'),
      };
      const dashboard = () =>
        withTenant(database, service.id, (db) =>
          computeDashboard(
            systemUseCase({
              db,
              clock,
              service,
              links: { publicUrl: '', serviceName: service.name },
            }),
            filter,
          ),
        );
      // Live first: without summary rows every day is counted from the records.
      await database.root.execute(sql`delete from report_daily where service_id = ${service.id}`);
      const t0 = performance.now();
      const live = await dashboard();
      const liveMs = performance.now() - t0;
      const t1 = performance.now();
      await refreshService(database, service.id, clock, 'bench');
      const summarySeconds = (performance.now() - t1) / 1000;
      log(
        `  ${courses}: live ${liveMs.toFixed(0)} ms, summary counted in ${summarySeconds.toFixed(1)} s`,
      );
      let fromSummary = live;
      const dashboardMs = await time(async () => {
        fromSummary = await dashboard();
      });
      // The bench checks what the tests check: the summary gives the live figures.
      if (JSON.stringify(fromSummary.counts) !== JSON.stringify(live.counts))
        throw new Error(`summary and live figures differ at ${courses} courses`);
      if (!fromSummary.asAt) throw new Error('the dashboard did not read the summary');
      let exportedRows = 0;
      const exportMs = await time(async () => {
        exportedRows = 0;
        let after: ExportCursor | null = null;
        do {
          const cursor: ExportCursor | null = after;
          const page: Awaited<ReturnType<typeof coursePage>> = await withTenant(
            database,
            service.id,
            (db) =>
              coursePage(db, {
                serviceId: service.id,
                filter,
                now,
                codes: EXPORT_SCORE_CODES,
                after: cursor,
                limit: 1000,
              }),
          );
          for (const cells of page.cells) csvLine(cells);
          exportedRows += page.cells.length;
          after = page.next;
        } while (after);
      });
      points.push({
        ...{ courses, synthSeconds: synth, liveMs, summarySeconds },
        ...{ dashboardMs, exportMs, exportedRows },
      });
    } finally {
      await database.close();
    }
  }
  return points;
}

/** Growth of `b` over `a` per tenfold increase in courses (10 is linear). */
export function growthPer10x(a: ReportsPoint, b: ReportsPoint, key: 'dashboardMs' | 'exportMs') {
  const steps = Math.log10(b.courses / a.courses);
  return steps > 0 ? (b[key] / a[key]) ** (1 / steps) : NaN;
}

export function describeReports(points: ReportsPoint[]): string[] {
  const lines = [
    '  courses   synth s   live ms   summary s   dashboard ms   ×per 10×   export ms   ×per 10×   exported rows',
  ];
  points.forEach((p, i) => {
    const prev = points[i - 1];
    const g = (key: 'dashboardMs' | 'exportMs') =>
      prev ? growthPer10x(prev, p, key).toFixed(2) : '-';
    lines.push(
      [
        String(p.courses).padStart(9),
        (p.synthSeconds === null ? 'reused' : p.synthSeconds.toFixed(0)).padStart(9),
        p.liveMs.toFixed(0).padStart(9),
        p.summarySeconds.toFixed(1).padStart(11),
        p.dashboardMs.toFixed(0).padStart(14),
        g('dashboardMs').padStart(10),
        p.exportMs.toFixed(0).padStart(11),
        g('exportMs').padStart(10),
        String(p.exportedRows).padStart(15),
      ].join(' '),
    );
  });
  lines.push(
    'Goal: dashboard under 2000 ms at 1,000,000 courses, growing no faster than linearly (×10 per 10×).',
  );
  return lines;
}

export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes takes whole numbers separated by commas, not "${text}"`);
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const points = await reportsBench(parseSizes(values.sizes), { fresh: values.fresh });
  console.log(describeReports(points).join('\n'));
}
