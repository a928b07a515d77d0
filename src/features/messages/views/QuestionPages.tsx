import { Button, InsetText, Tag, WarningCallout } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import { Table } from '../../../ui/ResponsiveTable';
import type { Unanswered } from '../../../domain/messages';
import { RadiosField, TextareaField, TextField } from '../../../ui/fields';
import { MessageParagraphs } from '../../../ui/MessageText';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { AskValues, NewThreadValues, ReplyValues } from '../messages.forms';
import type { PatientThreadSummary, StaffQuestion, ThreadEntry } from '../messages.questions';
import { RaisedAlerts, type RaisedAlert } from '../../../ui/RaisedAlerts';
import { PleaseDoNotWait } from '../../../ui/PleaseDoNotWait';

/** Said on every page where a patient writes to us: not for emergencies, and where to go instead. */
export function NotForEmergencies({ workingHours }: { workingHours: string }) {
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">
        Messages are not for emergencies
      </WarningCallout.Heading>
      <p>
        We read messages in working hours, {workingHours}, not on bank holidays. We aim to answer
        within 2 working days.
      </p>
      <p>If you need help now:</p>
      <ul>
        <li>
          if your life is at risk right now, call <a href="tel:999">999</a> or go to A&amp;E
        </li>
        <li>
          for urgent help for your mental health, call <a href="tel:111">NHS 111</a> and choose the
          mental health option (option 2)
        </li>
        <li>
          to talk to someone, call Samaritans free on <a href="tel:116123">116 123</a>, any time, or
          text SHOUT to 85258
        </li>
      </ul>
      <p>
        <a href="/urgent-help">More ways to get help now</a>
      </p>
    </WarningCallout>
  );
}

const toWhom = (t: 'therapist' | 'service') =>
  t === 'therapist' ? 'your therapist' : 'the service';

