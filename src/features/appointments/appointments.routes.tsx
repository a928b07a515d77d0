import { BackLink } from 'nhsuk-react-components';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ICS_CONTENT_TYPE } from '../../domain/diary';
import { utcToLondon } from '../../domain/calendar';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, queryOf, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { helpIfCrisisWords } from '../../ui/PleaseDoNotWait';
import { linksFor } from '../../platform/pages';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { clientScriptUrl } from '../../client/build';
import { serviceContact } from '../admin';
import { parsePatientReason, type AfterPatientCancels } from '../diary';
import { openVideoRoom, VideoRoomPage } from '../video';
import {
  calendarFile,
  cancelOrRearrangeOwn,
  listOwnAppointments,
  openOwnAppointment,
  type AlertOnCrisisWords,
} from './appointments.service';
import {
  AppointmentPage,
  AppointmentsPage,
  PatientReasonPage,
  reasonPageTitle,
} from './views/PatientAppointmentPages';
import { messageFor } from '../../ui/notices';

const NOTICES: Record<string, string> = {
  cancelled: 'Your appointment has been cancelled. We have sent you a confirmation.',
  // What happens next, said only when it is so (H29: `afterPatientCancels`).
  'cancelled-offer':
    'Your appointment has been cancelled. We have sent you a confirmation. Your therapist will be in touch to offer you another time.',
  'cancelled-assessment':
    'Your appointment has been cancelled. We have sent you a confirmation. We will be in touch to arrange another time for your assessment.',
  requested:
    'We have asked your therapist to find a new time. We will contact you. Your appointment stays booked until then.',
  added: 'We have added this to your request. We will contact you.',
};

/** The confirmation after a patient cancels: what happens next, as `afterPatientCancels` says. */
const CANCELLED_NOTICE: Record<AfterPatientCancels, string> = {
  therapist_offers_another: 'cancelled-offer',
  assessment_rebooked: 'cancelled-assessment',
  nothing_more: 'cancelled',
};

/** What app.tsx hands in: risk's alert on words of crisis in a reason (H18, ADR 0041). */
export interface AppointmentRisk {
  alertOnCrisisWords: AlertOnCrisisWords;
}

