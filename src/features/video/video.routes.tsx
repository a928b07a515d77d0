import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, uuidParam } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { openVideoRoom, saveSupervisorConsent } from './video.service';

export function registerVideoRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  // The patient's own answer: may their therapist's supervisor join their video appointments?
  app.post(
    '/appointments/:id/video/consent',
    {
      config: { access: ROLE_GROUPS.patients },
      schema: {
        params: z.object({ id: uuidParam }),
        body: formBody({ supervisorMayJoin: formText().optional() }),
      },
    },
    async (request, reply) => {
      const uc = useCase(request);
      const room = await openVideoRoom(uc, {
        appointmentId: request.params.id,
        purpose: 'video page',
      });
      if (room?.role !== 'patient') return renderNotFound(request, reply);
      const answer = request.body.supervisorMayJoin;
      // The radios always send one of the two; anything else changes nothing.
      if (answer !== 'yes' && answer !== 'no')
        return reply.redirect(`/appointments/${request.params.id}/video`, 303);
      await saveSupervisorConsent(uc, { room, supervisorMayJoin: answer === 'yes' });
      return reply.redirect(`/appointments/${request.params.id}/video?consent=${answer}`, 303);
    },
  );
}
