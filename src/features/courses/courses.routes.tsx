import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canDeliverIpt } from '../../domain/ipt';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { uuidParam } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import { diarySettings } from '../diary';
import * as therapists from '../therapists';
import { parseAllocation, parseEndCourse, type AllocationValues } from './courses.forms';
import {
  allocate,
  coursesFor,
  endCourse,
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

export function registerCourseRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Fresh per route: the edge adds default query and body schemas to the object it is given.
  const referralParams = () => ({ params: z.object({ referralId: uuidParam }) });
  const courseParams = () => ({ params: z.object({ courseId: uuidParam }) });
  const staff = { access: ROLE_GROUPS.clinical };
  const allocators = { access: ROLE_GROUPS.allocators };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get('/courses', { config: staff }, async (request, reply) => {
    const { rows, heading, canAllocate } = await coursesFor(useCase(request));
    return ctx.page(
      request,
      reply,
      { title: 'Courses of treatment' },
      <CoursesPage
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

  app.get('/courses/allocate', { config: allocators }, async (request, reply) => {
    const rows = await waitingList(useCase(request));
    return ctx.page(
      request,
      reply,
      { title: 'Allocate from the IPT waiting list' },
      <AllocateListPage
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
  });

  const therapistOptions = async (serviceId: string): Promise<TherapistOption[]> =>
    (await therapists.listTherapists(ctx.db, serviceId))
      .filter((t) => t.active)
      .map((t) => {
        const p = therapists.practitionerFrom(t.profile);
        return {
          id: t.userId,
          displayName: t.displayName,
          canDeliverIpt: p ? canDeliverIpt(p).ok : false,
        };
      });

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
    return ctx.page(
      request,
      reply,
      { title: 'Allocate to a therapist', hasErrors: (errors?.length ?? 0) > 0 },
      <AllocatePage
        csrfToken={reply.generateCsrf()}
        referralId={referralId}
        patientName={`${patient.givenName} ${patient.familyName}`}
        reference={referral.reference}
        therapists={await therapistOptions(request.service.id)}
        values={
          values ?? {
            therapistId: '',
            plannedSessions: String(settings.plannedIptSessions),
            modePreference: '',
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
    { config: allocators, schema: referralParams() },
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
      return reply.redirect(`/courses/${result.value}`, 303);
    },
  );

  const showCourse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    {
      courseId,
      errors,
      endReason,
    }: { courseId: string; errors?: FieldError[]; endReason?: string },
  ) => {
    const view = await openCourse(useCase(request), { courseId });
    if (!view) return renderNotFound(request, reply);
    const booked = view.appointments.filter(
      (a) => a.appointment.type === 'ipt_session' && a.appointment.status === 'booked',
    ).length;
    return ctx.page(
      request,
      reply,
      {
        title: `Course: ${view.patient.givenName} ${view.patient.familyName}`,
        hasErrors: (errors?.length ?? 0) > 0,
      },
      <CoursePage
        csrfToken={reply.generateCsrf()}
        view={view}
        bookedSessions={booked}
        outcome={view.outcome}
        errors={errors}
        endReason={endReason}
        canBook={view.canBook}
      />,
    );
  };

  app.get('/courses/:courseId', { config: staff, schema: courseParams() }, (request, reply) =>
    showCourse(request, reply, { courseId: request.params.courseId }),
  );

  app.post(
    '/courses/:courseId/end',
    { config: staff, schema: courseParams() },
    async (request, reply) => {
      const { reason, errors } = parseEndCourse(request.body);
      if (errors.length > 0)
        return showCourse(request, reply, {
          courseId: request.params.courseId,
          errors,
          endReason: reason,
        });
      const result = await endCourse(useCase(request), {
        courseId: request.params.courseId,
        reason,
      });
      if (!result.ok)
        return 'errors' in result
          ? showCourse(request, reply, {
              courseId: request.params.courseId,
              errors: result.errors,
              endReason: reason,
            })
          : renderNotFound(request, reply);
      return reply.redirect(`/courses/${request.params.courseId}`, 303);
    },
  );
}
