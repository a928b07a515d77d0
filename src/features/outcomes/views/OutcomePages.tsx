import { DateRangeFields } from '../../../ui/DateRangeFields';
import { Button, InsetText, SummaryList } from 'nhsuk-react-components';
import { Table } from '../../../ui/ResponsiveTable';
import { formatDate, formatLondonDate } from '../../../domain/calendar';
import type { Rate, WaitingStandardResult } from '../../../domain/outcomes';
import { ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { OutcomesFilter, OutcomesFilterValues } from '../outcomes.forms';
import { outcomeLines, percent, type StoredOutcome } from '../outcomes.labels';
import type { ServiceOutcomesReport } from '../outcomes.service';

/** A course's outcome as a summary list; a sentence when it was never worked out. */
export function CourseOutcomeSummary({ outcome }: { outcome: StoredOutcome | null }) {
  if (!outcome)
    return (
      <p>
        Outcomes were not worked out for this course, because it ended before Rapport recorded them.
      </p>
    );
  return (
    <SummaryList>
      {outcomeLines(outcome).map((line) => (
        <SummaryList.Row key={line.label}>
          <SummaryList.Key>{line.label}</SummaryList.Key>
          <SummaryList.Value>{line.value}</SummaryList.Value>
        </SummaryList.Row>
      ))}
    </SummaryList>
  );
}

export interface EndedCourseOutcome {
  courseId: string;
  endedAt: Date | null;
  outcome: StoredOutcome | null;
}

/** The "Outcomes" section of the patient record: one block per ended course. */
export function PatientOutcomesSection({ courses }: { courses: EndedCourseOutcome[] }) {
  return (
    <>
      <h2>Outcomes</h2>
      {courses.length === 0 ? (
        <p>No course of treatment has ended yet.</p>
      ) : (
        courses.map((c) => (
          <section key={c.courseId} aria-labelledby={`outcome-${c.courseId}`}>
            <h3 id={`outcome-${c.courseId}`}>
              Course of IPT{c.endedAt ? `, ended ${formatLondonDate(c.endedAt)}` : ''}
            </h3>
            <CourseOutcomeSummary outcome={c.outcome} />
            <p>
              <a href={`/courses/${c.courseId}`}>
                View the course
                <span className="nhsuk-u-visually-hidden">
                  {c.endedAt ? ` that ended ${formatLondonDate(c.endedAt)}` : ''}
                </span>
              </a>
            </p>
          </section>
        ))
      )}
    </>
  );
}

function rateCells(r: Rate) {
  return (
    <>
      <Table.Cell format="numeric">{r.numerator}</Table.Cell>
      <Table.Cell format="numeric">{r.denominator}</Table.Cell>
      <Table.Cell format="numeric">{percent(r.rate)}</Table.Cell>
    </>
  );
}

function standardText(s: WaitingStandardResult): string {
  if (s.met === null) return 'No courses to measure';
  return s.met ? 'Met' : 'Not met';
}

export interface ServiceOutcomesPageProps {
  values: OutcomesFilterValues;
  filter: OutcomesFilter;
  errors: FieldError[];
  report: ServiceOutcomesReport | null;
}

function periodText(filter: OutcomesFilter): string {
  const { from, to } = filter;
  if (from && to) return `Courses that ended from ${formatDate(from)} to ${formatDate(to)}`;
  if (from) return `Courses that ended on or after ${formatDate(from)}`;
  if (to) return `Courses that ended on or before ${formatDate(to)}`;
  return 'All courses that have ended';
}

export function ServiceOutcomesPage({ values, filter, errors, report }: ServiceOutcomesPageProps) {
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Service outcomes</h1>
      <p>
        NHS Talking Therapies outcomes of courses of IPT, worked out from the first and last PHQ-9
        and GAD-7 scores when each course ended.
      </p>
      <form method="get" action="/admin/outcomes" noValidate>
        <DateRangeFields
          values={values}
          errors={errors}
          from={{
            legend: 'Courses that ended on or after',
            hint: 'For example, 1 4 2026. Leave empty to include every course',
          }}
          to={{ legend: 'Courses that ended on or before', hint: 'Includes the whole of this day' }}
        />
        <Button type="submit">Show outcomes</Button>
      </form>
      {report ? <OutcomesReport report={report} period={periodText(filter)} /> : null}
    </>
  );
}

