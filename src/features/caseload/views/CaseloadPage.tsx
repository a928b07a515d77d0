import { Button, Select, Tag } from 'nhsuk-react-components';
import { OFF_TRACK_REASON_LABELS } from '../../../domain/outcomes';
import { Table } from '../../../ui/ResponsiveTable';
import { formatTime, utcToLondon } from '../../../domain/calendar';
import { whyNotCompared, type ReliableChange } from '../../../domain/measures';
import { describeChange } from '../../../domain/outcomes';
import type { CaseloadMeasure, CaseloadRow, MeasureSummary } from '../caseload.summary';
import type { TherapistChoice } from '../caseload.service';

export const MISSING_QUESTIONNAIRES = 'Questionnaires missing for today’s session';

const CHANGE_TAGS: Record<ReliableChange, { text: string; modifier: 'green' | 'grey' | 'red' }> = {
  improved: { text: 'Reliable improvement', modifier: 'green' },
  'no-change': { text: 'No reliable change', modifier: 'grey' },
  deteriorated: { text: 'Reliable deterioration', modifier: 'red' },
};

const MEASURE_TITLES: Record<CaseloadMeasure, string> = {
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
  wsas: 'WSAS',
};

/**
 * "down 9 since the first score, at session 1, 17": the change and the one baseline it is from.
 * Two scores out of different maxima are not compared, and the words say why (hazard H5).
 */
export function changeText(m: MeasureSummary, measure: CaseloadMeasure): string {
  if (m.notCompared && m.baseline !== null)
    return `not compared with the ${m.baseline}, because ${whyNotCompared(measure)}`;
  if (m.change === null || m.first === null || m.latest === null || m.baseline === null)
    return 'no earlier score';
  return `${describeChange(m.first, m.latest)} since the ${m.baseline}`;
}

function ScoreCell({ m, measure }: { m: MeasureSummary; measure: CaseloadMeasure }) {
  if (m.latest === null) return <>None yet</>;
  return (
    <>
      {m.latest}
      {m.latestOutOf === null ? '' : ` out of ${m.latestOutOf}`}{' '}
      <span className="nhsuk-body-s">({changeText(m, measure)})</span>
    </>
  );
}

function ChangeTag({ change }: { change: ReliableChange | null }) {
  if (change === null) return <>Not enough scores yet</>;
  const tag = CHANGE_TAGS[change];
  return <Tag modifier={tag.modifier}>{tag.text}</Tag>;
}

function TherapistPicker({ options, current }: { options: TherapistChoice[]; current: string }) {
  return (
    <form method="get" action="/caseload" className="nhsuk-u-margin-bottom-4">
      <Select id="therapist" name="therapist" label="Whose caseload" defaultValue={current}>
        {options.map((o) => (
          <Select.Option key={o.id} value={o.id}>
            {o.name}
          </Select.Option>
        ))}
      </Select>
      <Button type="submit" secondary>
        Show caseload
      </Button>
    </form>
  );
}

export function ChooseCaseloadPage({ options }: { options: TherapistChoice[] }) {
  return (
    <>
      <h1>Caseload</h1>
      {options.length === 0 ? (
        <p>There are no therapists whose caseload you can see.</p>
      ) : (
        <>
          <p>Choose a therapist to see the people they are treating.</p>
          <TherapistPicker options={options} current="" />
        </>
      )}
    </>
  );
}

export interface CaseloadPageProps {
  heading: string;
  rows: (CaseloadRow & { mayOpenPatient: boolean })[];
  current: string;
  options: TherapistChoice[] | null;
  showTherapist: boolean;
}

