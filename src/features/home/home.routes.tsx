import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { requireAuth } from '../../platform/web';
import { ServiceContact } from '../../ui/ServiceContact';
import { serviceContact } from '../admin';
import { ownPatientRecord } from '../patients';
import { HomeQuestionnairePrompt, questionnairePrompt, sessionWhen } from '../questionnaires';
import { openAlertQueue } from '../risk';
import { patientJourney } from '../triage';
import { HomePage } from './views/HomePage';

export function registerHomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/home', { config: { access: 'authenticated' } }, async (request, reply) => {
    const user = requireAuth(request);
    // Other features' services still take the actor on its own.
    const { actor } = useCaseFor(request, {
      db: ctx.db,
      clock: ctx.clock,
      publicUrl: ctx.config.publicUrl,
    });
    const patient = user.roles.includes('patient')
      ? await ownPatientRecord(ctx.db, user.serviceId, user.userId)
      : null;
    const journey = patient ? await patientJourney(ctx.db, ctx.clock, actor, patient.id) : null;
    // Before each session: the questionnaires to answer, while they are open.
    const prompt = patient ? await questionnairePrompt(ctx.db, ctx.clock, actor, patient.id) : null;
    // A therapist sees the open risk alerts for their own patients first thing.
    const alerts = user.roles.includes('therapist')
      ? await openAlertQueue(ctx.db, ctx.clock, actor, { clinicianId: user.userId })
      : null;
    return ctx.page(
      request,
      reply,
      { title: 'Home' },
      <HomePage
        displayName={user.displayName}
        roles={user.roles}
        patientId={patient?.id ?? null}
        journey={journey}
        alerts={alerts}
        contact={
          patient ? (
            <ServiceContact
              serviceName={request.service.name}
              contact={await serviceContact(ctx.db, request.service.id)}
            />
          ) : null
        }
        questionnaires={
          prompt ? (
            <HomeQuestionnairePrompt
              prompt={prompt}
              when={sessionWhen(prompt.startsAt, ctx.clock.now())}
            />
          ) : null
        }
      />,
    );
  });
}