/** The patient's questions, at the top of their messages page. */
export function YourQuestions({ questions }: { questions: PatientThreadSummary[] }) {
  return (
    <>
      <h2>Your questions</h2>
      <p>
        You can ask your therapist or the service a question. Our answers appear here, and so do
        messages we send you that you can reply to.
      </p>
      <p>
        <a className="nhsuk-button" href="/messages/ask" role="button" draggable="false">
          Ask a question
        </a>
      </p>
      {questions.length === 0 ? <p>You have not asked any questions yet.</p> : null}
      {questions.length > 0 ? (
        <ul className="nhsuk-list nhsuk-list--border">
          {questions.map((q) => (
            <li key={q.id}>
              <a href={`/messages/questions/${q.id}`}>{q.subject}</a>{' '}
              {q.hasNewReply ? (
                <Tag modifier="blue">{q.startedByUs ? 'New message' : 'New reply'}</Tag>
              ) : null}
              {q.waiting ? <Tag modifier="grey">Waiting for an answer</Tag> : null}
              <br />
              <span className="nhsuk-body-s">
                {q.startedByUs ? 'A message from us' : `To ${toWhom(q.addressedTo)}`}, last message{' '}
                {formatLondonDateTime(q.lastMessageAt)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export function AskPage({
  csrfToken,
  hasTherapist,
  treatmentEnded = false,
  workingHours,
  values,
  errors,
}: {
  csrfToken: string;
  hasTherapist: boolean;
  /** When we read messages, in words. */
  workingHours: string;
  /** Discharged: their questions go to the service, and the page says why. */
  treatmentEnded?: boolean;
  values: AskValues;
  errors?: FieldError[] | undefined;
}) {
  const form = { values, errors };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Ask a question</h1>
        <NotForEmergencies workingHours={workingHours} />
        {treatmentEnded ? (
          <InsetText>
            <p>
              Your treatment with us has ended, so your question goes to our team rather than to
              your therapist. We will answer it as soon as we can. If you would like more help from
              us, you can <a href="/refer">refer yourself again</a>.
            </p>
          </InsetText>
        ) : null}
        <form method="post" action="/messages/ask" noValidate>
          <CsrfField token={csrfToken} />
          <RadiosField
            form={form}
            name="to"
            legend="Who do you want to ask?"
            choices={[
              ...(hasTherapist
                ? [
                    {
                      value: 'therapist',
                      label: 'My therapist',
                      hint: 'About your sessions or what you are working on together',
                    },
                  ]
                : []),
              {
                value: 'service',
                label: 'The service',
                hint: 'About appointments, your referral or anything else',
              },
            ]}
          />
          <TextField
            form={form}
            name="subject"
            label="Subject"
            hint="A few words about your question"
          />
          <TextareaField form={form} name="message" label="Your message" rows={8} />
          <Button type="submit">Send message</Button>
        </form>
      </div>
    </div>
  );
}

/** A clinician writes to a patient first, from their record. */
export function WriteToPatientPage({
  csrfToken,
  patientId,
  patientName,
  canSignIn,
  values,
  errors,
}: {
  csrfToken: string;
  patientId: string;
  patientName: string;
  /** Without an account they cannot read it: their text or email asks them to contact us. */
  canSignIn: boolean;
  values: NewThreadValues;
  errors?: FieldError[] | undefined;
}) {
  const form = { values, errors };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Send a message to {patientName}</h1>
        <p>
          {patientName} reads it when they sign in, with their questions, and can reply to it. Their
          text or email only says a message is waiting, never what you wrote.
        </p>
        {canSignIn ? null : (
          <InsetText>
            <p>
              {patientName} cannot sign in yet. Their text or email will ask them to contact us, so
              they can hear what it says.
            </p>
          </InsetText>
        )}
        <p>Messages are not for anything urgent: for that, phone them.</p>
        <form method="post" action={`/patients/${patientId}/message`} noValidate>
          <CsrfField token={csrfToken} />
          <TextField
            form={form}
            name="subject"
            label="Subject"
            hint="A few words they will see in their list of messages"
          />
          <TextareaField form={form} name="message" label="Your message" rows={8} />
          <Button type="submit">Send message</Button>
        </form>
      </div>
    </div>
  );
}

/** The thread's messages. Links to this service are clickable in staff answers only. */
function Conversation({
  messages,
  viewer,
  publicUrl,
}: {
  messages: ThreadEntry[];
  viewer: 'patient' | 'staff';
  publicUrl: string;
}) {
  return (
    <>
      {messages.map((m) => (
        <section key={m.id} className="nhsuk-card" aria-labelledby={`entry-${m.id}`}>
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-s" id={`entry-${m.id}`}>
              {m.author === viewer && viewer === 'patient' ? 'You' : m.authorName}
              {m.author === 'staff' && viewer === 'patient'
                ? m.fromTheirClinician
                  ? ' (your therapist)'
                  : ' (from the service)'
                : ''}
            </h2>
            <p className="nhsuk-body-s">Sent {formatLondonDateTime(m.sentAt)}</p>
            <MessageParagraphs
              text={m.body}
              publicUrl={m.author === 'staff' ? publicUrl : undefined}
            />
          </div>
        </section>
      ))}
    </>
  );
}

export function PatientThreadPage({
  csrfToken,
  publicUrl,
  threadId,
  subject,
  addressedTo,
  startedByUs = false,
  hasClinician,
  waiting,
  crisisWaiting,
  workingHours,
  messages,
  values,
  errors,
}: {
  csrfToken: string;
  /** We wrote first: a message from us they can reply to, not their question. */
  startedByUs?: boolean;
  /** A clinician is responsible for them; with none, the service is who hears (never a clinician). */
  hasClinician: boolean;
  /** Words of crisis since our last answer: lead with help now, not with when we will answer. */
  crisisWaiting: boolean;
  /** When we read messages, in words. */
  workingHours: string;
  /** The service's address: links to it in staff answers are clickable. */
  publicUrl: string;
  threadId: string;
  subject: string;
  addressedTo: 'therapist' | 'service';
  waiting: boolean;
  messages: ThreadEntry[];
  values: ReplyValues;
  errors?: FieldError[] | undefined;
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>{subject}</h1>
        {crisisWaiting ? (
          <PleaseDoNotWait
            waitFor="our answer"
            told={
              addressedTo === 'therapist'
                ? 'your therapist'
                : hasClinician
                  ? 'the clinician responsible for you'
                  : 'the service'
            }
            readBy="messages"
          />
        ) : null}
        <p>
          {startedByUs
            ? 'A message from us. You can reply to it below.'
            : `Your question to ${toWhom(addressedTo)}.`}
          {waiting ? ' We have not answered yet: we aim to within 2 working days.' : ''}
        </p>
        <Conversation messages={messages} viewer="patient" publicUrl={publicUrl} />
        {/* After words of crisis the card above already says where to get help: one, not two. */}
        {crisisWaiting ? null : <NotForEmergencies workingHours={workingHours} />}
        <form method="post" action={`/messages/questions/${threadId}`} noValidate>
          <CsrfField token={csrfToken} />
          <TextareaField form={{ values, errors }} name="message" label="Write a reply" rows={6} />
          <Button type="submit">Send reply</Button>
        </form>
      </div>
    </div>
  );
}

const LEVEL_TAG: Record<Unanswered, { text: string; modifier: 'red' | 'orange' } | null> = {
  not_yet: null,
  show_therapist: { text: 'Over 1 working day', modifier: 'orange' },
  escalate: { text: 'Over 2 working days', modifier: 'red' },
};

function WaitingTag({ level, escalated }: { level: Unanswered; escalated: boolean }) {
  const tag = LEVEL_TAG[level];
  return (
    <>
      {tag ? <Tag modifier={tag.modifier}>{tag.text}</Tag> : null}
      {escalated ? (
        <>
          {' '}
          <Tag modifier="red">Escalated to the service</Tag>
        </>
      ) : null}
    </>
  );
}

export function StaffQuestionsPage({
  questions,
  alerted,
}: {
  questions: StaffQuestion[];
  /** Threads whose words raised a risk alert still open (H18): marked, and first while waiting. */
  alerted: ReadonlySet<string>;
}) {
  const first = (q: StaffQuestion) => (alerted.has(q.id) ? 0 : 1);
  const waiting = questions
    .filter((q) => q.waitingSince !== null)
    .sort((a, b) => first(a) - first(b));
  const answered = questions.filter((q) => q.waitingSince === null);
  const table = (rows: StaffQuestion[], caption: string) => (
    <Table caption={caption} responsive>
      <Table.Head>
        <Table.Row>
          <Table.Cell>Patient</Table.Cell>
          <Table.Cell>Subject</Table.Cell>
          <Table.Cell>To</Table.Cell>
          <Table.Cell>
            {caption === 'Waiting for an answer' ? 'Waiting since' : 'Last message'}
          </Table.Cell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {rows.map((q) => (
          <Table.Row key={q.id}>
            <Table.Cell>{q.patientName}</Table.Cell>
            <Table.Cell>
              <a href={`/questions/${q.id}`}>{q.subject}</a>{' '}
              {alerted.has(q.id) ? (
                <>
                  <Tag modifier="red">Risk alert open</Tag>{' '}
                </>
              ) : null}
              <WaitingTag level={q.level} escalated={q.escalated} />
              {q.startedByUs && q.waitingSince === null ? (
                <Tag modifier="grey">Sent by us</Tag>
              ) : null}
            </Table.Cell>
            <Table.Cell>{q.addressedTo === 'therapist' ? 'Therapist' : 'Service'}</Table.Cell>
            <Table.Cell>{formatLondonDateTime(q.waitingSince ?? q.lastMessageAt)}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
  return (
    <>
      <h1>Patients’ questions</h1>
      <p>
        Questions patients have asked you or the service. Answer within 2 working days: after 1
        working day a question shows on the therapist’s home, after 2 it is escalated to the
        service.
      </p>
      {waiting.length === 0 ? (
        <p>No questions are waiting for an answer.</p>
      ) : (
        table(waiting, 'Waiting for an answer')
      )}
      {answered.length > 0 ? table(answered, 'Answered') : null}
    </>
  );
}

export function StaffThreadPage({
  csrfToken,
  returnToCourse = null,
  fromRecord = false,
  publicUrl,
  threadId,
  subject,
  patientName,
  recordHref,
  addressedTo,
  startedByUs = false,
  level,
  escalated,
  alerts,
  messages,
  values,
  errors,
}: {
  csrfToken: string;
  /** A member of staff wrote first, from the patient's record. */
  startedByUs?: boolean;
  /** The course whose discharge page the answer returns to, when opened from there. */
  returnToCourse?: string | null;
  /** Opened from the patient's record (a conversation started there): the reply returns here. */
  fromRecord?: boolean;
  /** The service's address: links to it in staff answers are clickable. */
  publicUrl: string;
  threadId: string;
  subject: string;
  patientName: string;
  /** Their record, when this member of staff may open it. */
  recordHref: string | null;
  addressedTo: 'therapist' | 'service';
  level: Unanswered;
  escalated: boolean;
  /** Risk alerts this conversation raised, open and closed. */
  alerts: readonly RaisedAlert[];
  messages: ThreadEntry[];
  values: ReplyValues;
  errors?: FieldError[] | undefined;
}) {
  // Once someone has answered, what staff write next is a reply in the conversation.
  const answered = messages.some((m) => m.author === 'staff');
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>{subject}</h1>
        <p>
          {startedByUs ? 'A message we sent to ' : 'From '}
          {recordHref ? <a href={recordHref}>{patientName}</a> : patientName}
          {startedByUs ? '; their replies go to ' : ', to '}
          {addressedTo === 'therapist' ? 'their therapist' : 'the service'}.{' '}
          <WaitingTag level={level} escalated={escalated} />
        </p>
        <RaisedAlerts
          alerts={alerts}
          by="this conversation"
          reason="They used words that may mean they are in crisis in this conversation. Answering here does not close an alert: record what was done on the alert itself."
        />
        <Conversation messages={messages} viewer="staff" publicUrl={publicUrl} />
        <form
          method="post"
          action={
            returnToCourse
              ? `/questions/${threadId}?course=${returnToCourse}`
              : fromRecord
                ? `/questions/${threadId}?from=record`
                : `/questions/${threadId}`
          }
          noValidate
        >
          <CsrfField token={csrfToken} />
          <TextareaField
            form={{ values, errors }}
            name="message"
            label={answered ? 'Your reply' : 'Your answer'}
            hint="The patient reads it when they sign in. Their text or email only says a message is waiting."
            rows={8}
          />
          <Button type="submit">{answered ? 'Send reply' : 'Send answer'}</Button>
        </form>
      </div>
    </div>
  );
}

/** On the home page: questions waiting more than a working day. */
export function OverdueQuestions({ questions }: { questions: StaffQuestion[] }) {
  if (questions.length === 0) return null;
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">
        Questions waiting for an answer
      </WarningCallout.Heading>
      <p>
        {questions.length === 1
          ? '1 patient’s question has'
          : `${questions.length} patients’ questions have`}{' '}
        waited more than a working day.
      </p>
      <ul>
        {questions.map((q) => (
          <li key={q.id}>
            <a href={`/questions/${q.id}`}>
              {q.subject} ({q.patientName})
            </a>{' '}
            <WaitingTag level={q.level} escalated={q.escalated} />
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}
