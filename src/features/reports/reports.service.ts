/**
 * Use cases of the service's reports: the dashboard, the equity breakdowns, the patients behind a
 * figure and the exports. Every figure is counted by the database (reports.repository.ts); the
 * access policy decides who sees what; each use case writes its audit rows.
 */
import { withTenant, type Database } from '../../db/client';
import {
  DEFAULT_SMALL_CELL_THRESHOLD,
  EXPORT_SCORE_CODES,
  RELIABLE_RECOVERY_BENCHMARKS,
  WAITING_TIME_STANDARDS,
  isSmallCell,
  rate,
  suppressBreakdown,
  type Rate,
  type SuppressedCell,
} from '../../domain/outcomes';
import { auditMany } from '../../platform/audit';
import { accessActorFor, can, reportClinicians, type AccessActor } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import {
  FIGURES,
  RATE_FIGURES,
  type FigureKey,
  type RateKey,
  type ReportFilter,
} from './reports.figures';
import * as repo from './reports.repository';
import {
  SUMMARY_BASES,
  londonDayStart,
  summarisable,
  summaryCounts,
  type SummaryBase,
} from './reports.summary';
import { addDays } from '../../domain/calendar';

const report = (serviceId: string) => ({ kind: 'service_report' as const, serviceId });

function filterDetails(filter: ReportFilter) {
  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    therapistId: filter.therapistId ?? null,
    supervisorId: filter.supervisorId ?? null,
    locationId: filter.locationId ?? null,
    therapy: filter.therapy ?? null,
    focalArea: filter.focalArea ?? null,
  };
}

async function allowed(
  uc: UseCase,
  action: 'report.view' | 'report.drill_down' | 'report.export',
): Promise<AccessActor | null> {
  const actor = await accessActorFor(uc.db, requireUser(uc));
  return can(actor, action, report(uc.service.id)) ? actor : null;
}

/** Every rate of the dashboard from its two figures' counts. */
function ratesOf(counts: repo.FigureCounts): Record<RateKey, Rate> {
  const rates = {} as Record<RateKey, Rate>;
  for (const [key, [numerator, denominator]] of Object.entries(RATE_FIGURES))
    rates[key as RateKey] = rate(counts[numerator], counts[denominator]);
  return rates;
}

export interface Dashboard {
  counts: repo.FigureCounts;
  waits: { assessment: number | null; treatment: number | null };
  alerts: { overDay: number; overWeek: number; oldestHours: number | null };
  caseloads: repo.CaseloadRow[];
  rates: Record<RateKey, Rate>;
  benchmarks: typeof RELIABLE_RECOVERY_BENCHMARKS;
  standards: typeof WAITING_TIME_STANDARDS;
  /**
   * When the period's figures were counted, if they came from the daily summary (ADR 0028);
   * null when every figure was counted just now.
   */
  asAt: Date | null;
}

/**
 * The figures of the period bases (ended courses, appointments, referrals): from the daily
 * summary for a whole-service dashboard over whole days, counting live only the days it lacks;
 * otherwise all live.
 */
async function periodCounts(
  db: UseCase['db'],
  serviceId: string,
  filter: ReportFilter,
  now: Date,
  bases: readonly SummaryBase[] = SUMMARY_BASES,
): Promise<{ counts: Partial<repo.FigureCounts>; asAt: Date | null }> {
  const counts: Partial<repo.FigureCounts> = {};
  if (!summarisable(filter)) {
    for (const base of bases)
      Object.assign(counts, await repo.countBase(db, base, serviceId, filter, now));
    return { counts, asAt: null };
  }
  const summary = await summaryCounts(db, serviceId, filter, now);
  Object.assign(counts, summary.counts);
  for (const [first, last] of summary.missing) {
    const days = { from: londonDayStart(first), to: londonDayStart(addDays(last, 1)) };
    for (const base of bases)
      for (const [k, v] of Object.entries(await repo.countBase(db, base, serviceId, days, now)))
        counts[k as FigureKey] = (counts[k as FigureKey] ?? 0) + v;
  }
  return { counts, asAt: summary.asAt };
}

/** Every dashboard figure for the period and filters: a query per base. */
export async function computeDashboard(uc: UseCase, filter: ReportFilter): Promise<Dashboard> {
  const db = uc.db;
  const serviceId = uc.service.id;
  const now = uc.clock.now();
  await repo.withoutJit(db);
  const period = await periodCounts(db, serviceId, filter, now);
  const parts = { ...period.counts };
  for (const base of ['waiting', 'alerts', 'caseload'] as const)
    Object.assign(parts, await repo.countBase(db, base, serviceId, filter, now));
  const counts = parts as repo.FigureCounts;
  const waits = await repo.longestWaits(db, serviceId, filter, now);
  const alerts = await repo.alertAges(db, serviceId, filter, now);
  const caseloads = await repo.caseloads(db, serviceId, filter, now);
  return {
    counts,
    waits,
    alerts,
    caseloads,
    rates: ratesOf(counts),
    benchmarks: RELIABLE_RECOVERY_BENCHMARKS,
    standards: WAITING_TIME_STANDARDS,
    asAt: period.asAt,
  };
}

