import { ActionLink, Button, InsetText, Panel, Tag } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import { optionsFor, type Measure, type MeasureId } from '../../../domain/measures';
import { RadiosField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { UrgentHelpContent } from '../../referral';
import type { RawAnswers } from '../questionnaires.forms';
import type { WindowState } from '../questionnaires.rules';
import type { MeasureStatus, QuestionnairePrompt } from '../questionnaires.service';

/**
 * Where to get help now. While there are questions still to answer it says not to answer them
 * first; once they are answered, or cannot be (not open, closed), it says not to wait.
 */
function HelpNow({
  toAnswer = false,
  cancelled = false,
}: {
  toAnswer?: boolean;
  /** The session was cancelled: there is no session to wait for. */
  cancelled?: boolean;
}) {
  return (
    <p>
      {toAnswer
        ? 'If you need help now, you do not need to answer these questions first.'
        : cancelled
          ? 'If you need help now, do not wait for another appointment.'
          : 'If you need help now, do not wait for your session.'}{' '}
      <a href="/urgent-help">Find out how to get help now</a>.
    </p>
  );
}

// ---- Home page ----------------------------------------------------------------------------------

/** The call to action on the patient's home page while a session's questionnaires are open. */
export function HomeQuestionnairePrompt({
  prompt,
  when,
}: {
  prompt: QuestionnairePrompt;
  when: string;
}) {
  return (
    <>
      <h2>Before your next session</h2>
      <p>
        Please answer a few short questions about how you have been. It takes about 5 minutes. Your
        answers help you and your therapist see how things are changing.
      </p>
      {prompt.answered > 0 ? (
        <p>
          You have answered {prompt.answered} of {prompt.total} questionnaires.
        </p>
      ) : null}
      <ActionLink href={`/questionnaires/${prompt.appointmentId}`}>
        {prompt.started ? 'Carry on answering your questions' : 'Answer your questions'} before your
        session on {when}
      </ActionLink>
    </>
  );
}

// ---- The start page ----------------------------------------------------------------------------

export interface MeasureEntry {
  id: MeasureId;
  title: string;
  status: MeasureStatus;
}

const STATUS_TAGS: Record<MeasureStatus, { text: string; modifier?: 'grey' | 'blue' }> = {
  done: { text: 'Completed' },
  started: { text: 'Started', modifier: 'blue' },
  not_started: { text: 'Not started', modifier: 'grey' },
};

export interface OverviewPageProps {
  appointmentId: string;
  when: string;
  state: WindowState;
  opensAt: Date;
  measures: MeasureEntry[];
  /** The first questionnaire not yet completed; null when all are. */
  nextId: MeasureId | null;
  /** A questionnaire sent again after it was completed: its first answers were kept. */
  keptFirstAnswers?: string | null;
  /** The session was cancelled: there is nothing to answer for it. */
  cancelled?: boolean;
}

export function OverviewPage(props: OverviewPageProps) {
  const { appointmentId, when, state, measures, nextId } = props;
  if (state !== 'open')
    return (
      <NotOpenPage state={state} when={when} opensAt={props.opensAt} cancelled={props.cancelled} />
    );
  const anyStarted = measures.some((m) => m.status !== 'not_started');
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <span className="nhsuk-caption-l">Your session on {when}</span>
        <h1>Questions before your session</h1>
        {props.keptFirstAnswers ? (
          <InsetText>
            <p>
              {/* The title quoted: "the How your mood has been questions" read as a muddle. */}
              {`You had already answered “${props.keptFirstAnswers}”, so we kept your first answers.`}{' '}
              If something has changed since then, you can tell your therapist at your session.
            </p>
          </InsetText>
        ) : null}
        <p className="nhsuk-lede-text">
          Please answer these questions before your session. There are {measures.length} short
          questionnaires, one on each page. It takes about 5 minutes.
        </p>
        <p>
          There are no right or wrong answers. Your therapist will look at your answers with you. If
          you stop part way through, we keep the answers you have given so you can carry on later.
        </p>
        <ol className="nhsuk-list nhsuk-list--number">
          {measures.map((m) => (
            <li key={m.id}>
              {m.status === 'done' ? (
                m.title
              ) : (
                <a href={`/questionnaires/${appointmentId}/${m.id}`}>{m.title}</a>
              )}{' '}
              <Tag modifier={STATUS_TAGS[m.status].modifier}>{STATUS_TAGS[m.status].text}</Tag>
            </li>
          ))}
        </ol>
        {nextId ? (
          <Button href={`/questionnaires/${appointmentId}/${nextId}`}>
            {anyStarted ? 'Carry on' : 'Start now'}
          </Button>
        ) : (
          <p>
            <strong>You have answered all the questions. Thank you.</strong>
          </p>
        )}
        <HelpNow toAnswer={nextId !== null} />
      </div>
    </div>
  );
}

