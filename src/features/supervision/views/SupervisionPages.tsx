import { Button, Tag } from 'nhsuk-react-components';
import { formatLongDate, formatLondonDateTime } from '../../../domain/calendar';
import { IPT_PHASES } from '../../../domain/ipt';
import { OFF_TRACK_REASON_LABELS } from '../../../domain/outcomes';
import { DateField, TextareaField } from '../../../ui/fields';
import { Table } from '../../../ui/ResponsiveTable';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { CorrectionToCountersign, NoteToCountersign } from '../../session-notes';
import type { SupervisedCourse, SupervisionCase, SupervisionNoteRow } from '../supervision.service';

const phaseName = (id: string) => IPT_PHASES.find((p) => p.id === id)?.name ?? id;

function trend(r: SupervisedCourse): string {
  const m = r.measures.phq9;
  if (m.latest === null) return 'No PHQ-9 yet';
  if (m.first === null || m.change === null) return `PHQ-9 ${m.latest}`;
  const change =
    m.change === 0 ? 'no change' : m.change < 0 ? `down ${-m.change}` : `up ${m.change}`;
  return `PHQ-9 ${m.first} to ${m.latest} (${change})`;
}

export function SupervisionListPage({
  rows,
  supervisees,
  toCountersign = [],
  correctionsToCountersign = [],
}: {
  rows: SupervisedCourse[];
  supervisees: number;
  toCountersign?: (NoteToCountersign & { authorName: string })[];
  correctionsToCountersign?: (CorrectionToCountersign & { authorName: string })[];
}) {
  return (
    <>
      <h1>Supervision</h1>
      <h2>Notes to countersign</h2>
      {toCountersign.length === 0 ? (
        <p>No trainee’s note is waiting for your countersignature.</p>
      ) : (
        <>
          <p>
            {toCountersign.length === 1
              ? '1 note signed by a trainee is waiting for your countersignature.'
              : `${toCountersign.length} notes signed by trainees are waiting for your countersignature.`}
          </p>
          <ul>
            {toCountersign.map((n) => (
              <li key={n.appointmentId}>
                <a href={`/notes/${n.appointmentId}`}>
                  {n.patientName}
                  {n.sessionNumber ? `, session ${n.sessionNumber}` : ''},{' '}
                  {formatLondonDateTime(n.sessionAt)}
                </a>{' '}
                (by {n.authorName}, signed {formatLondonDateTime(n.signedAt)})
              </li>
            ))}
          </ul>
        </>
      )}
      {correctionsToCountersign.length > 0 ? (
        <>
          <h2>Corrections to summaries to countersign</h2>
          <p>
            {correctionsToCountersign.length === 1
              ? '1 correction by a trainee to a summary the patient reads is waiting for your countersignature. The patient sees it once you have countersigned it.'
              : `${correctionsToCountersign.length} corrections by trainees to summaries patients read are waiting for your countersignature. Each patient sees theirs once you have countersigned it.`}
          </p>
          <ul>
            {correctionsToCountersign.map((c) => (
              <li key={c.correctionId}>
                <a href={`/notes/${c.appointmentId}#correction-${c.correctionId}`}>
                  {c.patientName}
                  {c.sessionNumber ? `, session ${c.sessionNumber}` : ''},{' '}
                  {formatLondonDateTime(c.sessionAt)}
                </a>{' '}
                (by {c.authorName}, added {formatLondonDateTime(c.addedAt)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Supervisees’ courses</h2>
      <p>
        Your supervisees’ active courses. Courses flagged off track (no reliable improvement in
        PHQ-9 by the middle of the planned sessions, or reliable deterioration) are listed first for
        clinical review.
      </p>
      {supervisees === 0 ? <p>Nobody is recorded as your supervisee.</p> : null}
      {supervisees > 0 && rows.length === 0 ? (
        <p>Your supervisees have no active courses.</p>
      ) : null}
      {rows.length > 0 ? (
        <Table caption="Supervisees’ courses" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Patient</Table.Cell>
              <Table.Cell>Therapist</Table.Cell>
              <Table.Cell>Phase</Table.Cell>
              <Table.Cell>Scores</Table.Cell>
              <Table.Cell>Risk</Table.Cell>
              <Table.Cell>Missed</Table.Cell>
              <Table.Cell>Overdue notes</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.courseId}>
                <Table.Cell>
                  <a href={`/supervision/courses/${r.courseId}`}>{r.patientName}</a>
                  {r.unacknowledgedNotes > 0 ? (
                    <span className="nhsuk-body-s nhsuk-u-display-block">
                      {r.unacknowledgedNotes} supervision note
                      {r.unacknowledgedNotes === 1 ? '' : 's'} not yet acknowledged
                    </span>
                  ) : null}
                </Table.Cell>
                <Table.Cell>{r.therapistName}</Table.Cell>
                <Table.Cell>
                  {r.phase ? phaseName(r.phase) : 'Not known'}
                  {r.phaseOverridden ? ' (set by the therapist)' : ''}
                  <span className="nhsuk-body-s nhsuk-u-display-block">
                    {r.attendedSessions} of {r.plannedSessions} sessions
                  </span>
                </Table.Cell>
                <Table.Cell>
                  {trend(r)}
                  {r.offTrack.offTrack ? (
                    <>
                      {' '}
                      <Tag modifier="red">Off track</Tag>
                      <span className="nhsuk-body-s nhsuk-u-display-block">
                        {r.offTrack.reasons.map((x) => OFF_TRACK_REASON_LABELS[x]).join('. ')}
                      </span>
                    </>
                  ) : null}
                </Table.Cell>
                <Table.Cell>
                  {r.openRiskAlerts > 0 ? (
                    <Tag modifier="red">{r.openRiskAlerts} open</Tag>
                  ) : (
                    'None open'
                  )}
                </Table.Cell>
                <Table.Cell>{r.missedSessions}</Table.Cell>
                <Table.Cell>
                  {r.overdueNotes > 0 ? <Tag modifier="orange">{r.overdueNotes}</Tag> : 'None'}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ) : null}
    </>
  );
}

export interface SupervisionNoteValues {
  'metOn-day': string;
  'metOn-month': string;
  'metOn-year': string;
  discussion: string;
  actions: string;
}

function NoteBody({ note }: { note: SupervisionNoteRow }) {
  return (
    <>
      <h3 className="nhsuk-heading-xs">Discussion</h3>
      <p className="rapport-pre-wrap">{note.discussion}</p>
      {note.actions ? (
        <>
          <h3 className="nhsuk-heading-xs">Actions</h3>
          <p className="rapport-pre-wrap">{note.actions}</p>
        </>
      ) : null}
    </>
  );
}

export function SupervisionCasePage({
  data,
  csrfToken,
  values,
  errors,
}: {
  data: SupervisionCase;
  csrfToken: string;
  values: SupervisionNoteValues;
  errors?: FieldError[] | undefined;
}) {
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">Therapist: {data.therapistName}</span>
      <h1>
        Supervision: {data.course.givenName} {data.course.familyName}
      </h1>
      <p>
        <a href={`/courses/${data.course.id}`}>Open the course</a> ({data.course.attendedSessions}{' '}
        of {data.course.plannedSessions} sessions)
      </p>
      <h2>Supervision notes</h2>
      {data.notes.length === 0 ? <p>No supervision notes yet.</p> : null}
      {data.notes.map((n) => (
        <section key={n.id} className="nhsuk-card">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s">
              Supervision on {formatLongDate(n.metOn)}{' '}
              {n.acknowledgedAt ? (
                <Tag modifier="green">Acknowledged</Tag>
              ) : (
                <Tag modifier="grey">Not yet acknowledged</Tag>
              )}
            </h3>
            <p className="nhsuk-body-s">
              Recorded by {n.recordedByName} on {formatLondonDateTime(n.createdAt)}.{' '}
              {n.acknowledgedAt
                ? `Acknowledged by ${n.superviseeName} on ${formatLondonDateTime(n.acknowledgedAt)}.`
                : `Not yet acknowledged by ${n.superviseeName}.`}
            </p>
            <NoteBody note={n} />
          </div>
        </section>
      ))}
      <h2>Record a supervision note</h2>
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <DateField
          form={form}
          name="metOn"
          legend="Date of supervision"
          hint="For example, 27 11 2026"
        />
        <TextareaField form={form} name="discussion" label="What was discussed" rows={5} />
        <TextareaField form={form} name="actions" label="Actions (optional)" rows={3} />
        <Button type="submit">Save supervision note</Button>
      </form>
    </>
  );
}

export function ReceivedNotesPage({
  csrfToken,
  rows,
}: {
  csrfToken: string;
  rows: {
    note: SupervisionNoteRow;
    patientName: string;
    supervisorName: string;
    /** Whether the course is still theirs to open (not handed to someone else). */
    mayOpenCourse: boolean;
  }[];
}) {
  return (
    <>
      <h1>Supervision notes for you</h1>
      <p>
        Notes your supervisor recorded about your cases. Acknowledge each one once you have read it.
      </p>
      {rows.length === 0 ? <p>You have no supervision notes.</p> : null}
      {rows.map(({ note, patientName, supervisorName, mayOpenCourse }) => (
        <section key={note.id} className="nhsuk-card" aria-labelledby={`sn-${note.id}`}>
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-m" id={`sn-${note.id}`}>
              {patientName}, {formatLongDate(note.metOn)}
            </h2>
            <p className="nhsuk-body-s">
              From {supervisorName}.{' '}
              {mayOpenCourse ? (
                <a href={`/courses/${note.courseId}`}>
                  Open the course<span className="nhsuk-u-visually-hidden"> of {patientName}</span>
                </a>
              ) : (
                'The course is no longer yours.'
              )}
            </p>
            <NoteBody note={note} />
            {note.acknowledgedAt ? (
              <p>
                <Tag modifier="green">Acknowledged</Tag> {formatLondonDateTime(note.acknowledgedAt)}
              </p>
            ) : (
              <form method="post" action={`/supervision/notes/${note.id}/acknowledge`} noValidate>
                <CsrfField token={csrfToken} />
                <Button type="submit" secondary>
                  I have read this note
                </Button>
              </form>
            )}
          </div>
        </section>
      ))}
    </>
  );
}
