import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { uuidParam } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound, requireAuth } from '../../platform/web';
import { patientCourseOutcomes } from '../outcomes';
import { openPatient } from './patients.service';
import { PatientRecordPage } from './views/PatientRecordPage';

export function registerPatientRecordRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/patients/:patientId',
    {
      config: { access: [...ROLE_GROUPS.patients, ...ROLE_GROUPS.clinical] },
      schema: { params: z.object({ patientId: uuidParam }) },
    },
    async (request, reply) => {
      const uc = useCaseFor(request, {
        db: ctx.db,
        clock: ctx.clock,
        publicUrl: ctx.config.publicUrl,
      });
      const patient = await openPatient(uc, {
        patientId: request.params.patientId,
        purpose: 'view record',
      });
      if (!patient) return renderNotFound(request, reply);
      const isOwnRecord = patient.userId === requireAuth(request).userId;
      // Outcomes are for staff; patients see their scores, kindly worded, on /progress.
      const outcomes = isOwnRecord
        ? null
        : await patientCourseOutcomes(ctx.db, request.service.id, patient.id);
      return ctx.page(
        request,
        reply,
        { title: 'Patient record' },
        <PatientRecordPage
          patient={patient}
          isOwnRecord={isOwnRecord}
          outcomes={outcomes}
          showRecordViews={requireAuth(request).roles.includes('service_manager')}
        />,
      );
    },
  );
}
