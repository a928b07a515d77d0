import { Button, InsetText, SummaryList, Tag } from 'nhsuk-react-components';
import { formatLondonDateTime, formatLongDate, utcToLondon } from '../../../domain/calendar';
import { TextareaField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { PleaseDoNotWait } from '../../../ui/PleaseDoNotWait';
import type { TaskRow } from '../tasks.repository';
import type { OwnTask } from '../tasks.service';

export interface TaskFormValues {
  what: string;
  when: string;
  withWhom: string;
}

export interface ReflectionValues {
  whatIDid: string;
  howItWent: string;
}

function Paragraphs({ text }: { text: string }) {
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

/** The therapist sets a task at a session. */
export function SetTaskPage({
  csrfToken,
  patientName,
  sessionWhen,
  values,
  errors,
}: {
  csrfToken: string;
  patientName: string;
  sessionWhen: Date;
  values: TaskFormValues;
  errors?: FieldError[] | undefined;
}) {
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">
        {patientName}, session on {formatLondonDateTime(sessionWhen)}
      </span>
      <h1>Set a task between sessions</h1>
      <p>
        Agree it together, in words {patientName} will recognise: they will see it when they sign
        in, and can tell you what they did and how it went before the next session.
      </p>
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <TextareaField
          form={form}
          name="what"
          label="What they will try"
          hint="For example, tell my sister how I felt when she cancelled our plans"
          rows={4}
        />
        <TextField form={form} name="when" label="When" hint="For example, at the weekend" />
        <TextField
          form={form}
          name="withWhom"
          label="With whom (optional)"
          hint="A name or initials the patient chose"
        />
        <Button type="submit">Set task</Button>
      </form>
    </>
  );
}

function TaskDetails({ task }: { task: TaskRow }) {
  return (
    <SummaryList>
      <SummaryList.Row>
        <SummaryList.Key>What to try</SummaryList.Key>
        <SummaryList.Value className="rapport-pre-wrap">{task.what}</SummaryList.Value>
      </SummaryList.Row>
      <SummaryList.Row>
        <SummaryList.Key>When</SummaryList.Key>
        <SummaryList.Value>{task.whenText}</SummaryList.Value>
      </SummaryList.Row>
      {task.withWhom ? (
        <SummaryList.Row>
          <SummaryList.Key>With</SummaryList.Key>
          <SummaryList.Value>{task.withWhom}</SummaryList.Value>
        </SummaryList.Row>
      ) : null}
      <SummaryList.Row>
        <SummaryList.Key>Agreed at</SummaryList.Key>
        <SummaryList.Value>
          Your session on {formatLongDate(utcToLondon(task.sessionAt).date)}
        </SummaryList.Value>
      </SummaryList.Row>
    </SummaryList>
  );
}

/** After their sessions have ended: nobody will read a task before a next session. */
function SessionsEnded() {
  return (
    <InsetText id="ended">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <p>
        Your sessions with us have ended, so you can no longer write about this task here. You can
        still read it, and what you wrote, to look back on.
      </p>
      <p>
        If you would like to tell us something, <a href="/messages/ask">send us a message</a>. If
        you need help now, see <a href="/urgent-help">where to get urgent help</a>.
      </p>
    </InsetText>
  );
}

/** The patient's list of tasks. */
export function MyTasksPage({
  tasks,
  saved,
  helpNow = false,
}: {
  tasks: OwnTask[];
  saved: boolean;
  /** They wrote words of crisis (H18): lead with where to get help now, not the thank-you. */
  helpNow?: boolean;
}) {
  const allEnded = tasks.length > 0 && tasks.every((task) => task.courseEnded);
  return (
    <>
      {helpNow ? (
        <PleaseDoNotWait
          waitFor="your next session"
          told="the clinician responsible for you"
          readBy="it"
          moreWays
        />
      ) : saved ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>Thank you. Your therapist will read what you wrote before your next session.</p>
        </div>
      ) : null}
      <h1>Your tasks between sessions</h1>
      {allEnded ? (
        <p>
          Your sessions have ended. These are the things you agreed with your therapist to try
          between sessions, and what you wrote about them, for you to look back on.
        </p>
      ) : (
        <p>
          These are the things you agreed with your therapist to try between sessions. It helps to
          write down what you did and how it went, even if it did not go to plan.
        </p>
      )}
      {tasks.length === 0 ? <p>You have no tasks yet.</p> : null}
      {tasks.map((task) => (
        <section key={task.id} className="nhsuk-card" aria-labelledby={`task-${task.id}`}>
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-m" id={`task-${task.id}`}>
              <a href={`/tasks/${task.id}`}>{task.what}</a>{' '}
              {/* Not "Done": a reflection may say it did not go to plan, which is fine too. */}
              {task.reflectedAt ? (
                <Tag modifier="green">You wrote about it</Tag>
              ) : task.courseEnded ? (
                <Tag modifier="grey">Sessions ended</Tag>
              ) : (
                <Tag modifier="blue">To do</Tag>
              )}
            </h2>
            <p className="nhsuk-body-s">When: {task.whenText}</p>
          </div>
        </section>
      ))}
    </>
  );
}

