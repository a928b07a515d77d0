import { BackLink } from 'nhsuk-react-components';
import type { ReactNode } from 'react';
import type { Db } from '../../db/client';
import type { RaisedAlert } from '../../ui/RaisedAlerts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isIsoDate, isLocalTime, utcToLondon } from '../../domain/calendar';
import {
  DEFAULT_MINUTES,
  bookableKinds,
  diaryDateOrToday,
  isDiaryDate,
  minutesBetween,
  parseDateFields,
  type DiaryView,
} from '../../domain/diary';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import {
  formBody,
  formList,
  formText,
  isUuid,
  optionalUuidQuery,
  queryOf,
  singleQuery,
  uuidParam,
} from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound, requireAuth } from '../../platform/web';
import { ErrorSummaryBox, type FieldError } from '../../ui/forms';
import { dateError } from '../../ui/fields';
import {
  parseAttendance,
  parseBooking,
  parseNoOtherSession,
  parseRearrange,
  parseSettings,
  parseStaffCancel,
  readBookingValues,
  readSwitchType,
  switchBookingType,
  SWITCH_TYPE_FIELD,
  type AttendanceValues,
  type BookingFormValues,
  type CancelValues,
  type NoOtherSessionValues,
  type SettingsValues,
} from './diary.forms';
import * as service from './diary.service';
import { StaffAppointmentPage, RearrangePage } from './views/AppointmentPages';
import { BookingPage, ChoosePatientPage } from './views/BookingPages';
import { AllDiariesPage, DiaryPage, RoomsPage, type GoToDateError } from './views/DiaryPages';
import { FREE_TIMES_LOOK_AHEAD_WEEKS, FreeTimesPanel, freeTimesWeek } from './views/FreeTimes';
import { NoOtherSessionPage } from './views/NoOtherSessionPage';
import { SettingsPage } from './views/SettingsPage';

// ---- Schemas at the edge ------------------------------------------------------------------------
// Query values are read leniently (an unknown view or a bad date falls back to today's week), so
// they are bounded single strings; ids in the path and the query must be uuids.

const text = singleQuery.optional();
const diaryQuery = () =>
  queryOf({
    view: text,
    date: text,
    therapist: optionalUuidQuery,
    'go-day': text,
    'go-month': text,
    'go-year': text,
    /** A notice after a change made elsewhere that returns to the diary. */
    done: text,
  });
type DiaryQuery = z.output<ReturnType<typeof diaryQuery>>;

const bookQuery = () =>
  queryOf({
    patient: optionalUuidQuery,
    course: optionalUuidQuery,
    therapist: optionalUuidQuery,
    room: optionalUuidQuery,
    /** The type of appointment, chosen from the page's links; otherwise from the course. */
    type: text,
    /** Free times: the week to show, and the time chosen from them (fills the form). */
    week: text,
    date: text,
    time: text,
  });
type BookQuery = z.output<ReturnType<typeof bookQuery>>;

const field = () => formText(200).optional();
const bookingFields = {
  patientId: field(),
  courseId: field(),
  type: field(),
  therapistId: field(),
  'date-day': field(),
  'date-month': field(),
  'date-year': field(),
  time: field(),
  duration: field(),
  mode: field(),
  locationId: field(),
  roomId: field(),
  repeat: field(),
  outsideHours: field(),
  outsideHoursReason: formText(2000).optional(),
};
const bookingBody = () => formBody(bookingFields);
/** Booking also takes "Book a review instead", which shows the form again for that type. */
const bookBody = () => formBody({ ...bookingFields, [SWITCH_TYPE_FIELD]: field() });
const cancelFields = {
  cancelledBy: field(),
  reason: formText(2000).optional(),
};
const appointmentParams = () => z.object({ id: uuidParam });

/** The notice after attendance is saved: for a missed session, whether the message went (H29). */
function attendanceDone(missedMessage: service.MissedMessage | null): string {
  if (missedMessage === 'send') return 'missed';
  if (missedMessage === 'seen_since') return 'missed_seen_since';
  if (missedMessage === 'too_late') return 'missed_too_late';
  return 'attendance';
}
const appointmentQuery = () => queryOf({ done: text, count: text });
/** Rearranging: the free times' room and week, and the free time chosen (fills the form). */
const rearrangeQuery = () =>
  queryOf({ room: optionalUuidQuery, week: text, date: text, time: text });
