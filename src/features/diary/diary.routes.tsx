import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { utcToLondon } from '../../domain/calendar';
import {
  DEFAULT_MINUTES,
  diaryDateOrToday,
  diaryRange,
  layoutDiary,
  minutesBetween,
  parseDateFields,
  type DiaryView,
  type WeeklyHoursMap,
} from '../../domain/diary';
import { actorFrom, audit, type Actor, type AuditAction } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { AuthUser } from '../../platform/types';
import type { FieldError } from '../../ui/forms';
import * as locationsRepo from '../locations';
import { findPatient } from '../patients';
import * as therapists from '../therapists';
import { canBookFor, canManage, canViewDiaryOf } from './diary-access';
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
import * as repo from './diary.repository';
import * as service from './diary.service';
import { isUuid } from '../../domain/identifiers';
import { linksFor } from '../../platform/pages';
import { renderNotFound } from '../../platform/web';
import { StaffAppointmentPage, RearrangePage } from './views/AppointmentPages';
import { BookingPage, ChoosePatientPage, type CourseSummary } from './views/BookingPages';
import { AllDiariesPage, DiaryPage, RoomsPage, type RoomDiary } from './views/DiaryPages';
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

/** One audit row per patient whose appointments were shown. */
async function auditPatientsShown(
  ctx: AppContext,
  actor: Actor,
  action: AuditAction,
  patientIds: string[],
  details: Record<string, unknown>,
) {
  const unique = [...new Set(patientIds)];
  if (unique.length === 0) {
    await audit(ctx.db, ctx.clock, actor, { action, details });
    return;
  }
  await ctx.db.transaction(async (tx) => {
    for (const patientId of unique)
      await audit(tx, ctx.clock, actor, { action, patientId, details });
  });
}

