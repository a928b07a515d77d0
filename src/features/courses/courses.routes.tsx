import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messageFor } from '../../ui/notices';
import { BackLink } from 'nhsuk-react-components';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IPT_MAX_SESSION_MINUTES, canDeliverIpt, type PhaseOverride } from '../../domain/ipt';
import type { Db } from '../../db/client';
import { inGroup, ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import {
  formBody,
  formText,
  optionalUuidQuery,
  queryOf,
  singleQuery,
  uuidParam,
} from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound, requireAuth } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import { diarySettings } from '../diary';
import {
  emailGpLetterAgain,
  lettersOnRecord,
  LettersOnRecordSection,
  recordGpLetterSentAnotherWay,
} from '../letters';
import { SharedNotesSection, sharedNotesForCourse } from '../notebook';
import * as therapists from '../therapists';
import { registerDischargeRoutes } from './courses.discharge.routes';
import { changeCourseTherapist } from './courses.handover';
import { ChangeTherapistPage } from './views/ChangeTherapistPage';
import {
  parseAllocation,
  parseCourseLength,
  parseTherapistChange,
  preferenceFromAnswers,
  type AllocationValues,
  type ChangeTherapistValues,
  type LengthValues,
} from './courses.forms';
import {
  allocate,
  caseloadSizes,
  changeCourseLength,
  courseChangeNotice,
  coursesFor,
  maySeeCourse,
  openAllocation,
  openCourse,
  waitingList,
} from './courses.service';
import {
  AllocateListPage,
  AllocatePage,
  CoursePage,
  CoursesPage,
  type TherapistOption,
} from './views/CoursePages';

/** What the course page asks of features that depend on courses, handed in from app.tsx. */
export interface CourseRouteDeps {
  /**
   * The therapist's phase override from the IPT workspace (ipt imports courses, so it is handed
   * in), so the course page names the same phase as the workspace and supervision (walk 11).
   */
  phaseOverride?: (db: Db, serviceId: string, courseId: string) => Promise<PhaseOverride | null>;
}

