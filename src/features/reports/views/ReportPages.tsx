import { Button, InsetText } from 'nhsuk-react-components';
import { formatDate, formatLondonDateTime } from '../../../domain/calendar';
import type { Rate, SuppressedCell } from '../../../domain/outcomes';
import { formatNhsNumber } from '../../../domain/identifiers';
import { BarChart } from '../../../ui/charts/BarChart';
import { DateRangeFields } from '../../../ui/DateRangeFields';
import { SelectField } from '../../../ui/fields';
import { ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { Pager } from '../../../ui/pager';
import { Table } from '../../../ui/ResponsiveTable';
import { RATE_FIGURES, type FigureKey, type RateKey } from '../reports.figures';
import type { ReportFilterValues } from '../reports.forms';
import type { Dashboard, Equity, Headline, PatientList } from '../reports.service';

export interface FilterOptions {
  therapists: { id: string; name: string }[];
  supervisors: { id: string; name: string }[];
  locations: { id: string; name: string }[];
  therapies: { id: string; name: string }[];
  focalAreas: { id: string; name: string }[];
}

export interface ReportContext {
  values: ReportFilterValues;
  errors: FieldError[];
  period: { from: string; to: string };
  /** The filter as a query string, for links. */
  query: string;
  options: FilterOptions;
}

export const percent = (r: number | null) => (r === null ? 'No data' : `${(r * 100).toFixed(1)}%`);

/** The dashboard's sections, so a headline figure can open the one it belongs to. */
const SECTION = {
  referrals: 'referrals',
  waiting: 'waiting-lists',
  waits: 'waiting-times',
  outcomes: 'courses-and-outcomes',
  attendance: 'attendance',
  alerts: 'risk-alerts',
} as const;

function periodText(period: { from: string; to: string }): string {
  return `${formatDate(period.from)} to ${formatDate(period.to)}`;
}

/** A count that opens the list of patients behind it. */
function Figure({ figure, count, query }: { figure: FigureKey; count: number; query: string }) {
  return <a href={`/admin/reports/patients?figure=${figure}&${query}`}>{count}</a>;
}

function FilterForm({ ctx, action }: { ctx: ReportContext; action: string }) {
  const form = { values: ctx.values, errors: ctx.errors };
  const select = (
    name: 'therapist' | 'supervisor' | 'location' | 'therapy' | 'focal',
    label: string,
    list: { id: string; name: string }[],
    hint?: string,
  ) => (
    <SelectField form={form} name={name} label={label} hint={hint}>
      <option value="">All</option>
      {list.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </SelectField>
  );
  return (
    <form method="get" action={action} noValidate>
      <DateRangeFields
        values={ctx.values}
        errors={ctx.errors}
        from={{ legend: 'Period from', hint: 'For example, 1 4 2026. Leave empty for this month' }}
        to={{ legend: 'Period to', hint: 'Includes the whole of this day' }}
      />
      {select('therapist', 'Therapist', ctx.options.therapists)}
      {select('supervisor', 'Supervisor', ctx.options.supervisors)}
      {select(
        'location',
        'Location',
        ctx.options.locations,
        'The work of therapists based there: their courses, and their appointments there or by video or phone. A therapist based at more than one location is counted at each.',
      )}
      {select('therapy', 'Therapy', ctx.options.therapies)}
      {select('focal', 'IPT focal area', ctx.options.focalAreas)}
      <Button type="submit">Show figures</Button>
    </form>
  );
}

/** One row of a rate table: the rate, what it is called, and the standard it is held to. */
interface RateRowDef {
  label: string;
  rate: RateKey;
  target?: string;
}

function RateTable({
  caption,
  rates,
  rows,
  query,
}: {
  caption: string;
  rates: Dashboard['rates'];
  rows: RateRowDef[];
  query: string;
}) {
  return (
    <Table caption={caption} responsive>
      <Table.Head>
        <Table.Row>
          <Table.Cell>Measure</Table.Cell>
          <Table.Cell format="numeric">Number</Table.Cell>
          <Table.Cell format="numeric">Out of</Table.Cell>
          <Table.Cell format="numeric">Rate</Table.Cell>
          <Table.Cell>Standard</Table.Cell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {rows.map(({ label, rate, target }) => {
          const [numerator, denominator] = RATE_FIGURES[rate];
          return (
            <Table.Row key={rate}>
              <Table.Cell>{label}</Table.Cell>
              <Table.Cell format="numeric">
                <Figure figure={numerator} count={rates[rate].numerator} query={query} />
              </Table.Cell>
              <Table.Cell format="numeric">
                <Figure figure={denominator} count={rates[rate].denominator} query={query} />
              </Table.Cell>
              <Table.Cell format="numeric">{percent(rates[rate].rate)}</Table.Cell>
              <Table.Cell>{target ?? ''}</Table.Cell>
            </Table.Row>
          );
        })}
      </Table.Body>
    </Table>
  );
}

function CountTable({
  caption,
  rows,
  query,
}: {
  caption: string;
  rows: { label: string; figure: FigureKey; count: number }[];
  query: string;
}) {
  return (
    <Table caption={caption} responsive>
      <Table.Head>
        <Table.Row>
          <Table.Cell>Figure</Table.Cell>
          <Table.Cell format="numeric">Number</Table.Cell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {rows.map((r) => (
          <Table.Row key={r.figure}>
            <Table.Cell>{r.label}</Table.Cell>
            <Table.Cell format="numeric">
              <Figure figure={r.figure} count={r.count} query={query} />
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

const pctTarget = (v: number) => `${Math.round(v * 1000) / 10}%`;

export function DashboardPage({ ctx, report }: { ctx: ReportContext; report: Dashboard | null }) {
  const q = ctx.query;
  return (
    <>
      <ErrorSummaryBox errors={ctx.errors} />
      <h1>Service dashboard</h1>
      {ctx.errors.length > 0 ? (
        <p>Correct the search below to see the figures.</p>
      ) : (
        <p>
          Figures for {periodText(ctx.period)},{' '}
          {report?.asAt ? (
            <>
              as at {formatLondonDateTime(report.asAt)}: earlier days are counted in the background
              every few minutes; today, and any day not counted yet, are counted when you open this
              page.
            </>
          ) : (
            <>counted from the records when you open this page.</>
          )}{' '}
          Select a number to see the people behind it.
        </p>
      )}
      <FilterForm ctx={ctx} action="/admin/reports" />
      {report ? <DashboardBody report={report} query={q} /> : null}
    </>
  );
}

function DashboardBody({ report, query }: { report: Dashboard; query: string }) {
  const { counts: c, rates: r, benchmarks, standards } = report;
  const outcomeBars = [
    { label: 'Recovery', rate: r.recovery },
    { label: 'Reliable improvement', rate: r.reliableImprovement },
    { label: 'Reliable recovery', rate: r.reliableRecovery },
    { label: 'Reliable deterioration', rate: r.reliableDeterioration },
  ];
  const rateTable = (caption: string, rows: RateRowDef[]) => (
    <RateTable caption={caption} rates={r} query={query} rows={rows} />
  );
  return (
    <>
      <p>
        <a href={`/admin/reports/equity?${query}`}>
          Equity: outcomes by age, gender, ethnicity and deprivation
        </a>
      </p>
      <h2 id={SECTION.referrals}>Referrals</h2>
      <p>
        Referral and waiting-list figures are for the whole service: the clinician filters do not
        apply.
      </p>
      <CountTable
        caption="Referrals received in the period"
        query={query}
        rows={[
          { label: 'All referrals', figure: 'referrals', count: c.referrals },
          { label: 'Self-referrals', figure: 'selfReferrals', count: c.selfReferrals },
          { label: 'From other sources', figure: 'otherReferrals', count: c.otherReferrals },
        ]}
      />
      <p>
        Referrals closed as duplicates are not counted above (the person is counted once, by their
        other referral). Closed as duplicates:{' '}
        <Figure figure="duplicateReferrals" count={c.duplicateReferrals} query={query} />
      </p>
      <h2 id={SECTION.waiting}>Waiting lists today</h2>
      <Table caption="People waiting today" responsive>
        <Table.Head>
          <Table.Row>
            <Table.Cell>Waiting for</Table.Cell>
            <Table.Cell format="numeric">People</Table.Cell>
            <Table.Cell format="numeric">Longest wait (days)</Table.Cell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          <Table.Row>
            <Table.Cell>An assessment</Table.Cell>
            <Table.Cell format="numeric">
              <Figure figure="waitingAssessment" count={c.waitingAssessment} query={query} />
            </Table.Cell>
            <Table.Cell format="numeric">{report.waits.assessment ?? 'None waiting'}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Treatment</Table.Cell>
            <Table.Cell format="numeric">
              <Figure figure="waitingTreatment" count={c.waitingTreatment} query={query} />
            </Table.Cell>
            <Table.Cell format="numeric">{report.waits.treatment ?? 'None waiting'}</Table.Cell>
          </Table.Row>
        </Table.Body>
      </Table>
      <h2 id={SECTION.waits}>Waiting times</h2>
      {rateTable('Waits against the 6 and 18 week standards', [
        { label: 'Referral to assessment within 6 weeks', rate: 'assessedWithin6Weeks' },
        { label: 'Referral to assessment within 18 weeks', rate: 'assessedWithin18Weeks' },
        {
          label: 'Referral to first treatment within 6 weeks (finished courses)',
          rate: 'within6Weeks',
          target: pctTarget(standards.sixWeeks.target),
        },
        {
          label: 'Referral to first treatment within 18 weeks (finished courses)',
          rate: 'within18Weeks',
          target: pctTarget(standards.eighteenWeeks.target),
        },
        { label: 'First to second treatment session 90 days or more', rate: 'secondOver90' },
      ])}
      <h2 id={SECTION.outcomes}>Courses and outcomes</h2>
      <CountTable
        caption="Courses that ended in the period"
        query={query}
        rows={[
          { label: 'Ended', figure: 'ended', count: c.ended },
          {
            label: 'Finished a course of treatment (2 or more sessions)',
            figure: 'finished',
            count: c.finished,
          },
          {
            label: 'Ended with fewer than 2 sessions',
            figure: 'notFinished',
            count: c.notFinished,
          },
          {
            label: 'Finished without a first and last score',
            figure: 'finishedWithoutScores',
            count: c.finishedWithoutScores,
          },
          {
            label: 'Ended before outcomes were recorded',
            figure: 'withoutOutcome',
            count: c.withoutOutcome,
          },
        ]}
      />
      <BarChart
        id="outcome-rates"
        title="Outcome rates"
        max={1}
        bars={outcomeBars.map((b) => ({
          label: b.label,
          value: b.rate.rate,
          valueText: percent(b.rate.rate),
        }))}
        marker={{
          value: benchmarks.target2026to27,
          label: `reliable recovery target ${pctTarget(benchmarks.target2026to27)}`,
        }}
        summary={outcomeBars.map((b) => `${b.label} ${percent(b.rate.rate)}`).join('; ')}
      />
      {rateTable('NHS Talking Therapies outcome rates', [
        { label: 'Recovery', rate: 'recovery' },
        { label: 'Reliable improvement', rate: 'reliableImprovement' },
        {
          label: 'Reliable recovery',
          rate: 'reliableRecovery',
          target: `${pctTarget(benchmarks.target2026to27)} (2026 to 2027)`,
        },
        { label: 'Reliable deterioration', rate: 'reliableDeterioration' },
      ])}
      <h2 id={SECTION.attendance}>Attendance</h2>
      {rateTable('Attendance of appointments that were due (cancellations left out)', [
        { label: 'First appointments attended', rate: 'firstAttendance' },
        { label: 'First appointments not attended', rate: 'firstDna' },
        { label: 'Follow-up appointments attended', rate: 'followUpAttendance' },
        { label: 'Follow-up appointments not attended', rate: 'followUpDna' },
        { label: 'Sessions with the PHQ-9 completed beforehand', rate: 'questionnaireBefore' },
      ])}
      <p>
        Cancelled appointments in the period:{' '}
        <Figure figure="cancelled" count={c.cancelled} query={query} />
      </p>
      <h2>Caseloads</h2>
      {report.caseloads.length === 0 ? (
        <p>No therapist has an active course.</p>
      ) : (
        <>
          <BarChart
            id="caseloads"
            title="Active courses by therapist"
            max={Math.max(...report.caseloads.map((t) => t.active))}
            bars={report.caseloads.map((t) => ({
              label: t.name,
              value: t.active,
              valueText: String(t.active),
            }))}
            summary={report.caseloads.map((t) => `${t.name} ${t.active}`).join('; ')}
          />
          <Table caption="Active courses by therapist" responsive>
            <Table.Head>
              <Table.Row>
                <Table.Cell>Therapist</Table.Cell>
                <Table.Cell format="numeric">Active courses</Table.Cell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {report.caseloads.map((t) => (
                <Table.Row key={t.therapistId}>
                  <Table.Cell>{t.name}</Table.Cell>
                  <Table.Cell format="numeric">
                    <a
                      href={`/admin/reports/patients?figure=caseload&${withParam(query, 'therapist', t.therapistId)}`}
                    >
                      {t.active}
                      <span className="nhsuk-u-visually-hidden">
                        {' '}
                        {t.active === 1 ? 'active course' : 'active courses'} of {t.name}
                      </span>
                    </a>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </>
      )}
      <h2 id={SECTION.alerts}>Risk alerts</h2>
      <p>
        Open now: <Figure figure="openAlerts" count={c.openAlerts} query={query} />. Open for more
        than a day: {report.alerts.overDay}; more than a week: {report.alerts.overWeek}.
        {report.alerts.oldestHours !== null
          ? ` The oldest has been open ${report.alerts.oldestHours} hours.`
          : ''}
      </p>
      <h2>Downloads</h2>
      <ul>
        <li>
          <a href={`/admin/reports/export/summary.csv?${query}`}>Every figure on this page (CSV)</a>
        </li>
        <li>
          <a href={`/admin/reports/export/caseloads.csv?${query}`}>Caseloads by therapist (CSV)</a>
        </li>
        <li>
          <a href={`/admin/reports/export/courses.csv?${query}`}>
            Course-level data set export: courses that ended in the period (CSV)
          </a>
        </li>
      </ul>
    </>
  );
}

/** The query string with one value set (replacing any earlier one). */
function withParam(query: string, key: string, value: string): string {
  const p = new URLSearchParams(query);
  p.set(key, value);
  return p.toString();
}

const DIMENSION_TITLES = {
  ageBand: 'Age band',
  gender: 'Gender',
  ethnicity: 'Ethnic group',
  deprivation: 'Deprivation (IMD quintile of the postcode)',
} as const;

function shownCell(c: SuppressedCell) {
  return c.suppressed
    ? 'Not shown'
    : `${c.numerator ?? 0} of ${c.denominator ?? 0} (${percent(c.rate)})`;
}

/** "Deprivation (IMD quintile …)" → "deprivation (IMD quintile …)": keeps the acronym. */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export function EquityPage({
  ctx,
  equity,
  groupLabel,
}: {
  ctx: ReportContext;
  equity: Equity | null;
  groupLabel: (dimension: string, group: string) => string;
}) {
  return (
    <>
      <ErrorSummaryBox errors={ctx.errors} />
      <h1>Equity of outcomes</h1>
      <p>
        Outcomes of courses that ended
        {ctx.errors.length > 0 ? ' in the period you choose' : ` from ${periodText(ctx.period)}`},
        by the age, gender and ethnic group people gave when they were referred.
      </p>
      <FilterForm ctx={ctx} action="/admin/reports/equity" />
      {equity ? (
        <>
          <InsetText>
            <p>
              Numbers under {equity.threshold} are not shown, so nobody can be identified. When only
              one group would be hidden, the next smallest is hidden too, so it cannot be worked out
              from the others.
            </p>
          </InsetText>
          {equity.tables.map((t) => (
            <Table
              key={t.dimension}
              caption={`Outcomes by ${lowerFirst(DIMENSION_TITLES[t.dimension])}`}
              responsive
            >
              <Table.Head>
                <Table.Row>
                  <Table.Cell>{DIMENSION_TITLES[t.dimension]}</Table.Cell>
                  <Table.Cell format="numeric">Finished treatment</Table.Cell>
                  <Table.Cell>Recovery</Table.Cell>
                  <Table.Cell>Reliable improvement</Table.Cell>
                  <Table.Cell>Reliable recovery</Table.Cell>
                  <Table.Cell>Reliable deterioration</Table.Cell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {t.rows.length === 0 ? (
                  <Table.Row>
                    <Table.Cell>No courses ended in the period</Table.Cell>
                    <Table.Cell format="numeric">0</Table.Cell>
                    <Table.Cell>-</Table.Cell>
                    <Table.Cell>-</Table.Cell>
                    <Table.Cell>-</Table.Cell>
                    <Table.Cell>-</Table.Cell>
                  </Table.Row>
                ) : (
                  t.rows.map((r) => (
                    <Table.Row key={r.group}>
                      <Table.Cell>{groupLabel(t.dimension, r.group)}</Table.Cell>
                      <Table.Cell format="numeric">{r.finished ?? 'Not shown'}</Table.Cell>
                      <Table.Cell>{shownCell(r.recovery)}</Table.Cell>
                      <Table.Cell>{shownCell(r.reliableImprovement)}</Table.Cell>
                      <Table.Cell>{shownCell(r.reliableRecovery)}</Table.Cell>
                      <Table.Cell>{shownCell(r.reliableDeterioration)}</Table.Cell>
                    </Table.Row>
                  ))
                )}
              </Table.Body>
            </Table>
          ))}
          <p>
            Deprivation comes from the postcode each person gave, through the English Index of
            Multiple Deprivation lookup the service loads (with the{' '}
            <code>npm run rapport -- import-imd</code> command). People whose postcode is not in the
            lookup, or who gave none, are counted as not recorded.
          </p>
          <p>
            <a href={`/admin/reports/export/equity.csv?${ctx.query}`}>
              Download these tables (CSV)
            </a>
          </p>
        </>
      ) : null}
    </>
  );
}

export function PatientListPage({
  ctx,
  list,
  whenLabel,
  canExport,
}: {
  ctx: ReportContext;
  list: PatientList;
  whenLabel: string;
  canExport: boolean;
}) {
  const base = `/admin/reports/patients?figure=${list.figure}&${ctx.query}`;
  return (
    <>
      <ErrorSummaryBox errors={ctx.errors} />
      <h1>{list.label}</h1>
      <p>
        {periodText(ctx.period)}: {list.total} {list.total === 1 ? 'entry' : 'entries'}. Opening
        this list is recorded in the audit trail.
      </p>
      {list.rows.length === 0 ? (
        <p>Nobody you can see is counted in this figure.</p>
      ) : (
        <Table caption={list.label} responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Name</Table.Cell>
              <Table.Cell>NHS number</Table.Cell>
              <Table.Cell>{whenLabel}</Table.Cell>
              <Table.Cell>Course</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {list.rows.map((r, i) => {
              const name = `${r.givenName} ${r.familyName}`.trim();
              return (
                <Table.Row key={`${r.patientId ?? r.referralId ?? ''}-${i}`}>
                  <Table.Cell>
                    {r.patientId ? (
                      <a href={`/patients/${r.patientId}`}>{name}</a>
                    ) : r.referralId ? (
                      <a href={`/staff/referrals/${r.referralId}`}>{name}</a>
                    ) : (
                      name
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    {r.nhsNumber ? formatNhsNumber(r.nhsNumber) : 'Not known'}
                  </Table.Cell>
                  <Table.Cell>{formatDate(r.when)}</Table.Cell>
                  <Table.Cell>
                    {r.courseId ? (
                      <a href={`/courses/${r.courseId}`}>
                        View course<span className="nhsuk-u-visually-hidden"> of {name}</span>
                      </a>
                    ) : (
                      'None'
                    )}
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      )}
      <Pager base={base} offset={list.offset} limit={50} total={list.total} />
      {canExport ? (
        <p>
          <a href={`/admin/reports/export/patients.csv?figure=${list.figure}&${ctx.query}`}>
            Download this list (CSV)
          </a>
        </p>
      ) : null}
    </>
  );
}

/** This month's headline figures on a service manager's home page. */
/**
 * This month's headline figures on the manager's home page. Each opens the dashboard (same
 * period) at the section it comes from, where the numbers open the people behind them.
 */
export function HeadlineFigures({ headline, query }: { headline: Headline; query: string }) {
  const rateText = (r: Rate) =>
    r.rate === null ? 'No data' : `${percent(r.rate)} (${r.numerator} of ${r.denominator})`;
  // Each link reads as the figure then what it counts ("1 open risk alert"), so a count of one
  // takes the singular.
  const count = (n: number, one: string, many: string) => ({
    value: String(n),
    hidden: n === 1 ? one : many,
  });
  const items: [string, { value: string; hidden?: string }, keyof typeof SECTION][] = [
    [
      'Referrals received',
      count(headline.referrals, 'referral received', 'referrals received'),
      'referrals',
    ],
    ['Waiting for an assessment', { value: String(headline.waitingAssessment) }, 'waiting'],
    ['Waiting for treatment', { value: String(headline.waitingTreatment) }, 'waiting'],
    [
      'First treatment within 6 weeks of referral',
      { value: rateText(headline.within6Weeks) },
      'waits',
    ],
    [
      'First treatment within 18 weeks of referral',
      { value: rateText(headline.within18Weeks) },
      'waits',
    ],
    [
      'Courses finished',
      count(headline.finished, 'course finished', 'courses finished'),
      'outcomes',
    ],
    ['Recovery', { value: rateText(headline.recovery) }, 'outcomes'],
    ['Reliable recovery', { value: rateText(headline.reliableRecovery) }, 'outcomes'],
    ['Appointments not attended', { value: rateText(headline.dna) }, 'attendance'],
    [
      'Open risk alerts',
      count(headline.openAlerts, 'open risk alert', 'open risk alerts'),
      'alerts',
    ],
  ];
  return (
    <section aria-labelledby="headline-figures">
      <h2 id="headline-figures">This month</h2>
      <dl className="nhsuk-summary-list">
        {items.map(([label, { value, hidden }, section]) => (
          <div className="nhsuk-summary-list__row" key={label}>
            <dt className="nhsuk-summary-list__key">{label}</dt>
            <dd className="nhsuk-summary-list__value">
              <a href={`/admin/reports?${query}#${SECTION[section]}`}>
                {value}
                <span className="nhsuk-u-visually-hidden"> {hidden ?? label.toLowerCase()}</span>
              </a>
            </dd>
          </div>
        ))}
      </dl>
      <p>
        {headline.asAt
          ? `Earlier days as at ${formatLondonDateTime(headline.asAt)}; today is counted just now.`
          : 'Counted from the records just now.'}{' '}
        <a href={`/admin/reports?${query}`}>Open the service dashboard</a>
      </p>
    </section>
  );
}
