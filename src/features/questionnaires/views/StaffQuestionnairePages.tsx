import {
  Button,
  Details,
  InsetText,
  NotificationBanner,
  SummaryList,
  Tag,
  WarningCallout,
} from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import {
  getMeasure,
  answerLabel,
  riskInAnswersSoFar,
  riskItemAnswer,
  type Measure,
} from '../../../domain/measures';
import { TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { UrgentHelpContent } from '../../referral';
import { CORRECTION_REASON_MAX, type RawAnswers } from '../questionnaires.forms';
import type { HistorySession, HistoryVersion } from '../questionnaires.service';
import { MeasureQuestions } from './PatientQuestionnairePages';

const ROLE_WORDS: [string, string][] = [
  ['therapist', 'therapist'],
  ['supervisor', 'supervisor'],
  ['service_manager', 'service manager'],
];

/** "therapist", "supervisor" or "service manager": the clinical role someone entered answers in. */
export function roleWord(roles: readonly string[] | null): string {
  return ROLE_WORDS.find(([role]) => roles?.includes(role))?.[1] ?? 'staff';
}

/**
 * Who entered a version and when, in words: "Entered by Sam Okafor (therapist) in the session,
 * …". A correction is dated by when it replaced the version before it.
 */
export function enteredByText(
  v: HistoryVersion,
  correctedAt: Date | null | undefined,
  session: SessionTimes,
): string {
  const r = v.response;
  const who = `${v.enteredByName ?? 'a member of staff'} (${roleWord(v.enteredByRoles)})`;
  if (r.supersedesId)
    return `Corrected by ${who}${correctedAt ? ` on ${formatLondonDateTime(correctedAt)}` : ''}`;
  const when = `${sessionMoment(r.completedAt, session)}, ${formatLondonDateTime(r.completedAt)}`;
  if (r.enteredByRole === 'patient') return `Answered by the patient ${when}`;
  const saved = Object.keys(r.patientAnswers ?? {}).length;
  const start =
    saved > 0 && r.patientSavedAt
      ? `, starting from ${saved === 1 ? '1 answer' : `${saved} answers`} the patient saved on their own on ${formatLondonDateTime(r.patientSavedAt)}`
      : '';
  return `Entered by ${who} ${when}${start}`;
}

/** When a session was, for saying when its answers were given. */
export interface SessionTimes {
  startsAt: Date;
  endsAt: Date;
}

/**
 * Where answers fall against their session: a clinician may enter them once the questions open,
 * days ahead (by phone), and a patient may send theirs after it; the record says which (walk 11:
 * answers entered two days before were said to be "in the session").
 */
export function sessionMoment(at: Date, session: SessionTimes): string {
  if (at.getTime() < session.startsAt.getTime()) return 'before the session';
  if (at.getTime() >= session.endsAt.getTime()) return 'after the session';
  return 'in the session';
}

/** An answer in words, or as given when it is none of the choices. */
function labelOf(measure: Measure, itemId: string, given: string | number | undefined): string {
  const item = measure.items.find((i) => i.id === itemId);
  const text = given === undefined ? '' : String(given);
  return (item ? answerLabel(measure, item, given) : undefined) ?? text;
}

/** The patient's own answers that were changed when the questionnaire was finished in the session. */
function ChangedInSession({ measure, v }: { measure: Measure; v: HistoryVersion }) {
  const { answers, patientAnswers } = v.response;
  if (!patientAnswers) return null;
  const changed = measure.items.filter(
    (i) => patientAnswers[i.id] !== undefined && String(answers[i.id]) !== patientAnswers[i.id],
  );
  if (changed.length === 0) return null;
  return (
    <ul className="nhsuk-list nhsuk-body-s nhsuk-u-margin-bottom-1">
      {changed.map((i) => (
        <li key={i.id}>
          Question {i.number} changed in the session: the patient had answered ‘
          {labelOf(measure, i.id, patientAnswers[i.id])}’, now ‘
          {labelOf(measure, i.id, answers[i.id])}’.
        </li>
      ))}
    </ul>
  );
}

function scoreText(measure: Measure | undefined, v: HistoryVersion): string {
  const r = v.response;
  if (!measure) return 'Unknown questionnaire';
  if (r.total === null) {
    // Phobia scales: read item by item.
    return measure.items
      .map((i) => `${i.construct ?? `Question ${i.number}`}: ${String(r.answers[i.id])}`)
      .join(', ');
  }
  const band = measure.bands.find((b) => b.id === r.band);
  return `Score ${r.total}${band ? ` (${band.label.toLowerCase()})` : ''}`;
}

function sessionTitle(s: HistorySession): string {
  const when = formatLondonDateTime(s.appointment.startsAt);
  return s.appointment.sessionNumber
    ? `Session ${s.appointment.sessionNumber}: ${when}`
    : `Session on ${when}`;
}

function Version({
  measure,
  v,
  correctedAt,
  session,
}: {
  measure: Measure | undefined;
  v: HistoryVersion;
  correctedAt?: Date | null;
  session: SessionTimes;
}) {
  const r = v.response;
  const risk = riskItemAnswer(r.measureId, r.answers);
  return (
    <>
      <p className="nhsuk-u-margin-bottom-1">
        {scoreText(measure, v)}
        {r.riskFlag ? (
          <>
            {' '}
            <Tag modifier="red">Risk answer</Tag>
          </>
        ) : null}
        {risk ? (
          <>
            <br />
            Question {risk.number} (thoughts of being better off dead or of hurting themselves):{' '}
            {risk.answer}
          </>
        ) : null}
      </p>
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
        {enteredByText(v, correctedAt, session)}.
      </p>
      {measure ? <ChangedInSession measure={measure} v={v} /> : null}
      {r.correctionReason ? (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
          Reason for the correction: <span className="rapport-pre-wrap">{r.correctionReason}</span>
        </p>
      ) : null}
      {r.supersededAt ? (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
          Replaced by a correction on {formatLondonDateTime(r.supersededAt)}.
        </p>
      ) : null}
    </>
  );
}

export interface HistoryPageProps {
  patientId: string;
  patientName: string;
  sessions: HistorySession[];
  notice?: string;
}

export function HistoryPage({ patientId, patientName, sessions, notice }: HistoryPageProps) {
  return (
    <>
      {notice ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>{notice}</NotificationBanner.Heading>
        </NotificationBanner>
      ) : null}
      <span className="nhsuk-caption-l">{patientName}</span>
      <h1>Session questionnaires</h1>
      <p>
        The questionnaires for each IPT session, newest first. A correction keeps the original
        answers: both are shown here, with who made each and why.
      </p>
      {sessions.length === 0 ? (
        <p>There are no sessions with questionnaires yet.</p>
      ) : (
        sessions.map((s) => (
          <section key={s.appointment.id}>
            <h2 className="nhsuk-heading-m">{sessionTitle(s)}</h2>
            <SummaryList>
              {s.measures.map((m) => {
                const measure = getMeasure(m.measureId);
                const [current, ...earlier] = m.versions;
                const replacedAt = (x: HistoryVersion) =>
                  m.versions.find((o) => o.response.id === x.response.supersedesId)?.response
                    .supersededAt ?? null;
                return (
                  <SummaryList.Row key={m.measureId}>
                    <SummaryList.Key>{measure?.shortTitle ?? m.measureId}</SummaryList.Key>
                    <SummaryList.Value>
                      {current ? (
                        <Version
                          measure={measure}
                          v={current}
                          correctedAt={replacedAt(current)}
                          session={s.appointment}
                        />
                      ) : m.partial && measure ? (
                        <PartialAnswers measure={measure} partial={m.partial} />
                      ) : (
                        'Not answered'
                      )}
                      {earlier.length > 0 ? (
                        <Details>
                          <Details.Summary>Earlier answers ({earlier.length})</Details.Summary>
                          <Details.Text>
                            <ul className="nhsuk-list nhsuk-list--border">
                              {earlier.map((v) => (
                                <li key={v.response.id}>
                                  <Version
                                    measure={measure}
                                    v={v}
                                    correctedAt={replacedAt(v)}
                                    session={s.appointment}
                                  />
                                </li>
                              ))}
                            </ul>
                          </Details.Text>
                        </Details>
                      ) : null}
                    </SummaryList.Value>
                    {current ? (
                      <SummaryList.Action
                        href={`/patients/${patientId}/questionnaires/responses/${current.response.id}/correct`}
                        visuallyHiddenText={`the ${measure?.shortTitle ?? ''} answers, ${sessionTitle(s)}`}
                      >
                        Correct
                      </SummaryList.Action>
                    ) : s.mayEnter ? (
                      <SummaryList.Action
                        href={`/patients/${patientId}/questionnaires/${s.appointment.id}/${m.measureId}`}
                        visuallyHiddenText={`for the ${measure?.shortTitle ?? ''}, ${sessionTitle(s)}`}
                      >
                        Enter answers
                      </SummaryList.Action>
                    ) : null}
                  </SummaryList.Row>
                );
              })}
            </SummaryList>
          </section>
        ))
      )}
    </>
  );
}

