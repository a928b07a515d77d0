import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { formatLondonDateTime } from '../../domain/calendar';
import {
  MEASURES,
  SESSION_MEASURE_IDS,
  riskInAnswersSoFar,
  type MeasureId,
} from '../../domain/measures';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import {
  formBody,
  formText,
  optionalUuidQuery,
  queryOf,
  singleQuery,
  slugParam,
  uuidParam,
} from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { fieldHref } from '../../ui/fields';
import type { FieldError } from '../../ui/forms';
import {
  parseAnswers,
  parseCorrection,
  pickAnswers,
  rawFromStored,
  wantsToSaveForLater,
  type RawAnswers,
} from './questionnaires.forms';
import {
  acceptsAnswers,
  afterRiskHelp,
  isSessionMeasure,
  nextMeasure,
  sessionWhen,
} from './questionnaires.rules';
import * as q from './questionnaires.service';
import {
  DonePage,
  MeasurePage,
  NotOpenPage,
  OverviewPage,
  QuestionnaireUrgentHelpPage,
  SignedOutRiskHelp,
} from './views/PatientQuestionnairePages';
import {
  CorrectionPage,
  EntryPage,
  HistoryPage,
  StaffUrgentHelpPage,
} from './views/StaffQuestionnairePages';
import { messageFor } from '../../ui/notices';

// Schemas at the edge: ids are uuids (a malformed one answers 404), a measure is a short word
// (checked against the session's measures in the handler, so the attempt is audited).
const sessionParams = z.object({ appointmentId: uuidParam });
const measureParams = z.object({ appointmentId: uuidParam, measureId: slugParam });
const staffParams = z.object({ patientId: uuidParam });
const staffSessionParams = z.object({ patientId: uuidParam, appointmentId: uuidParam });
const staffMeasureParams = z.object({
  patientId: uuidParam,
  appointmentId: uuidParam,
  measureId: slugParam,
});
const correctParams = z.object({ patientId: uuidParam, responseId: uuidParam });
/** A questionnaire's answers (one field per item, read by `pickAnswers`) and "save for later". */
const answersBody = formBody({ action: formText(20).optional() });
const correctionBody = formBody({ reason: formText().optional() });

type StaffMeasure = z.output<typeof staffMeasureParams>;
type CorrectTarget = z.output<typeof correctParams>;

const NOTICES: Record<string, string> = {
  entered: 'Answers saved.',
  corrected: 'Correction saved. The original answers are kept below.',
  already: 'These answers had already been given, so nothing new was saved.',
};

/**
 * The questionnaires before each IPT session: the patient answers them one per page; a clinician
 * can enter them in the session, and correct them with a reason (the original is kept).
 */
