import { Button, InsetText, SummaryList, Tag } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import {
  ADDENDUM_MAX,
  CORRECTION_MAX,
  CORRECTION_STATUS_LABELS,
  NOTE_FIELDS,
  NOTE_STATE_LABELS,
  type NoteContent,
} from '../../../domain/notes';
import { CharacterCountField } from '../../../ui/fields';
import { Table } from '../../../ui/ResponsiveTable';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { OpenRiskAlerts } from '../../../ui/OpenRiskAlerts';
import type { SessionToRecord } from '../../diary';
import type { SessionScore } from '../../questionnaires';
import { TaskSummaryList } from '../../tasks';
import type {
  NotePage,
  OverdueNote,
  PatientSummaryCorrection,
  StaffSummaryCorrection,
} from '../session-notes.service';

export type NoteValues = Record<keyof NoteContent, string>;

const HINTS: Partial<Record<keyof NoteContent, string>> = {
  agenda: 'Clinicians only',
  focalAreaWork: 'Clinicians only',
  riskReview:
    'Clinicians only. Include their answer to PHQ-9 question 9 (above) and anything they said about safety',
  plan: 'Clinicians only',
  patientSummary:
    'The patient reads this once the note is signed (a trainee’s once their supervisor has countersigned it). Write it for them, in plain and kind words',
};

/** A missed or cancelled session's summary is never shown to the patient (walk 4). */
const HINTS_NOT_HELD: Partial<Record<keyof NoteContent, string>> = {
  ...HINTS,
  patientSummary: 'Not shown to the patient: they see summaries of the sessions they came to',
};

function Paragraphs({ text }: { text: string }) {
  if (text.trim() === '') return <p className="nhsuk-body-s">Not written.</p>;
  return (
    <>
      {text
        .split(/\r?\n\s*\r?\n/)
        .filter((p) => p.trim() !== '')
        .map((p, i) => (
          <p key={i} className="rapport-pre-wrap">
            {p}
          </p>
        ))}
    </>
  );
}

/** This session's questionnaires, above the note, so the risk review can say what they showed. */
function SessionScores({
  scores,
  started,
  historyHref,
}: {
  scores: SessionScore[];
  started: boolean;
  historyHref: string;
}) {
  return (
    <>
      <h2 className="nhsuk-heading-m">Questionnaires for this session</h2>
      {scores.length === 0 ? (
        <p>
          {started
            ? 'No questionnaires were answered for this session.'
            : 'Not answered yet: they are asked before the session.'}
        </p>
      ) : (
        <SummaryList>
          {scores.map((s) => (
            <SummaryList.Row key={s.measureId}>
              <SummaryList.Key>{s.shortTitle}</SummaryList.Key>
              <SummaryList.Value>
                {s.total === null
                  ? s.items
                      .map((i) => `${i.label}: ${i.score}${i.caseness ? ' (at caseness)' : ''}`)
                      .join(', ')
                  : `Score ${s.total}${s.bandLabel ? ` (${s.bandLabel.toLowerCase()})` : ''}`}
                {s.riskFlag ? (
                  <>
                    {' '}
                    <Tag modifier="red">Risk answer</Tag>
                  </>
                ) : null}
                {s.riskAnswer ? (
                  <>
                    <br />
                    Question {s.riskAnswer.number} (thoughts of being better off dead or of hurting
                    themselves): {s.riskAnswer.answer}
                  </>
                ) : null}
              </SummaryList.Value>
            </SummaryList.Row>
          ))}
        </SummaryList>
      )}
      <p>
        <a href={historyHref}>All their session questionnaires</a>
      </p>
    </>
  );
}

const CORRECTION_TAG: Record<StaffSummaryCorrection['status'], 'yellow' | 'green' | 'grey'> = {
  awaiting_countersignature: 'yellow',
  waiting_for_note: 'yellow',
  shown_to_patient: 'green',
  not_shown: 'grey',
};

