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
import { formatUkPhoneNumber } from '../../../domain/identifiers';
import { RISK_SEVERITY_LABELS, type RiskSeverity } from '../../../domain/risk';
import { DateTimeFields } from '../../../ui/appointment-fields';
import { RadiosField, TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { ACTION_TAKEN_MAX, NEXT_STEP_MAX, type RiskActionValues } from '../risk.forms';
import type { AlertWithContext } from '../risk.repository';
import type { OpenedAlert, QueueRow } from '../risk.service';

/** Why an action was not saved: someone closed the alert first, or the user may not close it. */
export type RiskProblem = 'closed' | 'may_not_close';

/** The most severe level stands out on the queue; the others are plain words. */
function SeverityText({ severity }: { severity: RiskSeverity }) {
  return severity === 'plans_or_harm_to_others' ? (
    <Tag modifier="red">{RISK_SEVERITY_LABELS[severity]}</Tag>
  ) : (
    <>{RISK_SEVERITY_LABELS[severity]}</>
  );
}

const SOURCE_LABELS: Record<RiskAlertSource, string> = {
  referral: 'Self-referral',
  questionnaire: 'Questionnaire',
  assessment: 'Wellbeing assessment',
  community: 'Peer-support community post',
  attendance: 'Missed appointment',
  message: 'Patient’s message',
  appointment: 'Patient’s appointment request',
  task: 'Patient’s reflection on a task',
};

/**
 * What raised the alert, as the queue shows it: where it came from, then the reason. Reasons from
 * a self-referral already begin "Self-referral" (so they read well alone, in a letter or on the
 * home page): those are shown as they are, so the source is named once.
 */
export function alertRaisedBy(source: RiskAlertSource, reason: string): string {
  const label = SOURCE_LABELS[source];
  return reason.toLowerCase().startsWith(label.toLowerCase()) ? reason : `${label}: ${reason}`;
}

/** The person the alert is about: the patient, or before matching, the referral's name. */
export function alertPerson(row: AlertWithContext): string {
  return row.patientName ?? row.referralName ?? 'Unknown person';
}

/** Nobody recorded an action in time, so it went to the supervisor or the service managers. */
/** Who is responsible, saying so when it is someone who can no longer sign in (H2). */
function responsibleText(row: Pick<AlertWithContext, 'clinicianName' | 'clinicianActive'>): string {
  if (!row.clinicianName) return 'Nobody yet';
  return row.clinicianActive === false
    ? `${row.clinicianName} (no longer has access)`
    : row.clinicianName;
}

function EscalatedTag({ escalatedAt }: { escalatedAt: Date }) {
  return (
    <>
      <Tag modifier="red">Escalated</Tag>
      <span className="nhsuk-u-visually-hidden"> on {formatLondonDateTime(escalatedAt)}</span>
    </>
  );
}

export function RiskQueuePage({
  rows,
  done,
}: {
  rows: QueueRow[];
  done: 'closed' | 'kept_open' | null;
}) {
  return (
    <>
      {done === 'closed' ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>
            Action recorded. The alert is closed.
          </NotificationBanner.Heading>
        </NotificationBanner>
      ) : null}
      <h1>Risk alerts</h1>
      <p>
        Every open risk alert in the service, most urgent first: plans to end their life or harm to
        others, then thoughts of ending their life, then other risk answers. Within each, the oldest
        comes first. An alert stays here until a clinician closes it.
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
              <Table.Cell>How urgent</Table.Cell>
              <Table.Cell>Raised</Table.Cell>
              <Table.Cell>What raised it</Table.Cell>
              <Table.Cell>Next step</Table.Cell>
              <Table.Cell>Responsible clinician</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.alert.id}>
                <Table.Cell>
                  <a href={`/staff/risk/${r.alert.id}`}>
                    {alertPerson(r)}
                    <span className="nhsuk-u-visually-hidden">: open the alert</span>
                  </a>
                  {r.referralReference ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">{r.referralReference}</span>
                    </>
                  ) : null}
                </Table.Cell>
                <Table.Cell>
                  <SeverityText severity={r.severity} />
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
                <Table.Cell>{alertRaisedBy(r.alert.source, r.alert.reason)}</Table.Cell>
                <Table.Cell>
                  {r.latest?.nextStep && r.latest.nextStepAt
                    ? `${r.latest.nextStep} (${formatLondonDateTime(r.latest.nextStepAt)})`
                    : 'No action yet'}
                </Table.Cell>
                <Table.Cell>{responsibleText(r)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export interface RiskAlertPageProps {
  row: OpenedAlert;
  csrfToken: string;
  values: RiskActionValues;
  errors?: FieldError[];
  problem?: RiskProblem;
  /** Just recorded an action that keeps it open. */
  keptOpen?: boolean;
}

export function RiskAlertPage({
  row,
  csrfToken,
  values,
  errors,
  problem,
  keptOpen,
}: RiskAlertPageProps) {
  const { alert } = row;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        {problem === 'closed' ? (
          <NotificationBanner>
            <NotificationBanner.Heading>
              This alert has already been closed
            </NotificationBanner.Heading>
            <p>Someone recorded an action on it before you. Your text was not saved.</p>
          </NotificationBanner>
        ) : null}
        {problem === 'may_not_close' ? (
          <NotificationBanner>
            <NotificationBanner.Heading>
              Only a clinician can close this alert
            </NotificationBanner.Heading>
            <p>Your action was not saved. Record it as an action that keeps the alert open.</p>
          </NotificationBanner>
        ) : null}
        {keptOpen ? (
          <NotificationBanner success>
            <NotificationBanner.Heading>
              Action recorded. The alert stays open.
            </NotificationBanner.Heading>
          </NotificationBanner>
        ) : null}
        <span className="nhsuk-caption-l">{alertPerson(row)}</span>
        <h1>Risk alert</h1>
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">What raised it</WarningCallout.Heading>
          <p>{alert.reason}</p>
          <p>Source: {SOURCE_LABELS[alert.source]}</p>
          <p>How urgent: {RISK_SEVERITY_LABELS[row.severity]}</p>
          {alert.source === 'message' && alert.sourceRecordId ? (
            <p>
              <a href={`/questions/${alert.sourceRecordId}`}>Read what they wrote, and answer</a>
            </p>
          ) : null}
          {alert.source === 'appointment' && alert.sourceRecordId ? (
            <p>
              <a href={`/diary/appointments/${alert.sourceRecordId}`}>
                See the appointment and what they wrote
              </a>
            </p>
          ) : null}
          {alert.source === 'task' && alert.sourceRecordId ? (
            <p>
              <a href={`/notes/${alert.sourceRecordId}#tasks`}>
                Read what they wrote, on the session note
              </a>
            </p>
          ) : null}
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
                nobody had closed it by then, so it was passed to the supervisor or the service
                managers.
              </SummaryList.Value>
            </SummaryList.Row>
          ) : null}
          <SummaryList.Row>
            <SummaryList.Key>Person</SummaryList.Key>
            <SummaryList.Value>
              {row.patientId && row.mayOpenPatient ? (
                <a href={`/patients/${row.patientId}`}>{alertPerson(row)}</a>
              ) : row.patientId ? (
                alertPerson(row)
              ) : (
                `${alertPerson(row)} (not yet matched to a patient record)`
              )}
            </SummaryList.Value>
          </SummaryList.Row>
          {row.contact ? (
            <SummaryList.Row>
              <SummaryList.Key>How to contact them</SummaryList.Key>
              <SummaryList.Value>
                {row.contact.mobile ? (
                  <>
                    Mobile:{' '}
                    <a href={`tel:${row.contact.mobile}`}>
                      {formatUkPhoneNumber(row.contact.mobile)}
                    </a>
                    {row.contact.voicemail === false ? ' (no voicemail)' : ''}
                    <br />
                  </>
                ) : null}
                {row.contact.email ? (
                  <>
                    Email: {row.contact.email}
                    <br />
                  </>
                ) : null}
                {!row.contact.mobile && !row.contact.email
                  ? 'No phone number or email given'
                  : null}
              </SummaryList.Value>
            </SummaryList.Row>
          ) : null}
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
            <SummaryList.Value>{responsibleText(row)}</SummaryList.Value>
          </SummaryList.Row>
        </SummaryList>
        <ActionHistory row={row} />
        {alert.actionedAt ? (
          <p>This alert is closed.</p>
        ) : (
          <ActionForm row={row} csrfToken={csrfToken} values={values} errors={errors} />
        )}
      </div>
    </div>
  );
}

