import type { FastifyInstance } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { offsetFrom } from '../../ui/pager';
import { myMessages } from './messages.service';
import { MessagesPage } from './views/MessagesPage';

const PAGE_SIZE = 10;

/** The patient's inbox: messages from the service, read behind sign-in (ADR 0013). */
export function registerMessageRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { offset?: string } }>(
    '/messages',
    { config: { access: ROLE_GROUPS.patients } },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const uc = useCaseFor(request, {
        db: ctx.db,
        clock: ctx.clock,
        publicUrl: ctx.config.publicUrl,
      });
      const inbox = await myMessages(uc, { limit: PAGE_SIZE, offset });
      if (!inbox) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { title: 'Your messages', backLink: <BackLink href="/home">Back to home</BackLink> },
        <MessagesPage
          serviceName={request.service.name}
          messages={inbox.messages}
          total={inbox.total}
          offset={offset}
          limit={PAGE_SIZE}
        />,
      );
    },
  );
}