/** Corrections to the summary, below it, with where each stands (H17). */
function SummaryCorrections({ page, csrfToken }: { page: NotePage; csrfToken: string }) {
  const id = page.detail.appointment.id;
  return (
    <>
      <h2 id="summary-corrections">Corrections to the summary</h2>
      <p>
        The summary the patient reads is never changed after signing. A correction is shown to them
        below it, with your name and the date (a trainee’s once their supervisor has countersigned
        it).
      </p>
      {page.corrections.length === 0 ? <p>No corrections.</p> : null}
      {page.corrections.map((c) => (
        <section key={c.id} className="nhsuk-card" aria-labelledby={`correction-${c.id}`}>
          <div className="nhsuk-card__content">
            <p className="nhsuk-body-s" id={`correction-${c.id}`}>
              Correction by {page.names.get(c.authorId) ?? 'Unknown'},{' '}
              {formatLondonDateTime(c.createdAt)}{' '}
              <Tag modifier={CORRECTION_TAG[c.status]}>{CORRECTION_STATUS_LABELS[c.status]}</Tag>
            </p>
            <Paragraphs text={c.body} />
            {c.countersignedAt ? (
              <p className="nhsuk-body-s">
                Countersigned by {page.names.get(c.countersignedBy ?? '') ?? 'Unknown'},{' '}
                {formatLondonDateTime(c.countersignedAt)}
              </p>
            ) : null}
            {c.mayCountersign ? (
              <form method="post" action={`/notes/${id}/corrections/countersign`} noValidate>
                <CsrfField token={csrfToken} />
                <input type="hidden" name="correctionId" value={c.id} />
                <p>
                  As the author’s supervisor, countersign this correction so the patient sees it.
                </p>
                <Button type="submit" secondary>
                  Countersign correction
                </Button>
              </form>
            ) : null}
          </div>
        </section>
      ))}
      {page.mayAddToSigned ? (
        <p>
          <a href={`/notes/${id}/corrections/new`}>Add a correction to the summary</a>
        </p>
      ) : null}
    </>
  );
}

function stateTag(state: NotePage['state'], exists: boolean) {
  if (!exists) return <Tag modifier="grey">Not started</Tag>;
  const modifier = state === 'locked' ? 'green' : state === 'draft' ? 'blue' : 'yellow';
  return <Tag modifier={modifier}>{NOTE_STATE_LABELS[state]}</Tag>;
}