/**
 * The dashboard. Audited with one row: it shows counts, not people (each list behind a figure is
 * audited per patient when opened). Null when the actor may not see it.
 */
export async function dashboard(uc: UseCase, filter: ReportFilter): Promise<Dashboard | null> {
  if (!(await allowed(uc, 'report.view'))) {
    await uc.audit({ action: 'report.dashboard_view', outcome: 'denied' });
    return null;
  }
  const result = await computeDashboard(uc, filter);
  await uc.audit({ action: 'report.dashboard_view', details: filterDetails(filter) });
  return result;
}

export interface Headline {
  referrals: number;
  waitingAssessment: number;
  waitingTreatment: number;
  /** Referral to first treatment, finished courses, against the 6 and 18 week standards. */
  within6Weeks: Rate;
  within18Weeks: Rate;
  finished: number;
  recovery: Rate;
  reliableRecovery: Rate;
  /** First and follow-up appointments not attended, of those that were due. */
  dna: Rate;
  openAlerts: number;
  /** As the dashboard's: when earlier days' figures were counted, if from the daily summary. */
  asAt: Date | null;
}

/**
 * This month's headline figures for the manager's home page; null for anyone else. The same
 * figures as the dashboard's (five of its six bases), so the two never disagree.
 */
export async function headline(uc: UseCase, filter: ReportFilter): Promise<Headline | null> {
  if (!(await allowed(uc, 'report.view'))) return null;
  const db = uc.db;
  const now = uc.clock.now();
  const serviceId = uc.service.id;
  await repo.withoutJit(db);
  const period = await periodCounts(db, serviceId, filter, now);
  const c: Partial<repo.FigureCounts> = { ...period.counts };
  for (const base of ['waiting', 'alerts'] as const)
    Object.assign(c, await repo.countBase(db, base, serviceId, filter, now));
  const n = (k: FigureKey) => c[k] ?? 0;
  await uc.audit({
    action: 'report.dashboard_view',
    details: { ...filterDetails(filter), home: true },
  });
  return {
    referrals: n('referrals'),
    waitingAssessment: n('waitingAssessment'),
    waitingTreatment: n('waitingTreatment'),
    within6Weeks: rate(n('within6Weeks'), n('waitMeasured')),
    within18Weeks: rate(n('within18Weeks'), n('waitMeasured')),
    finished: n('finished'),
    recovery: rate(n('recovered'), n('atCaseness')),
    reliableRecovery: rate(n('reliableRecovery'), n('atCaseness')),
    dna: rate(n('firstDna') + n('followUpDna'), n('firstDue') + n('followUpDue')),
    openAlerts: n('openAlerts'),
    asAt: period.asAt,
  };
}

export interface EquityTable {
  dimension: repo.EquityDimension;
  rows: {
    group: string;
    finished: number | null;
    recovery: SuppressedCell;
    reliableImprovement: SuppressedCell;
    reliableRecovery: SuppressedCell;
    reliableDeterioration: SuppressedCell;
  }[];
}

export interface Equity {
  threshold: number;
  tables: EquityTable[];
}

async function thresholdOf(uc: UseCase): Promise<number> {
  const chosen = await repo.smallCellSetting(uc.db, uc.service.id);
  // A service may hide more, never less, than the default.
  return Math.max(DEFAULT_SMALL_CELL_THRESHOLD, chosen ?? DEFAULT_SMALL_CELL_THRESHOLD);
}

