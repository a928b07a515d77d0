import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ICS_CONTENT_TYPE } from '../../domain/diary';
import { utcToLondon } from '../../domain/calendar';
import { isUuid } from '../../domain/identifiers';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { linksFor } from '../../platform/pages';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import { cancelAppointment, parsePatientReason, requestRearrange } from '../diary';
import {
  calendarFile,
  listOwnAppointments,
  openForVideo,
  openOwnAppointment,
} from './appointments.service';
import {
  AppointmentPage,
  AppointmentsPage,
  PatientReasonPage,
  VideoPage,
} from './views/PatientAppointmentPages';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const NOTICES: Record<string, string> = {
  cancelled: 'Your appointment has been cancelled. We have sent you a confirmation.',
  requested:
    'We have asked your therapist to find a new time. We will contact you. Your appointment stays booked until then.',
};

export function registerAppointmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const patients = { access: ROLE_GROUPS.patients };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get<{ Querystring: { done?: string } }>(
    '/appointments',
    { config: patients },
    async (request, reply) => {
      const { upcoming, past } = await listOwnAppointments(useCase(request));
      return ctx.page(
        request,
        reply,
        { title: 'Your appointments' },
        <AppointmentsPage
          upcoming={upcoming}
          past={past}
          now={ctx.clock.now()}
          notice={request.query.done ? NOTICES[request.query.done] : undefined}
        />,
      );
    },
  );

  const own = async (request: IdRequest, purpose: string) =>
    isUuid(request.params.id)
      ? openOwnAppointment(useCase(request), { appointmentId: request.params.id, purpose })
      : null;

  app.get<{ Params: { id: string } }>(
    '/appointments/:id',
    { config: patients },
    async (request, reply) => {
      const detail = await own(request, 'view appointment');
      if (!detail) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { title: 'Your appointment' },
        <AppointmentPage detail={detail} now={ctx.clock.now()} />,
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    '/appointments/:id/calendar.ics',
    { config: patients },
    async (request, reply) => {
      const detail = await own(request, 'calendar file');
      if (!detail) return renderNotFound(request, reply);
      const date = utcToLondon(detail.appointment.startsAt).date;
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="appointment-${date}.ics"`)
        .type(ICS_CONTENT_TYPE)
        .send(calendarFile(detail, ctx.clock.now(), linksFor(ctx, request)));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/appointments/:id/video',
    { config: { access: [...ROLE_GROUPS.patients, ...ROLE_GROUPS.clinical] } },
    async (request, reply) => {
      if (!isUuid(request.params.id)) return renderNotFound(request, reply);
      const detail = await openForVideo(useCase(request), { appointmentId: request.params.id });
      if (!detail) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { title: 'Video appointment' },
        <VideoPage detail={detail} />,
      );
    },
  );

  for (const kind of ['cancel', 'rearrange'] as const) {
    const title = kind === 'cancel' ? 'Cancel your appointment' : 'Ask to change your appointment';
    const missing =
      kind === 'cancel'
        ? 'Enter why you need to cancel'
        : 'Enter why you need to change your appointment';
    const show = async (
      request: IdRequest,
      reply: FastifyReply,
      reason: string,
      errors?: FieldError[],
    ) => {
      const detail = await own(request, `${kind} form`);
      if (!detail) return renderNotFound(request, reply);
      if (detail.appointment.status !== 'booked')
        return reply.redirect(`/appointments/${detail.appointment.id}`, 303);
      return ctx.page(
        request,
        reply,
        { title, hasErrors: (errors?.length ?? 0) > 0 },
        <PatientReasonPage
          csrfToken={reply.generateCsrf()}
          detail={detail}
          kind={kind}
          reason={reason}
          errors={errors}
        />,
      );
    };

    app.get<{ Params: { id: string } }>(
      `/appointments/:id/${kind}`,
      { config: patients },
      (request, reply) => show(request, reply, ''),
    );

    app.post<{ Params: { id: string } }>(
      `/appointments/:id/${kind}`,
      { config: patients },
      async (request, reply) => {
        if (!isUuid(request.params.id)) return renderNotFound(request, reply);
        const { reason, errors } = parsePatientReason(request.body, missing);
        if (errors.length > 0) return show(request, reply, reason, errors);
        const uc = useCase(request);
        const appointmentId = request.params.id;
        const result =
          kind === 'cancel'
            ? await cancelAppointment(uc, {
                by: 'patient',
                appointmentId,
                cancelledBy: 'patient',
                reason,
              })
            : await requestRearrange(uc, { appointmentId, reason });
        if (!result.ok)
          // Not theirs: the service audited the refusal; answered as not found.
          return 'errors' in result
            ? show(request, reply, reason, result.errors)
            : renderNotFound(request, reply);
        return reply.redirect(
          `/appointments?done=${kind === 'cancel' ? 'cancelled' : 'requested'}`,
          303,
        );
      },
    );
  }
}