function OutcomesReport({ report, period }: { report: ServiceOutcomesReport; period: string }) {
  const { rates, waiting, benchmarks } = report;
  const c = rates.counts;
  return (
    <>
      <h2>{period}</h2>
      <Table caption="Courses" firstCellIsHeader responsive>
        <Table.Head>
          <Table.Row>
            <Table.Cell>Courses</Table.Cell>
            <Table.Cell format="numeric">Number</Table.Cell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          <Table.Row>
            <Table.Cell>Ended</Table.Cell>
            <Table.Cell format="numeric">{report.ended}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Finished a course of treatment (2 or more attended sessions)</Table.Cell>
            <Table.Cell format="numeric">{report.finished}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Did not finish (fewer than 2 attended sessions)</Table.Cell>
            <Table.Cell format="numeric">{report.notFinished}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Finished, with first and last PHQ-9 and GAD-7 scores</Table.Cell>
            <Table.Cell format="numeric">{c.finished}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Finished, but not enough scores (left out of the rates)</Table.Cell>
            <Table.Cell format="numeric">{report.finishedWithoutPairedScores}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Finished with scores, at caseness at the start</Table.Cell>
            <Table.Cell format="numeric">{c.atCasenessAtStart}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Finished with scores, not at caseness at the start</Table.Cell>
            <Table.Cell format="numeric">{c.notAtCasenessAtStart}</Table.Cell>
          </Table.Row>
          {report.withoutOutcome > 0 ? (
            <Table.Row>
              <Table.Cell>Ended before outcomes were recorded (left out)</Table.Cell>
              <Table.Cell format="numeric">{report.withoutOutcome}</Table.Cell>
            </Table.Row>
          ) : null}
        </Table.Body>
      </Table>

      <h2>Outcome rates</h2>
      <p>
        Every rate counts only the courses that finished with first and last scores. Recovery and
        reliable recovery are out of those at caseness at the start; reliable improvement and
        deterioration are out of all of them.
      </p>
      <Table caption="Outcome rates" firstCellIsHeader responsive>
        <Table.Head>
          <Table.Row>
            <Table.Cell>Outcome</Table.Cell>
            <Table.Cell format="numeric">Courses</Table.Cell>
            <Table.Cell format="numeric">Out of</Table.Cell>
            <Table.Cell format="numeric">Rate</Table.Cell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          <Table.Row>
            <Table.Cell>Reliable recovery</Table.Cell>
            {rateCells(rates.reliableRecoveryRate)}
          </Table.Row>
          <Table.Row>
            <Table.Cell>Recovery</Table.Cell>
            {rateCells(rates.recoveryRate)}
          </Table.Row>
          <Table.Row>
            <Table.Cell>Reliable improvement</Table.Cell>
            {rateCells(rates.reliableImprovementRate)}
          </Table.Row>
          <Table.Row>
            <Table.Cell>Reliable deterioration</Table.Cell>
            {rateCells(rates.reliableDeteriorationRate)}
          </Table.Row>
        </Table.Body>
      </Table>

      <h2>Reliable recovery compared</h2>
      <Table caption="Reliable recovery: this service and national figures" firstCellIsHeader>
        <Table.Head>
          <Table.Row>
            <Table.Cell>Measure</Table.Cell>
            <Table.Cell format="numeric">Reliable recovery</Table.Cell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          <Table.Row>
            <Table.Cell>This service, for the courses above</Table.Cell>
            <Table.Cell format="numeric">{percent(rates.reliableRecoveryRate.rate)}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>England, April 2025</Table.Cell>
            <Table.Cell format="numeric">{percent(benchmarks.nationalApril2025)}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Planning target for 2026 to 2027</Table.Cell>
            <Table.Cell format="numeric">{percent(benchmarks.target2026to27)}</Table.Cell>
          </Table.Row>
          <Table.Row>
            <Table.Cell>Planning target for 2028 to 2029</Table.Cell>
            <Table.Cell format="numeric">{percent(benchmarks.target2028to29)}</Table.Cell>
          </Table.Row>
        </Table.Body>
      </Table>

      <h2>Waiting times</h2>
      <p>
        Days from the referral being received to the first attended IPT session, for courses that
        finished.
      </p>
      <Table caption="Waiting time standards" firstCellIsHeader responsive>
        <Table.Head>
          <Table.Row>
            <Table.Cell>Standard</Table.Cell>
            <Table.Cell format="numeric">Courses</Table.Cell>
            <Table.Cell format="numeric">Out of</Table.Cell>
            <Table.Cell format="numeric">Rate</Table.Cell>
            <Table.Cell format="numeric">Target</Table.Cell>
            <Table.Cell>Result</Table.Cell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {(
            [
              ['Started within 6 weeks', waiting.within6Weeks],
              ['Started within 18 weeks', waiting.within18Weeks],
            ] as const
          ).map(([label, s]) => (
            <Table.Row key={label}>
              <Table.Cell>
                {label} ({s.withinDays} days)
              </Table.Cell>
              {rateCells(s)}
              <Table.Cell format="numeric">{percent(s.target)}</Table.Cell>
              <Table.Cell>{standardText(s)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {waiting.excludedForDataErrors > 0 ? (
        <InsetText>
          <p>
            {waiting.excludedForDataErrors} finished{' '}
            {waiting.excludedForDataErrors === 1 ? 'course is' : 'courses are'} left out of the
            waiting times because the referral date or the first session is missing.
          </p>
        </InsetText>
      ) : null}
    </>
  );
}
