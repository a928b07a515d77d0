import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { findPatientByUser } from '../patients/patients.repository';
import { HomePage } from './views/HomePage';

export function registerHomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/home', { config: { access: 'authenticated' } }, async (request, reply) => {
    const user = request.auth!;
    const patient = user.roles.includes('patient')
      ? await findPatientByUser(ctx.db, user.serviceId, user.userId)
      : null;
    return ctx.page(
      request,
      reply,
      { title: 'Home' },
      <HomePage
        displayName={user.displayName}
        roles={user.roles}
        patientId={patient?.id ?? null}
      />,
    );
  });
}