type RearrangeQuery = z.output<ReturnType<typeof rearrangeQuery>>;

function viewOf(q: DiaryQuery): DiaryView {
  return q.view === 'day' ? 'day' : 'week';
}

/** The "Go to a date" boxes, as their messages name them. */
const GO_TO_DATE_LABEL = 'Date to go to';

/**
 * The date to show: from the "Go to a date" boxes, else ?date=, else today (London). Boxes that
 * cannot be read say why, with what was typed kept (walk 6: they used to fall back silently).
 */
function dateOf(q: DiaryQuery, now: Date): { date: string; goError: GoToDateError | null } {
  const typed = { day: q['go-day'] ?? '', month: q['go-month'] ?? '', year: q['go-year'] ?? '' };
  if (!typed.day && !typed.month && !typed.year)
    return { date: diaryDateOrToday(q.date, now), goError: null };
  const parsed = parseDateFields(typed, GO_TO_DATE_LABEL);
  if (parsed.ok && isDiaryDate(parsed.value)) return { date: parsed.value, goError: null };
  // The diary draws weeks from 1979 (the bank holidays it knows); nobody needs earlier.
  const failure = !parsed.ok
    ? parsed
    : {
        message:
          parsed.value < '1979-01-01'
            ? `${GO_TO_DATE_LABEL} must be in 1979 or later`
            : `${GO_TO_DATE_LABEL} must be in 9998 or earlier`,
        boxes: ['year' as const],
      };
  return {
    date: diaryDateOrToday(q.date, now),
    goError: { message: failure.message, boxes: failure.boxes, ...typed },
  };
}

/** The page options and error summary for a diary page whose "Go to a date" was not read. */
function goErrorParts(goError: GoToDateError | null) {
  return {
    options: { status: goError ? 400 : undefined, hasErrors: goError !== null },
    summary: goError ? <ErrorSummaryBox errors={[dateError('go', goError)]} /> : null,
  };
}

/** What other features show on the diary's pages, composed in app.tsx (the diary imports none). */
export interface DiarySlots {
  /** Above the therapist's own diary: who is waiting for them now (video calls). */
  waitingNow?: (serviceId: string, therapistId: string) => Promise<ReactNode>;
  /** On an appointment's page: the risk alerts it raised (a missed session after risk, H29). */
  alertsOfAppointment?: (
    db: Db,
    serviceId: string,
    patientId: string,
    appointmentId: string,
  ) => Promise<RaisedAlert[]>;
  /** Whether a session's note is signed (session notes'): not then recorded as missed (H17). */
  signedNote?: service.SignedNote;
}

