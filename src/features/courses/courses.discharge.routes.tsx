import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { fieldHref } from '../../ui/fields';
import { waitingQuestionsOfPatient } from '../messages';
import {
  answerPeq,
  dischargeCourse,
  onwardChoicesForDischarge,
  openAlertsForDischarge,
  openPeq,
  peqSummary,
} from './courses.discharge';
import { parseDischarge, parsePeqForm } from './courses.discharge.forms';
import { openCourse } from './courses.service';
import { DischargePage, PeqPage, PeqSummaryPage, PeqThanksPage } from './views/DischargePages';

/** Discharge (staff), the patient experience questionnaire (patient) and its totals (managers). */
export function registerDischargeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  formRoute(app, ctx, {
    url: '/courses/:courseId/discharge',
    access: ROLE_GROUPS.clinical,
    params: z.object({ courseId: uuidParam }),
    load: async (request, { courseId }) => {
      const view = await openCourse(useCase(request), { courseId });
      if (!view) return null;
      const uc = useCase(request);
      const [openAlerts, waitingQuestions, onwardChoices] = await Promise.all([
        openAlertsForDischarge(uc, view.patient.id),
        // Shown so they are answered first; the course page's read has audited the patient.
        waitingQuestionsOfPatient(uc, view.patient),
        onwardChoicesForDischarge(uc, view.course, view.patient.id),
      ]);
      return { ...view, openAlerts, waitingQuestions, ...onwardChoices };
    },
    check: (view) => (view.course.status === 'active' ? null : `/courses/${view.course.id}`),
    initial: () => ({
      reason: '',
      note: '',
      communityInvite: '',
      receivingService: '',
      onwardReason: '',
      discussed: '',
      urgency: '',
    }),
    parse: (body) => parseDischarge(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Discharge ${data.patient.givenName} ${data.patient.familyName}`,
      backLink: <BackLink href={`/courses/${data.course.id}`}>Back to the course</BackLink>,
      body: (
        <DischargePage
          csrfToken={csrfToken}
          courseId={data.course.id}
          patientName={`${data.patient.givenName} ${data.patient.familyName}`}
          values={values}
          errors={errors}
          openAlerts={data.openAlerts}
          waitingQuestions={data.waitingQuestions}
          alertsSinceReferral={data.alertsSinceReferral}
          receivingServices={data.receivingServices}
        />
      ),
    }),
    change: async (request, data, value) => {
      const done = await dischargeCourse(useCase(request), { courseId: data.course.id, ...value });
      if (done.ok)
        return {
          // Referred on: next, the letter goes to the receiving service and is recorded as sent.
          redirect: done.onwardReferralId
            ? `/staff/referrals/${done.onwardReferralId}?done=discharged&onward=send#onward`
            : `/courses/${data.course.id}?done=discharged`,
        };
      if ('alreadyEnded' in done) return { redirect: `/courses/${data.course.id}` };
      if ('openRisk' in done)
        return {
          errors: [{ field: 'openAlerts', href: 'open-risk-alerts', message: done.openRisk }],
        };
      if ('onwardProblem' in done)
        return {
          errors: [
            {
              field: done.onwardProblem.field,
              href: fieldHref.choice(done.onwardProblem.field),
              message: done.onwardProblem.message,
            },
          ],
        };
      return null;
    },
  });

  formRoute(app, ctx, {
    url: '/feedback/:dischargeId',
    access: ROLE_GROUPS.patients,
    params: z.object({ dischargeId: uuidParam }),
    load: (request, { dischargeId }) => openPeq(useCase(request), dischargeId),
    check: (peq) => (peq.answered ? '/feedback/thank-you' : null),
    initial: () => ({}),
    parse: (body) => parsePeqForm(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Tell us how it went',
      backLink: <BackLink href="/home">Back to home</BackLink>,
      body: (
        <PeqPage
          csrfToken={csrfToken}
          dischargeId={data.dischargeId}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, data, answers) =>
      (await answerPeq(useCase(request), { dischargeId: data.dischargeId, answers }))
        ? { redirect: '/feedback/thank-you' }
        : null,
  });

  app.get(
    '/feedback/thank-you',
    { config: { access: ROLE_GROUPS.patients } },
    async (request, reply) =>
      ctx.page(
        request,
        reply,
        { title: 'Thank you', backLink: <BackLink href="/home">Back to home</BackLink> },
        <PeqThanksPage />,
      ),
  );

  app.get(
    '/service/experience',
    { config: { access: ROLE_GROUPS.managers } },
    async (request, reply) =>
      ctx.page(
        request,
        reply,
        { title: 'Patient experience', backLink: <BackLink href="/home">Back to home</BackLink> },
        <PeqSummaryPage summary={await peqSummary(useCase(request))} />,
      ),
  );
}