export function NotOpenPage({
  state,
  when,
  opensAt,
  cancelled = false,
}: {
  state: Exclude<WindowState, 'open'>;
  when: string;
  opensAt: Date;
  /** The session was cancelled: say so, not "closed" (which reads as if it still goes ahead). */
  cancelled?: boolean;
}) {
  if (cancelled)
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>This session was cancelled</h1>
          <p>
            Your session on {when} was cancelled, so you do not need to answer any questions for it.
          </p>
          <p>
            If we book you another session, we will ask you to answer the questions before that one.
          </p>
          <p>
            <a href="/appointments">See your appointments</a>
          </p>
          <p>
            <a href="/home">Go to your home page</a>
          </p>
          <HelpNow cancelled />
        </div>
      </div>
    );
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {state === 'not_yet' ? (
          <>
            <h1>These questions are not open yet</h1>
            <p>
              The questions for your session on {when} open on {formatLondonDateTime(opensAt)}. We
              will remind you.
            </p>
          </>
        ) : (
          <>
            <h1>These questions have closed</h1>
            <p>
              The questions for your session on {when} are closed. If you did not get a chance to
              answer them, that is all right: your therapist can go through them with you.
            </p>
          </>
        )}
        <p>
          <a href="/home">Go to your home page</a>
        </p>
        <HelpNow />
      </div>
    </div>
  );
}

// ---- One questionnaire ---------------------------------------------------------------------------

export interface MeasurePageProps {
  action: string;
  csrfToken: string;
  when: string;
  position: number;
  count: number;
  measure: Measure;
  values: RawAnswers;
  errors?: FieldError[];
}

export function MeasureQuestions({
  measure,
  values,
  errors,
  legendPrefix = '',
  showValues = false,
}: {
  measure: Measure;
  values: RawAnswers;
  errors?: readonly FieldError[];
  legendPrefix?: string;
  /** Staff screens show the score of each answer, as on the paper form. */
  showValues?: boolean;
}) {
  return (
    <>
      {measure.items.map((item) => (
        <RadiosField
          key={item.id}
          form={{ values, errors }}
          name={item.id}
          legend={`${legendPrefix}${String(item.number)}. ${item.text}`}
          legendProps={{ size: 's' }}
          choices={[
            ...optionsFor(measure, item).map((o) => ({
              value: String(o.value),
              label: showValues ? `${o.label} (${String(o.value)})` : o.label,
            })),
            ...(item.notApplicableOption
              ? [
                  { divider: 'or' },
                  {
                    value: item.notApplicableOption.value,
                    label: item.notApplicableOption.label,
                  },
                ]
              : []),
          ]}
        />
      ))}
    </>
  );
}

export function MeasurePage(props: MeasurePageProps) {
  const { measure, values, errors } = props;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">
          Questionnaire {props.position} of {props.count}, before your session on {props.when}
        </span>
        <h1>{measure.patientTitle}</h1>
        <form method="post" action={props.action} noValidate>
          <CsrfField token={props.csrfToken} />
          <p className="nhsuk-body-l">{measure.stem}</p>
          <p>There are no right or wrong answers. Choose the answer closest to how you feel.</p>
          <MeasureQuestions measure={measure} values={values} errors={errors} />
          <div className="nhsuk-button-group">
            <Button type="submit" name="action" value="continue">
              Continue
            </Button>
            <Button type="submit" name="action" value="save" secondary>
              Save and come back later
            </Button>
          </div>
        </form>
        <HelpNow toAnswer />
      </div>
    </div>
  );
}

// ---- Urgent help and the end ---------------------------------------------------------------------

/** Shown at once after a risk answer, before any other questions. */
export function QuestionnaireUrgentHelpPage({ continueHref }: { continueHref: string }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>You can get help now</h1>
        <p className="nhsuk-lede-text">
          Thank you for telling us. It sounds like things are very hard for you at the moment. You
          do not have to wait for your session to get help.
        </p>
        <UrgentHelpContent />
        <h2>Your therapist</h2>
        <p>
          We have let your therapist know about your answer, so they can talk with you about it.
        </p>
        <h2>Your questions</h2>
        <p>When you are ready, you can carry on. Your answers so far are saved.</p>
        <Button href={continueHref}>Continue</Button>
      </div>
    </div>
  );
}

/**
 * Shown first when questionnaire answers with a risk answer among them arrive after the person
 * was signed out: nothing was saved and nobody has been told, so help now comes before anything.
 */
export function SignedOutRiskHelp() {
  return (
    <div className="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent" id="help-now">
      <div className="nhsuk-card--care__heading-container">
        <h2 className="nhsuk-card--care__heading">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Urgent advice: </span>You can get help now
          </span>
        </h2>
        <span className="nhsuk-card--care__arrow" aria-hidden="true"></span>
      </div>
      <div className="nhsuk-card__content">
        <p>
          Thank you for telling us how you have been. It sounds like things are very hard for you at
          the moment. Your answers could not be saved, so your therapist does not know about them
          yet. You do not have to wait to get help.
        </p>
        <UrgentHelpContent headingLevel={3} />
      </div>
    </div>
  );
}

export function DonePage({ when, cancelled = false }: { when: string; cancelled?: boolean }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Panel>
          <Panel.Title>Thank you</Panel.Title>
          You have answered all the questions for your session on {when}.
        </Panel>
        <h2>What happens next</h2>
        {cancelled ? (
          // Answers sent from a page opened before the cancellation are kept (a risk answer must
          // reach a clinician, H1); there is no session to look at them in.
          <p>
            This session has been cancelled, so there is no session to go through them in. We have
            kept your answers. You can see your other appointments in{' '}
            <a href="/appointments">your appointments</a>.
          </p>
        ) : (
          <p>Your therapist will look at your answers with you in your session.</p>
        )}
        <p>
          <a href="/home">Go to your home page</a>
        </p>
        <HelpNow cancelled={cancelled} />
      </div>
    </div>
  );
}