async function computeEquity(uc: UseCase, filter: ReportFilter): Promise<Equity> {
  const threshold = await thresholdOf(uc);
  await repo.withoutJit(uc.db);
  const list = await repo.equity(uc.db, uc.service.id, filter, uc.clock.now());
  const tables = repo.EQUITY_DIMENSIONS.map((dimension) => {
    const groups = list
      .filter((r) => r.dimension === dimension)
      // "Not recorded" last, after the groups themselves.
      .sort(
        (a, b) =>
          Number(a.group === 'not_recorded') - Number(b.group === 'not_recorded') ||
          a.group.localeCompare(b.group),
      );
    const column = (num: (r: repo.EquityRow) => number, den: (r: repo.EquityRow) => number) =>
      suppressBreakdown(
        groups.map((r) => ({ group: r.group, numerator: num(r), denominator: den(r) })),
        threshold,
      );
    const recovery = column(
      (r) => r.recovered,
      (r) => r.atCaseness,
    );
    const improvement = column(
      (r) => r.reliableImprovement,
      (r) => r.paired,
    );
    const reliableRecovery = column(
      (r) => r.reliableRecovery,
      (r) => r.atCaseness,
    );
    const deterioration = column(
      (r) => r.reliableDeterioration,
      (r) => r.paired,
    );
    return {
      dimension,
      rows: groups.map((r, i) => {
        const pick = (cells: SuppressedCell[]): SuppressedCell => {
          const cell = cells[i];
          if (!cell) throw new Error('suppressed column out of step');
          return cell;
        };
        return {
          group: r.group,
          finished: isSmallCell(r.finished, threshold) ? null : r.finished,
          recovery: pick(recovery),
          reliableImprovement: pick(improvement),
          reliableRecovery: pick(reliableRecovery),
          reliableDeterioration: pick(deterioration),
        };
      }),
    };
  });
  return { threshold, tables };
}

/** Outcome rates by age band, gender and ethnicity, small cells hidden. Audited (one row). */
export async function equity(uc: UseCase, filter: ReportFilter): Promise<Equity | null> {
  if (!(await allowed(uc, 'report.view'))) {
    await uc.audit({ action: 'report.equity_view', outcome: 'denied' });
    return null;
  }
  const result = await computeEquity(uc, filter);
  await uc.audit({ action: 'report.equity_view', details: filterDetails(filter) });
  return result;
}

export const PAGE_SIZE = 50;

export interface PatientList {
  figure: FigureKey;
  label: string;
  total: number;
  rows: repo.DrillDownRow[];
  offset: number;
}

/**
 * The patients behind a figure, a page at a time, limited to those the actor may read. Every
 * person listed gets an audit row (the list shows names and NHS numbers).
 */
export async function patientList(
  uc: UseCase,
  input: { figure: FigureKey; filter: ReportFilter; offset: number },
): Promise<PatientList | null> {
  const actor = await allowed(uc, 'report.drill_down');
  if (!actor) {
    await uc.audit({ action: 'report.patient_list', outcome: 'denied' });
    return null;
  }
  await repo.withoutJit(uc.db);
  const page = await repo.drillDown(uc.db, {
    serviceId: uc.service.id,
    figure: input.figure,
    filter: input.filter,
    now: uc.clock.now(),
    clinicians: reportClinicians(actor),
    offset: input.offset,
    limit: PAGE_SIZE,
  });
  const details = { figure: input.figure, ...filterDetails(input.filter), offset: input.offset };
  if (page.rows.length === 0) await uc.audit({ action: 'report.patient_list', details });
  else
    await uc.auditMany(
      page.rows.map((r) => ({
        action: 'report.patient_list' as const,
        patientId: r.patientId,
        ...(r.patientId
          ? {}
          : r.referralId
            ? { recordType: 'referral', recordId: r.referralId }
            : {}),
        details,
      })),
    );
  return {
    figure: input.figure,
    label: FIGURES[input.figure].label,
    ...page,
    offset: input.offset,
  };
}

