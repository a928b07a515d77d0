import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { daysStillWaiting } from './waiting';
import { inGroup, ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { anyQuery } from '../../platform/edge';
import { renderNotFound, requireAuth } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import { answerRows } from './referral-answers';
import {
  assessmentBody,
  bookingBody,
  bookQuery,
  closeBody,
  emptyAssessmentValues,
  matchBody,
  onwardLetterBody,
  onwardLetterParams,
  onwardParams,
  onwardSentBody,
  queueQuery,
  referralParams,
  referralQuery,
  parseAssessment,
  parseBooking,
  parseClose,
  parseMatch,
  parseOnwardSent,
  parseQueueFilter,
  statusesFor,
  type AssessmentValues,
  type BookingValues,
  type CloseValues,
} from './triage.forms';
import type { ReferralRow } from './triage.repository';
import type { z } from 'zod';
import * as triage from './triage.service';
import { actOnOnwardGpLetter, knownReceivingServices, recordOnwardSent } from './triage.onward';
import type { BookingOptions } from './triage.service';
import { BookPage } from './views/BookPage';
import {
  assessmentFreeTimes,
  FREE_TIMES_LOOK_AHEAD_WEEKS,
  FreeTimesPanel,
  freeTimesWeek,
} from '../diary';
import { isIsoDate, isLocalTime, utcToLondon } from '../../domain/calendar';
import { ClosePage, defaultCloseMessage } from './views/ClosePage';
import { RecordAssessmentPage } from './views/RecordAssessmentPage';
import { noticeFor, ReferralPage } from './views/ReferralPage';
import { ReferralQueuePage } from './views/ReferralQueuePage';
import { WaitingListPage } from './views/WaitingListPage';
import { messageFor } from '../../ui/notices';

type BookQuery = Partial<z.output<typeof bookQuery>>;

const PROBLEMS: Record<string, string> = {
  already_linked: 'This referral is already linked to a patient record.',
  closed: 'This referral is closed.',
  not_found: 'This referral could not be found.',
  not_candidate: 'That patient record is not a possible match for this referral.',
  nhs_number_in_use:
    'A patient record with this NHS number already exists, so a new one cannot be made: link the referral to that record.',
  not_open: 'This referral can no longer be closed: it has been closed or has moved on.',
  needs_match:
    'Before closing this referral, link it to the right patient record (or create a new one) on the referral page: the message to the person is kept in their record for them to read when they sign in.',
  not_bookable:
    'An assessment cannot be booked for this referral now. It needs a patient record, and must not have a decision yet.',
  no_booking: 'There is no booked assessment to record for this referral.',
};

/** Staff triage: the referral queue, a referral, its actions, and the IPT waiting list. */
export function registerTriageRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const clinical = { access: ROLE_GROUPS.clinical };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  const backTo = (referral: ReferralRow) => (
    <BackLink href={`/staff/referrals/${referral.id}`}>Back to the referral</BackLink>
  );

  const open = (request: FastifyRequest, referralId: string, purpose: string) =>
    triage.openReferral(useCase(request), { referralId, purpose });

  /**
   * Opens the referral the path names (audited for `purpose`) and goes on with it, or answers 404
   * when it is missing or not the actor's to see.
   */
  const withReferral = async (
    request: FastifyRequest & { params: { referralId: string } },
    reply: FastifyReply,
    purpose: string,
    then: (referral: ReferralRow) => Promise<unknown>,
  ) => {
    const referral = await open(request, request.params.referralId, purpose);
    return referral ? then(referral) : renderNotFound(request, reply);
  };

  /** The referral page: after an action, with a problem (409) or a match error (400). */
  async function showReferral(
    request: FastifyRequest,
    reply: FastifyReply,
    referral: ReferralRow,
    opts: { errors?: FieldError[]; problem?: string; status?: number } = {},
  ) {
    const details = await triage.referralDetails(useCase(request), referral);
    // Only the referral page reads these; after a refused action the page shows no notice.
    const parsed = referralQuery.safeParse(request.query);
    const query = parsed.success ? parsed.data : {};
    return ctx.page(
      request,
      reply,
      {
        title: `Referral ${referral.reference}`,
        hasErrors: (opts.errors?.length ?? 0) > 0,
        backLink: <BackLink href="/staff/referrals">Back to referrals</BackLink>,
        status: opts.status,
      },
      <ReferralPage
        referral={referral}
        details={details}
        answers={answerRows(referral.answers)}
        daysWaiting={daysStillWaiting(referral, ctx.clock.now())}
        csrfToken={reply.generateCsrf()}
        actions={{
          canBook: triage.canBook(referral),
          canRecord:
            referral.status === 'assessment_booked' &&
            details.assessments.some((a) => a.status === 'booked'),
          canClose: triage.canClose(referral),
        }}
        notice={opts.errors || opts.problem ? null : noticeFor(query)}
        problem={opts.problem}
        errors={opts.errors}
      />,
    );
  }

  const conflict = async (
    request: FastifyRequest,
    reply: FastifyReply,
    referralId: string,
    reason: string,
  ) => {
    const fresh = await open(request, referralId, 'show after refused action');
    if (!fresh) return renderNotFound(request, reply);
    return showReferral(request, reply, fresh, {
      problem: messageFor(PROBLEMS, reason) ?? 'Someone may have changed this referral.',
      status: 409,
    });
  };

  const back = (reply: FastifyReply, referralId: string, query: Record<string, string>) =>
    reply.redirect(`/staff/referrals/${referralId}?${new URLSearchParams(query).toString()}`, 303);

  // ---- queue and referral page ----

  app.get(
    '/staff/referrals',
    { config: clinical, schema: { querystring: queueQuery } },
    async (request, reply) => {
      const filter = parseQueueFilter(request.query);
      const rows = await triage.referralQueue(useCase(request), {
        statuses: statusesFor(filter),
      });
      return ctx.page(
        request,
        reply,
        { title: 'Referrals' },
        <ReferralQueuePage filter={filter} rows={rows} />,
      );
    },
  );

  app.get(
    '/staff/referrals/:referralId',
    { config: clinical, schema: { params: referralParams, querystring: referralQuery } },
    (request, reply) =>
      withReferral(request, reply, 'triage', (referral) => showReferral(request, reply, referral)),
  );

  // ---- matching or creating the patient record ----

  app.post(
    '/staff/referrals/:referralId/match',
    { config: clinical, schema: { params: referralParams, body: matchBody } },
    (request, reply) =>
      withReferral(request, reply, 'match to patient', async (referral) => {
        if (referral.patientId) return conflict(request, reply, referral.id, 'already_linked');
        const details = await triage.referralDetails(useCase(request), referral);
        const parsed = parseMatch(
          request.body,
          details.candidates.map((c) => c.id),
        );
        if (!parsed.ok) return showReferral(request, reply, referral, { errors: parsed.errors });
        const result = await triage.matchReferral(useCase(request), {
          referralId: referral.id,
          patientId: parsed.value,
        });
        if (!result.ok) return conflict(request, reply, referral.id, result.reason);
        return back(reply, referral.id, { done: 'matched' });
      }),
  );

  app.post(
    '/staff/referrals/:referralId/create-patient',
    { config: clinical, schema: { params: referralParams } },
    (request, reply) =>
      withReferral(request, reply, 'create patient record', async (referral) => {
        const result = await triage.createPatientFromReferral(useCase(request), {
          referralId: referral.id,
        });
        if (!result.ok) return conflict(request, reply, referral.id, result.reason);
        return back(reply, referral.id, { done: 'created' });
      }),
  );

  // ---- the onward-referral letter, sent to the receiving service by staff (H27) ----

  app.post(
    '/staff/referrals/:referralId/onward/:onwardId/sent',
    { config: clinical, schema: { params: onwardParams, body: onwardSentBody } },
    (request, reply) =>
      withReferral(request, reply, 'record onward referral sent', async (referral) => {
        const parsed = parseOnwardSent(request.body);
        if (!parsed.ok) return showReferral(request, reply, referral, { errors: parsed.errors });
        const result = await recordOnwardSent(useCase(request), {
          referral,
          onwardId: request.params.onwardId,
          how: parsed.value,
        });
        if (result === 'not_found') return renderNotFound(request, reply);
        // Recorded already (a double click, or a colleague): the record says so either way.
        return back(reply, referral.id, { done: 'onward_sent' });
      }),
  );

  // The GP's copy of an onward letter that did not reach the practice (H27): email it again to
  // the practice email now on the record, or record that it was sent another way.
  for (const action of ['email-gp', 'sent-another-way'] as const)
    app.post(
      `/staff/referrals/:referralId/letters/:letterId/${action}`,
      { config: clinical, schema: { params: onwardLetterParams, body: onwardLetterBody } },
      (request, reply) =>
        withReferral(request, reply, 'send onward letter to GP', async (referral) => {
          const { letterId } = request.params;
          const done = await actOnOnwardGpLetter(useCase(request), { referral, letterId, action });
          if (done === 'not_found') return renderNotFound(request, reply);
          return reply.redirect(`/staff/referrals/${referral.id}#onward`, 303);
        }),
    );

  // ---- closing ----

  const closePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    referral: ReferralRow,
    values: CloseValues,
    errors?: FieldError[],
  ) =>
    ctx.page(
      request,
      reply,
      {
        title: `Close this referral: ${referral.givenName} ${referral.familyName}`,
        hasErrors: !!errors,
        backLink: backTo(referral),
      },
      <ClosePage
        referral={referral}
        values={values}
        recipients={await triage.recipientsFor(useCase(request), referral)}
        openAlerts={await triage.openAlertsBeforeClose(useCase(request), referral)}
        csrfToken={reply.generateCsrf()}
        errors={errors}
      />,
    );

  app.get(
    '/staff/referrals/:referralId/close',
    { config: clinical, schema: { params: referralParams } },
    (request, reply) =>
      withReferral(request, reply, 'close referral', async (referral) => {
        if (!triage.canClose(referral)) return conflict(request, reply, referral.id, 'not_open');
        if (await triage.closeNeedsMatch(useCase(request), referral))
          return conflict(request, reply, referral.id, 'needs_match');
        return closePage(request, reply, referral, {
          reason: '',
          duplicateOf: '',
          note: '',
          message: defaultCloseMessage(ctx.config.serviceName),
        });
      }),
  );

  app.post(
    '/staff/referrals/:referralId/close',
    { config: clinical, schema: { params: referralParams, body: closeBody } },
    (request, reply) =>
      withReferral(request, reply, 'close referral', async (referral) => {
        if (!triage.canClose(referral)) return conflict(request, reply, referral.id, 'not_open');
        const { values, result } = parseClose(request.body);
        if (!result.ok) return closePage(request, reply, referral, values, result.errors);
        const closed = await triage.closeReferral(useCase(request), {
          referralId: referral.id,
          form: result.value,
        });
        // Open risk alerts (H2): the form again, its answers kept, saying what to do first.
        if (!closed.ok && closed.reason === 'open_risk')
          return closePage(request, reply, referral, values, [
            { field: 'open-risk-alerts', message: closed.problem },
          ]);
        if (!closed.ok && closed.reason === 'invalid')
          return closePage(request, reply, referral, values, closed.errors);
        if (!closed.ok) return conflict(request, reply, referral.id, closed.reason);
        // A duplicate sends nothing: the person hears from us about their other referral (H4).
        if (closed.duplicateOf !== null)
          return back(reply, referral.id, { done: 'closed_duplicate' });
        return back(reply, referral.id, { done: 'closed', sent: closed.channels.join(',') });
      }),
  );

  // ---- booking the assessment ----

  const bookPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    referral: ReferralRow,
    options: BookingOptions,
    values: BookingValues,
    errors?: FieldError[],
    query: BookQuery = {},
  ) => {
    const context = await triage.assessmentContext(useCase(request), referral);
    const current = context?.assessment ?? null;
    return ctx.page(
      request,
      reply,
      { title: 'Book the wellbeing assessment', hasErrors: !!errors, backLink: backTo(referral) },
      <BookPage
        referral={referral}
        clinicians={options.clinicians}
        rooms={options.rooms}
        current={current}
        values={values}
        recipients={await triage.recipientsFor(useCase(request), referral)}
        csrfToken={reply.generateCsrf()}
        errors={errors}
        freeTimes={await freeTimesFor(request, referral, options, values, query, current)}
      />,
    );
  };

  /**
   * The chosen clinician's (and, face to face, the room's) free times for an hour's assessment,
   * for the query's week. A re-booking replaces the current one, so its own time counts as free.
   */
  const freeTimesFor = async (
    request: FastifyRequest,
    referral: ReferralRow,
    options: BookingOptions,
    values: BookingValues,
    query: BookQuery,
    current: { appointmentId: string | null } | null,
  ) => {
    if (!referral.patientId) return null;
    const clinicianId = values.clinicianId;
    const known = options.clinicians.some((c) => c.id === clinicianId);
    const roomId = query.room ?? (values.mode === 'face_to_face' ? values.roomId : '');
    const week = freeTimesWeek(query.week, query.date ?? null, utcToLondon(ctx.clock.now()).date);
    const free = known
      ? await assessmentFreeTimes(useCase(request), {
          patientId: referral.patientId,
          therapistId: clinicianId,
          roomId: roomId || null,
          week,
          durationMinutes: triage.ASSESSMENT_MINUTES,
          excludeAppointmentId: current?.appointmentId ?? null,
          lookAheadWeeks: query.week || query.date ? 0 : FREE_TIMES_LOOK_AHEAD_WEEKS,
        })
      : null;
    return (
      <FreeTimesPanel
        action={`/staff/referrals/${referral.id}/book`}
        therapistParam="clinician"
        therapistLabel="Clinician"
        free={free}
        week={week}
        keep={{}}
        therapists={options.clinicians.map((c) => ({ id: c.id, name: c.displayName }))}
        therapistId={known ? clinicianId : ''}
        rooms={options.rooms}
        roomId={free?.room?.id ?? ''}
      />
    );
  };

  app.get(
    '/staff/referrals/:referralId/book',
    { config: clinical, schema: { params: referralParams, querystring: bookQuery } },
    (request, reply) =>
      withReferral(request, reply, 'book assessment', async (referral) => {
        if (!triage.canBook(referral)) return conflict(request, reply, referral.id, 'not_bookable');
        const options = await triage.bookingOptions(useCase(request));
        const { userId } = requireAuth(request);
        const mine = options.clinicians.some((c) => c.id === userId);
        // A free time chosen from the week above fills the date, time and (face to face) room.
        const { clinician, date, time, room } = request.query;
        const chosen = clinician && options.clinicians.some((c) => c.id === clinician);
        const picked = date && isIsoDate(date) && time && isLocalTime(time) ? { date, time } : null;
        const [year = '', month = '', day = ''] = picked ? picked.date.split('-') : [];
        const pickedRoom = room ? options.rooms.find((r) => r.id === room) : undefined;
        return bookPage(
          request,
          reply,
          referral,
          options,
          {
            clinicianId: chosen ? clinician : mine ? userId : '',
            day: picked ? String(Number(day)) : '',
            month: picked ? String(Number(month)) : '',
            year,
            time: picked?.time ?? '',
            mode: pickedRoom ? 'face_to_face' : '',
            roomId: pickedRoom?.id ?? '',
            outsideHours: '',
            outsideHoursReason: '',
          },
          undefined,
          request.query,
        );
      }),
  );

  app.post(
    '/staff/referrals/:referralId/book',
    { config: clinical, schema: { params: referralParams, body: bookingBody } },
    (request, reply) =>
      withReferral(request, reply, 'book assessment', async (referral) => {
        if (!triage.canBook(referral)) return conflict(request, reply, referral.id, 'not_bookable');
        const options = await triage.bookingOptions(useCase(request));
        const { values, result } = parseBooking(request.body, {
          now: ctx.clock.now(),
          clinicianIds: options.clinicians.map((c) => c.id),
          roomIds: options.rooms.map((r) => r.id),
        });
        if (!result.ok) return bookPage(request, reply, referral, options, values, result.errors);
        const booked = await triage.bookAssessment(useCase(request), {
          referralId: referral.id,
          form: result.value,
        });
        // Busy at that time (the diary refused a double booking) or a room no longer in use.
        if (!booked.ok && booked.reason === 'invalid')
          return bookPage(request, reply, referral, options, values, booked.errors);
        if (!booked.ok) return conflict(request, reply, referral.id, booked.reason);
        return back(reply, referral.id, { done: 'booked', sent: booked.channels.join(',') });
      }),
  );

  // ---- recording the assessment ----

  const recordPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    referral: ReferralRow,
    values: AssessmentValues,
    errors?: FieldError[],
  ) => {
    const context = await triage.assessmentContext(useCase(request), referral);
    if (referral.status !== 'assessment_booked' || !context)
      return conflict(request, reply, referral.id, 'no_booking');
    const check = triage.recordingCheck(context.assessment, ctx.clock.now());
    return ctx.page(
      request,
      reply,
      {
        title: 'Record the wellbeing assessment',
        hasErrors: check.ok && !!errors,
        backLink: backTo(referral),
        // A refused early recording says so; the page before it is an ordinary page.
        status: !check.ok && request.method === 'POST' ? 409 : undefined,
      },
      <RecordAssessmentPage
        referral={referral}
        assessment={context.assessment}
        clinicianName={context.clinicianName}
        patientEmail={context.patient.email}
        invitation={triage.invitationOutlook(context.patient)}
        values={
          request.method === 'GET'
            ? {
                ...values,
                gpEmail: context.patient.gpEmail ?? '',
                lettersByEmail: context.patient.allowLettersByEmail ? 'yes' : '',
              }
            : values
        }
        recipients={await triage.recipientsFor(useCase(request), referral)}
        receivingServices={await knownReceivingServices(useCase(request))}
        csrfToken={reply.generateCsrf()}
        errors={check.ok ? errors : undefined}
        opensAt={check.ok ? null : check.opensAt}
      />,
    );
  };

  app.get(
    '/staff/referrals/:referralId/assessment',
    { config: clinical, schema: { params: referralParams } },
    (request, reply) =>
      withReferral(request, reply, 'record assessment', (referral) =>
        recordPage(request, reply, referral, emptyAssessmentValues()),
      ),
  );

  app.post(
    '/staff/referrals/:referralId/assessment',
    { config: clinical, schema: { params: referralParams, body: assessmentBody } },
    (request, reply) =>
      withReferral(request, reply, 'record assessment', async (referral) => {
        const { values, result } = parseAssessment(request.body);
        if (!result.ok) return recordPage(request, reply, referral, values, result.errors);
        const recorded = await triage.recordAssessment(useCase(request), {
          referralId: referral.id,
          form: result.value,
        });
        if (!recorded.ok && recorded.reason === 'not_started')
          return recordPage(request, reply, referral, values);
        if (!recorded.ok && recorded.reason === 'invalid')
          return recordPage(request, reply, referral, values, recorded.errors);
        if (!recorded.ok) return conflict(request, reply, referral.id, recorded.reason);
        return back(reply, referral.id, {
          done: 'recorded',
          sent: recorded.channels.join(','),
          ...(recorded.invitation === 'not_offered' || recorded.invitation === 'has_account'
            ? {}
            : { invite: recorded.invitation }),
          // Referred on: the letter is theirs to send now (H27).
          ...(recorded.status === 'other_treatment' ? { onward: 'send' } : {}),
        });
      }),
  );

  // ---- the IPT waiting list ----

  app.get(
    '/staff/waiting-list',
    { config: clinical, schema: { querystring: anyQuery } },
    async (request, reply) => {
      const rows = await triage.iptWaitingList(useCase(request));
      // The same role group as /courses/allocate.
      const canAllocate = inGroup(requireAuth(request).roles, 'allocators');
      return ctx.page(
        request,
        reply,
        { title: 'IPT waiting list' },
        <WaitingListPage rows={rows} canAllocate={canAllocate} />,
      );
    },
  );
}
