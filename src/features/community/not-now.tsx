import type { FastifyReply, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { ServiceContact } from '../../ui/ServiceContact';
import { serviceContact } from '../admin';
import { myMembership } from './membership.service';
import { NotNowPage } from './views/CommunityPages';

/** For a patient who is not in the community: how people come to join it. */
const NOT_A_MEMBER = {
  title: 'You are not a member of the community',
  body: [
    'Our peer-support community is for people who have finished their sessions with us, and for their relatives and carers.',
    'When your sessions end, your therapist can invite you to join. The invitation comes by email, with a link to join.',
    'If your sessions have ended, or you left the community and would like to come back, ask us a question from your messages.',
  ],
};

/**
 * What a community page answers when it is not for the person: a member suspended or put out is
 * told so kindly, with what they can still do and who to ask (walk 4: "Page not found"
 * everywhere); anyone else gets 404, so the community is not shown to those it is not for.
 */
export function communityNotForYou(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const member = request.auth
      ? await myMembership(
          useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl }),
        )
      : null;
    // A patient who is not (or no longer) a member is told how people join (walk 7: a bare
    // "Page not found" read as broken); it says nothing of what is inside.
    if ((!member || member.status === 'left') && request.auth?.roles.includes('patient'))
      return reply.errorPage(404, NOT_A_MEMBER);
    if (member?.status !== 'suspended' && member?.status !== 'banned')
      return renderNotFound(request, reply);
    const contact = await serviceContact(ctx.db, request.service.id);
    return ctx.page(
      request,
      reply,
      {
        title:
          member.status === 'suspended'
            ? 'You are suspended from the community'
            : 'Your membership has ended',
        backLink: <BackLink href="/home">Back to your home page</BackLink>,
        status: 403,
      },
      <NotNowPage
        member={member}
        contact={<ServiceContact serviceName={request.service.name} contact={contact} />}
      />,
    );
  };
}
