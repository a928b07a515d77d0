import type { FastifyInstance } from 'fastify';
import { actorFrom, audit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { ERROR_PAGES, ErrorPage } from '../../ui/error-pages';
import { openPatientRecord, ownPatientRecord } from '../patients';
import { listPatientScores } from './progress.repository';
import { buildSeries, CHARTED_MEASURES } from './progress.summary';
import { PatientProgressPage, StaffProgressPage } from './views/ProgressPages';

export function registerProgressRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/progress', { config: { access: ['patient'] } }, async (request, reply) => {
    const patient = await ownPatientRecord(ctx.db, request.service.id, request.auth!.userId);
    const rows = patient
      ? await listPatientScores(ctx.db, request.service.id, patient.id, CHARTED_MEASURES)
      : [];
    if (patient)
      await audit(ctx.db, ctx.clock, actorFrom(request), {
        action: 'progress.read',
        patientId: patient.id,
        recordType: 'patient',
        recordId: patient.id,
        reason: 'patient viewed own progress',
      });
    return ctx.page(
      request,
      reply,
      { title: 'Your progress' },
      <PatientProgressPage series={buildSeries(rows)} />,
    );
  });

  app.get<{ Params: { patientId: string } }>(
    '/patients/:patientId/progress',
    { config: { access: ['therapist', 'supervisor', 'service_manager'] } },
    async (request, reply) => {
      const patient = await openPatientRecord(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        request.auth!,
        request.params.patientId,
        'view progress',
      );
      if (!patient)
        return ctx.page(
          request,
          reply,
          { title: ERROR_PAGES[404]!.title, status: 404 },
          <ErrorPage content={ERROR_PAGES[404]!} />,
        );
      const rows = await listPatientScores(
        ctx.db,
        request.service.id,
        patient.id,
        CHARTED_MEASURES,
      );
      return ctx.page(
        request,
        reply,
        { title: 'Scores by session' },
        <StaffProgressPage
          patientName={`${patient.givenName} ${patient.familyName}`}
          patientId={patient.id}
          series={buildSeries(rows)}
        />,
      );
    },
  );
}