export function registerCourseRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  deps: CourseRouteDeps = {},
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Fresh per route: the edge adds default query and body schemas to the object it is given.
  const referralParams = () => ({ params: z.object({ referralId: uuidParam }) });
  const courseParams = () => ({ params: z.object({ courseId: uuidParam }) });
  // The forms' own fields, bounded at the edge; the parsers in courses.forms give field errors.
  const lengthFields = {
    plannedSessions: formText(20).default(''),
    sessionMinutes: formText(20).default(''),
    lengthReason: formText(1000).default(''),
  };
  const allocateBody = () =>
    formBody({
      therapistId: formText(100).default(''),
      modePreference: formText(40).default(''),
      ...lengthFields,
    });
  const lengthBody = () => formBody(lengthFields);
  registerDischargeRoutes(fastify, ctx);
  const staff = { access: ROLE_GROUPS.clinical };
  const allocators = { access: ROLE_GROUPS.allocators };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  // After a change that sends its maker away from a course they may not see (`afterChange`).
  const changeQuery = () => ({
    querystring: queryOf({ done: singleQuery.optional(), course: optionalUuidQuery }),
  });
  /**
   * Where a change to a course sends the person who made it: to the course when they may see
   * it, else to `elsewhere` (a list they may see), whose banner names the patient and therapist.
   */
  const afterChange = async (
    request: FastifyRequest,
    courseId: string,
    elsewhere: '/courses/allocate?done=allocated' | '/courses?done=handed_over',
  ) =>
    (await maySeeCourse(useCase(request), courseId))
      ? `/courses/${courseId}`
      : `${elsewhere}&course=${courseId}`;

  app.get('/courses', { config: staff, schema: changeQuery() }, async (request, reply) => {
    const { rows, heading, canAllocate } = await coursesFor(useCase(request));
    const { done, course } = request.query;
    const handedOver =
      done === 'handed_over' && course
        ? await courseChangeNotice(useCase(request), {
            courseId: course,
            action: 'course.change_therapist',
          })
        : null;
    return ctx.page(
      request,
      reply,
      { title: 'Courses of treatment' },
      <CoursesPage
        notice={
          handedOver
            ? `${handedOver.therapistName} is now ${handedOver.patientName}’s therapist`
            : undefined
        }
        heading={heading}
        canAllocate={canAllocate}
        rows={rows.map((r) => ({
          id: r.course.id,
          patientName: `${r.patientGivenName} ${r.patientFamilyName}`,
          therapistName: r.therapistName,
          plannedSessions: r.course.plannedSessions,
          attendedSessions: r.course.attendedSessions,
          bookedSessions: r.bookedSessions,
          nextAppointment: r.nextAppointment ? new Date(r.nextAppointment) : null,
          status: r.course.status,
        }))}
      />,
    );
  });

  app.get(
    '/courses/allocate',
    { config: allocators, schema: changeQuery() },
    async (request, reply) => {
      const rows = await waitingList(useCase(request));
      const { done, course } = request.query;
      const allocated =
        done === 'allocated' && course
          ? await courseChangeNotice(useCase(request), {
              courseId: course,
              action: 'course.allocate',
            })
          : null;
      return ctx.page(
        request,
        reply,
        { title: 'Allocate from the IPT waiting list' },
        <AllocateListPage
          notice={
            allocated
              ? `${allocated.patientName} is allocated to ${allocated.therapistName}`
              : undefined
          }
          now={ctx.clock.now()}
          rows={rows.map((r) => ({
            referralId: r.referralId,
            reference: r.reference,
            urgent: r.urgent,
            receivedAt: r.receivedAt,
            patientName: `${r.givenName} ${r.familyName}`,
            dateOfBirth: r.dateOfBirth,
          }))}
        />,
      );
    },
  );

  const therapistOptions = async (request: FastifyRequest): Promise<TherapistOption[]> => {
    const sizes = await caseloadSizes(useCase(request));
    // Only those who can sign in: an invited colleague could not see the course or its alerts.
    return (await therapists.listTherapists(ctx.db, request.service.id))
      .filter((t) => t.canSignIn)
      .map((t) => {
        const p = therapists.practitionerFrom(t.profile);
        return {
          id: t.userId,
          displayName: t.displayName,
          canDeliverIpt: p ? canDeliverIpt(p).ok : false,
          caseloadSize: sizes.get(t.userId) ?? 0,
        };
      });
  };

  const showAllocate = async (
    request: FastifyRequest,
    reply: FastifyReply,
    {
      referralId,
      values,
      errors,
    }: { referralId: string; values: AllocationValues | null; errors?: FieldError[] },
  ) => {
    // The form is for referrals on the waiting list; after a refused post it shows again.
    const opened = await openAllocation(useCase(request), {
      referralId,
      afterRefusal: errors !== undefined,
    });
    if (!opened) return renderNotFound(request, reply);
    const { referral, patient } = opened;
    const { settings } = await diarySettings(ctx.db, request.service.id);
    // What the patient said on their referral: prefilled, and shown so the allocator can see it.
    const preference = preferenceFromAnswers(referral.answers);
    return ctx.page(
      request,
      reply,
      {
        title: 'Allocate to a therapist',
        hasErrors: (errors?.length ?? 0) > 0,
        backLink: <BackLink href="/courses/allocate">Back to the waiting list</BackLink>,
      },
      <AllocatePage
        csrfToken={reply.generateCsrf()}
        referralId={referralId}
        patientName={`${patient.givenName} ${patient.familyName}`}
        reference={referral.reference}
        therapists={await therapistOptions(request)}
        preference={preference}
        values={
          values ?? {
            therapistId: '',
            plannedSessions: String(settings.plannedIptSessions),
            sessionMinutes: String(IPT_MAX_SESSION_MINUTES),
            lengthReason: '',
            modePreference: preference.mode ?? '',
          }
        }
        errors={errors}
      />,
    );
  };

  app.get(
    '/courses/allocate/:referralId',
    { config: allocators, schema: referralParams() },
    async (request, reply) =>
      showAllocate(request, reply, { referralId: request.params.referralId, values: null }),
  );

  app.post(
    '/courses/allocate/:referralId',
    { config: allocators, schema: { ...referralParams(), body: allocateBody() } },
    async (request, reply) => {
      const { values, input, errors } = parseAllocation(request.body);
      if (!input)
        return showAllocate(request, reply, {
          referralId: request.params.referralId,
          values,
          errors,
        });
      const result = await allocate(useCase(request), {
        referralId: request.params.referralId,
        allocation: input,
      });
      if (!result.ok)
        return 'errors' in result
          ? showAllocate(request, reply, {
              referralId: request.params.referralId,
              values,
              errors: result.errors,
            })
          : renderNotFound(request, reply);
      // A supervisor who allocates to a therapist they do not supervise cannot open the course.
      return reply.redirect(
        await afterChange(request, result.value, '/courses/allocate?done=allocated'),
        303,
      );
    },
  );

  /** What the course page says after a change sent the user back to it (`?done=`). */
  const COURSE_NOTICES = {
    discharged:
      'Discharged. The course and the referral are closed, booked sessions are cancelled, and the letters are written. The patient has been asked for feedback.',
  } as const;

  const showCourse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    {
      courseId,
      errors,
      length,
    }: {
      courseId: string;
      errors?: FieldError[];
      /** The length form's answers, kept when it is refused. */
      length?: LengthValues;
    },
  ) => {
    const view = await openCourse(useCase(request), { courseId });
    if (!view) return renderNotFound(request, reply);
    // The notes the patient chose to share from their notebook (issue 11), for their therapist.
    const sharedNotes = await sharedNotesForCourse(useCase(request), { courseId });
    // Discharge and onward-referral letters, so staff can open and print what was sent.
    const letters = await lettersOnRecord(useCase(request), view.patient);
    const booked = view.appointments.filter(
      (a) => a.appointment.type === 'ipt_session' && a.appointment.status === 'booked',
    ).length;
    const phaseOverride =
      view.course.status === 'active' && deps.phaseOverride
        ? await deps.phaseOverride(ctx.db, view.course.serviceId, view.course.id)
        : null;
    return ctx.page(
      request,
      reply,
      {
        title: `Course: ${view.patient.givenName} ${view.patient.familyName}`,
        hasErrors: (errors?.length ?? 0) > 0,
        backLink: <BackLink href="/courses">Back to courses</BackLink>,
      },
      <>
        <CoursePage
          csrfToken={reply.generateCsrf()}
          view={view}
          bookedSessions={booked}
          outcome={view.outcome}
          errors={errors}
          lengthValues={length}
          canBook={view.canBook}
          phaseOverride={phaseOverride}
          canChangeTherapist={inGroup(requireAuth(request).roles, 'allocators')}
          notice={
            errors
              ? undefined
              : messageFor(COURSE_NOTICES, (request.query as { done?: string } | null)?.done)
          }
        />
        <SharedNotesSection notes={sharedNotes} />
        <LettersOnRecordSection
          letters={letters}
          actionBase={`/courses/${view.course.id}/letters`}
          gpEmail={view.patient.gpEmail}
          changeDetailsHref={view.changeDetailsHref}
          csrfToken={reply.generateCsrf()}
        />
      </>,
    );
  };

  app.get('/courses/:courseId', { config: staff, schema: courseParams() }, (request, reply) =>
    showCourse(request, reply, { courseId: request.params.courseId }),
  );

  // What can be done from the course page about a GP letter that did not reach the practice:
  // email it again to the practice email now on the record (after a failed send, or once the
  // practice email has been added), or record that it was sent another way.
  const gpLetterActions = {
    'email-gp': emailGpLetterAgain,
    'sent-another-way': recordGpLetterSentAnotherWay,
  } as const;
  for (const [path, act] of Object.entries(gpLetterActions))
    app.post(
      `/courses/:courseId/letters/:letterId/${path}`,
      {
        config: staff,
        schema: {
          params: z.object({ courseId: uuidParam, letterId: uuidParam }),
          body: formBody({}),
        },
      },
      async (request, reply) => {
        const { courseId, letterId } = request.params;
        const view = await openCourse(useCase(request), { courseId });
        if (!view) return renderNotFound(request, reply);
        const done = await act(useCase(request), { letterId, patient: view.patient });
        if (done === 'not_found') return renderNotFound(request, reply);
        return reply.redirect(`/courses/${courseId}#letters`, 303);
      },
    );

  // A course handed over to another therapist (a leaver, long leave, a match that is not working).
  formRoute(fastify, ctx, {
    url: '/courses/:courseId/therapist',
    access: ROLE_GROUPS.allocators,
    params: z.object({ courseId: uuidParam }),
    body: formBody({ therapistId: formText(100).optional(), reason: formText(4000).optional() }),
    load: async (request, { courseId }) => {
      const view = await openCourse(useCase(request), { courseId });
      if (!view) return null;
      return { view, options: await therapistOptions(request) };
    },
    check: ({ view }) => (view.course.status === 'active' ? null : `/courses/${view.course.id}`),
    initial: (): ChangeTherapistValues => ({ therapistId: '', reason: '' }),
    parse: (body, { options }) =>
      parseTherapistChange(
        body,
        options.map((t) => t.id),
      ),
    view: ({ data: { view, options }, values, errors, csrfToken }) => ({
      title: `Change therapist: ${view.patient.givenName} ${view.patient.familyName}`,
      backLink: <BackLink href={`/courses/${view.course.id}`}>Back to the course</BackLink>,
      body: (
        <ChangeTherapistPage
          courseId={view.course.id}
          patientName={`${view.patient.givenName} ${view.patient.familyName}`}
          therapistName={view.therapistName}
          bookedSessions={
            view.appointments.filter(
              (a) =>
                a.appointment.status === 'booked' &&
                a.appointment.startsAt.getTime() > ctx.clock.now().getTime(),
            ).length
          }
          therapists={options.filter((t) => t.id !== view.course.therapistId)}
          csrfToken={csrfToken}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, { view }, value) => {
      // Handed over already (a second click): nothing more to do.
      if (value.therapistId === view.course.therapistId)
        return { redirect: `/courses/${view.course.id}` };
      const result = await changeCourseTherapist(useCase(request), {
        courseId: view.course.id,
        therapistId: value.therapistId,
        reason: value.reason,
      });
      if (!result.ok) return 'errors' in result ? { errors: result.errors } : null;
      // Handed to a therapist the supervisor does not supervise, the course is no longer theirs.
      return {
        redirect: await afterChange(request, view.course.id, '/courses?done=handed_over'),
      };
    },
  });

  app.post(
    '/courses/:courseId/length',
    { config: staff, schema: { ...courseParams(), body: lengthBody() } },
    async (request, reply) => {
      const { courseId } = request.params;
      const { values, length, errors } = parseCourseLength(request.body);
      if (!length) return showCourse(request, reply, { courseId, errors, length: values });
      const result = await changeCourseLength(useCase(request), { courseId, length });
      if (!result.ok)
        return 'errors' in result
          ? showCourse(request, reply, { courseId, errors: result.errors, length: values })
          : renderNotFound(request, reply);
      return reply.redirect(`/courses/${courseId}`, 303);
    },
  );
}
