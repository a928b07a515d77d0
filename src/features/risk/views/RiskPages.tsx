import {
  Button,
  NotificationBanner,
  SummaryList,
  Tag,
  WarningCallout,
} from 'nhsuk-react-components';
import { Table } from '../../../ui/ResponsiveTable';
import type { RiskAlertSource } from '../../../db/schema';
import { formatLondonDateTime } from '../../../domain/calendar';
import { TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { ACTION_TAKEN_MAX } from '../risk.forms';
import type { AlertWithContext } from '../risk.repository';

const SOURCE_LABELS: Record<RiskAlertSource, string> = {
  referral: 'Self-referral',
  questionnaire: 'Questionnaire',
  assessment: 'Wellbeing assessment',
};

/** The person the alert is about: the patient, or before matching, the referral's name. */
export function alertPerson(row: AlertWithContext): string {
  return row.patientName ?? row.referralName ?? 'Unknown person';
}

/** Nobody recorded an action in time, so it went to the supervisor or the service managers. */
function EscalatedTag({ escalatedAt }: { escalatedAt: Date }) {
  return (
    <>
      <Tag modifier="red">Escalated</Tag>
      <span className="nhsuk-u-visually-hidden"> on {formatLondonDateTime(escalatedAt)}</span>
    </>
  );
}

export function RiskQueuePage({ rows, actioned }: { rows: AlertWithContext[]; actioned: boolean }) {
  return (
    <>
      {actioned ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>
            Action recorded. The alert is closed.
          </NotificationBanner.Heading>
        </NotificationBanner>
      ) : null}
      <h1>Risk alerts</h1>
      <p>
        Every open risk alert in the service, oldest first. An alert stays here until a clinician
        records what they did about it.
      </p>
      {rows.length === 0 ? (
        <p>There are no open risk alerts.</p>
      ) : (
        <Table
          caption={`${rows.length} open risk ${rows.length === 1 ? 'alert' : 'alerts'}`}
          responsive
        >
          <Table.Head>
            <Table.Row>
              <Table.Cell>Person</Table.Cell>
              <Table.Cell>Raised</Table.Cell>
              <Table.Cell>Source</Table.Cell>
              <Table.Cell>What raised it</Table.Cell>
              <Table.Cell>Responsible clinician</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.alert.id}>
                <Table.Cell>
                  <a href={`/staff/risk/${r.alert.id}`}>
                    {alertPerson(r)}
                    <span className="nhsuk-u-visually-hidden">: record the action taken</span>
                  </a>
                  {r.referralReference ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">{r.referralReference}</span>
                    </>
                  ) : null}
                </Table.Cell>
                <Table.Cell>
                  {formatLondonDateTime(r.alert.raisedAt)}
                  {r.alert.escalatedAt ? (
                    <>
                      <br />
                      <EscalatedTag escalatedAt={r.alert.escalatedAt} />
                    </>
                  ) : null}
                </Table.Cell>
                <Table.Cell>{SOURCE_LABELS[r.alert.source]}</Table.Cell>
                <Table.Cell>{r.alert.reason}</Table.Cell>
                <Table.Cell>{r.clinicianName ?? 'Nobody yet'}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export interface RiskAlertPageProps {
  row: AlertWithContext;
  csrfToken: string;
  actionTaken: string;
  errors?: FieldError[];
  /** A second attempt to close an alert someone had already closed. */
  alreadyActioned?: boolean;
}

export function RiskAlertPage({
  row,
  csrfToken,
  actionTaken,
  errors,
  alreadyActioned,
}: RiskAlertPageProps) {
  const { alert } = row;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        {alreadyActioned ? (
          <NotificationBanner>
            <NotificationBanner.Heading>
              This alert has already been closed
            </NotificationBanner.Heading>
            <p>Someone recorded an action on it before you. Your text was not saved.</p>
          </NotificationBanner>
        ) : null}
        <span className="nhsuk-caption-l">{alertPerson(row)}</span>
        <h1>Risk alert</h1>
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">What raised it</WarningCallout.Heading>
          <p>{alert.reason}</p>
          <p>Source: {SOURCE_LABELS[alert.source]}</p>
        </WarningCallout>
        <SummaryList>
          <SummaryList.Row>
            <SummaryList.Key>Raised</SummaryList.Key>
            <SummaryList.Value>{formatLondonDateTime(alert.raisedAt)}</SummaryList.Value>
          </SummaryList.Row>
          {alert.escalatedAt ? (
            <SummaryList.Row>
              <SummaryList.Key>Escalated</SummaryList.Key>
              <SummaryList.Value>
                <Tag modifier="red">Escalated</Tag> {formatLondonDateTime(alert.escalatedAt)}:
                nobody had recorded an action by then, so it was passed to the supervisor or the
                service managers.
              </SummaryList.Value>
            </SummaryList.Row>
          ) : null}
          <SummaryList.Row>
            <SummaryList.Key>Person</SummaryList.Key>
            <SummaryList.Value>
              {row.patientId ? (
                <a href={`/patients/${row.patientId}`}>{alertPerson(row)}</a>
              ) : (
                `${alertPerson(row)} (not yet matched to a patient record)`
              )}
            </SummaryList.Value>
          </SummaryList.Row>
          {alert.referralId ? (
            <SummaryList.Row>
              <SummaryList.Key>Referral</SummaryList.Key>
              <SummaryList.Value>
                <a href={`/staff/referrals/${alert.referralId}`}>
                  {row.referralReference ?? 'Open the referral'}
                </a>
              </SummaryList.Value>
            </SummaryList.Row>
          ) : null}
          <SummaryList.Row>
            <SummaryList.Key>Responsible clinician</SummaryList.Key>
            <SummaryList.Value>{row.clinicianName ?? 'Nobody yet'}</SummaryList.Value>
          </SummaryList.Row>
          {alert.actionedAt ? (
            <SummaryList.Row>
              <SummaryList.Key>Action taken</SummaryList.Key>
              <SummaryList.Value>
                <p>
                  Recorded {formatLondonDateTime(alert.actionedAt)}
                  {row.actionedByName ? ` by ${row.actionedByName}` : ''}.
                </p>
                <p className="rapport-pre-wrap">{alert.actionTaken}</p>
              </SummaryList.Value>
            </SummaryList.Row>
          ) : null}
        </SummaryList>
        {alert.actionedAt ? (
          <p>This alert is closed.</p>
        ) : (
          <form method="post" action={`/staff/risk/${alert.id}`} noValidate>
            <CsrfField token={csrfToken} />
            <TextareaField
              form={{ values: { actionTaken: actionTaken }, errors }}
              name="actionTaken"
              label="What did you do?"
              labelProps={{ size: 'm' }}
              hint={`For example, who you spoke to, what was agreed and any safety plan. This closes the alert. Up to ${ACTION_TAKEN_MAX} characters.`}
              rows={6}
            />
            <Button type="submit">Record action and close alert</Button>
          </form>
        )}
      </div>
    </div>
  );
}
