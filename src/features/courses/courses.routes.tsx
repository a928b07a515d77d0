import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canDeliverIpt } from '../../domain/ipt';
import { actorFrom, audit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { FieldError } from '../../ui/forms';
import { findPatient } from '../patients';
import { isUuid } from '../../domain/identifiers';
import { linksFor } from '../../platform/pages';
import { renderNotFound } from '../../platform/web';
import { diarySettings } from '../diary';
import { findCourseOutcome } from '../outcomes';
import * as therapists from '../therapists';
import { parseAllocation, parseEndCourse, type AllocationValues } from './courses.forms';
import * as repo from './courses.repository';
import { allocate, coursesFor, endCourse, openCourse } from './courses.service';
import {
  AllocateListPage,
  AllocatePage,
  CoursePage,
  CoursesPage,
  type TherapistOption,
} from './views/CoursePages';

export function registerCourseRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = { access: ['therapist', 'supervisor', 'service_manager'] as const };
  const allocators = { access: ['service_manager', 'supervisor'] as const };

  app.get('/courses', { config: staff }, async (request, reply) => {
    const user = request.auth!;
    const rows = await coursesFor(ctx.db, ctx.clock, user);
    await audit(ctx.db, ctx.clock, actorFrom(request), {
      action: 'course.list',
      details: { count: rows.length },
    });
    const heading = user.roles.includes('service_manager')
      ? 'Courses of treatment'
      : user.roles.includes('supervisor')
        ? 'Your and your trainees’ courses'
        : 'Your courses';
    return ctx.page(
      request,
      reply,
      { title: 'Courses of treatment' },
      <CoursesPage
        heading={heading}
        canAllocate={user.roles.some((r) => r === 'service_manager' || r === 'supervisor')}
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
    const rows = await repo.listAllocatable(ctx.db, request.service.id);
    await audit(ctx.db, ctx.clock, actorFrom(request), {
      action: 'course.waiting_list_view',
      details: { count: rows.length },
    });
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
    request: FastifyRequest<{ Params: { referralId: string } }>,
    reply: FastifyReply,
    values: AllocationValues | null,
    errors?: FieldError[],
  ) => {
    const { referralId } = request.params;
    if (!isUuid(referralId)) return renderNotFound(request, reply);
    const referral = await repo.findReferral(ctx.db, request.service.id, referralId);
    // The form is for referrals on the waiting list; after a refused post it shows again.
    if (!referral?.patientId || (!errors && referral.status !== 'ipt_waiting'))
      return renderNotFound(request, reply);
    const patient = await findPatient(ctx.db, request.service.id, referral.patientId);
    if (!patient) return renderNotFound(request, reply);
    await audit(ctx.db, ctx.clock, actorFrom(request), {
      action: 'course.allocate_form',
      patientId: patient.id,
      recordType: 'referral',
      recordId: referral.id,
    });
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

  app.get<{ Params: { referralId: string } }>(
    '/courses/allocate/:referralId',
    { config: allocators },
    async (request, reply) => showAllocate(request, reply, null),
  );

  app.post<{ Params: { referralId: string } }>(
    '/courses/allocate/:referralId',
    { config: allocators },
    async (request, reply) => {
      if (!isUuid(request.params.referralId)) return renderNotFound(request, reply);
      const { values, input, errors } = parseAllocation(request.body);
      if (!input) return showAllocate(request, reply, values, errors);
      const result = await allocate(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        request.params.referralId,
        input,
      );
      if (!result.ok)
        return 'errors' in result
          ? showAllocate(request, reply, values, result.errors)
          : renderNotFound(request, reply);
      return reply.redirect(`/courses/${result.value}`, 303);
    },
  );

  const showCourse = async (
    request: FastifyRequest<{ Params: { courseId: string } }>,
    reply: FastifyReply,
    errors?: FieldError[],
    endReason?: string,
  ) => {
    if (!isUuid(request.params.courseId)) return renderNotFound(request, reply);
    const user = request.auth!;
    const view = await openCourse(
      ctx.db,
      ctx.clock,
      actorFrom(request),
      user,
      request.params.courseId,
    );
    if (!view) return renderNotFound(request, reply);
    const outcome =
      view.course.status === 'ended'
        ? await findCourseOutcome(ctx.db, request.service.id, view.course.id)
        : null;
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
        outcome={outcome}
        errors={errors}
        endReason={endReason}
        canBook={
          user.roles.includes('service_manager') ||
          (user.roles.includes('therapist') && view.course.therapistId === user.userId)
        }
      />,
    );
  };

  app.get<{ Params: { courseId: string } }>(
    '/courses/:courseId',
    { config: staff },
    (request, reply) => showCourse(request, reply),
  );

  app.post<{ Params: { courseId: string } }>(
    '/courses/:courseId/end',
    { config: staff },
    async (request, reply) => {
      if (!isUuid(request.params.courseId)) return renderNotFound(request, reply);
      const { reason, errors } = parseEndCourse(request.body);
      if (errors.length > 0) return showCourse(request, reply, errors, reason);
      const result = await endCourse(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        request.auth!,
        request.params.courseId,
        reason,
        linksFor(ctx, request),
      );
      if (!result.ok)
        return 'errors' in result
          ? showCourse(request, reply, result.errors, reason)
          : renderNotFound(request, reply);
      return reply.redirect(`/courses/${request.params.courseId}`, 303);
    },
  );
}