/** Every action recorded on the alert, oldest first: what was tried, and what happens next. */
function ActionHistory({ row }: { row: OpenedAlert }) {
  const { alert, actions } = row;
  // An alert closed before the history existed (migration 0010 copies those in) still shows.
  const legacy = actions.length === 0 && alert.actionedAt && alert.actionTaken;
  return (
    <>
      <h2>Actions</h2>
      {actions.length === 0 && !legacy ? (
        <p>No action has been recorded yet.</p>
      ) : (
        <ol className="nhsuk-list nhsuk-list--border">
          {actions.map(({ action, recordedByName }) => (
            <li key={action.id}>
              <p className="nhsuk-u-margin-bottom-1">
                <strong>{formatLondonDateTime(action.recordedAt)}</strong>
                {recordedByName ? `, ${recordedByName}` : ''}
                {action.outcome === 'closed' ? (
                  <>
                    {' '}
                    <Tag modifier="green">Closed the alert</Tag>
                  </>
                ) : (
                  <>
                    {' '}
                    <Tag modifier="yellow">Kept open</Tag>
                  </>
                )}
              </p>
              <p className="rapport-pre-wrap nhsuk-u-margin-bottom-1">{action.actionTaken}</p>
              {action.nextStep && action.nextStepAt ? (
                <p>
                  Next step: {action.nextStep}, by {formatLondonDateTime(action.nextStepAt)}
                </p>
              ) : null}
            </li>
          ))}
          {legacy && alert.actionedAt ? (
            <li>
              <p className="nhsuk-u-margin-bottom-1">
                <strong>{formatLondonDateTime(alert.actionedAt)}</strong>
                {row.actionedByName ? `, ${row.actionedByName}` : ''}{' '}
                <Tag modifier="green">Closed the alert</Tag>
              </p>
              <p className="rapport-pre-wrap">{alert.actionTaken}</p>
            </li>
          ) : null}
        </ol>
      )}
    </>
  );
}