export const EXPORT_TABLES = ['summary', 'caseloads', 'equity', 'courses', 'patients'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface CsvExport {
  filename: string;
  header: readonly string[];
  /** Pages of rows; read after the request's transaction has committed. */
  pages: AsyncIterable<string[][]>;
}

const EXPORT_PAGE = 1000;

async function* once(rows: string[][]): AsyncGenerator<string[][]> {
  yield await Promise.resolve(rows);
}

function pct(r: Rate): string {
  return r.rate === null ? '' : (r.rate * 100).toFixed(1);
}

/**
 * A CSV of a report table, for service managers only. Audited before anything is sent: one row
 * for the aggregate tables, one per patient for the lists (written as each page is read). The
 * course and patient exports read a page at a time, each page in its own short tenant
 * transaction after the request's has committed, so no table is ever held in memory whole.
 */
export async function exportCsv(
  uc: UseCase,
  database: Pick<Database, 'root'>,
  input: { table: ExportTable; filter: ReportFilter; figure?: FigureKey },
): Promise<CsvExport | null> {
  const actor = await allowed(uc, 'report.export');
  if (!actor) {
    await uc.audit({ action: 'report.export', outcome: 'denied', details: { table: input.table } });
    return null;
  }
  const { filter } = input;
  const details = { table: input.table, figure: input.figure ?? null, ...filterDetails(filter) };
  const day = filter.from.toISOString().slice(0, 10);
  const serviceId = uc.service.id;
  const now = uc.clock.now();
  switch (input.table) {
    case 'summary': {
      const d = await computeDashboard(uc, filter);
      await uc.audit({ action: 'report.export', details });
      const figureRows = (Object.keys(FIGURES) as FigureKey[]).map((k) => [
        k,
        FIGURES[k].label,
        String(d.counts[k]),
        '',
        '',
      ]);
      // A rate with its two figures named and both counted, so it can be checked by hand.
      const rateRows = (Object.keys(RATE_FIGURES) as RateKey[]).map((k) => {
        const [numerator, denominator] = RATE_FIGURES[k];
        const r = d.rates[k];
        return [
          `${k}Rate`,
          `${FIGURES[numerator].label}, out of: ${FIGURES[denominator].label.toLowerCase()} (per cent)`,
          String(r.numerator),
          String(r.denominator),
          pct(r),
        ];
      });
      return {
        filename: `summary-${day}.csv`,
        header: ['figure', 'description', 'count', 'out_of', 'per_cent'],
        pages: once([...figureRows, ...rateRows]),
      };
    }
    case 'caseloads': {
      const list = await repo.caseloads(uc.db, serviceId, filter, now);
      await uc.audit({ action: 'report.export', details });
      return {
        filename: `caseloads-${day}.csv`,
        header: ['therapist_id', 'therapist', 'active_courses'],
        pages: once(list.map((r) => [r.therapistId, r.name, String(r.active)])),
      };
    }
    case 'equity': {
      const e = await computeEquity(uc, filter);
      await uc.audit({ action: 'report.export', details: { ...details, threshold: e.threshold } });
      const shown = (v: number | null) => (v === null ? 'suppressed' : String(v));
      const rows = e.tables.flatMap((t) =>
        t.rows.map((r) => [
          t.dimension,
          r.group,
          shown(r.finished),
          ...[
            r.recovery,
            r.reliableImprovement,
            r.reliableRecovery,
            r.reliableDeterioration,
          ].flatMap((c) => [shown(c.numerator), shown(c.denominator)]),
        ]),
      );
      return {
        filename: `equity-${day}.csv`,
        header: [
          'dimension',
          'group',
          'finished',
          // Each figure with its own denominator, every column named once.
          'recovered',
          'recovery_at_caseness',
          'reliably_improved',
          'improvement_paired',
          'reliably_recovered',
          'reliable_recovery_at_caseness',
          'reliably_deteriorated',
          'deterioration_paired',
        ],
        pages: once(rows),
      };
    }
    case 'courses': {
      await uc.audit({ action: 'report.export', details });
      async function* pages(): AsyncGenerator<string[][]> {
        let after: repo.ExportCursor | null = null;
        do {
          const cursor: repo.ExportCursor | null = after;
          const page: Awaited<ReturnType<typeof repo.coursePage>> = await withTenant(
            database,
            serviceId,
            (db) =>
              repo.coursePage(db, {
                serviceId,
                filter,
                now,
                codes: EXPORT_SCORE_CODES,
                after: cursor,
                limit: EXPORT_PAGE,
              }),
          );
          yield page.cells;
          after = page.next;
        } while (after);
      }
      return { filename: `courses-${day}.csv`, header: repo.COURSE_EXPORT_COLUMNS, pages: pages() };
    }
    case 'patients': {
      const figure = input.figure ?? 'ended';
      await uc.audit({ action: 'report.export', details });
      const clinicians = reportClinicians(actor);
      const actorOf = uc.actor;
      const clock = uc.clock;
      async function* pages(): AsyncGenerator<string[][]> {
        let offset = 0;
        for (;;) {
          const at = offset;
          const rows = await withTenant(database, serviceId, async (db) => {
            const page = await repo.drillDown(db, {
              serviceId,
              figure,
              filter,
              now,
              clinicians,
              offset: at,
              limit: EXPORT_PAGE,
            });
            // Each person sent is audited with the page that carries them.
            await auditMany(
              db,
              clock,
              actorOf,
              page.rows.map((r) => ({
                action: 'report.export' as const,
                patientId: r.patientId,
                // Someone without a record yet is sent from their referral, as the list shows them.
                ...(r.patientId === null && r.referralId
                  ? { recordType: 'referral', recordId: r.referralId }
                  : {}),
                details: { table: 'patients', figure },
              })),
            );
            return page.rows;
          });
          yield rows.map((r) => [
            r.patientId ?? '',
            r.referralId ?? '',
            r.courseId ?? '',
            r.givenName,
            r.familyName,
            r.nhsNumber ?? '',
            r.when,
          ]);
          if (rows.length < EXPORT_PAGE) return;
          offset += EXPORT_PAGE;
        }
      }
      return {
        filename: `patients-${figure}-${day}.csv`,
        header: [
          'patient_id',
          'referral_id',
          'course_id',
          'given_name',
          'family_name',
          'nhs_number',
          'date',
        ],
        pages: pages(),
      };
    }
  }
}
