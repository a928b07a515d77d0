import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  COUNTERSIGN_MESSAGES,
  CORRECTION_COUNTERSIGN_MESSAGES,
  parseAddendum,
  parseCorrection,
  parseDraft,
  type CountersignRefusal,
  type NoteContent,
} from '../../domain/notes';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, isUuid, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import type { FieldError } from '../../ui/forms';
import { renderNotFound } from '../../platform/web';
import { mySessionsToRecord } from '../diary';
import {
  addAddendum,
  addSummaryCorrection,
  countersignNote,
  countersignSummaryCorrection,
  myOverdueNotes,
  mySummaries,
  openAddendum,
  openNote,
  openSummaryCorrection,
  saveNote,
} from './session-notes.service';
import {
  AddendumPage,
  OverdueNotesPage,
  SessionNotePage,
  SummariesPage,
  SummaryCorrectionPage,
  type NoteValues,
} from './views/NotePages';

const NOTE_TEXT = formText().default('');

const isRefusal = (reason: string | undefined): reason is CountersignRefusal =>
  reason !== undefined && Object.hasOwn(COUNTERSIGN_MESSAGES, reason);

/**
 * Why a countersignature just pressed was not made (the note changed hands or was countersigned
 * by someone else meanwhile), said at the top of the note instead of passing in silence.
 */
function countersignRefusals(query: {
  refused?: string;
  correctionRefused?: string;
}): FieldError[] {
  const errors: FieldError[] = [];
  if (isRefusal(query.refused))
    errors.push({ field: 'note-status', message: COUNTERSIGN_MESSAGES[query.refused] });
  if (isRefusal(query.correctionRefused))
    errors.push({
      field: 'summary-corrections',
      message: CORRECTION_COUNTERSIGN_MESSAGES[query.correctionRefused],
    });
  return errors;
}