function ActionForm({
  row,
  csrfToken,
  values,
  errors,
}: {
  row: OpenedAlert;
  csrfToken: string;
  values: RiskActionValues;
  errors?: FieldError[];
}) {
  const form = { values, errors };
  const nextStepFields = (
    <>
      <TextareaField
        form={form}
        name="nextStep"
        label="What is the next step?"
        hint={`For example, "Call again" or "Write to the GP". Up to ${NEXT_STEP_MAX} characters.`}
        rows={3}
      />
      <DateTimeFields
        form={form}
        dateHint="When it will happen: today or within the next 14 days, as day, month and year in numbers"
        timeLabel="Time"
        timeHint="UK time, for example 14:00 or 2pm"
      />
    </>
  );
  return (
    <form method="post" action={`/staff/risk/${row.alert.id}`} noValidate>
      <CsrfField token={csrfToken} />
      <h2>Record an action</h2>
      <TextareaField
        form={form}
        name="actionTaken"
        label="What did you do?"
        labelProps={{ size: 's' }}
        hint={`For example, who you spoke to or tried to reach, what was agreed and any safety plan. Up to ${ACTION_TAKEN_MAX} characters.`}
        rows={5}
      />
      {row.mayClose ? (
        <RadiosField
          form={form}
          name="outcome"
          legend="Does this close the alert?"
          legendProps={{ size: 's' }}
          choices={[
            {
              value: 'closed',
              label: 'Yes, the risk has been dealt with',
              hint: 'For example, you spoke to them and agreed a safety plan. The alert leaves the queue.',
            },
            {
              value: 'open',
              label: 'No, keep it open',
              hint: 'For example, you tried to call and there was no answer.',
              conditional: nextStepFields,
            },
          ]}
        />
      ) : (
        <>
          <p>
            As a service manager you can record what you have done, such as asking a clinician to
            call, and the next step. The alert stays open: only a clinician (a therapist or a
            supervisor) can close it.
          </p>
          <input type="hidden" name="outcome" value="open" />
          {nextStepFields}
        </>
      )}
      <Button type="submit">Record action</Button>
    </form>
  );
}
