/**
 * Dashboard and course-export timings on PostgreSQL at growing sizes (issue 15).
 *
 *   BENCH_DATABASE_URL=postgres://rapport:rapport@127.0.0.1:5432/postgres \
 *     node --import tsx bench/reports.ts 10000 100000 [1000000]
 *
 * For each size it creates a scratch database, migrates it, fills one service with that many
 * synthetic courses (src/synth, the same generator as `rapport synthesise`), then times the
 * dashboard (every figure, as the page computes them, under row-level security) and the full
 * course-level export, median of 3 runs each, and prints the curve with the growth per step.
 */
import pg from 'pg';
import { openDatabase, withTenant } from '../src/db/client';
import { EXPORT_SCORE_CODES } from '../src/domain/outcomes';
import { computeDashboard } from '../src/features/reports/reports.service';
import { coursePage, type ExportCursor } from '../src/features/reports/reports.repository';
import { csvLine } from '../src/features/reports/reports.csv';
import { createService } from '../src/platform/instance';
import { FixedClock } from '../src/platform/clock';
import { systemUseCase } from '../src/platform/use-case';
import { synthesise } from '../src/synth/generate';

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://rapport:rapport@127.0.0.1:5432/postgres';
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
if (sizes.length === 0) sizes.push(10_000, 100_000);

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

const results: { courses: number; dashboardMs: number; exportMs: number; rows: number }[] = [];
for (const courses of sizes) {
  const name = `rapport_bench_reports_${courses}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await database.migrate();
  const created = await createService(database.root, { slug: 'bench', name: 'Bench', hosts: [] });
  if (!created.ok) throw new Error(created.problem);
  const service = created.service;
  const now = new Date();
  const t0 = performance.now();
  await synthesise(database.root, service.id, {
    courses,
    now,
    onProgress: (done, total) => {
      if (done === total || done % Math.max(1000, Math.floor(total / 10)) === 0)
        process.stderr.write(`  ${courses}: ${done}/${total} courses written\n`);
    },
  });
  process.stderr.write(
    `  ${courses}: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  await database.root.execute('analyze');
  const clock = new FixedClock(now.toISOString());
  // The last full year, every filter off: the widest dashboard.
  const filter = { from: new Date(now.getTime() - 365 * 86_400_000), to: now };
  const dashboardMs = await time(() =>
    withTenant(database, service.id, (db) =>
      computeDashboard(
        systemUseCase({ db, clock, service, links: { publicUrl: '', serviceName: service.name } }),
        filter,
      ),
    ),
  );
  let rows = 0;
  const exportMs = await time(async () => {
    rows = 0;
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
      rows += page.cells.length;
      after = page.next;
    } while (after);
  });
  results.push({ courses, dashboardMs, exportMs, rows });
  await database.close();
}

console.log('courses     dashboard ms   ×prev   export ms   ×prev   exported rows');
results.forEach((r, i) => {
  const prev = results[i - 1];
  const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(2) : '-');
  console.log(
    `${String(r.courses).padStart(9)}   ${r.dashboardMs.toFixed(0).padStart(12)}   ${ratio(r.dashboardMs, prev?.dashboardMs).padStart(5)}   ${r.exportMs.toFixed(0).padStart(9)}   ${ratio(r.exportMs, prev?.exportMs).padStart(5)}   ${String(r.rows).padStart(13)}`,
  );
});
console.log(
  'Goal: dashboard under 2000 ms at 1,000,000 courses, growing no faster than the courses.',
);
