/**
 * A therapist's caseload page with a full caseload (issue 16): 40 patients, each with 16 attended
 * sessions and a PHQ-9 and GAD-7 score at every session, one request at a time on the chosen
 * database, against a bare Fastify route serving the same bytes in the same run.
 */
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../tests/support/test-app';
import { seedCourse, type ScoreSpec } from '../tests/fixtures/outcomes';
import {
  measureLatencies,
  signInStaff,
  startApp,
  type BenchApp,
  type DbKind,
  type Latencies,
} from './support';

export interface CaseloadResult {
  db: DbKind;
  patients: number;
  sessionsEach: number;
  bytes: number;
  baseline: Latencies;
  rapport: Latencies;
}

const PATIENTS = 40;
const SESSIONS = 16;
const WEEK = 7 * 86_400_000;

/** Scores that improve over the course, differently per patient, so the summaries do real work. */
function scoresFor(i: number): ScoreSpec[] {
  const scores: ScoreSpec[] = [];
  for (let s = 1; s <= SESSIONS; s++) {
    const phq = Math.max(0, 20 - Math.round((s * (i % 7)) / 4));
    const gad = Math.max(0, 16 - Math.round((s * (i % 5)) / 4));
    scores.push({ measureId: 'phq9', total: phq, context: 'session', session: s });
    scores.push({ measureId: 'gad7', total: gad, context: 'session', session: s });
  }
  return scores;
}

/** The fixtures write straight to the database; they need only these parts of a test app. */
export const seedAppOf = (app: BenchApp) =>
  ({
    database: app.bench.database,
    service: app.service,
    clock: { now: () => new Date() },
  }) as unknown as TestApp;

/** A full caseload for this therapist: 40 patients, 16 attended sessions each, with scores. */
export async function seedFullCaseload(
  app: BenchApp,
  therapistId: string,
  onProgress?: (line: string) => void,
): Promise<void> {
  const firstSessionAt = new Date(Date.now() - SESSIONS * WEEK);
  for (let i = 0; i < PATIENTS; i++) {
    await seedCourse(seedAppOf(app), {
      givenName: `Bench${i}`,
      familyName: `Patient${i}`,
      therapistId,
      sessions: Array.from({ length: SESSIONS }, () => 'attended' as const),
      // An hour apart: a therapist's appointments may not overlap.
      firstSessionAt: new Date(firstSessionAt.getTime() + i * 3_600_000),
      scores: scoresFor(i),
      plannedSessions: SESSIONS,
    });
    if ((i + 1) % 10 === 0) onProgress?.(`caseload: seeded ${i + 1}/${PATIENTS} patients`);
  }
}

export async function caseload(
  db: DbKind,
  options: { seconds: number; port: number; onProgress?: (line: string) => void },
): Promise<CaseloadResult> {
  const app = await startApp(db, options.port);
  const bare = Fastify();
  try {
    const { cookie, userId } = await signInStaff(app, 'caseload@example.nhs.uk', ['therapist']);
    await seedFullCaseload(app, userId, options.onProgress);
    // As a service's database has: statistics of what is in it. Without them the planner guesses;
    // with statistics of small tables, a cached plan can scan a table as it grows (migration 0034).
    await app.bench.database.root.execute(sql`analyze`);
    const page = await fetch(`${app.base}/caseload`, { headers: { cookie } });
    if (page.status !== 200) throw new Error(`caseload answered ${page.status}`);
    const bytes = await page.text();
    const rows = (bytes.match(/Bench\d+/g) ?? []).length;
    if (rows < PATIENTS) throw new Error(`caseload shows ${rows} of ${PATIENTS} patients`);
    bare.get('/caseload', (_req, reply) => reply.type('text/html; charset=utf-8').send(bytes));
    await bare.listen({ port: options.port + 1, host: '127.0.0.1' });

    // One request at a time: the figure is the latency a therapist sees, not throughput.
    const baseline = await measureLatencies({
      url: `http://127.0.0.1:${options.port + 1}/caseload`,
      seconds: options.seconds,
      connections: 1,
    });
    const rapport = await measureLatencies({
      url: `http://127.0.0.1:${options.port}/caseload`,
      seconds: options.seconds,
      connections: 1,
      headers: { cookie },
    });
    if (rapport.failures > 0) throw new Error(`${rapport.failures} failed requests to Rapport`);
    return {
      db,
      patients: PATIENTS,
      sessionsEach: SESSIONS,
      bytes: bytes.length,
      baseline,
      rapport,
    };
  } finally {
    await bare.close();
    await app.close();
  }
}

export function describeCaseload(r: CaseloadResult): string[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    `caseload (${r.db}): ${r.patients} patients × ${r.sessionsEach} sessions of scores, page of ${r.bytes} bytes`,
    `  baseline (bare route):  p50 ${ms(r.baseline.p50)}, p95 ${ms(r.baseline.p95)} over ${r.baseline.count}`,
    `  rapport /caseload:      p50 ${ms(r.rapport.p50)}, p95 ${ms(r.rapport.p95)}, p99 ${ms(r.rapport.p99)} over ${r.rapport.count}`,
    `  p95 against the goal of 30 ms: ${(r.rapport.p95 / 30).toFixed(2)}×; against the bare route: ${(r.rapport.p95 / Math.max(r.baseline.p95, 0.01)).toFixed(0)}×`,
  ];
}