export function SessionNotePage({
  page,
  csrfToken,
  values,
  errors,
}: {
  page: NotePage;
  csrfToken: string;
  values: NoteValues;
  errors?: FieldError[] | undefined;
}) {
  const { detail, note, state, addenda, names } = page;
  const form = { values, errors };
  const id = detail.appointment.id;
  const editable = state === 'draft' && page.mayWrite;
  const held =
    detail.appointment.status !== 'did_not_attend' && detail.appointment.status !== 'cancelled';
  const patientName = `${detail.patient.givenName} ${detail.patient.familyName}`;
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">
        {patientName}
        {detail.appointment.sessionNumber ? `, session ${detail.appointment.sessionNumber}` : ''}
      </span>
      <h1>Session note</h1>
      {detail.appointment.status === 'did_not_attend' ||
      detail.appointment.status === 'cancelled' ? (
        <InsetText>
          <p>
            {detail.appointment.status === 'did_not_attend'
              ? `${detail.patient.givenName} did not attend this session.`
              : 'This session was cancelled.'}{' '}
            Record what happened and what was done. The summary is not shown to them: they see
            summaries of the sessions they came to.
          </p>
        </InsetText>
      ) : null}
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Session</SummaryList.Key>
          <SummaryList.Value>
            <a href={`/diary/appointments/${id}`}>
              {formatLondonDateTime(detail.appointment.startsAt)}
            </a>
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row id="note-status">
          <SummaryList.Key>Status</SummaryList.Key>
          <SummaryList.Value>{stateTag(state, note !== null)}</SummaryList.Value>
        </SummaryList.Row>
        {note?.signedAt ? (
          <SummaryList.Row>
            <SummaryList.Key>Signed</SummaryList.Key>
            <SummaryList.Value>
              {names.get(note.signedBy ?? '') ?? 'Unknown'}, {formatLondonDateTime(note.signedAt)}
            </SummaryList.Value>
          </SummaryList.Row>
        ) : null}
        {note?.countersignedAt ? (
          <SummaryList.Row>
            <SummaryList.Key>Countersigned</SummaryList.Key>
            <SummaryList.Value>
              {names.get(note.countersignedBy ?? '') ?? 'Unknown'},{' '}
              {formatLondonDateTime(note.countersignedAt)}
            </SummaryList.Value>
          </SummaryList.Row>
        ) : null}
        {detail.appointment.courseId ? (
          <SummaryList.Row>
            <SummaryList.Key>Course</SummaryList.Key>
            <SummaryList.Value>
              <a href={`/courses/${detail.appointment.courseId}`}>Open the course</a>
            </SummaryList.Value>
          </SummaryList.Row>
        ) : null}
      </SummaryList>

      <OpenRiskAlerts
        problem={
          page.openAlerts.length === 0
            ? null
            : `${page.openAlerts.length === 1 ? 'There is an open risk alert' : `There are ${page.openAlerts.length} open risk alerts`} for ${patientName}. Each stays open until a clinician records what they did on the alert: the note does not close it`
        }
        alerts={page.openAlerts}
      />

      <SessionScores
        scores={page.scores}
        started={page.started}
        historyHref={`/patients/${detail.patient.id}/questionnaires`}
      />

      {editable ? (
        <form method="post" noValidate>
          <CsrfField token={csrfToken} />
          {/* The draft this page shows, so a save from an older page is refused (walk 6). */}
          <input type="hidden" name="basedOn" value={page.stamp} />
          {NOTE_FIELDS.map((f) => (
            <CharacterCountField
              key={f.name}
              form={form}
              name={f.name}
              label={f.label}
              hint={(held ? HINTS : HINTS_NOT_HELD)[f.name]}
              maxLength={f.max}
              rows={f.name === 'patientSummary' ? 4 : 5}
            />
          ))}
          <p>
            Once signed, the note is locked: later changes are added as addenda. A trainee’s note is
            then countersigned by their supervisor.
          </p>
          <div className="nhsuk-button-group">
            <Button type="submit" name="intent" value="save" secondary>
              Save draft
            </Button>
            <Button type="submit" name="intent" value="sign">
              Sign note
            </Button>
          </div>
        </form>
      ) : note ? (
        <>
          {NOTE_FIELDS.map((f) => (
            <section key={f.name}>
              <h2 className="nhsuk-heading-s">{f.label}</h2>
              <Paragraphs text={note[f.name]} />
            </section>
          ))}
          {note.signedAt ? <SummaryCorrections page={page} csrfToken={csrfToken} /> : null}
        </>
      ) : (
        <p>No note has been written for this session yet.</p>
      )}

      {page.mayCountersign ? (
        <form method="post" action={`/notes/${id}/countersign`} noValidate>
          <CsrfField token={csrfToken} />
          <p>As the author’s supervisor, countersign this note to lock it.</p>
          <Button type="submit" id="countersign">
            Countersign note
          </Button>
        </form>
      ) : null}

      {note?.signedAt ? (
        <>
          <h2>Addenda</h2>
          {addenda.length === 0 ? <p>No addenda.</p> : null}
          {addenda.map((a) => (
            <section key={a.id} className="nhsuk-card">
              <div className="nhsuk-card__content">
                <p className="nhsuk-body-s">
                  {names.get(a.authorId) ?? 'Unknown'}, {formatLondonDateTime(a.createdAt)}
                </p>
                <Paragraphs text={a.body} />
              </div>
            </section>
          ))}
          <p>
            <a href={`/notes/${id}/addenda/new`}>Add an addendum</a>
          </p>
        </>
      ) : null}

      <h2 id="tasks">Tasks between sessions</h2>
      <TaskSummaryList tasks={page.tasks} />
      {page.maySetTask ? (
        <p>
          <a href={`/sessions/${id}/tasks/new`}>Set a task at this session</a>
        </p>
      ) : null}
    </>
  );
}

export function AddendumPage({
  csrfToken,
  patientName,
  sessionAt,
  values,
  errors,
}: {
  csrfToken: string;
  patientName: string;
  sessionAt: Date;
  values: { addendum: string };
  errors?: FieldError[] | undefined;
}) {
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">
        {patientName}, session on {formatLondonDateTime(sessionAt)}
      </span>
      <h1>Add an addendum</h1>
      <p>
        The signed note stays as it is. Your addendum is added below it with your name and the time.
      </p>
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <CharacterCountField
          form={{ values, errors }}
          name="addendum"
          label="Addendum"
          maxLength={ADDENDUM_MAX}
          rows={6}
        />
        <Button type="submit">Add addendum</Button>
      </form>
    </>
  );
}

