import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { utcToLondon } from '../../domain/calendar';
import {
  DEFAULT_MINUTES,
  diaryDateOrToday,
  minutesBetween,
  parseDateFields,
  type DiaryView,
} from '../../domain/diary';
import { isUuid } from '../../domain/identifiers';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound, requireAuth } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import {
  parseAttendance,
  parseBooking,
  parseRearrange,
  parseSettings,
  parseStaffCancel,
  readBookingValues,
  type AttendanceValues,
  type BookingFormValues,
  type CancelValues,
  type SettingsValues,
} from './diary.forms';
import * as service from './diary.service';
import { StaffAppointmentPage, RearrangePage } from './views/AppointmentPages';
import { BookingPage, ChoosePatientPage } from './views/BookingPages';
import { AllDiariesPage, DiaryPage, RoomsPage } from './views/DiaryPages';
import { SettingsPage } from './views/SettingsPage';

type Query = Record<string, string | undefined>;

function viewOf(q: Query): DiaryView {
  return q.view === 'day' ? 'day' : 'week';
}

/** The date to show: from the "Go to a date" boxes, else ?date=, else today (London). */
function dateOf(q: Query, now: Date): string {
  if (q['go-day'] || q['go-month'] || q['go-year']) {
    const parsed = parseDateFields({
      day: q['go-day'] ?? '',
      month: q['go-month'] ?? '',
      year: q['go-year'] ?? '',
    });
    if (parsed.ok) return parsed.value;
  }
  return diaryDateOrToday(q.date, now);
}

const uuidOr = (value: string | undefined): string | null => (isUuid(value) ? value : null);