export function CaseloadPage({
  heading,
  rows,
  current,
  options,
  showTherapist,
}: CaseloadPageProps) {
  const missing = rows.filter((r) => r.questionnairesMissing).length;
  return (
    <>
      <h1>{heading}</h1>
      {options ? <TherapistPicker options={options} current={current} /> : null}
      <p>
        People in an active course of IPT. Open risk alerts come first, then anyone with a session
        today, then everyone else by surname. Change is measured from the first score of the course:
        the first session score, or the assessment or referral score when there is only one session
        score (the same baseline as the progress page and the course outcome). A WSAS score out of
        32 left out the work question (the person is retired or chooses not to work), so it is not
        compared with one out of 40.
      </p>
      {missing > 0 ? (
        <p>
          <Tag modifier="orange">{MISSING_QUESTIONNAIRES}</Tag>{' '}
          {missing === 1 ? '1 person has' : `${missing} people have`} not answered the PHQ-9 for
          today’s session yet.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>There is nobody in an active course of treatment.</p>
      ) : (
        <Table
          caption={`${heading}: ${rows.length} ${rows.length === 1 ? 'person' : 'people'}`}
          responsive
        >
          <Table.Head>
            <Table.Row>
              <Table.Cell>Patient</Table.Cell>
              {showTherapist ? <Table.Cell>Therapist</Table.Cell> : null}
              <Table.Cell>Sessions attended</Table.Cell>
              {(['phq9', 'gad7', 'wsas'] as const).map((m) => (
                <Table.Cell key={m}>{MEASURE_TITLES[m]} (latest)</Table.Cell>
              ))}
              <Table.Cell>Reliable change</Table.Cell>
              <Table.Cell>At caseness</Table.Cell>
              <Table.Cell>Open risk alerts</Table.Cell>
              <Table.Cell>Today</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.courseId}>
                <Table.Cell>
                  {r.mayOpenPatient ? (
                    <>
                      <a href={`/patients/${r.patientId}`}>{r.patientName}</a>
                      <br />
                      <a href={`/patients/${r.patientId}/progress`} className="nhsuk-body-s">
                        Progress
                        <span className="nhsuk-u-visually-hidden"> of {r.patientName}</span>
                      </a>
                    </>
                  ) : (
                    r.patientName
                  )}
                  <br />
                  <a href={`/courses/${r.courseId}/ipt`} className="nhsuk-body-s">
                    IPT workspace
                    <span className="nhsuk-u-visually-hidden"> of {r.patientName}</span>
                  </a>
                </Table.Cell>
                {showTherapist ? <Table.Cell>{r.therapistName}</Table.Cell> : null}
                <Table.Cell>
                  {r.attendedSessions} of {r.plannedSessions}
                </Table.Cell>
                {(['phq9', 'gad7', 'wsas'] as const).map((m) => (
                  <Table.Cell key={m}>
                    <ScoreCell m={r.measures[m]} measure={m} />
                  </Table.Cell>
                ))}
                <Table.Cell>
                  <ChangeTag change={r.reliableChange} />
                  {/* Off-track alert (hazard H16): a prompt for clinical review. */}
                  {r.offTrack.offTrack ? (
                    <>
                      {' '}
                      <Tag modifier="red">Off track</Tag>
                      <span className="nhsuk-body-s nhsuk-u-display-block">
                        {r.offTrack.reasons
                          .map((reason) => OFF_TRACK_REASON_LABELS[reason])
                          .join('. ')}
                      </span>
                    </>
                  ) : null}
                </Table.Cell>
                <Table.Cell>
                  {r.atCaseness === null ? 'Not known' : r.atCaseness ? 'Yes' : 'No'}
                </Table.Cell>
                <Table.Cell>
                  {r.openRiskAlerts > 0 && r.mayOpenPatient ? (
                    // To the alerts at the top of the record (walk 11: the count led nowhere).
                    <a href={`/patients/${r.patientId}#open-risk-alerts`}>
                      <Tag modifier="red">{r.openRiskAlerts} open</Tag>
                      <span className="nhsuk-u-visually-hidden"> risk alerts: {r.patientName}</span>
                    </a>
                  ) : r.openRiskAlerts > 0 ? (
                    <Tag modifier="red">{r.openRiskAlerts} open</Tag>
                  ) : (
                    'None'
                  )}
                </Table.Cell>
                <Table.Cell>
                  {r.sessionToday ? (
                    <>
                      Session at {formatTime(utcToLondon(r.sessionToday).time)}
                      {r.questionnairesMissing ? (
                        <>
                          <br />
                          <Tag modifier="orange">{MISSING_QUESTIONNAIRES}</Tag>
                        </>
                      ) : null}
                    </>
                  ) : (
                    'No session'
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}
