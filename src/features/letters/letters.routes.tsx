import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { uuidParam } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { letterPdf } from './letters.service';

/** Letters as PDFs, for the staff who may open the record and the patient's own copies. */
export function registerLetterRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  app.get(
    '/letters/:letterId/pdf',
    {
      config: { access: [...ROLE_GROUPS.clinical, ...ROLE_GROUPS.patients] },
      schema: { params: z.object({ letterId: uuidParam }) },
    },
    async (request, reply) => {
      const letter = await letterPdf(useCase(request), request.params.letterId);
      if (!letter) return renderNotFound(request, reply);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${letter.filename}"`)
        .header('cache-control', 'no-store')
        .send(letter.pdf);
    },
  );
}