export function registerAppointmentRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  risk: AppointmentRisk,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const patients = { access: ROLE_GROUPS.patients };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  // Fresh per route: the edge adds default schemas to the object it is given.
  const idParams = () => z.object({ id: uuidParam });
  const backToList = <BackLink href="/appointments">Back to your appointments</BackLink>;

  app.get(
    '/appointments',
    {
      config: patients,
      schema: {
        querystring: queryOf({ done: singleQuery.optional(), help: singleQuery.optional() }),
      },
    },
    async (request, reply) => {
      const { upcoming, past, ended } = await listOwnAppointments(useCase(request));
      const done = request.query.done;
      return ctx.page(
        request,
        reply,
        { title: 'Your appointments', backLink: <BackLink href="/home">Back to home</BackLink> },
        <AppointmentsPage
          upcoming={upcoming}
          past={past}
          ended={ended}
          now={ctx.clock.now()}
          notice={messageFor(NOTICES, done)}
          helpNow={request.query.help === 'now'}
        />,
      );
    },
  );

  const own = (request: FastifyRequest, appointmentId: string, purpose: string) =>
    openOwnAppointment(useCase(request), { appointmentId, purpose });

  app.get(
    '/appointments/:id',
    { config: patients, schema: { params: idParams() } },
    async (request, reply) => {
      const detail = await own(request, request.params.id, 'view appointment');
      if (!detail) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { title: 'Your appointment', backLink: backToList },
        <AppointmentPage detail={detail} now={ctx.clock.now()} />,
      );
    },
  );

  app.get(
    '/appointments/:id/calendar.ics',
    { config: patients, schema: { params: idParams() } },
    async (request, reply) => {
      const detail = await own(request, request.params.id, 'calendar file');
      if (!detail) return renderNotFound(request, reply);
      const date = utcToLondon(detail.appointment.startsAt).date;
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="appointment-${date}.ics"`)
        .type(ICS_CONTENT_TYPE)
        .send(calendarFile(detail, ctx.clock.now(), linksFor(ctx, request)));
    },
  );

  app.get(
    '/appointments/:id/video',
    {
      config: { access: [...ROLE_GROUPS.patients, ...ROLE_GROUPS.clinical] },
      schema: {
        params: idParams(),
        querystring: queryOf({ consent: singleQuery.optional() }),
      },
    },
    async (request, reply) => {
      // Only the people who may be in the call see its page (policy video.join); others 404.
      const room = await openVideoRoom(useCase(request), {
        appointmentId: request.params.id,
        purpose: 'video page',
      });
      if (!room) return renderNotFound(request, reply);
      const staff = room.role !== 'patient';
      const consent = request.query.consent;
      return ctx.page(
        request,
        reply,
        {
          title: 'Video appointment',
          backLink: staff ? (
            <BackLink href={`/diary/appointments/${request.params.id}`}>
              Back to the appointment
            </BackLink>
          ) : (
            <BackLink href={`/appointments/${request.params.id}`}>
              Back to your appointment
            </BackLink>
          ),
        },
        <VideoRoomPage
          room={room}
          serviceName={request.service.name}
          contact={await serviceContact(ctx.db, request.service.id)}
          scriptUrl={clientScriptUrl('video')}
          csrfToken={reply.generateCsrf()}
          now={ctx.clock.now()}
          notice={
            consent === 'yes'
              ? "Thank you. Your therapist's supervisor may join your video appointments."
              : consent === 'no'
                ? "Thank you. Your therapist's supervisor will not join your video appointments."
                : undefined
          }
        />,
      );
    },
  );

  for (const kind of ['cancel', 'rearrange'] as const) {
    const missing =
      kind === 'cancel'
        ? 'Enter why you need to cancel'
        : 'Enter why you need to change your appointment';
    formRoute(fastify, ctx, {
      url: `/appointments/:id/${kind}`,
      access: patients.access,
      signedOutHelp: helpIfCrisisWords(['reason'], 'us to contact you'),
      params: idParams(),
      body: formBody({ reason: formText().optional() }),
      load: (request, { id }) => own(request, id, `${kind} form`),
      // Only a booked appointment can be cancelled or changed: otherwise back to it.
      check: (detail) =>
        detail.appointment.status === 'booked' ? null : `/appointments/${detail.appointment.id}`,
      initial: () => ({ reason: '' }),
      parse: (body) => {
        const { reason, errors } = parsePatientReason(body, missing);
        return {
          values: { reason },
          result: errors.length > 0 ? { ok: false, errors } : { ok: true, value: reason },
        };
      },
      view: ({ data, values, errors, csrfToken }) => ({
        title: reasonPageTitle(data, kind),
        backLink: (
          <BackLink href={`/appointments/${data.appointment.id}`}>
            Back to your appointment
          </BackLink>
        ),
        body: (
          <PatientReasonPage
            csrfToken={csrfToken}
            detail={data}
            kind={kind}
            reason={values.reason}
            errors={errors}
          />
        ),
      }),
      change: async (request, data, reason) => {
        const result = await cancelOrRearrangeOwn(
          useCase(request),
          { kind, detail: data, reason },
          risk.alertOnCrisisWords,
        );
        // Not theirs: the service audited the refusal; answered as not found.
        if (!result.ok) return 'errors' in result ? { errors: result.errors } : null;
        const next = 'value' in result ? result.value.next : 'nothing_more';
        const notice =
          kind === 'cancel'
            ? CANCELLED_NOTICE[next]
            : data.appointment.rearrangeRequestedAt
              ? 'added'
              : 'requested';
        const done = `/appointments?done=${notice}`;
        // Words of crisis (H18): the next page leads with where to get help now.
        return { redirect: result.crisis ? `${done}&help=now#help-now` : done };
      },
    });
  }
}