export function SummaryCorrectionPage({
  csrfToken,
  patientName,
  sessionAt,
  summary,
  values,
  errors,
}: {
  csrfToken: string;
  patientName: string;
  sessionAt: Date;
  summary: string;
  values: { correction: string };
  errors?: FieldError[] | undefined;
}) {
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">
        {patientName}, session on {formatLondonDateTime(sessionAt)}
      </span>
      <h1>Add a correction to the summary</h1>
      <p>
        The summary stays as it is. Your correction is shown to the patient below it, with your name
        and the date. A trainee’s correction is shown once their supervisor has countersigned it.
      </p>
      <h2 className="nhsuk-heading-s">The summary the patient reads</h2>
      <InsetText>
        <Paragraphs text={summary} />
      </InsetText>
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <CharacterCountField
          form={{ values, errors }}
          name="correction"
          label="Correction"
          hint="The patient reads this. Write it for them, in plain and kind words"
          maxLength={CORRECTION_MAX}
          rows={5}
        />
        <Button type="submit">Add correction</Button>
      </form>
    </>
  );
}

/** Ended sessions whose attendance is not recorded, each opening its appointment to record it. */
function SessionsToRecord({ sessions }: { sessions: readonly SessionToRecord[] }) {
  return (
    <>
      <h2>Record whether they came</h2>
      <p>
        These sessions have ended and whether the patient came is not recorded. Record it from the
        appointment: a missed session by someone who has told us about risk goes on the risk queue
        only once it is recorded.
      </p>
      <Table
        caption={<span className="nhsuk-u-visually-hidden">Sessions to record</span>}
        responsive
      >
        <Table.Head>
          <Table.Row>
            <Table.Cell>Patient</Table.Cell>
            <Table.Cell>Session</Table.Cell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {sessions.map((r) => (
            <Table.Row key={r.appointmentId}>
              <Table.Cell>
                <a href={`/diary/appointments/${r.appointmentId}`}>{r.patientName}</a>
              </Table.Cell>
              <Table.Cell>
                {r.type === 'review' ? 'Review, ' : ''}
                {formatLondonDateTime(r.startsAt)}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </>
  );
}

export function OverdueNotesPage({
  rows,
  toRecord = [],
}: {
  rows: OverdueNote[];
  toRecord?: readonly SessionToRecord[];
}) {
  return (
    <>
      <h1>Overdue session notes</h1>
      {toRecord.length > 0 ? (
        <>
          <SessionsToRecord sessions={toRecord} />
          <h2>Notes to sign</h2>
        </>
      ) : null}
      <p>
        Sessions that were attended with no signed note by the end of the next working day. Sign
        them as soon as you can: an unsigned note is not part of the record.
      </p>
      {rows.length === 0 ? (
        <p>You have no overdue notes.</p>
      ) : (
        <Table caption={<span className="nhsuk-u-visually-hidden">Overdue notes</span>} responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Patient</Table.Cell>
              <Table.Cell>Session</Table.Cell>
              <Table.Cell>Was due by</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.appointmentId}>
                <Table.Cell>
                  <a href={`/notes/${r.appointmentId}`}>{r.patientName}</a>
                </Table.Cell>
                <Table.Cell>
                  {r.sessionNumber ? `Session ${r.sessionNumber}, ` : ''}
                  {formatLondonDateTime(r.sessionAt)}
                </Table.Cell>
                <Table.Cell>{formatLondonDateTime(r.dueBy)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export function SummariesPage({
  summaries,
}: {
  summaries: {
    appointmentId: string;
    summary: string;
    sessionAt: Date;
    sessionNumber: number | null;
    corrections: PatientSummaryCorrection[];
  }[];
}) {
  return (
    <>
      <h1>Your session summaries</h1>
      <p>After each session, your therapist writes a short summary for you here.</p>
      {summaries.length === 0 ? <p>There are no summaries yet.</p> : null}
      {summaries.map((s) => (
        <section
          key={s.appointmentId}
          id={`session-${s.appointmentId}`}
          className="nhsuk-card"
          aria-labelledby={`summary-${s.appointmentId}`}
        >
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-m" id={`summary-${s.appointmentId}`}>
              {s.sessionNumber ? `Session ${s.sessionNumber}` : 'Your session'}
            </h2>
            <p className="nhsuk-body-s">{formatLondonDateTime(s.sessionAt)}</p>
            <Paragraphs text={s.summary} />
            {s.corrections.map((c) => (
              <div key={c.id} className="nhsuk-inset-text">
                <span className="nhsuk-u-visually-hidden">Information: </span>
                <h3 className="nhsuk-heading-s">{c.label}</h3>
                <Paragraphs text={c.body} />
              </div>
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