export function registerQuestionnaireRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const patientOnly = { access: ROLE_GROUPS.patients };
  const clinical = { access: ROLE_GROUPS.clinical };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  const base = (appointmentId: string) => `/questionnaires/${appointmentId}`;
  /** Where "Continue" goes after a questionnaire: the next one not completed, or the end. */
  const nextHref = (appointmentId: string, current: MeasureId | null, completed: Set<string>) => {
    const next = nextMeasure(current, completed);
    return next ? `${base(appointmentId)}/${next}` : `${base(appointmentId)}/done`;
  };
  /**
   * "Continue" on the crisis help page: back where they were, the PHQ-9's next unanswered
   * question when it is unfinished (the first choice of it, as the error summary links to).
   */
  const continueAfterHelp = (
    appointmentId: string,
    progress: { completed: Set<string>; drafts: Map<string, RawAnswers> },
  ) => {
    const next = afterRiskHelp(progress.completed, progress.drafts.get('phq9'));
    if (!next) return `${base(appointmentId)}/done`;
    const at = next.itemId ? `#${fieldHref.choice(next.itemId)}` : '';
    return `${base(appointmentId)}/${next.measureId}${at}`;
  };
  const when = (session: q.Session) => sessionWhen(session.appointment.startsAt, ctx.clock.now());

  const backHome = <BackLink href="/home">Back to your home page</BackLink>;
  const backToList = (appointmentId: string) => (
    <BackLink href={base(appointmentId)}>Back to the list of questions</BackLink>
  );

  /** A cancelled session has no questions: its pages say so (walk 13), not "closed". */
  const cancelled = (session: q.Session) => session.appointment.status === 'cancelled';
  const notOpenTitle = (session: q.Session) =>
    cancelled(session)
      ? 'This session was cancelled'
      : session.state === 'not_yet'
        ? 'These questions are not open yet'
        : 'These questions have closed';
  const closedPage = (request: FastifyRequest, reply: FastifyReply, session: q.Session) =>
    ctx.page(
      request,
      reply,
      { title: notOpenTitle(session), backLink: backHome },
      <NotOpenPage
        state={session.state === 'not_yet' ? 'not_yet' : 'closed'}
        when={when(session)}
        opensAt={session.window.opensAt}
        cancelled={cancelled(session)}
      />,
    );

  // ---- The patient ------------------------------------------------------------------------------

  /** The patient's own session (opened, and audited, for `purpose`) and what they have answered. */
  const ownSessionProgress = async (
    request: FastifyRequest,
    appointmentId: string,
    purpose: string,
  ) => {
    const session = await q.openOwnSession(useCase(request), { appointmentId, purpose });
    if (!session) return null;
    return { session, progress: await q.sessionProgress(useCase(request), session) };
  };

  app.get(
    '/questionnaires/:appointmentId',
    {
      config: patientOnly,
      schema: { params: sessionParams, querystring: queryOf({ kept: singleQuery.optional() }) },
    },
    async (request, reply) => {
      const opened = await ownSessionProgress(
        request,
        request.params.appointmentId,
        'questionnaires start page',
      );
      if (!opened) return renderNotFound(request, reply);
      const { session, progress } = opened;
      return ctx.page(
        request,
        reply,
        {
          title: session.state === 'open' ? 'Questions before your session' : notOpenTitle(session),
          backLink: backHome,
        },
        <OverviewPage
          appointmentId={session.appointment.id}
          when={when(session)}
          state={session.state}
          opensAt={session.window.opensAt}
          measures={SESSION_MEASURE_IDS.map((id) => ({
            id,
            title: MEASURES[id].patientTitle,
            status: progress.status[id],
          }))}
          nextId={nextMeasure(null, progress.completed)}
          keptFirstAnswers={
            request.query.kept && isSessionMeasure(request.query.kept)
              ? MEASURES[request.query.kept].patientTitle
              : null
          }
          cancelled={cancelled(session)}
        />,
      );
    },
  );

  app.get(
    '/questionnaires/:appointmentId/urgent-help',
    { config: patientOnly, schema: { params: sessionParams } },
    async (request, reply) => {
      const opened = await ownSessionProgress(
        request,
        request.params.appointmentId,
        'urgent help after a risk answer',
      );
      if (!opened) return renderNotFound(request, reply);
      const { session, progress } = opened;
      return ctx.page(
        request,
        reply,
        { title: 'You can get help now', backLink: backToList(session.appointment.id) },
        <QuestionnaireUrgentHelpPage
          continueHref={continueAfterHelp(session.appointment.id, progress)}
        />,
      );
    },
  );

  app.get(
    '/questionnaires/:appointmentId/done',
    { config: patientOnly, schema: { params: sessionParams } },
    async (request, reply) => {
      const opened = await ownSessionProgress(
        request,
        request.params.appointmentId,
        'questionnaires finished',
      );
      if (!opened) return renderNotFound(request, reply);
      const { session, progress } = opened;
      const next = nextMeasure(null, progress.completed);
      if (next) return reply.redirect(`${base(session.appointment.id)}/${next}`, 303);
      return ctx.page(
        request,
        reply,
        { title: 'Thank you', backLink: backHome },
        <DonePage when={when(session)} cancelled={cancelled(session)} />,
      );
    },
  );

  const renderMeasure = (
    request: FastifyRequest,
    reply: FastifyReply,
    session: q.Session,
    measureId: MeasureId,
    values: RawAnswers,
    errors?: FieldError[],
  ) => {
    const measure = MEASURES[measureId];
    return ctx.page(
      request,
      reply,
      {
        title: measure.patientTitle,
        hasErrors: (errors?.length ?? 0) > 0,
        backLink: backToList(session.appointment.id),
      },
      <MeasurePage
        action={`${base(session.appointment.id)}/${measureId}`}
        csrfToken={reply.generateCsrf()}
        when={when(session)}
        position={SESSION_MEASURE_IDS.indexOf(measureId) + 1}
        count={SESSION_MEASURE_IDS.length}
        measure={measure}
        values={values}
        errors={errors}
      />,
    );
  };

  app.get(
    '/questionnaires/:appointmentId/:measureId',
    { config: patientOnly, schema: { params: measureParams } },
    async (request, reply) => {
      const { measureId } = request.params;
      const session = await q.openOwnSession(useCase(request), {
        appointmentId: request.params.appointmentId,
        purpose: `questionnaire ${measureId.slice(0, 20)}`,
      });
      if (!session || !isSessionMeasure(measureId)) return renderNotFound(request, reply);
      if (session.state !== 'open') return closedPage(request, reply, session);
      const progress = await q.sessionProgress(useCase(request), session);
      // Already answered: no going back to change it (a clinician can correct it with them).
      if (progress.completed.has(measureId))
        return reply.redirect(nextHref(session.appointment.id, measureId, progress.completed), 303);
      return renderMeasure(
        request,
        reply,
        session,
        measureId,
        progress.drafts.get(measureId) ?? {},
      );
    },
  );

  /**
   * Answers sent after the person was signed out are not saved (ADR 0043), but a risk answer
   * among them still brings crisis help at once (H1), before "sign in again" (walk 11).
   */
  const signedOutHelp = (request: FastifyRequest) => {
    const { measureId } = (request.params ?? {}) as { measureId?: unknown };
    if (typeof measureId !== 'string' || !isSessionMeasure(measureId)) return null;
    const measure = MEASURES[measureId];
    return riskInAnswersSoFar(measure, pickAnswers(measure, request.body)) ? (
      <SignedOutRiskHelp />
    ) : null;
  };

  app.post(
    '/questionnaires/:appointmentId/:measureId',
    {
      config: { ...patientOnly, signedOutHelp },
      schema: { params: measureParams, body: answersBody },
    },
    async (request, reply) => {
      const { measureId } = request.params;
      const uc = useCase(request);
      const session = await q.openOwnSession(uc, {
        appointmentId: request.params.appointmentId,
        purpose: `answer ${measureId.slice(0, 20)}`,
      });
      if (!session || !isSessionMeasure(measureId)) return renderNotFound(request, reply);
      const measure = MEASURES[measureId];
      const id = session.appointment.id;
      // Before the questions open there is nothing to answer (a form cannot have been shown).
      if (!acceptsAnswers(session.appointment, ctx.clock.now(), session.daysBefore))
        return closedPage(request, reply, session);

      const values = pickAnswers(measure, request.body);
      const parsed = parseAnswers(measureId, values);
      if (wantsToSaveForLater(request.body) || !parsed.ok) {
        // Keep what they have answered, here and on the server, so nothing is lost. A risk
        // answer among them brings crisis help at once, finished or not (H1); the answers wait.
        const saved = await q.saveDraft(uc, { session, measureId, answers: values });
        if (saved.alertId) return reply.redirect(`${base(id)}/urgent-help`, 303);
        if (wantsToSaveForLater(request.body)) return reply.redirect('/home', 303);
        if (!parsed.ok)
          return renderMeasure(request, reply, session, measureId, values, parsed.errors);
      }
      const outcome = await q.submitQuestionnaire(uc, {
        session,
        score: parsed.value,
        enteredByRole: 'patient',
      });
      // Sent again with other answers and no risk answer among them (a second tab, the back
      // button): the first ones stand, and the person is told so, not told of a risk answer they
      // did not just give. That page has crisis help links too, like every patient page.
      if (outcome.kind === 'already_done' && !outcome.sameAnswers && !parsed.value.riskFlag)
        return reply.redirect(`${base(id)}?kept=${measureId}`, 303);
      // A risk answer: crisis help is the very next page, before any other questions. A double
      // submit of the same answers shows it again, and so does a risk answer sent again.
      if (outcome.response.riskFlag || outcome.alertId || parsed.value.riskFlag)
        return reply.redirect(`${base(id)}/urgent-help`, 303);
      const progress = await q.sessionProgress(uc, session);
      return reply.redirect(nextHref(id, measureId, progress.completed), 303);
    },
  );

  // ---- Staff: history, entry in the session, corrections -----------------------------------------

  const patientName = (p: { givenName: string; familyName: string }) =>
    `${p.givenName} ${p.familyName}`;
  const historyHref = (patientId: string) => `/patients/${patientId}/questionnaires`;
  /** Where an answer that raised a risk alert leads: getting help now, with the patient. */
  const urgentHelpHref = (patientId: string, appointmentId: string, alertId: string) =>
    `${historyHref(patientId)}/${appointmentId}/urgent-help?alert=${alertId}`;
  const backToHistory = (patientId: string) => (
    <BackLink href={historyHref(patientId)}>Back to the questionnaires</BackLink>
  );

  app.get(
    '/patients/:patientId/questionnaires',
    {
      config: clinical,
      schema: { params: staffParams, querystring: queryOf({ done: singleQuery.optional() }) },
    },
    async (request, reply) => {
      const opened = await q.openHistory(useCase(request), {
        patientId: request.params.patientId,
        purpose: 'view session questionnaires',
      });
      if (!opened) return renderNotFound(request, reply);
      const { patient, sessions } = opened;
      return ctx.page(
        request,
        reply,
        {
          title: `Session questionnaires: ${patient.givenName} ${patient.familyName}`,
          backLink: (
            <BackLink href={`/patients/${patient.id}`}>Back to the patient record</BackLink>
          ),
        },
        <HistoryPage
          patientId={patient.id}
          patientName={patientName(patient)}
          sessions={sessions}
          notice={messageFor(NOTICES, request.query.done)}
        />,
      );
    },
  );

  const staffSession = (request: FastifyRequest, params: StaffMeasure, purpose: string) =>
    q.openStaffSession(useCase(request), {
      patientId: params.patientId,
      appointmentId: params.appointmentId,
      purpose,
    });

  const renderEntry = (
    request: FastifyRequest,
    reply: FastifyReply,
    opened: NonNullable<Awaited<ReturnType<typeof staffSession>>>,
    measureId: MeasureId,
    values: RawAnswers,
    errors?: FieldError[],
    fromPatient = false,
  ) =>
    ctx.page(
      request,
      reply,
      {
        title: `Enter the ${MEASURES[measureId].shortTitle} answers: ${opened.patient.givenName} ${opened.patient.familyName}`,
        hasErrors: (errors?.length ?? 0) > 0,
        backLink: backToHistory(opened.patient.id),
      },
      <EntryPage
        action={`${historyHref(opened.patient.id)}/${opened.session.appointment.id}/${measureId}`}
        csrfToken={reply.generateCsrf()}
        patientName={patientName(opened.patient)}
        sessionWhen={formatLondonDateTime(opened.session.appointment.startsAt)}
        measure={MEASURES[measureId]}
        values={values}
        errors={errors}
        fromPatient={fromPatient}
      />,
    );

  /** Already answered (back to the list, which says so), or not open for entry (404). */
  const entryRefusal = async (
    request: FastifyRequest,
    opened: NonNullable<Awaited<ReturnType<typeof staffSession>>>,
    measureId: MeasureId,
  ): Promise<'already' | 'not_open' | null> => {
    const progress = await q.sessionProgress(useCase(request), opened.session);
    if (progress.completed.has(measureId)) return 'already';
    if (!q.mayEnterNow(opened.session, ctx.clock.now())) return 'not_open';
    return null;
  };

  app.get(
    '/patients/:patientId/questionnaires/:appointmentId/:measureId',
    { config: clinical, schema: { params: staffMeasureParams } },
    async (request, reply) => {
      const { measureId } = request.params;
      const opened = await staffSession(request, request.params, 'enter session questionnaire');
      if (!opened || !isSessionMeasure(measureId)) return renderNotFound(request, reply);
      const refusal = await entryRefusal(request, opened, measureId);
      if (refusal === 'already')
        return reply.redirect(`${historyHref(opened.patient.id)}?done=already`, 303);
      if (refusal === 'not_open') return renderNotFound(request, reply);
      // Start from what the patient saved and did not send, so a risk answer is not lost (walk 6).
      const saved =
        (await q.sessionProgress(useCase(request), opened.session)).drafts.get(measureId) ?? {};
      return renderEntry(
        request,
        reply,
        opened,
        measureId,
        saved,
        undefined,
        Object.keys(saved).length > 0,
      );
    },
  );

  app.post(
    '/patients/:patientId/questionnaires/:appointmentId/:measureId',
    { config: clinical, schema: { params: staffMeasureParams, body: answersBody } },
    async (request, reply) => {
      const { measureId } = request.params;
      const opened = await staffSession(request, request.params, 'enter session questionnaire');
      if (!opened || !isSessionMeasure(measureId)) return renderNotFound(request, reply);
      if (!q.mayEnterNow(opened.session, ctx.clock.now())) return renderNotFound(request, reply);
      const values = pickAnswers(MEASURES[measureId], request.body);
      const parsed = parseAnswers(measureId, values);
      if (!parsed.ok) return renderEntry(request, reply, opened, measureId, values, parsed.errors);
      const outcome = await q.submitQuestionnaire(useCase(request), {
        session: opened.session,
        score: parsed.value,
        enteredByRole: 'clinician',
      });
      const patientId = opened.patient.id;
      if (outcome.kind === 'already_done')
        return reply.redirect(`${historyHref(patientId)}?done=already`, 303);
      if (outcome.alertId)
        return reply.redirect(
          urgentHelpHref(patientId, opened.session.appointment.id, outcome.alertId),
          303,
        );
      return reply.redirect(`${historyHref(patientId)}?done=entered`, 303);
    },
  );

  app.get(
    '/patients/:patientId/questionnaires/:appointmentId/urgent-help',
    {
      config: clinical,
      schema: { params: staffSessionParams, querystring: queryOf({ alert: optionalUuidQuery }) },
    },
    async (request, reply) => {
      const opened = await q.openStaffSession(useCase(request), {
        patientId: request.params.patientId,
        appointmentId: request.params.appointmentId,
        purpose: 'urgent help after a risk answer',
      });
      if (!opened) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: 'Go through getting help now with the patient',
          backLink: backToHistory(opened.patient.id),
        },
        <StaffUrgentHelpPage
          patientName={patientName(opened.patient)}
          alertId={request.query.alert ?? null}
          continueHref={`${historyHref(opened.patient.id)}?done=entered`}
        />,
      );
    },
  );

  const correctionTarget = (request: FastifyRequest, params: CorrectTarget) =>
    q.openResponseForCorrection(useCase(request), {
      patientId: params.patientId,
      responseId: params.responseId,
      purpose: 'correct session questionnaire',
    });

  const renderCorrection = async (
    request: FastifyRequest,
    reply: FastifyReply,
    target: NonNullable<Awaited<ReturnType<typeof correctionTarget>>>,
    form: { values: RawAnswers; reason: string; errors?: FieldError[]; alreadyCorrected?: boolean },
    status?: number,
  ) => {
    const { measure } = target;
    const history = await q.patientHistory(useCase(request), target.patient);
    const original = history
      .flatMap((s) => s.measures.flatMap((m) => m.versions))
      .find((v) => v.response.id === target.response.id) ?? {
      response: target.response,
      enteredByName: null,
      enteredByRoles: null,
    };
    return ctx.page(
      request,
      reply,
      {
        title: `Correct the ${measure.shortTitle} answers`,
        hasErrors: (form.errors?.length ?? 0) > 0,
        status,
        backLink: backToHistory(target.patient.id),
      },
      <CorrectionPage
        action={`${historyHref(target.patient.id)}/responses/${target.response.id}/correct`}
        csrfToken={reply.generateCsrf()}
        patientName={patientName(target.patient)}
        sessionWhen={formatLondonDateTime(target.session.appointment.startsAt)}
        session={target.session.appointment}
        measure={measure}
        original={original}
        values={form.values}
        reason={form.reason}
        errors={form.errors}
        alreadyCorrected={form.alreadyCorrected}
      />,
    );
  };

  app.get(
    '/patients/:patientId/questionnaires/responses/:responseId/correct',
    { config: clinical, schema: { params: correctParams } },
    async (request, reply) => {
      const target = await correctionTarget(request, request.params);
      if (!target) return renderNotFound(request, reply);
      if (target.response.supersededAt) return reply.redirect(historyHref(target.patient.id), 303);
      return renderCorrection(request, reply, target, {
        values: rawFromStored(target.response.answers),
        reason: '',
      });
    },
  );

  app.post(
    '/patients/:patientId/questionnaires/responses/:responseId/correct',
    { config: clinical, schema: { params: correctParams, body: correctionBody } },
    async (request, reply) => {
      const target = await correctionTarget(request, request.params);
      if (!target) return renderNotFound(request, reply);
      const { values, result } = parseCorrection(
        target.measure.id,
        request.body,
        target.response.answers,
      );
      // Someone corrected it first: their version stands, and this one is shown back unsaved.
      const alreadyCorrected = () =>
        renderCorrection(
          request,
          reply,
          target,
          { values: values.answers, reason: values.reason, alreadyCorrected: true },
          409,
        );
      if (target.response.supersededAt) return alreadyCorrected();
      if (!result.ok)
        return renderCorrection(request, reply, target, {
          values: values.answers,
          reason: values.reason,
          errors: result.errors,
        });
      const outcome = await q.correctResponse(useCase(request), {
        session: target.session,
        original: target.response,
        correction: result.value,
      });
      if (!outcome.ok) return alreadyCorrected();
      const patientId = target.patient.id;
      if (outcome.alertId)
        return reply.redirect(
          urgentHelpHref(patientId, target.session.appointment.id, outcome.alertId),
          303,
        );
      return reply.redirect(`${historyHref(patientId)}?done=corrected`, 303);
    },
  );
}
