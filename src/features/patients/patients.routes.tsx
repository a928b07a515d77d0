import type { FastifyInstance } from 'fastify';
import { actorFrom } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { ERROR_PAGES, ErrorPage } from '../../ui/error-pages';
import { patientCourseOutcomes } from '../outcomes';
import { openPatientRecord } from './patients.service';
import { PatientRecordPage } from './views/PatientRecordPage';

export function registerPatientRecordRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { patientId: string } }>(
    '/patients/:patientId',
    { config: { access: ['patient', 'therapist', 'supervisor', 'service_manager'] } },
    async (request, reply) => {
      const patient = await openPatientRecord(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        request.auth!,
        request.params.patientId,
        'view record',
      );
      if (!patient) {
        return ctx.page(
          request,
          reply,
          { title: ERROR_PAGES[404]!.title, status: 404 },
          <ErrorPage content={ERROR_PAGES[404]!} />,
        );
      }
      const isOwnRecord = patient.userId === request.auth!.userId;
      // Outcomes are for staff; patients see their scores, kindly worded, on /progress.
      const outcomes = isOwnRecord
        ? null
        : await patientCourseOutcomes(ctx.db, request.service.id, patient.id);
      return ctx.page(
        request,
        reply,
        { title: 'Patient record' },
        <PatientRecordPage patient={patient} isOwnRecord={isOwnRecord} outcomes={outcomes} />,
      );
    },
  );
}