/** Session notes (issue 11 part B): written during or after the session, signed, then locked. */
export function registerSessionNoteRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const params = () => z.object({ appointmentId: uuidParam });

  formRoute(fastify, ctx, {
    url: '/notes/:appointmentId',
    access: ROLE_GROUPS.clinical,
    params: params(),
    body: formBody({
      agenda: NOTE_TEXT,
      focalAreaWork: NOTE_TEXT,
      riskReview: NOTE_TEXT,
      plan: NOTE_TEXT,
      patientSummary: NOTE_TEXT,
      intent: formText(10).default('save'),
      basedOn: formText(40).optional(),
    }),
    query: z.object({
      refused: z.string().max(40).optional(),
      correctionRefused: z.string().max(40).optional(),
    }),
    load: (request, { appointmentId }) => openNote(useCase(request), appointmentId),
    initial: (page): NoteValues => ({
      agenda: page.note?.agenda ?? '',
      focalAreaWork: page.note?.focalAreaWork ?? '',
      riskReview: page.note?.riskReview ?? '',
      plan: page.note?.plan ?? '',
      patientSummary: page.note?.patientSummary ?? '',
    }),
    parse: (body) => {
      const values: NoteValues = {
        agenda: body.agenda,
        focalAreaWork: body.focalAreaWork,
        riskReview: body.riskReview,
        plan: body.plan,
        patientSummary: body.patientSummary,
      };
      const draft = parseDraft(values);
      return {
        values,
        result: draft.ok
          ? {
              ok: true,
              value: {
                content: draft.value,
                sign: body.intent === 'sign',
                basedOn: body.basedOn ?? '',
              },
            }
          : draft,
      };
    },
    view: ({ data, values, errors, csrfToken, query }) => {
      const shown = errors ?? countersignRefusals(query);
      return {
        title: `Session note: ${data.detail.patient.givenName} ${data.detail.patient.familyName}`,
        backLink: (
          <BackLink href={`/diary/appointments/${data.detail.appointment.id}`}>
            Back to the appointment
          </BackLink>
        ),
        body: <SessionNotePage page={data} csrfToken={csrfToken} values={values} errors={shown} />,
        showsErrors: shown.length > 0,
      };
    },
    change: async (
      request,
      page,
      value: { content: NoteContent; sign: boolean; basedOn: string },
    ) => {
      const result = await saveNote(useCase(request), {
        appointmentId: page.detail.appointment.id,
        ...value,
      });
      if (!result) return null;
      if (!result.ok) return { errors: result.errors };
      return { redirect: `/notes/${page.detail.appointment.id}` };
    },
  });

  app.post(
    '/notes/:appointmentId/countersign',
    { config: { access: ROLE_GROUPS.clinical }, schema: { params: params(), body: formBody({}) } },
    async (request, reply) => {
      const result = await countersignNote(useCase(request), {
        appointmentId: request.params.appointmentId,
      });
      if (!result) return renderNotFound(request, reply);
      const refused = result.ok ? '' : `?refused=${result.reason}`;
      return reply.redirect(`/notes/${request.params.appointmentId}${refused}`, 303);
    },
  );

  formRoute(fastify, ctx, {
    url: '/notes/:appointmentId/addenda/new',
    access: ROLE_GROUPS.clinical,
    params: params(),
    body: formBody({ addendum: formText().default('') }),
    load: (request, { appointmentId }) => openAddendum(useCase(request), appointmentId),
    // Only a signed note takes addenda; a draft is edited on its own page.
    check: (data) => (data.note?.signedAt ? null : `/notes/${data.detail.appointment.id}`),
    initial: () => ({ addendum: '' }),
    parse: (body) => ({
      values: { addendum: body.addendum },
      result: parseAddendum(body.addendum),
    }),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Add an addendum',
      backLink: (
        <BackLink href={`/notes/${data.detail.appointment.id}`}>Back to the session note</BackLink>
      ),
      body: (
        <AddendumPage
          csrfToken={csrfToken}
          patientName={`${data.detail.patient.givenName} ${data.detail.patient.familyName}`}
          sessionAt={data.detail.appointment.startsAt}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, data, text) => {
      const result = await addAddendum(useCase(request), {
        appointmentId: data.detail.appointment.id,
        text,
      });
      if (!result) return null;
      if (!result.ok) return { errors: result.errors };
      return { redirect: `/notes/${data.detail.appointment.id}` };
    },
  });

  // Corrections to the summary the patient reads (H17): the summary never changes; the same people
  // who may add an addendum add a correction below it.
  formRoute(fastify, ctx, {
    url: '/notes/:appointmentId/corrections/new',
    access: ROLE_GROUPS.clinical,
    params: params(),
    body: formBody({ correction: formText().default('') }),
    load: (request, { appointmentId }) => openSummaryCorrection(useCase(request), appointmentId),
    // Only a signed note's summary is corrected; a draft is edited on its own page.
    check: (data) => (data.note?.signedAt ? null : `/notes/${data.detail.appointment.id}`),
    initial: () => ({ correction: '' }),
    parse: (body) => ({
      values: { correction: body.correction },
      result: parseCorrection(body.correction),
    }),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Add a correction to the summary',
      backLink: (
        <BackLink href={`/notes/${data.detail.appointment.id}`}>Back to the session note</BackLink>
      ),
      body: (
        <SummaryCorrectionPage
          csrfToken={csrfToken}
          patientName={`${data.detail.patient.givenName} ${data.detail.patient.familyName}`}
          sessionAt={data.detail.appointment.startsAt}
          summary={data.note?.patientSummary ?? ''}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, data, text) => {
      const result = await addSummaryCorrection(useCase(request), {
        appointmentId: data.detail.appointment.id,
        text,
      });
      if (!result) return null;
      if (!result.ok) return { errors: result.errors };
      return { redirect: `/notes/${data.detail.appointment.id}#summary-corrections` };
    },
  });

  app.post(
    '/notes/:appointmentId/corrections/countersign',
    {
      config: { access: ROLE_GROUPS.clinical },
      schema: { params: params(), body: formBody({ correctionId: formText(64).default('') }) },
    },
    async (request, reply) => {
      const { correctionId } = request.body;
      const result = await countersignSummaryCorrection(useCase(request), {
        appointmentId: request.params.appointmentId,
        correctionId: isUuid(correctionId) ? correctionId : null,
      });
      if (!result) return renderNotFound(request, reply);
      const refused = result.ok ? '' : `?correctionRefused=${result.reason}`;
      return reply.redirect(
        `/notes/${request.params.appointmentId}${refused}#summary-corrections`,
        303,
      );
    },
  );

  app.get(
    '/overdue-notes',
    { config: { access: ROLE_GROUPS.clinical } },
    async (request, reply) => {
      const rows = await myOverdueNotes(useCase(request));
      const toRecord = await mySessionsToRecord(useCase(request));
      return ctx.page(
        request,
        reply,
        { title: 'Overdue session notes' },
        <OverdueNotesPage rows={rows} toRecord={toRecord} />,
      );
    },
  );

  app.get('/summaries', { config: { access: ROLE_GROUPS.patients } }, async (request, reply) => {
    const summaries = await mySummaries(useCase(request));
    if (!summaries) return renderNotFound(request, reply);
    return ctx.page(
      request,
      reply,
      { title: 'Your session summaries', backLink: <BackLink href="/home">Back to home</BackLink> },
      <SummariesPage summaries={summaries} />,
    );
  });
}
