/**
 * The reports' per-day summary (ADR 0028). At a million courses the dashboard's period figures
 * scan a year of courses, appointments and referrals (about 14 million appointments), far over
 * 2 seconds however they are indexed. So a background worker counts each London day's figures
 * once, with the same `figureCounts`/`baseQuery` SQL as the live dashboard and the drill-down
 * lists, into `report_daily` (a table with row-level security, not a materialised view); the
 * dashboard then adds up at most a few hundred day rows, and counts live the days the worker
 * has not reached yet and always today (the current London day), which the worker never stores:
 * a referral sent a minute ago is in the dashboard's count at once, as in the list behind it.
 * Figures of earlier days are "as at" the oldest day row used.
 *
 * Only a whole-service dashboard over whole London days is read from the summary: a filter by
 * therapist, supervisor, location, therapy or focal area is counted live (see the ADR).
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import { withTenant, type Database, type Db } from '../../db/client';
import { services } from '../../db/schema';
import { addDays, resolveLondonLocal, utcToLondon, type IsoDate } from '../../domain/calendar';
import type { Clock } from '../../platform/clock';
import { PeriodicJob } from '../../platform/periodic';
import {
  BASE_ROW,
  FIGURE_KEYS,
  FIGURES,
  baseQuery,
  figureCounts,
  ownFigures,
  type FigureKey,
  type ReportFilter,
} from './reports.figures';

/** The bases whose figures belong to a period (the others are "now" and always counted live). */
export const SUMMARY_BASES = ['ended', 'appointments', 'referrals'] as const;
export type SummaryBase = (typeof SUMMARY_BASES)[number];
export const SUMMARY_FIGURES = FIGURE_KEYS.filter((k) =>
  (SUMMARY_BASES as readonly string[]).includes(FIGURES[k].base),
);

/** Days counted in one transaction: reads take no locks that block writers; 31 days per
 * transaction counted a full pass 1.6 times faster than 7 (34/53 s against 58/81 s at 100,000). */
export const CHUNK_DAYS = 31;
/** The last this many days are counted again on every pass (attendance, endings, scores change). */
export const RECENT_DAYS = 35;
/** Older days are counted again once they are this old (a late correction shows within a day). */
export const FULL_REFRESH_MS = 24 * 3_600_000;
/** How long a worker may hold a service's refresh before another instance may take it over. */
export const LEASE_MS = 10 * 60_000;

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  // node-postgres and PGlite answer in different shapes, both with `rows`.
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

const londonDay = (at: SQL) => sql`to_char((${at}) at time zone 'Europe/London', 'YYYY-MM-DD')`;
/** A timestamp as either driver returns it (a Date, or text). */
const toDate = (v: unknown): Date =>
  v instanceof Date ? v : new Date(typeof v === 'string' || typeof v === 'number' ? v : NaN);
const dayStart = (day: IsoDate) => resolveLondonLocal(day, '00:00');
const dayOf = (at: Date): IsoDate => utcToLondon(at).date;