/**
 * Answers the patient saved and did not send (walk 6): shown, a risk answer first and marked, so
 * what they told us is seen even though the questionnaire is not finished.
 */
function PartialAnswers({
  measure,
  partial,
}: {
  measure: Measure;
  partial: NonNullable<HistorySession['measures'][number]['partial']>;
}) {
  const risk = riskInAnswersSoFar(measure, partial.answers);
  const answered = measure.items.filter((i) => partial.answers[i.id] !== undefined);
  return (
    <>
      <p>
        <Tag modifier="orange">Started by the patient, not finished</Tag> {answered.length} of{' '}
        {measure.items.length} questions answered, last saved{' '}
        {formatLondonDateTime(partial.savedAt)}.
      </p>
      {risk ? (
        <p>
          <strong>
            Risk answer: question {measure.items.find((i) => i.id === risk.itemId)?.number} answered
            ‘{labelOf(measure, risk.itemId, partial.answers[risk.itemId])}’.
          </strong>
        </p>
      ) : null}
      <ul className="nhsuk-list">
        {answered.map((i) => (
          <li key={i.id}>
            {i.number}. {i.text}: {labelOf(measure, i.id, partial.answers[i.id])}
          </li>
        ))}
      </ul>
    </>
  );
}

export interface EntryPageProps {
  action: string;
  csrfToken: string;
  patientName: string;
  sessionWhen: string;
  measure: Measure;
  values: RawAnswers;
  errors?: FieldError[];
  /** The answers start from those the patient saved and did not send (walk 6). */
  fromPatient?: boolean;
}