export function registerDiaryRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  slots: DiarySlots = {},
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const staff = { access: ROLE_GROUPS.clinical };
  const bookers = { access: ROLE_GROUPS.bookers };
  const managers = { access: ROLE_GROUPS.managers };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  /** A therapist's diary: the user's own without a query, as the menu links to it. */
  const diaryOf = (request: FastifyRequest, therapistId: string) =>
    requireAuth(request).userId === therapistId ? '/diary' : `/diary?therapist=${therapistId}`;

  // ---- Diaries --------------------------------------------------------------------------------

  app.get(
    '/diary',
    { config: staff, schema: { querystring: diaryQuery() } },
    async (request, reply) => {
      const now = ctx.clock.now();
      const view = viewOf(request.query);
      const { date, goError } = dateOf(request.query, now);
      const go = goErrorParts(goError);
      const result = await service.openDiary(useCase(request), {
        therapistId: request.query.therapist ?? null,
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
      const waitingNow =
        own && slots.waitingNow ? await slots.waitingNow(request.service.id, therapistId) : null;
      return ctx.page(
        request,
        reply,
        {
          title: own ? 'Your diary' : `Diary: ${therapistName}`,
          ...go.options,
        },
        <>
          {go.summary}
          {waitingNow}
          <DiaryPage
            heading={own ? 'Your diary' : `${therapistName}’s diary`}
            base="/diary"
            view={view}
            layout={result.layout}
            today={utcToLondon(now).date}
            extra={{ therapist: own ? null : therapistId }}
            requests={result.requests}
            toOffer={result.toOffer}
            bookHref={
              result.canBook ? (own ? '/diary/book' : `/diary/book?therapist=${therapistId}`) : null
            }
            therapistChoice={options ? { current: therapistId, options } : undefined}
            managerLinks={result.isManager}
            goError={goError}
            chosen={date}
            noOtherSessionSaved={request.query.done === 'no-other-session'}
          />
        </>,
      );
    },
  );

  app.get(
    '/diary/all',
    { config: managers, schema: { querystring: diaryQuery() } },
    async (request, reply) => {
      const now = ctx.clock.now();
      const view = request.query.view === 'week' ? 'week' : 'day';
      const { date, goError } = dateOf(request.query, now);
      const go = goErrorParts(goError);
      const layout = await service.openAllDiaries(useCase(request), { view, date });
      return ctx.page(
        request,
        reply,
        {
          title: 'All diaries',
          ...go.options,
          backLink: <BackLink href="/diary">Back to the diary</BackLink>,
        },
        <>
          {go.summary}
          <AllDiariesPage
            layout={layout}
            view={view}
            today={utcToLondon(now).date}
            goError={goError}
            chosen={date}
          />
        </>,
      );
    },
  );

  app.get(
    '/diary/rooms',
    { config: managers, schema: { querystring: diaryQuery() } },
    async (request, reply) => {
      const now = ctx.clock.now();
      const view = request.query.view === 'week' ? 'week' : 'day';
      const { date, goError } = dateOf(request.query, now);
      const go = goErrorParts(goError);
      const { layout, locations } = await service.openRooms(useCase(request), { view, date });
      return ctx.page(
        request,
        reply,
        {
          title: 'Rooms',
          ...go.options,
          backLink: <BackLink href="/diary">Back to the diary</BackLink>,
        },
        <>
          {go.summary}
          <RoomsPage
            layout={layout}
            view={view}
            today={utcToLondon(now).date}
            locations={locations}
            goError={goError}
            chosen={date}
          />
        </>,
      );
    },
  );

  // ---- Booking --------------------------------------------------------------------------------

  /** The free times shown above the booking form, for the query's therapist, room and week. */
  const freeTimesFor = async (
    request: FastifyRequest,
    target: service.BookingTarget,
    query: Partial<BookQuery>,
    values: BookingFormValues,
  ) => {
    const user = requireAuth(request);
    const therapistId = target.therapists ? values.therapistId : user.userId;
    const roomId = query.room ?? (values.mode === 'face_to_face' ? values.roomId : '');
    const week = freeTimesWeek(query.week, query.date ?? null, utcToLondon(ctx.clock.now()).date);
    const kind =
      values.type === 'assessment' || values.type === 'review' ? values.type : 'ipt_session';
    const minutes = Number(values.duration);
    const free = therapistId
      ? await service.freeTimes(useCase(request), {
          patientId: target.patient.id,
          therapistId,
          roomId: roomId || null,
          week,
          durationMinutes:
            Number.isInteger(minutes) && minutes > 0 && minutes <= 120
              ? minutes
              : DEFAULT_MINUTES[kind],
          lookAheadWeeks: query.week || query.date ? 0 : FREE_TIMES_LOOK_AHEAD_WEEKS,
        })
      : null;
    const keep: Record<string, string> = {
      ...(target.course ? { course: target.course.id } : { patient: target.patient.id }),
      type: kind,
    };
    return (
      <FreeTimesPanel
        action="/diary/book"
        free={free}
        week={week}
        keep={keep}
        therapists={target.therapists}
        therapistId={therapistId}
        rooms={target.places.rooms}
        roomId={free?.room?.id ?? ''}
      />
    );
  };

  /** The free times above the rearrange form: the same therapist, the query's room and week. */
  const rearrangeFreeTimes = async (
    request: FastifyRequest,
    data: {
      detail: service.AppointmentDetail;
      places: Awaited<ReturnType<typeof service.placeOptions>>;
    },
    values: BookingFormValues,
    query: Partial<RearrangeQuery>,
  ) => {
    const a = data.detail.appointment;
    const roomId = query.room ?? (values.mode === 'face_to_face' ? values.roomId : '');
    const chosen = query.date ?? utcToLondon(a.startsAt).date;
    const week = freeTimesWeek(query.week, chosen, utcToLondon(ctx.clock.now()).date);
    const minutes = Number(values.duration);
    const free = await service.rearrangeFreeTimes(useCase(request), data.detail, {
      roomId: roomId || null,
      week,
      durationMinutes:
        Number.isInteger(minutes) && minutes > 0 && minutes <= 120
          ? minutes
          : minutesBetween(a.startsAt, a.endsAt),
    });
    return (
      <FreeTimesPanel
        action={`/diary/appointments/${a.id}/rearrange`}
        free={free}
        week={week}
        keep={{}}
        therapists={null}
        therapistId={a.therapistId}
        rooms={data.places.rooms}
        roomId={free?.room?.id ?? ''}
      />
    );
  };

  const showBooking = async (
    request: FastifyRequest,
    reply: FastifyReply,
    target: service.BookingTarget,
    values: BookingFormValues,
    query: Partial<BookQuery>,
    errors?: FieldError[],
  ) => {
    const user = requireAuth(request);
    const back = target.course
      ? { href: `/courses/${target.course.id}`, text: 'Back to the course' }
      : { href: '/diary', text: 'Back to the diary' };
    return ctx.page(
      request,
      reply,
      {
        title: 'Book an appointment',
        hasErrors: (errors?.length ?? 0) > 0,
        backLink: <BackLink href={back.href}>{back.text}</BackLink>,
      },
      <BookingPage
        csrfToken={reply.generateCsrf()}
        patient={{
          id: target.patient.id,
          name: `${target.patient.givenName} ${target.patient.familyName}`,
          accessNeeds: target.patient.accessNeeds,
          accessNeedsOther: target.patient.accessNeedsOther,
        }}
        course={target.summary}
        therapists={target.therapists}
        fixedTherapist={target.therapists ? null : { id: user.userId, name: user.displayName }}
        values={values}
        errors={errors}
        locations={target.places.locations}
        rooms={target.places.rooms}
        freeTimes={await freeTimesFor(request, target, query, values)}
      />,
    );
  };

  app.get(
    '/diary/book',
    { config: bookers, schema: { querystring: bookQuery() } },
    async (request, reply) => {
      const user = requireAuth(request);
      const uc = useCase(request);
      const { patient: patientId, course: courseId } = request.query;
      if (!patientId && !courseId) {
        const list = await service.choosePatientForBooking(uc);
        return ctx.page(
          request,
          reply,
          {
            title: 'Book an appointment',
            backLink: <BackLink href="/diary">Back to the diary</BackLink>,
          },
          <ChoosePatientPage patients={list} />,
        );
      }
      const target = await service.openBooking(uc, {
        patientId: patientId ?? null,
        courseId: courseId ?? null,
        audit: true,
      });
      if (!target) return renderNotFound(request, reply);
      // An IPT session on a course with sessions left to book; with none left, most likely a
      // review (walk 6); with no course, a wellbeing assessment.
      const left = target.summary?.leftToBook ?? 0;
      const asked = bookableKinds(target.course !== null).find((k) => k === request.query.type);
      const kind = asked ?? (target.course ? (left > 0 ? 'ipt_session' : 'review') : 'assessment');
      // A free time chosen from the week above fills the date, time and room.
      const { date, time, room } = request.query;
      const picked = date && isIsoDate(date) && time && isLocalTime(time) ? { date, time } : null;
      const [year = '', month = '', day = ''] = picked ? picked.date.split('-') : [];
      const pickedRoom = room ? target.places.rooms.find((r) => r.id === room) : undefined;
      const values: BookingFormValues = {
        ...readBookingValues({}),
        patientId: target.patient.id,
        courseId: target.course?.id ?? '',
        type: kind,
        therapistId:
          request.query.therapist ??
          target.course?.therapistId ??
          (user.roles.includes('therapist') ? user.userId : ''),
        day: picked ? String(Number(day)) : '',
        month: picked ? String(Number(month)) : '',
        year,
        time: picked?.time ?? '',
        duration: String(DEFAULT_MINUTES[kind]),
        mode: pickedRoom ? 'face_to_face' : (target.course?.modePreference ?? ''),
        locationId: pickedRoom?.locationId ?? '',
        roomId: pickedRoom?.id ?? '',
      };
      return showBooking(request, reply, target, values, request.query);
    },
  );

  app.post(
    '/diary/book',
    { config: bookers, schema: { body: bookBody() } },
    async (request, reply) => {
      const uc = useCase(request);
      const { values, input, errors } = parseBooking(request.body);
      const uuid = (v: string) => (isUuid(v) ? v : null);
      const target = await service.openBooking(uc, {
        patientId: uuid(values.patientId),
        courseId: uuid(values.courseId),
        audit: false,
      });
      if (!target) return renderNotFound(request, reply);
      const query: Partial<BookQuery> = {};
      // "Book a review instead": the form again for that type with everything typed kept; it
      // books nothing, and answers 200 so its one-time key is not spent (ADR 0039).
      const switched = readSwitchType(request.body, bookableKinds(target.course !== null));
      // The form shown again (another type, or a problem to put right) is a new look at the
      // patient's booking details, audited as its first showing is.
      const showAgain = async (shown: BookingFormValues, problems?: FieldError[]) => {
        await service.auditBookingFormShown(uc, target);
        return showBooking(request, reply, target, shown, query, problems);
      };
      if (switched.asked)
        return showAgain(switchBookingType(readBookingValues(request.body), switched.kind));
      if (!input) return showAgain(values, errors);
      const result = await service.bookAppointments(uc, input);
      if (!result.ok)
        return 'errors' in result
          ? showAgain(values, result.errors)
          : renderNotFound(request, reply);
      const ids = result.value;
      const done = ids.length > 1 ? `series&count=${String(ids.length)}` : 'booked';
      return reply.redirect(`/diary/appointments/${ids[0] ?? ''}?done=${done}`, 303);
    },
  );

  // ---- One appointment ------------------------------------------------------------------------

  const showAppointment = async (
    request: FastifyRequest,
    reply: FastifyReply,
    appointmentId: string,
    query: { done?: string; count?: string },
    extra: { attendance?: AttendanceValues; cancel?: CancelValues; errors?: FieldError[] } = {},
  ) => {
    const uc = useCase(request);
    const detail = await service.openAppointmentForStaff(uc, appointmentId);
    if (!detail) return renderNotFound(request, reply);
    const alerts = slots.alertsOfAppointment
      ? await slots.alertsOfAppointment(uc.db, uc.service.id, detail.patient.id, appointmentId)
      : [];
    const count = Number(query.count);
    return ctx.page(
      request,
      reply,
      {
        title: `Appointment: ${detail.patient.givenName} ${detail.patient.familyName}`,
        hasErrors: (extra.errors?.length ?? 0) > 0,
        backLink: (
          <BackLink href={`/diary?therapist=${detail.appointment.therapistId}`}>
            Back to the diary
          </BackLink>
        ),
      },
      <StaffAppointmentPage
        csrfToken={reply.generateCsrf()}
        detail={detail}
        now={ctx.clock.now()}
        alerts={alerts}
        done={extra.errors ? undefined : query.done}
        count={Number.isInteger(count) ? count : undefined}
        attendance={extra.attendance}
        cancel={extra.cancel}
        errors={extra.errors}
      />,
    );
  };

  app.get(
    '/diary/appointments/:id',
    { config: staff, schema: { params: appointmentParams(), querystring: appointmentQuery() } },
    (request, reply) => showAppointment(request, reply, request.params.id, request.query),
  );

  app.post(
    '/diary/appointments/:id/cancel',
    { config: staff, schema: { params: appointmentParams(), body: formBody(cancelFields) } },
    async (request, reply) => {
      const appointmentId = request.params.id;
      const { values, input, errors } = parseStaffCancel(request.body);
      if (!input)
        return showAppointment(request, reply, appointmentId, {}, { cancel: values, errors });
      const result = await service.cancelAppointment(useCase(request), {
        by: 'staff',
        appointmentId,
        ...input,
        signedNote: slots.signedNote,
      });
      if (!result.ok)
        return 'errors' in result
          ? showAppointment(
              request,
              reply,
              appointmentId,
              {},
              {
                cancel: values,
                errors: result.errors,
              },
            )
          : renderNotFound(request, reply); // the service audited the refusal
      return reply.redirect(`/diary/appointments/${appointmentId}?done=cancelled`, 303);
    },
  );

  app.post(
    '/diary/appointments/:id/attendance',
    {
      config: staff,
      schema: { params: appointmentParams(), body: formBody({ status: field(), ...cancelFields }) },
    },
    async (request, reply) => {
      const appointmentId = request.params.id;
      const { values, input, errors } = parseAttendance(request.body);
      if (!input)
        return showAppointment(request, reply, appointmentId, {}, { attendance: values, errors });
      const uc = useCase(request);
      let done = 'cancelled';
      let result: service.Outcome;
      if (input.kind === 'cancelled')
        result = await service.cancelAppointment(uc, {
          by: 'staff',
          appointmentId,
          cancelledBy: input.cancelledBy,
          reason: input.reason,
          signedNote: slots.signedNote,
        });
      else {
        const recorded = await service.recordAttendance(uc, {
          appointmentId,
          status: input.status,
          signedNote: slots.signedNote,
        });
        if (recorded.ok) done = attendanceDone(recorded.value.missedMessage);
        result = recorded;
      }
      if (!result.ok)
        return 'errors' in result
          ? showAppointment(
              request,
              reply,
              appointmentId,
              {},
              {
                attendance: values,
                errors: result.errors,
              },
            )
          : renderNotFound(request, reply);
      return reply.redirect(`/diary/appointments/${appointmentId}?done=${done}`, 303);
    },
  );

  formRoute(fastify, ctx, {
    url: '/diary/appointments/:id/rearrange',
    access: staff.access,
    params: appointmentParams(),
    query: rearrangeQuery(),
    body: bookingBody(),
    // Only a booked appointment can be moved; any other answers 404, as before.
    load: async (request, { id }) => {
      const uc = useCase(request);
      const detail = await service.openAppointmentForStaff(uc, id);
      if (detail?.appointment.status !== 'booked') return null;
      return { detail, places: await service.placeOptions(uc) };
    },
    initial: ({ detail, places }, query) => {
      const a = detail.appointment;
      // A free time chosen from the week above replaces the date and time (and the room).
      const { date, time, room } = query;
      const picked = date && isIsoDate(date) && time && isLocalTime(time) ? { date, time } : null;
      const local = picked ?? utcToLondon(a.startsAt);
      const [year = '', month, day] = local.date.split('-');
      const pickedRoom = room ? places.rooms.find((r) => r.id === room) : undefined;
      return {
        ...readBookingValues({}),
        day: String(Number(day)),
        month: String(Number(month)),
        year,
        time: local.time,
        duration: String(minutesBetween(a.startsAt, a.endsAt)),
        mode: pickedRoom ? 'face_to_face' : a.mode,
        locationId: pickedRoom?.locationId ?? a.locationId ?? '',
        roomId: pickedRoom?.id ?? a.roomId ?? '',
      };
    },
    parse: (body) => {
      const { values, input, errors } = parseRearrange(body);
      return { values, result: input ? { ok: true, value: input } : { ok: false, errors } };
    },
    view: async ({ request, data, values, errors, csrfToken, query }) => ({
      title: `Rearrange the appointment: ${data.detail.patient.givenName} ${data.detail.patient.familyName}`,
      backLink: (
        <BackLink href={`/diary/appointments/${data.detail.appointment.id}`}>
          Back to the appointment
        </BackLink>
      ),
      body: (
        <RearrangePage
          csrfToken={csrfToken}
          detail={data.detail}
          values={values}
          errors={errors}
          locations={data.places.locations}
          rooms={data.places.rooms}
          freeTimes={await rearrangeFreeTimes(request, data, values, query)}
        />
      ),
    }),
    change: async (request, { detail }, input) => {
      const appointmentId = detail.appointment.id;
      const result = await service.rearrangeAppointment(useCase(request), {
        ...input,
        appointmentId,
      });
      if (!result.ok) return 'errors' in result ? { errors: result.errors } : null;
      // Nothing changed: say so, not "moved" or "told" (walk 9); a request stays open.
      const done = result.value.moved ? 'rearranged' : 'unchanged';
      return { redirect: `/diary/appointments/${appointmentId}?done=${done}` };
    },
  });

  // The patient asked to change it and the time stays: the request closes, they are told (walk 9).
  app.post(
    '/diary/appointments/:id/keep-time',
    { config: staff, schema: { params: appointmentParams(), body: formBody({}) } },
    async (request, reply) => {
      const appointmentId = request.params.id;
      const result = await service.keepRequestedTime(useCase(request), { appointmentId });
      if (!result.ok)
        return 'errors' in result
          ? showAppointment(request, reply, appointmentId, {}, { errors: result.errors })
          : renderNotFound(request, reply); // the service audited the refusal
      return reply.redirect(`/diary/appointments/${appointmentId}?done=time_kept`, 303);
    },
  );

  // A session the patient cancelled that needs no other (H29): it leaves the diary's list, the
  // reason kept. Whoever may see that list may say so; a session no longer on it goes to its page.
  formRoute(fastify, ctx, {
    url: '/diary/appointments/:id/no-other-session',
    access: staff.access,
    params: appointmentParams(),
    body: formBody({ why: field(), whyOther: formText(2000).optional() }),
    load: (request, { id }) =>
      service.openCancelledSession(
        useCase(request),
        id,
        request.method === 'POST' ? 'record' : 'read',
      ),
    check: (session) =>
      session.awaitsOffer ? null : `/diary/appointments/${session.appointmentId}`,
    initial: (): NoOtherSessionValues => ({ why: '', whyOther: '' }),
    parse: (body) => {
      const { values, input, errors } = parseNoOtherSession(body);
      return { values, result: input ? { ok: true, value: input } : { ok: false, errors } };
    },
    view: ({ request, data, values, errors, csrfToken }) => ({
      title: `No other session needed: ${data.patientName}`,
      backLink: <BackLink href={diaryOf(request, data.therapistId)}>Back to the diary</BackLink>,
      body: (
        <NoOtherSessionPage csrfToken={csrfToken} session={data} values={values} errors={errors} />
      ),
    }),
    change: async (request, session, input) => {
      const result = await service.recordNoOtherSession(useCase(request), {
        appointmentId: session.appointmentId,
        ...input,
      });
      if (!result.ok) return 'errors' in result ? { errors: result.errors } : null;
      const diary = diaryOf(request, result.value.therapistId);
      return { redirect: `${diary}${diary.includes('?') ? '&' : '?'}done=no-other-session` };
    },
  });

  // ---- Settings -------------------------------------------------------------------------------

  formRoute(fastify, ctx, {
    url: '/diary/settings',
    access: managers.access,
    body: formBody({
      extraClosures: formText(5000).optional(),
      reminderHours: field(),
      questionnaireDays: field(),
      plannedIptSessions: field(),
      officeDays: z.union([formText(10), formList(10)]).optional(),
      officeOpens: field(),
      officeCloses: field(),
      wallDays: z.union([formText(10), formList(10)]).optional(),
      wallOpens: field(),
      wallCloses: field(),
    }),
    load: (request) => service.currentSettings(useCase(request)),
    initial: ({ settings, officeHours }): SettingsValues => ({
      extraClosures: officeHours.extraClosures
        .map((d) => d.split('-').reverse().join('/'))
        .join('\n'),
      reminderHours: settings.reminderOffsetsMinutes.map((m) => String(m / 60)).join(', '),
      questionnaireDays: String(settings.questionnaireOpensDaysBefore),
      plannedIptSessions: String(settings.plannedIptSessions),
      officeDays: officeHours.days.map(String),
      officeOpens: officeHours.opens,
      officeCloses: officeHours.closes,
      wallDays: settings.wallHours?.days.map(String) ?? [],
      wallOpens: settings.wallHours?.opens ?? '',
      wallCloses: settings.wallHours?.closes ?? '',
    }),
    parse: (body) => {
      const { values, input, errors } = parseSettings(body);
      return { values, result: input ? { ok: true, value: input } : { ok: false, errors } };
    },
    view: ({ request, data, values, errors, csrfToken }) => ({
      title: 'Opening hours, closures and reminders',
      backLink: <BackLink href="/diary">Back to the diary</BackLink>,
      body: (
        <SettingsPage
          csrfToken={csrfToken}
          current={{
            extraClosures: data.officeHours.extraClosures,
            reminderOffsetsMinutes: data.settings.reminderOffsetsMinutes,
          }}
          saved={!errors && savedFlag(request)}
          errors={errors}
          values={values}
        />
      ),
    }),
    change: async (request, _data, input) => {
      const saved = await service.saveDiarySettings(useCase(request), input);
      if (!saved.ok) return { errors: saved.errors };
      return { redirect: '/diary/settings?saved=1' };
    },
  });
}

const savedQuery = queryOf({ saved: text });

/** "Settings saved" after the redirect (`?saved=1`); formRoute leaves the query to the view. */
function savedFlag(request: FastifyRequest): boolean {
  const parsed = savedQuery.safeParse(request.query);
  return parsed.success && parsed.data.saved === '1';
}