export function registerDiaryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = { access: ['therapist', 'supervisor', 'service_manager'] as const };
  const bookers = { access: ['therapist', 'service_manager'] as const };
  const managers = { access: ['service_manager'] as const };

  // ---- Diaries --------------------------------------------------------------------------------

  app.get<{ Querystring: Query }>('/diary', { config: staff }, async (request, reply) => {
    const user = request.auth!;
    const serviceId = request.service.id;
    const supervisees = await service.superviseesFor(ctx.db, user);
    const isManager = user.roles.includes('service_manager');
    let therapistId = isUuid(request.query.therapist) ? request.query.therapist : null;
    if (!therapistId) {
      if (user.roles.includes('therapist')) therapistId = user.userId;
      else if (isManager) return reply.redirect('/diary/all', 303);
      else therapistId = supervisees[0] ?? null;
    }
    if (!therapistId) {
      return ctx.page(
        request,
        reply,
        { title: 'Diary' },
        <>
          <h1>Diary</h1>
          <p>You do not supervise anyone yet, so there is no diary to show.</p>
        </>,
      );
    }
    const therapist = await therapists.findUser(ctx.db, serviceId, therapistId);
    if (
      !therapist ||
      !therapist.roles.includes('therapist') ||
      !canViewDiaryOf(user, therapistId, supervisees)
    ) {
      await audit(ctx.db, ctx.clock, actorFrom(request), {
        action: 'diary.view',
        outcome: 'denied',
        recordType: 'diary',
        recordId: therapistId,
      });
      return renderNotFound(request, reply);
    }
    const now = ctx.clock.now();
    const view = viewOf(request.query);
    const date = dateOf(request.query, now);
    const range = diaryRange(view, date);
    const [items, requests, settings, profile] = await Promise.all([
      repo.listAppointments(ctx.db, serviceId, {
        ...range,
        therapistIds: [therapistId],
        includeCancelled: true,
      }),
      repo.listRearrangeRequests(ctx.db, serviceId, [therapistId], now),
      repo.serviceSettings(ctx.db, serviceId),
      therapists.findProfile(ctx.db, serviceId, therapistId),
    ]);
    const layout = layoutDiary(view, date, items, (i) => i.appointment, {
      extraClosures: settings.officeHours.extraClosures,
      workingPattern: (profile?.workingPattern as WeeklyHoursMap | undefined) ?? null,
    });
    await auditPatientsShown(
      ctx,
      actorFrom(request),
      'diary.view',
      [...items, ...requests].map((a) => a.patient.id),
      { therapistId, view, date },
    );
    const own = therapistId === user.userId;
    const options = isManager
      ? (await therapists.listTherapists(ctx.db, serviceId)).map((t) => ({
          id: t.userId,
          name: t.displayName,
        }))
      : supervisees.length > 0
        ? [
            ...(user.roles.includes('therapist')
              ? [{ id: user.userId, name: 'Your own diary' }]
              : []),
            ...[...(await therapists.displayNames(ctx.db, serviceId, supervisees))].map(
              ([id, name]) => ({ id, name }),
            ),
          ]
        : null;
    return ctx.page(
      request,
      reply,
      { title: own ? 'Your diary' : `Diary: ${therapist.displayName}` },
      <DiaryPage
        heading={own ? 'Your diary' : `${therapist.displayName}’s diary`}
        base="/diary"
        view={view}
        layout={layout}
        today={utcToLondon(now).date}
        extra={{ therapist: own ? null : therapistId }}
        requests={requests}
        bookHref={
          canBookFor(user, therapistId)
            ? own
              ? '/diary/book'
              : `/diary/book?therapist=${therapistId}`
            : null
        }
        therapistChoice={options ? { current: therapistId, options } : undefined}
        managerLinks={isManager}
      />,
    );
  });

  app.get<{ Querystring: Query }>('/diary/all', { config: managers }, async (request, reply) => {
    const now = ctx.clock.now();
    const view = request.query.view === 'week' ? 'week' : 'day';
    const date = dateOf(request.query, now);
    const range = diaryRange(view, date);
    const [items, settings] = await Promise.all([
      repo.listAppointments(ctx.db, request.service.id, { ...range, includeCancelled: true }),
      repo.serviceSettings(ctx.db, request.service.id),
    ]);
    const layout = layoutDiary(view, date, items, (i) => i.appointment, {
      extraClosures: settings.officeHours.extraClosures,
    });
    await auditPatientsShown(
      ctx,
      actorFrom(request),
      'diary.view_all',
      items.map((a) => a.patient.id),
      { view, date },
    );
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
    const date = dateOf(request.query, now);
    const range = diaryRange(view, date);
    const allRooms = await locationsRepo.listAllRooms(ctx.db, request.service.id);
    const items = await repo.listAppointments(ctx.db, request.service.id, {
      ...range,
      roomIds: allRooms.map((r) => r.room.id),
    });
    const layout = layoutDiary(view, date, items, (i) => i.appointment);
    const byLocation = new Map<string, RoomDiary>();
    for (const { room, location } of allRooms) {
      if (!location.active && !items.some((i) => i.appointment.roomId === room.id)) continue;
      const entry = byLocation.get(location.id) ?? { locationName: location.name, rooms: [] };
      entry.rooms.push({
        id: room.id,
        name: room.name,
        active: room.active,
        bookings: items.filter((i) => i.appointment.roomId === room.id),
      });
      byLocation.set(location.id, entry);
    }
    await auditPatientsShown(
      ctx,
      actorFrom(request),
      'diary.view_rooms',
      items.map((a) => a.patient.id),
      { view, date },
    );
    return ctx.page(
      request,
      reply,
      { title: 'Rooms' },
      <RoomsPage
        layout={layout}
        view={view}
        today={utcToLondon(now).date}
        locations={[...byLocation.values()]}
      />,
    );
  });

  // ---- Booking --------------------------------------------------------------------------------

  const placeOptions = async (serviceId: string) => {
    const all = await locationsRepo.listAllRooms(ctx.db, serviceId);
    const locations = (await locationsRepo.listLocations(ctx.db, serviceId))
      .filter((l) => l.active)
      .map((l) => ({ id: l.id, name: l.name }));
    const rooms = all
      .filter((r) => r.room.active && r.location.active)
      .map((r) => ({
        id: r.room.id,
        name: r.room.name,
        locationId: r.location.id,
        locationName: r.location.name,
      }));
    return { locations, rooms };
  };

  /** Who the booking is for, and whether this user may book for them; null means 404. */
  const bookingContext = async (
    user: AuthUser,
    serviceId: string,
    patientId: string | null,
    courseId: string | null,
  ) => {
    const course = courseId ? await repo.findCourse(ctx.db, serviceId, courseId) : null;
    if (courseId && !course) return null;
    const pid = course?.patientId ?? patientId;
    if (!pid || (course && patientId && course.patientId !== patientId)) return null;
    const patient = await findPatient(ctx.db, serviceId, pid);
    if (!patient) return null;
    const allowed = canManage(
      user,
      {
        therapistId: course?.therapistId ?? '',
        responsibleClinicianId: patient.responsibleClinicianId,
      },
      await service.superviseesFor(ctx.db, user),
    );
    if (!allowed) return null;
    let summary: CourseSummary | null = null;
    if (course) {
      const counts = await repo.courseSessionCounts(ctx.db, serviceId, course.id);
      const names = await therapists.displayNames(ctx.db, serviceId, [course.therapistId]);
      summary = {
        id: course.id,
        plannedSessions: course.plannedSessions,
        attendedSessions: counts.attended,
        bookedSessions: counts.booked,
        therapistName: names.get(course.therapistId) ?? '',
      };
    }
    return { patient, course, summary };
  };

  const showBooking = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: NonNullable<Awaited<ReturnType<typeof bookingContext>>>,
    values: BookingFormValues,
    errors?: FieldError[],
  ) => {
    const user = request.auth!;
    const serviceId = request.service.id;
    const isManager = user.roles.includes('service_manager');
    const therapistList = isManager
      ? (await therapists.listTherapists(ctx.db, serviceId))
          .filter((t) => t.active)
          .map((t) => ({ id: t.userId, name: t.displayName }))
      : null;
    const { locations, rooms } = await placeOptions(serviceId);
    return ctx.page(
      request,
      reply,
      { title: 'Book an appointment', hasErrors: (errors?.length ?? 0) > 0 },
      <BookingPage
        csrfToken={reply.generateCsrf()}
        patient={{
          id: context.patient.id,
          name: `${context.patient.givenName} ${context.patient.familyName}`,
        }}
        course={context.summary}
        therapists={therapistList}
        fixedTherapist={isManager ? null : { id: user.userId, name: user.displayName }}
        values={values}
        errors={errors}
        locations={locations}
        rooms={rooms}
      />,
    );
  };

  app.get<{ Querystring: Query }>('/diary/book', { config: bookers }, async (request, reply) => {
    const user = request.auth!;
    const serviceId = request.service.id;
    const patientId = isUuid(request.query.patient) ? request.query.patient : null;
    const courseId = isUuid(request.query.course) ? request.query.course : null;
    if (!patientId && !courseId) {
      const list = await repo.listPatientsForBooking(
        ctx.db,
        serviceId,
        user.roles.includes('service_manager') ? undefined : [user.userId],
      );
      await audit(ctx.db, ctx.clock, actorFrom(request), {
        action: 'diary.choose_patient',
        details: { count: list.length },
      });
      return ctx.page(
        request,
        reply,
        { title: 'Book an appointment' },
        <ChoosePatientPage patients={list} />,
      );
    }
    const context = await bookingContext(user, serviceId, patientId, courseId);
    await audit(ctx.db, ctx.clock, actorFrom(request), {
      action: 'diary.book_form',
      patientId: context?.patient.id ?? null,
      outcome: context ? 'success' : 'denied',
      recordType: courseId ? 'course' : 'patient',
      recordId: courseId ?? patientId ?? undefined,
    });
    if (!context) return renderNotFound(request, reply);
    const kind = context.course ? 'ipt_session' : 'assessment';
    const values: BookingFormValues = {
      patientId: context.patient.id,
      courseId: context.course?.id ?? '',
      type: kind,
      therapistId:
        (isUuid(request.query.therapist) ? request.query.therapist : null) ??
        context.course?.therapistId ??
        (user.roles.includes('therapist') ? user.userId : ''),
      day: '',
      month: '',
      year: '',
      time: '',
      duration: String(DEFAULT_MINUTES[kind]),
      mode: context.course?.modePreference ?? '',
      locationId: '',
      roomId: '',
      repeat: 'once',
    };
    return showBooking(request, reply, context, values);
  });

  app.post('/diary/book', { config: bookers }, async (request, reply) => {
    const user = request.auth!;
    const { values, input, errors } = parseBooking(request.body);
    const context = await bookingContext(
      user,
      request.service.id,
      isUuid(values.patientId) ? values.patientId : null,
      isUuid(values.courseId) ? values.courseId : null,
    );
    if (!context) return renderNotFound(request, reply);
    if (!input) return showBooking(request, reply, context, values, errors);
    const result = await service.bookAppointments(
      ctx.db,
      ctx.clock,
      actorFrom(request),
      user,
      input,
      linksFor(ctx, request),
    );
    if (!result.ok)
      return 'errors' in result
        ? showBooking(request, reply, context, values, result.errors)
        : renderNotFound(request, reply);
    const ids = result.value;
    return reply.redirect(
      `/diary/appointments/${ids[0]}?done=${ids.length > 1 ? `series&count=${ids.length}` : 'booked'}`,
      303,
    );
  });

  // ---- One appointment ------------------------------------------------------------------------

  const showAppointment = async (
    request: FastifyRequest<{ Params: { id: string }; Querystring: Query }>,
    reply: FastifyReply,
    extra: { attendance?: AttendanceValues; cancel?: CancelValues; errors?: FieldError[] } = {},
  ) => {
    if (!isUuid(request.params.id)) return renderNotFound(request, reply);
    const detail = await service.openAppointmentForStaff(
      ctx.db,
      ctx.clock,
      actorFrom(request),
      request.auth!,
      request.params.id,
    );
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
      if (!isUuid(request.params.id)) return renderNotFound(request, reply);
      const { values, input, errors } = parseStaffCancel(request.body);
      if (!input) return showAppointment(request, reply, { cancel: values, errors });
      const result = await service.cancelAppointment(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        { kind: 'staff', user: request.auth! },
        request.params.id,
        input,
        linksFor(ctx, request),
      );
      if (!result.ok)
        return 'errors' in result
          ? showAppointment(request, reply, { cancel: values, errors: result.errors })
          : showAppointment(request, reply); // audits the refusal and answers 404
      return reply.redirect(`/diary/appointments/${request.params.id}?done=cancelled`, 303);
    },
  );

  app.post<{ Params: { id: string }; Querystring: Query }>(
    '/diary/appointments/:id/attendance',
    { config: staff },
    async (request, reply) => {
      if (!isUuid(request.params.id)) return renderNotFound(request, reply);
      const { values, input, errors } = parseAttendance(request.body);
      if (!input) return showAppointment(request, reply, { attendance: values, errors });
      const result =
        input.kind === 'cancelled'
          ? await service.cancelAppointment(
              ctx.db,
              ctx.clock,
              actorFrom(request),
              { kind: 'staff', user: request.auth! },
              request.params.id,
              { cancelledBy: input.cancelledBy, reason: input.reason },
              linksFor(ctx, request),
            )
          : await service.recordAttendance(
              ctx.db,
              ctx.clock,
              actorFrom(request),
              request.auth!,
              request.params.id,
              input.status,
            );
      if (!result.ok)
        return 'errors' in result
          ? showAppointment(request, reply, { attendance: values, errors: result.errors })
          : showAppointment(request, reply);
      return reply.redirect(
        `/diary/appointments/${request.params.id}?done=${input.kind === 'cancelled' ? 'cancelled' : 'attendance'}`,
        303,
      );
    },
  );

  const showRearrange = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    values: BookingFormValues | null,
    errors?: FieldError[],
  ) => {
    if (!isUuid(request.params.id)) return renderNotFound(request, reply);
    const detail = await service.openAppointmentForStaff(
      ctx.db,
      ctx.clock,
      actorFrom(request),
      request.auth!,
      request.params.id,
    );
    if (!detail || detail.appointment.status !== 'booked') return renderNotFound(request, reply);
    const a = detail.appointment;
    const local = utcToLondon(a.startsAt);
    const [year, month, day] = local.date.split('-');
    const { locations, rooms } = await placeOptions(request.service.id);
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
            year: year!,
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
      if (!isUuid(request.params.id)) return renderNotFound(request, reply);
      const { values, input, errors } = parseRearrange(request.body);
      if (!input) return showRearrange(request, reply, values, errors);
      const result = await service.rearrangeAppointment(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        request.auth!,
        request.params.id,
        input,
        linksFor(ctx, request),
      );
      if (!result.ok)
        return 'errors' in result
          ? showRearrange(request, reply, values, result.errors)
          : showRearrange(request, reply, null);
      return reply.redirect(`/diary/appointments/${request.params.id}?done=rearranged`, 303);
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
    const { settings, officeHours } = await repo.serviceSettings(ctx.db, request.service.id);
    const current = {
      extraClosures: officeHours.extraClosures ?? [],
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
    await service.saveDiarySettings(ctx.db, ctx.clock, actorFrom(request), input);
    return reply.redirect('/diary/settings?saved=1', 303);
  });
}