/** One task, with the patient's reflection form; read only once their sessions have ended. */
export function TaskPage({
  csrfToken,
  task,
  values,
  errors,
}: {
  csrfToken: string;
  task: OwnTask;
  values: ReflectionValues;
  errors?: FieldError[] | undefined;
}) {
  const form = { values, errors };
  if (task.courseEnded)
    return (
      <>
        <ErrorSummaryBox errors={errors} />
        <h1>Your task</h1>
        <TaskDetails task={task} />
        {task.reflectedAt ? (
          <>
            <h2>What you wrote</h2>
            <p className="nhsuk-body-s">On {formatLondonDateTime(task.reflectedAt)}.</p>
            <h3 className="nhsuk-heading-s">What you did</h3>
            <Paragraphs text={task.whatIDid ?? ''} />
            <h3 className="nhsuk-heading-s">How it went</h3>
            <Paragraphs text={task.howItWent ?? ''} />
          </>
        ) : null}
        <SessionsEnded />
      </>
    );
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Your task</h1>
      <TaskDetails task={task} />
      <h2>How did it go?</h2>
      {task.reflectedAt ? (
        <p>
          You last wrote about this on {formatLondonDateTime(task.reflectedAt)}. You can change it.
        </p>
      ) : null}
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <TextareaField
          form={form}
          name="whatIDid"
          label="What did you do?"
          hint="It is fine to say you did not get round to it"
          rows={4}
        />
        <TextareaField form={form} name="howItWent" label="How did it go?" rows={4} />
        <Button type="submit">Save</Button>
      </form>
    </>
  );
}

/** A course's tasks and the patient's reflections, on the session note page (therapists). */
export function TaskSummaryList({ tasks }: { tasks: readonly TaskRow[] }) {
  if (tasks.length === 0) return <p>No tasks have been set in this course yet.</p>;
  return (
    <>
      {tasks.map((task) => (
        <section key={task.id} className="nhsuk-card" aria-labelledby={`task-${task.id}`}>
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s" id={`task-${task.id}`}>
              {task.what}{' '}
              {task.withdrawnAt ? (
                <Tag modifier="orange">Withdrawn</Tag>
              ) : task.reflectedAt ? (
                <Tag modifier="green">Reflection written</Tag>
              ) : (
                <Tag modifier="grey">No reflection yet</Tag>
              )}
            </h3>
            {task.withdrawnAt ? (
              <p className="nhsuk-body-s">
                Withdrawn on {formatLongDate(utcToLondon(task.withdrawnAt).date)}: the session was
                recorded as missed, so the patient no longer sees this task.
              </p>
            ) : null}
            <p className="nhsuk-body-s">
              Agreed at the session on {formatLongDate(utcToLondon(task.sessionAt).date)}. When:{' '}
              {task.whenText}
              {task.withWhom ? `. With: ${task.withWhom}` : ''}
            </p>
            {task.reflectedAt ? (
              <>
                <h4 className="nhsuk-heading-xs">What they did</h4>
                <Paragraphs text={task.whatIDid ?? ''} />
                <h4 className="nhsuk-heading-xs">How it went</h4>
                <Paragraphs text={task.howItWent ?? ''} />
              </>
            ) : null}
          </div>
        </section>
      ))}
    </>
  );
}
