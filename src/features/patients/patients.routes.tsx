import type { FastifyInstance } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { singleQuery, uuidParam } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { messageFor } from '../../ui/notices';
import { formBody, formText } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { renderNotFound, requireAuth } from '../../platform/web';
import { openPatientSummary } from './patient-summary';
import { recordBackLink } from './record-back-link';
import { changePatientDetails, openDetailsForChange } from './patients.details';
import { DETAILS_LIMITS, detailsValues, parseDetails } from './patients.details.forms';
import { OwnContactPage, PatientDetailsPage } from './views/PatientDetailsPage';
import { PatientRecordPage } from './views/PatientRecordPage';

/** What the record says after a change was saved (walk 10: saving said nothing). */
const SAVED = {
  details: 'The contact and GP details have been saved.',
  contact: 'Your contact details have been saved.',
} as const;

export function registerPatientRecordRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/patients/:patientId',
    {
      config: { access: [...ROLE_GROUPS.patients, ...ROLE_GROUPS.clinical] },
      schema: {
        params: z.object({ patientId: uuidParam }),
        querystring: z.object({ done: singleQuery.optional() }),
      },
    },
    async (request, reply) => {
      const uc = useCaseFor(request, {
        db: ctx.db,
        clock: ctx.clock,
        publicUrl: ctx.config.publicUrl,
      });
      const summary = await openPatientSummary(uc, { patientId: request.params.patientId });
      if (!summary) return renderNotFound(request, reply);
      const back = recordBackLink(
        request.headers.referer,
        request.host,
        requireAuth(request).roles,
      );
      return ctx.page(
        request,
        reply,
        {
          title: summary.isOwnRecord
            ? 'Your details'
            : `Patient record: ${summary.patient.givenName} ${summary.patient.familyName}`,
          backLink: summary.isOwnRecord ? (
            <BackLink href="/home">Back to home</BackLink>
          ) : (
            <BackLink href={back.href}>{back.label}</BackLink>
          ),
        },
        <PatientRecordPage
          summary={summary}
          showRecordViews={requireAuth(request).roles.includes('service_manager')}
          flash={messageFor(SAVED, request.query.done)}
        />,
      );
    },
  );

  const useCase = (request: Parameters<typeof useCaseFor>[0]) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const text = (max: number) => formText(max * 4).optional();
  const contactFields = {
    address: text(DETAILS_LIMITS.address),
    postcode: text(20),
    email: text(320),
    mobile: text(40),
  };
  formRoute(fastify, ctx, {
    url: '/patients/:patientId/details',
    access: ROLE_GROUPS.clinical,
    params: z.object({ patientId: uuidParam }),
    body: formBody({
      ...contactFields,
      gpPractice: text(DETAILS_LIMITS.gpPractice),
      gpEmail: text(320),
    }),
    load: (request, { patientId }) => openDetailsForChange(useCase(request), patientId),
    initial: (patient) => detailsValues(patient),
    parse: (body) => parseDetails(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Change contact and GP details: ${data.givenName} ${data.familyName}`,
      backLink: <BackLink href={`/patients/${data.id}`}>Back to the record</BackLink>,
      body: (
        <PatientDetailsPage
          patientId={data.id}
          patientName={`${data.givenName} ${data.familyName}`}
          csrfToken={csrfToken}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, patient, details) => {
      const changed = await changePatientDetails(useCase(request), patient, details);
      return changed === null ? null : { redirect: `/patients/${patient.id}?done=details` };
    },
  });

  // The person's own contact details and the ways we may contact them (ADR 0035).
  formRoute(fastify, ctx, {
    url: '/patients/:patientId/contact',
    access: ROLE_GROUPS.patients,
    params: z.object({ patientId: uuidParam }),
    body: formBody(contactFields),
    load: (request, { patientId }) => openDetailsForChange(useCase(request), patientId, 'self'),
    initial: (patient) => detailsValues(patient),
    parse: (body) => parseDetails(body, 'your'),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Change your contact details',
      backLink: <BackLink href={`/patients/${data.id}`}>Back to your details</BackLink>,
      body: (
        <OwnContactPage patientId={data.id} csrfToken={csrfToken} values={values} errors={errors} />
      ),
    }),
    change: async (request, patient, details) => {
      const changed = await changePatientDetails(useCase(request), patient, details, 'self');
      return changed === null ? null : { redirect: `/patients/${patient.id}?done=contact` };
    },
  });
}