export function registerDiaryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = { access: ROLE_GROUPS.clinical };
  const bookers = { access: ROLE_GROUPS.bookers };
  const managers = { access: ROLE_GROUPS.managers };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  // ---- Diaries --------------------------------------------------------------------------------

  app.get<{ Querystring: Query }>('/diary', { config: staff }, async (request, reply) => {
    const now = ctx.clock.now();
    const view = viewOf(request.query);
    const date = dateOf(request.query, now);
    const result = await service.openDiary(useCase(request), {
      therapistId: uuidOr(request.query.therapist),
      view,
      date,
    });
    if (result.kind === 'all') return reply.redirect('/diary/all', 303);
    if (result.kind === 'not_found') return renderNotFound(request, reply);
    if (result.kind === 'nobody')
      return ctx.page(
        request,
        reply,
        { title: 'Diary' },
        <>
          <h1>Diary</h1>
          <p>You do not supervise anyone yet, so there is no diary to show.</p>
        </>,
      );
    const { own, therapistId, therapistName, options } = result;
    return ctx.page(
      request,
      reply,
      { title: own ? 'Your diary' : `Diary: ${therapistName}` },
      <DiaryPage
        heading={own ? 'Your diary' : `${therapistName}’s diary`}
        base="/diary"
        view={view}
        layout={result.layout}
        today={utcToLondon(now).date}
        extra={{ therapist: own ? null : therapistId }}
        requests={result.requests}
        bookHref={
          result.canBook ? (own ? '/diary/book' : `/diary/book?therapist=${therapistId}`) : null
        }
        therapistChoice={options ? { current: therapistId, options } : undefined}
        managerLinks={result.isManager}
      />,
    );
  });

  app.get<{ Querystring: Query }>('/diary/all', { config: managers }, async (request, reply) => {
    const now = ctx.clock.now();
    const view = request.query.view === 'week' ? 'week' : 'day';
    const layout = await service.openAllDiaries(useCase(request), {
      view,
      date: dateOf(request.query, now),
    });
    return ctx.page(
      request,
      reply,
      { title: 'All diaries' },
      <AllDiariesPage layout={layout} view={view} today={utcToLondon(now).date} />,
    );
  });

  app.get<{ Querystring: Query }>('/diary/rooms', { config: managers }, async (request, reply) => {
    const now = ctx.clock.now();
    const view = request.query.view === 'week' ? 'week' : 'day';
    const { layout, locations } = await service.openRooms(useCase(request), {
      view,
      date: dateOf(request.query, now),
    });
    return ctx.page(
      request,
      reply,
      { title: 'Rooms' },
      <RoomsPage layout={layout} view={view} today={utcToLondon(now).date} locations={locations} />,
    );
  });

  // ---- Booking --------------------------------------------------------------------------------

  const showBooking = (
    request: FastifyRequest,
    reply: FastifyReply,
    target: service.BookingTarget,
    values: BookingFormValues,
    errors?: FieldError[],
  ) => {
    const user = requireAuth(request);
    return ctx.page(
      request,
      reply,
      { title: 'Book an appointment', hasErrors: (errors?.length ?? 0) > 0 },
      <BookingPage
        csrfToken={reply.generateCsrf()}
        patient={{
          id: target.patient.id,
          name: `${target.patient.givenName} ${target.patient.familyName}`,
        }}
        course={target.summary}
        therapists={target.therapists}
        fixedTherapist={target.therapists ? null : { id: user.userId, name: user.displayName }}
        values={values}
        errors={errors}
        locations={target.places.locations}
        rooms={target.places.rooms}
      />,
    );
  };

  app.get<{ Querystring: Query }>('/diary/book', { config: bookers }, async (request, reply) => {
    const user = requireAuth(request);
    const uc = useCase(request);
    const patientId = uuidOr(request.query.patient);
    const courseId = uuidOr(request.query.course);
    if (!patientId && !courseId) {
      const list = await service.choosePatientForBooking(uc);
      return ctx.page(
        request,
        reply,
        { title: 'Book an appointment' },
        <ChoosePatientPage patients={list} />,
      );
    }
    const target = await service.openBooking(uc, { patientId, courseId, audit: true });
    if (!target) return renderNotFound(request, reply);
    const kind = target.course ? 'ipt_session' : 'assessment';
    const values: BookingFormValues = {
      patientId: target.patient.id,
      courseId: target.course?.id ?? '',
      type: kind,
      therapistId:
        uuidOr(request.query.therapist) ??
        target.course?.therapistId ??
        (user.roles.includes('therapist') ? user.userId : ''),
      day: '',
      month: '',
      year: '',
      time: '',
      duration: String(DEFAULT_MINUTES[kind]),
      mode: target.course?.modePreference ?? '',
      locationId: '',
      roomId: '',
      repeat: 'once',
      outsideHours: '',
      outsideHoursReason: '',
    };
    return showBooking(request, reply, target, values);
  });

  app.post('/diary/book', { config: bookers }, async (request, reply) => {
    const uc = useCase(request);
    const { values, input, errors } = parseBooking(request.body);
    const target = await service.openBooking(uc, {
      patientId: uuidOr(values.patientId),
      courseId: uuidOr(values.courseId),
      audit: false,
    });
    if (!target) return renderNotFound(request, reply);
    if (!input) return showBooking(request, reply, target, values, errors);
    const result = await service.bookAppointments(uc, input);
    if (!result.ok)
      return 'errors' in result
        ? showBooking(request, reply, target, values, result.errors)
        : renderNotFound(request, reply);
    const ids = result.value;
    const done = ids.length > 1 ? `series&count=${String(ids.length)}` : 'booked';
    return reply.redirect(`/diary/appointments/${ids[0] ?? ''}?done=${done}`, 303);
  });

  // ---- One appointment ------------------------------------------------------------------------

  const showAppointment = async (
    request: FastifyRequest<{ Params: { id: string }; Querystring: Query }>,
    reply: FastifyReply,
    extra: { attendance?: AttendanceValues; cancel?: CancelValues; errors?: FieldError[] } = {},
  ) => {
    if (!isUuid(request.params.id)) return renderNotFound(request, reply);
    const detail = await service.openAppointmentForStaff(useCase(request), request.params.id);
    if (!detail) return renderNotFound(request, reply);
    const count = Number(request.query.count);
    return ctx.page(
      request,
      reply,
      {
        title: `Appointment: ${detail.patient.givenName} ${detail.patient.familyName}`,
        hasErrors: (extra.errors?.length ?? 0) > 0,
      },
      <StaffAppointmentPage
        csrfToken={reply.generateCsrf()}
        detail={detail}
        now={ctx.clock.now()}
        done={extra.errors ? undefined : request.query.done}
        count={Number.isInteger(count) ? count : undefined}
        attendance={extra.attendance}
        cancel={extra.cancel}
        errors={extra.errors}
      />,
    );
  };

  app.get<{ Params: { id: string }; Querystring: Query }>(
    '/diary/appointments/:id',
    { config: staff },
    (request, reply) => showAppointment(request, reply),
  );

  app.post<{ Params: { id: string }; Querystring: Query }>(
    '/diary/appointments/:id/cancel',
    { config: staff },
    async (request, reply) => {
      const appointmentId = request.params.id;
      if (!isUuid(appointmentId)) return renderNotFound(request, reply);
      const { values, input, errors } = parseStaffCancel(request.body);
      if (!input) return showAppointment(request, reply, { cancel: values, errors });
      const result = await service.cancelAppointment(useCase(request), {
        by: 'staff',
        appointmentId,
        ...input,
      });
      if (!result.ok)
        return 'errors' in result
          ? showAppointment(request, reply, { cancel: values, errors: result.errors })
          : renderNotFound(request, reply); // the service audited the refusal
      return reply.redirect(`/diary/appointments/${appointmentId}?done=cancelled`, 303);
    },
  );

  app.post<{ Params: { id: string }; Querystring: Query }>(
    '/diary/appointments/:id/attendance',
    { config: staff },
    async (request, reply) => {
      const appointmentId = request.params.id;
      if (!isUuid(appointmentId)) return renderNotFound(request, reply);
      const { values, input, errors } = parseAttendance(request.body);
      if (!input) return showAppointment(request, reply, { attendance: values, errors });
      const uc = useCase(request);
      const result =
        input.kind === 'cancelled'
          ? await service.cancelAppointment(uc, {
              by: 'staff',
              appointmentId,
              cancelledBy: input.cancelledBy,
              reason: input.reason,
            })
          : await service.recordAttendance(uc, { appointmentId, status: input.status });
      if (!result.ok)
        return 'errors' in result
          ? showAppointment(request, reply, { attendance: values, errors: result.errors })
          : renderNotFound(request, reply);
      const done = input.kind === 'cancelled' ? 'cancelled' : 'attendance';
      return reply.redirect(`/diary/appointments/${appointmentId}?done=${done}`, 303);
    },
  );

  const showRearrange = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    values: BookingFormValues | null,
    errors?: FieldError[],
  ) => {
    if (!isUuid(request.params.id)) return renderNotFound(request, reply);
    const uc = useCase(request);
    const detail = await service.openAppointmentForStaff(uc, request.params.id);
    if (detail?.appointment.status !== 'booked') return renderNotFound(request, reply);
    const a = detail.appointment;
    const local = utcToLondon(a.startsAt);
    const [year = '', month, day] = local.date.split('-');
    const { locations, rooms } = await service.placeOptions(uc);
    return ctx.page(
      request,
      reply,
      { title: 'Rearrange the appointment', hasErrors: (errors?.length ?? 0) > 0 },
      <RearrangePage
        csrfToken={reply.generateCsrf()}
        detail={detail}
        values={
          values ?? {
            ...readBookingValues({}),
            day: String(Number(day)),
            month: String(Number(month)),
            year,
            time: local.time,
            duration: String(minutesBetween(a.startsAt, a.endsAt)),
            mode: a.mode,
            locationId: a.locationId ?? '',
            roomId: a.roomId ?? '',
          }
        }
        errors={errors}
        locations={locations}
        rooms={rooms}
      />,
    );
  };

  app.get<{ Params: { id: string } }>(
    '/diary/appointments/:id/rearrange',
    { config: staff },
    (request, reply) => showRearrange(request, reply, null),
  );

  app.post<{ Params: { id: string } }>(
    '/diary/appointments/:id/rearrange',
    { config: staff },
    async (request, reply) => {
      const appointmentId = request.params.id;
      if (!isUuid(appointmentId)) return renderNotFound(request, reply);
      const { values, input, errors } = parseRearrange(request.body);
      if (!input) return showRearrange(request, reply, values, errors);
      const result = await service.rearrangeAppointment(useCase(request), {
        ...input,
        appointmentId,
      });
      if (!result.ok)
        return 'errors' in result
          ? showRearrange(request, reply, values, result.errors)
          : renderNotFound(request, reply);
      return reply.redirect(`/diary/appointments/${appointmentId}?done=rearranged`, 303);
    },
  );

  // ---- Settings -------------------------------------------------------------------------------

  const showSettings = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: SettingsValues | null,
    errors?: FieldError[],
    saved?: boolean,
  ) => {
    const { settings, officeHours } = await service.currentSettings(useCase(request));
    const current = {
      extraClosures: officeHours.extraClosures,
      reminderOffsetsMinutes: settings.reminderOffsetsMinutes,
    };
    return ctx.page(
      request,
      reply,
      { title: 'Closures and reminders', hasErrors: (errors?.length ?? 0) > 0 },
      <SettingsPage
        csrfToken={reply.generateCsrf()}
        current={current}
        saved={saved}
        errors={errors}
        values={
          values ?? {
            extraClosures: current.extraClosures
              .map((d) => d.split('-').reverse().join('/'))
              .join('\n'),
            reminderHours: settings.reminderOffsetsMinutes.map((m) => String(m / 60)).join(', '),
            questionnaireDays: String(settings.questionnaireOpensDaysBefore),
            plannedIptSessions: String(settings.plannedIptSessions),
          }
        }
      />,
    );
  };

  app.get<{ Querystring: Query }>('/diary/settings', { config: managers }, (request, reply) =>
    showSettings(request, reply, null, undefined, request.query.saved === '1'),
  );

  app.post('/diary/settings', { config: managers }, async (request, reply) => {
    const { values, input, errors } = parseSettings(request.body);
    if (!input) return showSettings(request, reply, values, errors);
    await service.saveDiarySettings(useCase(request), input);
    return reply.redirect('/diary/settings?saved=1', 303);
  });
}
