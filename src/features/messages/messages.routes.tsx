import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { optionalUuidQuery, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { helpIfCrisisWords } from '../../ui/PleaseDoNotWait';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { offsetFrom } from '../../ui/pager';
import { parseAsk, parseNewThread, parseReply } from './messages.forms';
import {
  answerQuestion,
  askContext,
  askQuestion,
  myQuestions,
  myThread,
  newThreadContext,
  openQuestion,
  patientReply,
  questionsFor,
  startThread,
  type AlertsOfThread,
  type ThreadsWithOpenAlerts,
} from './messages.questions';
import { myMessages } from './messages.service';
import { MessagesPage } from './views/MessagesPage';
import {
  AskPage,
  PatientThreadPage,
  StaffQuestionsPage,
  StaffThreadPage,
  WriteToPatientPage,
  YourQuestions,
} from './views/QuestionPages';

const PAGE_SIZE = 10;
const threadParams = z.object({ threadId: uuidParam });
const patientParams = z.object({ patientId: uuidParam });
/**
 * A question opened from a course's discharge page returns there once answered. A conversation
 * started from the patient's record (`from=record`) shows again once sent or answered, with the
 * way back to the record; anything else reads as absent.
 */
const answerFrom = z.object({
  course: optionalUuidQuery,
  from: singleQuery.optional().transform((v) => (v === 'record' ? v : undefined)),
});
const dischargePage = (course: string) => `/courses/${course}/discharge`;
const fromRecord = (threadId: string) => `/questions/${threadId}?from=record`;

/**
 * The patient's messages: what the service sent them (ADR 0013), and the questions they ask their
 * therapist or the service with the answers; and the staff side where those questions are answered.
 */
export function registerMessageRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  deps: { alertsOfThread: AlertsOfThread; threadsWithOpenAlerts: ThreadsWithOpenAlerts },
): void {
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get<{ Querystring: { offset?: string } }>(
    '/messages',
    { config: { access: ROLE_GROUPS.patients } },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const uc = useCase(request);
      const questions = await myQuestions(uc);
      const inbox = await myMessages(uc, { limit: PAGE_SIZE, offset });
      if (!inbox || !questions) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { title: 'Your messages', backLink: <BackLink href="/home">Back to home</BackLink> },
        <MessagesPage
          serviceName={request.service.name}
          publicUrl={ctx.config.publicUrl}
          messages={inbox.messages}
          total={inbox.total}
          offset={offset}
          limit={PAGE_SIZE}
          questions={<YourQuestions questions={questions} />}
        />,
      );
    },
  );

  const backToMessages = <BackLink href="/messages">Back to your messages</BackLink>;

  formRoute(app, ctx, {
    url: '/messages/ask',
    access: ROLE_GROUPS.patients,
    signedOutHelp: helpIfCrisisWords(['subject', 'message'], 'our answer'),
    load: (request) => askContext(useCase(request)),
    initial: () => ({ to: '', subject: '', message: '' }),
    parse: (body, data) => parseAsk(body, data),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Ask a question',
      backLink: backToMessages,
      body: (
        <AskPage
          csrfToken={csrfToken}
          hasTherapist={data.hasTherapist}
          treatmentEnded={data.treatmentEnded}
          workingHours={data.workingHours}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, _data, question) => {
      const asked = await askQuestion(useCase(request), question);
      return asked ? { redirect: `/messages/questions/${asked.threadId}` } : null;
    },
  });

  formRoute(app, ctx, {
    url: '/messages/questions/:threadId',
    access: ROLE_GROUPS.patients,
    signedOutHelp: helpIfCrisisWords(['message'], 'our answer'),
    params: threadParams,
    load: (request, { threadId }) => myThread(useCase(request), threadId),
    initial: () => ({ message: '' }),
    parse: (body) => parseReply(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: data.thread.subject,
      backLink: backToMessages,
      body: (
        <PatientThreadPage
          csrfToken={csrfToken}
          publicUrl={ctx.config.publicUrl}
          threadId={data.thread.id}
          subject={data.thread.subject}
          addressedTo={data.thread.addressedTo}
          startedByUs={data.thread.startedBy === 'staff'}
          hasClinician={data.hasClinician}
          waiting={data.thread.waitingSince !== null}
          crisisWaiting={data.crisisWaiting}
          workingHours={data.workingHours}
          messages={data.messages}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, data, body) =>
      (await patientReply(useCase(request), { threadId: data.thread.id, body }))
        ? { redirect: `/messages/questions/${data.thread.id}` }
        : null,
  });

  app.get('/questions', { config: { access: ROLE_GROUPS.clinical } }, async (request, reply) => {
    const uc = useCase(request);
    const questions = await questionsFor(uc);
    const alerted = await deps.threadsWithOpenAlerts(
      uc.db,
      uc.service.id,
      questions.map((q) => q.id),
    );
    return ctx.page(
      request,
      reply,
      { title: 'Patients’ questions', backLink: <BackLink href="/home">Back to home</BackLink> },
      <StaffQuestionsPage questions={questions} alerted={alerted} />,
    );
  });

  // A clinician who may answer the patient's questions writes to them first, from their record.
  formRoute(app, ctx, {
    url: '/patients/:patientId/message',
    access: ROLE_GROUPS.clinical,
    params: patientParams,
    load: (request, { patientId }) => newThreadContext(useCase(request), patientId),
    initial: () => ({ subject: '', message: '' }),
    parse: (body) => parseNewThread(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Send a message to ${data.patientName}`,
      backLink: <BackLink href={`/patients/${data.patientId}`}>Back to the record</BackLink>,
      body: (
        <WriteToPatientPage
          csrfToken={csrfToken}
          patientId={data.patientId}
          patientName={data.patientName}
          canSignIn={data.canSignIn}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, data, message) => {
      const started = await startThread(useCase(request), {
        patientId: data.patientId,
        ...message,
      });
      return started ? { redirect: fromRecord(started.threadId) } : null;
    },
  });

  formRoute(app, ctx, {
    url: '/questions/:threadId',
    access: ROLE_GROUPS.clinical,
    params: threadParams,
    load: (request, { threadId }) => openQuestion(useCase(request), threadId, deps.alertsOfThread),
    query: answerFrom,
    initial: () => ({ message: '' }),
    parse: (body) => parseReply(body),
    view: ({ request, data, values, errors, csrfToken }) => {
      // The GET's query is checked at the edge; the POST carries it in the form's action.
      const { course, from } = answerFrom.safeParse(request.query).data ?? {};
      // Back to the record only for who may open it (the others go back to the list).
      const toRecord = !course && from === 'record' && data.mayOpenRecord;
      return {
        title: data.thread.subject,
        backLink: course ? (
          <BackLink href={dischargePage(course)}>Back to the discharge</BackLink>
        ) : toRecord ? (
          <BackLink href={`/patients/${data.thread.patientId}`}>
            Back to {data.patientName}’s record
          </BackLink>
        ) : (
          <BackLink href="/questions">Back to patients’ questions</BackLink>
        ),
        body: (
          <StaffThreadPage
            csrfToken={csrfToken}
            returnToCourse={course ?? null}
            fromRecord={toRecord}
            publicUrl={ctx.config.publicUrl}
            threadId={data.thread.id}
            subject={data.thread.subject}
            patientName={data.patientName}
            recordHref={data.mayOpenRecord ? `/patients/${data.thread.patientId}` : null}
            addressedTo={data.thread.addressedTo}
            startedByUs={data.thread.startedBy === 'staff'}
            level={data.level}
            escalated={data.thread.escalatedAt !== null}
            alerts={data.alerts}
            messages={data.messages}
            values={values}
            errors={errors}
          />
        ),
      };
    },
    change: async (request, data, body) => {
      const { course, from } = answerFrom.safeParse(request.query).data ?? {};
      if (!(await answerQuestion(useCase(request), { threadId: data.thread.id, body })))
        return null;
      if (course) return { redirect: dischargePage(course) };
      return { redirect: from === 'record' ? fromRecord(data.thread.id) : '/questions' };
    },
  });
}