function daysBetween(first: IsoDate, last: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Consecutive runs of days, each at most `max` long. */
function runs(days: readonly IsoDate[], max: number): [IsoDate, IsoDate][] {
  const out: [IsoDate, IsoDate][] = [];
  for (const d of [...days].sort()) {
    const last = out[out.length - 1];
    if (last && addDays(last[1], 1) === d && daysBetween(last[0], d).length <= max) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

type Counts = Partial<Record<FigureKey, number>>;

/** Every summary figure of the days first..last (inclusive), per day, counted as the live dashboard does. */
export async function countDays(
  db: Db,
  serviceId: string,
  first: IsoDate,
  last: IsoDate,
  now: Date,
): Promise<Map<IsoDate, Counts>> {
  const filter: ReportFilter = { from: dayStart(first), to: dayStart(addDays(last, 1)) };
  const out = new Map<IsoDate, Counts>();
  for (const day of daysBetween(first, last))
    out.set(day, Object.fromEntries(SUMMARY_FIGURES.map((k) => [k, 0])));
  const add = (list: Record<string, unknown>[]) => {
    for (const { day, ...counts } of list) {
      const target = out.get(String(day));
      if (!target) continue;
      for (const [k, v] of Object.entries(counts)) target[k as FigureKey] = Number(v);
    }
  };
  for (const base of SUMMARY_BASES) {
    const when = londonDay(BASE_ROW[base].when);
    add(
      await rows(
        db,
        sql`select ${when} as day, ${figureCounts(base)} ${baseQuery(base, serviceId, filter, now)} group by 1`,
      ),
    );
    for (const k of ownFigures(base))
      add(
        await rows(
          db,
          sql`select ${when} as day, count(*)::int as ${sql.identifier(k)} ${baseQuery(base, serviceId, filter, now)} and (${FIGURES[k].where}) group by 1`,
        ),
      );
  }
  return out;
}

/** Counts the days first..last again and stores them, as at `now`. */
export async function refreshDays(
  db: Db,
  serviceId: string,
  first: IsoDate,
  last: IsoDate,
  now: Date,
): Promise<number> {
  await db.execute(sql`set local jit = off`);
  const counted = await countDays(db, serviceId, first, last, now);
  const days = [...counted.keys()];
  await db.execute(sql`insert into report_daily (service_id, day, counts, computed_at)
    select ${serviceId}::uuid, d, c, ${now}::timestamptz
    from unnest(${sql.param(days)}::date[], ${sql.param(days.map((d) => JSON.stringify(counted.get(d))))}::jsonb[]) as u(d, c)
    on conflict (service_id, day) do update set counts = excluded.counts, computed_at = excluded.computed_at`);
  return days.length;
}

/**
 * The days a pass should count: never counted, recent, or counted over a day ago. Whole days
 * only, up to yesterday: today is still changing, so the dashboard always counts it live.
 */
export async function staleDays(db: Db, serviceId: string, now: Date): Promise<IsoDate[]> {
  const [span] = await rows<{ first: unknown }>(
    db,
    sql`select least(
        (select min(received_at) from referrals where service_id = ${serviceId}),
        (select min(starts_at) from appointments where service_id = ${serviceId}),
        (select min(ended_at) from treatment_courses where service_id = ${serviceId})
      ) as first`,
  );
  if (span?.first === null || span?.first === undefined) return [];
  const today = dayOf(now);
  const yesterday = addDays(today, -1);
  const first = dayOf(toDate(span.first));
  if (first > yesterday) return [];
  const known = new Map(
    (
      await rows<{ day: string; at: unknown }>(
        db,
        sql`select day::text as day, computed_at as at from report_daily
          where service_id = ${serviceId} and day >= ${first}::date and day <= ${yesterday}::date`,
      )
    ).map((r) => [r.day, toDate(r.at).getTime()]),
  );
  const recentFrom = addDays(today, -RECENT_DAYS);
  return daysBetween(first, yesterday).filter((d) => {
    const at = known.get(d);
    return (
      at === undefined ||
      d >= recentFrom ||
      at <= now.getTime() - FULL_REFRESH_MS ||
      d >= dayOf(new Date(at))
    );
  });
}

/**
 * One pass over one service, if no other instance holds its lease: the stale days, a week per
 * transaction. Returns the days counted, or null when another instance is refreshing.
 */
export async function refreshService(
  database: Pick<Database, 'root'>,
  serviceId: string,
  clock: Clock,
  holder: string,
  chunkDays = CHUNK_DAYS,
): Promise<number | null> {
  const now = clock.now();
  const claimed = await withTenant(database, serviceId, (db) =>
    rows(
      db,
      sql`insert into report_summary_state (service_id, lease_holder, lease_until)
        values (${serviceId}, ${holder}, ${new Date(now.getTime() + LEASE_MS)})
        on conflict (service_id) do update
          set lease_holder = excluded.lease_holder, lease_until = excluded.lease_until
          where report_summary_state.lease_until is null
            or report_summary_state.lease_until <= ${now}
            or report_summary_state.lease_holder = excluded.lease_holder
        returning service_id`,
    ),
  );
  if (claimed.length === 0) return null;
  let counted = 0;
  try {
    const days = await withTenant(database, serviceId, (db) => staleDays(db, serviceId, now));
    for (const [first, last] of runs(days, chunkDays))
      counted += await withTenant(database, serviceId, (db) =>
        refreshDays(db, serviceId, first, last, clock.now()),
      );
    await withTenant(database, serviceId, (db) =>
      db.execute(sql`update report_summary_state set refreshed_at = ${clock.now()}
        where service_id = ${serviceId} and lease_holder = ${holder}`),
    );
  } finally {
    await withTenant(database, serviceId, (db) =>
      db.execute(sql`update report_summary_state set lease_holder = null, lease_until = null
        where service_id = ${serviceId} and lease_holder = ${holder}`),
    );
  }
  return counted;
}

/** True when the dashboard for this filter may be read from the summary. */
export function summarisable(filter: ReportFilter): boolean {
  const narrowed =
    filter.therapistId ??
    filter.supervisorId ??
    filter.locationId ??
    filter.therapy ??
    filter.focalArea;
  return (
    narrowed === undefined &&
    dayStart(dayOf(filter.from)).getTime() === filter.from.getTime() &&
    dayStart(dayOf(filter.to)).getTime() === filter.to.getTime()
  );
}

/**
 * The summary's counts for the days of the period it has, and which days it lacks (to count
 * live): today and any later day are always counted live, even if an older worker stored a row
 * for today part-way through it. `asAt` is when the oldest of the used day rows was counted
 * (null when none was used).
 */
export async function summaryCounts(
  db: Db,
  serviceId: string,
  filter: ReportFilter,
  now: Date,
): Promise<{ counts: Counts; asAt: Date | null; missing: [IsoDate, IsoDate][] }> {
  const first = dayOf(filter.from);
  const periodLast = addDays(dayOf(filter.to), -1);
  const yesterday = addDays(dayOf(now), -1);
  // The days the summary may give: whole days before today.
  const last = periodLast < yesterday ? periodLast : yesterday;
  const [agg] = await rows<{ days: unknown; asAt: unknown; counts: unknown }>(
    db,
    sql`select array_agg(day::text) as days, min(computed_at) as "asAt",
        (select jsonb_object_agg(k, n) from (
          select e.key as k, sum(e.value::int) as n
          from report_daily r2, jsonb_each_text(r2.counts) e
          where r2.service_id = ${serviceId} and r2.day >= ${first}::date and r2.day <= ${last}::date
          group by e.key) s) as counts
      from report_daily r
      where r.service_id = ${serviceId} and r.day >= ${first}::date and r.day <= ${last}::date`,
  );
  const have = new Set(Array.isArray(agg?.days) ? (agg.days as string[]) : []);
  const missing = runs(
    daysBetween(first, periodLast).filter((d) => d > last || !have.has(d)),
    Number.POSITIVE_INFINITY,
  );
  const raw = (typeof agg?.counts === 'string' ? JSON.parse(agg.counts) : agg?.counts) as
    Record<string, unknown> | null | undefined;
  const counts: Counts = {};
  for (const k of SUMMARY_FIGURES) counts[k] = Number(raw?.[k] ?? 0);
  return {
    counts,
    asAt: have.size > 0 && agg?.asAt ? toDate(agg.asAt) : null,
    missing,
  };
}

export { dayStart as londonDayStart };

/** Refreshes every service's summary every `intervalMs`; started by the server. */
export class ReportSummaryWorker {
  private readonly job: PeriodicJob<string>;
  private readonly holder = randomUUID();

  constructor(
    private readonly database: Pick<Database, 'root' | 'db'>,
    private readonly clock: Clock,
    logger: Logger,
    intervalMs = 5 * 60_000,
  ) {
    this.job = new PeriodicJob({
      run: () => this.refreshAll(),
      intervalMs,
      logger,
      did: 'report summaries refreshed',
      failed: 'report summary refresh failed',
    });
  }

  private async refreshAll(): Promise<string[]> {
    const done: string[] = [];
    for (const { id } of await this.database.db.select({ id: services.id }).from(services)) {
      const counted = await refreshService(this.database, id, this.clock, this.holder);
      if (counted) done.push(id);
    }
    return done;
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  runOnce(): Promise<string[]> {
    return this.job.runOnce();
  }
}