/** A clinician enters the answers the patient gives in the session. */
export function EntryPage(props: EntryPageProps) {
  const { measure, values, errors } = props;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">
          {props.patientName}, session on {props.sessionWhen}
        </span>
        <h1>Enter the {measure.shortTitle} answers</h1>
        <p>
          Ask the patient each question and enter the answer they give. The record will show that
          you entered them, and whether that was before, in or after the session.
        </p>
        {props.fromPatient ? (
          <InsetText>
            <p>
              The answers below start from those {props.patientName} saved before the session but
              did not send. Check each one with them: what you save replaces them.
            </p>
          </InsetText>
        ) : null}
        <form method="post" action={props.action} noValidate>
          <CsrfField token={props.csrfToken} />
          <p className="nhsuk-body-l">{measure.stem}</p>
          <MeasureQuestions
            measure={measure}
            values={values}
            errors={errors}
            legendPrefix={`${measure.shortTitle} question `}
            showValues
          />
          <Button type="submit">Save answers</Button>
        </form>
      </div>
    </div>
  );
}

export interface CorrectionPageProps {
  action: string;
  csrfToken: string;
  patientName: string;
  sessionWhen: string;
  /** The session's times, to say whether the answers came before, in or after it. */
  session: SessionTimes;
  measure: Measure;
  original: HistoryVersion;
  values: RawAnswers;
  reason: string;
  errors?: FieldError[];
  /** Someone corrected it first: this one is not the current version any more. */
  alreadyCorrected?: boolean;
}

export function CorrectionPage(props: CorrectionPageProps) {
  const { measure, values, errors } = props;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        {props.alreadyCorrected ? (
          <NotificationBanner>
            <NotificationBanner.Heading>
              These answers have already been corrected
            </NotificationBanner.Heading>
            <p>
              Someone corrected them before you. Your changes were not saved. Go back to the
              questionnaires to see the latest answers.
            </p>
          </NotificationBanner>
        ) : null}
        <span className="nhsuk-caption-l">
          {props.patientName}, session on {props.sessionWhen}
        </span>
        <h1>Correct the {measure.shortTitle} answers</h1>
        <p>
          The original answers are kept in the record. Your corrected answers replace them in scores
          and charts.
        </p>
        <SummaryList>
          <SummaryList.Row>
            <SummaryList.Key>Answers now</SummaryList.Key>
            <SummaryList.Value>
              <Version measure={measure} v={props.original} session={props.session} />
            </SummaryList.Value>
          </SummaryList.Row>
        </SummaryList>
        <form method="post" action={props.action} noValidate>
          <CsrfField token={props.csrfToken} />
          <MeasureQuestions
            measure={measure}
            values={values}
            errors={errors}
            legendPrefix={`${measure.shortTitle} question `}
            showValues
          />
          <TextareaField
            form={{ values: { reason: props.reason }, errors }}
            name="reason"
            label="Why are you correcting these answers?"
            labelProps={{ size: 'm' }}
            hint={`For example, the patient told you they chose the wrong answer by mistake. Up to ${CORRECTION_REASON_MAX} characters.`}
            rows={4}
          />
          <Button type="submit">Save correction</Button>
        </form>
      </div>
    </div>
  );
}

/** After a clinician enters a risk answer: go through getting help with the patient now. */
export function StaffUrgentHelpPage({
  patientName,
  alertId,
  continueHref,
}: {
  patientName: string;
  alertId: string | null;
  continueHref: string;
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <span className="nhsuk-caption-l">{patientName}</span>
        <h1>Go through getting help now with the patient</h1>
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">
            A risk alert has been raised
          </WarningCallout.Heading>
          <p>
            The answer to question 9 is above 0. The alert is on the service risk queue and stays
            open until someone records what was done.
            {alertId ? (
              <>
                {' '}
                <a href={`/staff/risk/${alertId}`}>Record what you did on the alert</a>.
              </>
            ) : null}
          </p>
        </WarningCallout>
        <p>Share this with the patient now, in these words or your own:</p>
        <UrgentHelpContent />
        <Button href={continueHref}>Continue</Button>
      </div>
    </div>
  );
}
