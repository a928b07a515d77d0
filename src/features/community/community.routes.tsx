import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { queryOf, safeText, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import type { AppContext } from '../../platform/context';
import { ROLE_GROUPS } from '../../platform/access';
import { useCaseFor } from '../../platform/use-case';
import { offsetFrom } from '../../ui/pager';
import { str } from '../../ui/forms';
import {
  parseConfirm,
  parseInvite,
  parseJoin,
  parseModerate,
  parsePost,
  parseReport,
  parseTopic,
  type InviteValues,
} from './community.forms';
import {
  blogList,
  communityHome,
  deleteOwnPost,
  editPost,
  myCommunityPage,
  openSpace,
  openTopic,
  ownEditablePost,
  ownPostToDelete,
  reply,
  reportablePost,
  reportPost,
  searchCommunity,
  setSubscription,
  startTopic,
  topicStillOpen,
  type Posted,
} from './forums.service';
import {
  activeMember,
  deleteMyContent,
  ensureCommunity,
  exportMyContent,
  invitationFormFor,
  inviteByEmail,
  invitablePatient,
  inviteToCommunity,
  joinCommunity,
  leaveCommunity,
  myInvitation,
  myMembership,
  setMyDuty,
} from './membership.service';
import { membersWithRecord, moderate, moderationQueue, reviewPost } from './moderation.service';
import {
  BlogsPage,
  ConfirmPage,
  DeletePostPage,
  EditClosedPage,
  HomePage,
  InvitePage,
  InvitePatientPage,
  JoinPage,
  PostFormPage,
  QueuePage,
  ReportPage,
  ReviewPage,
  SearchPage,
  SpacePage,
  TopicFormPage,
  TopicPage,
  UrgentHelpPage,
  YouPage,
} from './views/CommunityPages';
import { registerVideoRoutes } from './videos.routes';
import type { WallForCommunity } from './elsewhere';
import { communityNotForYou } from './not-now';
import { communityNameInSentence } from './community-name';
import { messageFor } from '../../ui/notices';

const PAGE_SIZE = 20;
const backToCommunity = <BackLink href="/community">Back to the community</BackLink>;
/** An active member: the community's pages and menu are theirs. */
const inCommunity = (member: { status: string } | null) => member?.status === 'active';
const spaceParams = z.object({ spaceId: uuidParam });
const topicParams = z.object({ topicId: uuidParam });
const postParams = z.object({ postId: uuidParam });
const patientParams = z.object({ patientId: uuidParam });
const offsetQuery = z.object({ offset: z.string().max(10).optional() });
const topicQuery = offsetQuery.extend({
  reported: z.string().max(10).optional(),
  deleted: z.string().max(5).optional(),
});
/** `?from=you`: a member deleting a post from their own page goes back there. */
const fromQuery = z.object({ from: z.string().max(5).optional() });
const POST_DELETED = 'Your post has been deleted';
/** What the topic page says after a member reports one of its posts (`?reported=`). */
const REPORTED = {
  '1': 'Thank you. You have reported this post and the community’s moderators will look at it.',
  already: 'You have already reported this post. The community’s moderators will look at it.',
} as const;

/**
 * The peer-support community (issue 13). Routes are open to any signed-in user; the services
 * decide from the community membership (the access policy) and answer 404 to anyone else.
 */
/** The longest search: a few words or a phrase, not a post. */
const SEARCH_MAX = 200;

export function registerCommunityRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: { elsewhere: WallForCommunity },
): void {
  const uc = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const renderNotFound = communityNotForYou(ctx);
  const afterPost = (p: Posted) =>
    p.crisis ? `/community/urgent-help?topic=${p.topicId}` : `/community/topics/${p.topicId}`;

  app.get('/community', { config: { access: 'authenticated' } }, async (request, reply) => {
    const u = uc(request);
    const home = await communityHome(u);
    if (!home) {
      // Someone invited but not yet joined is sent to join; anyone else is told nothing.
      if (await myInvitation(u)) return reply.redirect('/community/join', 303);
      return renderNotFound(request, reply);
    }
    return ctx.page(
      request,
      reply,
      {
        backLink: <BackLink href="/home">Back to your home page</BackLink>,
        title: home.settings.name,
      },
      <HomePage
        member={home.member}
        name={home.settings.name}
        description={home.settings.description}
        spaces={home.spaces}
      />,
    );
  });

  formRoute(app, ctx, {
    url: '/community/join',
    access: 'authenticated',
    load: async (request) => {
      const u = uc(request);
      const open = await myInvitation(u);
      return open ? { open, settings: await ensureCommunity(u) } : null;
    },
    initial: () => ({ pseudonym: '', avatar: '', adult: [], rules: [] }),
    parse: (body, data) => parseJoin(body, data.open.realNames),
    view: ({ values, errors, csrfToken, data }) => ({
      backLink: backToCommunity,
      title: `Join ${communityNameInSentence(data.settings.name)}`,
      body: (
        <JoinPage
          values={values}
          errors={errors}
          csrfToken={csrfToken}
          communityName={data.settings.name}
          suspendedUntil={data.open.suspendedUntil}
        />
      ),
    }),
    change: async (request, _data, value) => {
      const joined = await joinCommunity(uc(request), value);
      if (!joined) return null;
      return joined.ok ? { redirect: '/community' } : { errors: joined.errors };
    },
  });

  app.get<{ Params: { spaceId: string }; Querystring: { offset?: string } }>(
    '/community/spaces/:spaceId',
    {
      config: { access: 'authenticated' },
      schema: { params: spaceParams, querystring: offsetQuery },
    },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const space = await openSpace(uc(request), {
        spaceId: request.params.spaceId,
        limit: PAGE_SIZE,
        offset,
      });
      if (!space) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { backLink: backToCommunity, title: space.space.name },
        <SpacePage
          member={space.member}
          space={space.space}
          topics={space.topics}
          total={space.total}
          offset={offset}
          limit={PAGE_SIZE}
        />,
      );
    },
  );

  formRoute(app, ctx, {
    url: '/community/spaces/:spaceId/new-topic',
    access: 'authenticated',
    params: spaceParams,
    load: async (request, params) => {
      const home = await communityHome(uc(request));
      const space = home?.spaces.find((s) => s.id === params.spaceId);
      return home && space ? { member: home.member, space } : null;
    },
    initial: () => ({ backLink: backToCommunity, title: '', body: '' }),
    parse: (body) => parseTopic(body),
    view: ({ data, values, errors, csrfToken }) => ({
      backLink: backToCommunity,
      title: 'Start a conversation',
      body: (
        <TopicFormPage
          heading={`Start a conversation in ${data.space.name}`}
          action={`/community/spaces/${data.space.id}/new-topic`}
          values={values}
          errors={errors}
          csrfToken={csrfToken}
          member={data.member}
        />
      ),
    }),
    change: async (request, data, value) => {
      const posted = await startTopic(uc(request), {
        kind: 'forum',
        spaceId: data.space.id,
        ...value,
      });
      return posted ? { redirect: afterPost(posted) } : null;
    },
  });

  app.get<{ Querystring: { offset?: string } }>(
    '/community/blogs',
    { config: { access: 'authenticated' }, schema: { querystring: offsetQuery } },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const blogs = await blogList(uc(request), { limit: PAGE_SIZE, offset });
      if (!blogs) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { backLink: backToCommunity, title: 'Blogs' },
        <BlogsPage
          member={blogs.member}
          topics={blogs.topics}
          total={blogs.total}
          offset={offset}
          limit={PAGE_SIZE}
        />,
      );
    },
  );

  formRoute(app, ctx, {
    url: '/community/blogs/new',
    access: 'authenticated',
    load: async (request) => {
      const member = await activeMember(uc(request));
      return member ? { member } : null;
    },
    initial: () => ({ backLink: backToCommunity, title: '', body: '' }),
    parse: (body) => parseTopic(body),
    view: ({ data, values, errors, csrfToken }) => ({
      backLink: backToCommunity,
      title: 'Write a blog post',
      body: (
        <TopicFormPage
          heading="Write a blog post"
          action="/community/blogs/new"
          values={values}
          errors={errors}
          csrfToken={csrfToken}
          member={data.member}
          {...(data.member.kind === 'moderator'
            ? {}
            : { note: 'A moderator reads members’ blog posts before other members can see them.' })}
        />
      ),
    }),
    change: async (request, _data, value) => {
      const posted = await startTopic(uc(request), { kind: 'blog', spaceId: null, ...value });
      return posted ? { redirect: afterPost(posted) } : null;
    },
  });

  app.get<{
    Params: { topicId: string };
    Querystring: { offset?: string; reported?: string; deleted?: string };
  }>(
    '/community/topics/:topicId',
    {
      config: { access: 'authenticated' },
      schema: { params: topicParams, querystring: topicQuery },
    },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const topic = await openTopic(uc(request), {
        topicId: request.params.topicId,
        limit: PAGE_SIZE,
        offset,
      });
      if (!topic) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { backLink: backToCommunity, title: topic.topic.title },
        <TopicPage
          member={topic.member}
          topic={topic.topic}
          spaceName={topic.space?.name ?? 'Blogs'}
          posts={topic.posts}
          total={topic.total}
          offset={offset}
          limit={PAGE_SIZE}
          subscribed={topic.subscribed}
          now={topic.now}
          csrfToken={reply.generateCsrf()}
          notice={
            request.query.deleted === '1'
              ? POST_DELETED
              : (messageFor(REPORTED, request.query.reported) ?? null)
          }
          reported={topic.reported}
          mayReply={topic.mayReply}
        />,
      );
    },
  );

  formRoute(app, ctx, {
    url: '/community/topics/:topicId/reply',
    access: 'authenticated',
    params: topicParams,
    load: async (request, params) => {
      const open = await openTopic(uc(request), { topicId: params.topicId, limit: 1, offset: 0 });
      return open?.mayReply ? open : null;
    },
    initial: () => ({ body: '' }),
    parse: (body) => parsePost(body),
    view: ({ data, values, errors, csrfToken }) => ({
      backLink: backToCommunity,
      title: `Reply to ${data.topic.title}`,
      body: (
        <PostFormPage
          heading={`Reply to “${data.topic.title}”`}
          action={`/community/topics/${data.topic.id}/reply`}
          values={values}
          errors={errors}
          csrfToken={csrfToken}
          member={data.member}
        />
      ),
    }),
    change: async (request, data, value) => {
      const posted = await reply(uc(request), { topicId: data.topic.id, body: value.body });
      return posted ? { redirect: afterPost(posted) } : null;
    },
  });

  app.post<{ Params: { topicId: string } }>(
    '/community/topics/:topicId/follow',
    { config: { access: 'authenticated' }, schema: { params: topicParams } },
    async (request, reply) => {
      const done = await setSubscription(uc(request), {
        topicId: request.params.topicId,
        follow: str(request.body, 'follow') === 'yes',
      });
      if (!done) return renderNotFound(request, reply);
      return reply.redirect(`/community/topics/${done.topicId}`, 303);
    },
  );

  formRoute(app, ctx, {
    url: '/community/posts/:postId/edit',
    access: 'authenticated',
    params: postParams,
    load: async (request, params) => ownEditablePost(uc(request), params.postId),
    initial: (data) => ({ body: data.post.body }),
    parse: (body) => parsePost(body),
    view: ({ data, values, errors, csrfToken }) =>
      data.editable
        ? {
            backLink: backToCommunity,
            title: 'Edit your post',
            body: (
              <PostFormPage
                heading="Edit your post"
                action={`/community/posts/${data.post.id}/edit`}
                values={values}
                errors={errors}
                csrfToken={csrfToken}
                member={data.member}
                note="You can change a post for 15 minutes after posting it."
              />
            ),
          }
        : {
            backLink: backToCommunity,
            title: 'You can no longer change this post',
            body: <EditClosedPage member={data.member} topicId={data.topic.id} />,
          },
    change: async (request, data, value) => {
      const edited = await editPost(uc(request), { postId: data.post.id, body: value.body });
      if (!edited) return null;
      if (edited.expired) return { redirect: `/community/posts/${data.post.id}/edit` };
      return { redirect: afterPost(edited) };
    },
  });

  // One post of theirs, deleted at any time (their words, their right); anyone else's is 404.
  /** Back to the conversation, unless they came from their own page or it has gone. */
  const afterDelete = async (
    request: FastifyRequest,
    own: { member: { status: string }; topicId: string; fromYou: boolean },
  ) =>
    !own.fromYou &&
    own.member.status === 'active' &&
    (await topicStillOpen(uc(request), own.topicId))
      ? `/community/topics/${own.topicId}?deleted=1`
      : '/community/you?deleted=post';
  formRoute(app, ctx, {
    url: '/community/posts/:postId/delete',
    access: 'authenticated',
    params: postParams,
    query: fromQuery,
    load: async (request, params) => {
      const own = await ownPostToDelete(uc(request), params.postId);
      if (!own) return null;
      // Read on the POST too: the form's address keeps it.
      const fromYou = fromQuery.safeParse(request.query).data?.from === 'you';
      // Deleted already (a second click, the back button): where the first one went.
      const done = own.gone
        ? await afterDelete(request, { member: own.member, topicId: own.topic.id, fromYou })
        : null;
      return { ...own, fromYou, done };
    },
    check: (data) => data.done,
    initial: () => ({ confirm: [] }),
    parse: (body) => parseConfirm(body, 'Confirm that you want to delete your post'),
    view: ({ data, values, errors, csrfToken }) => ({
      backLink: backToCommunity,
      title: 'Delete your post',
      body: (
        <DeletePostPage
          member={data.member}
          post={data.post}
          topicTitle={data.topic.title}
          action={`/community/posts/${data.post.id}/delete${data.fromYou ? '?from=you' : ''}`}
          back={data.fromYou ? '/community/you' : `/community/topics/${data.topic.id}`}
          values={values}
          errors={errors}
          csrfToken={csrfToken}
        />
      ),
    }),
    change: async (request, data) => {
      const done = await deleteOwnPost(uc(request), data.post.id);
      if (!done) return null;
      // The topic may have gone with its opening post: then to their own page.
      return {
        redirect: await afterDelete(request, {
          member: data.member,
          topicId: done.topicId,
          fromYou: data.fromYou,
        }),
      };
    },
  });

  formRoute(app, ctx, {
    url: '/community/posts/:postId/report',
    access: 'authenticated',
    params: postParams,
    // `?worried=yes`: a member who reported it already now thinks its author may be in danger.
    query: z.object({ worried: z.string().max(5).optional() }),
    load: async (request, params) => reportablePost(uc(request), params.postId),
    initial: () => ({ reason: '' }),
    parse: (body) => parseReport(body),
    view: ({ data, values, errors, csrfToken, query }) => {
      // Reported already: said so, with no form; unless the open report is not about crisis and
      // they say they are now worried: crisis words still go in, at the top of the queue (H20).
      const crisisOpen = data.myOpenReports.some((r) => r.kind === 'crisis');
      const reportedAt = data.myOpenReports[0]?.createdAt ?? null;
      const worried = reportedAt !== null && !crisisOpen && (query.worried === 'yes' || !!errors);
      const already = reportedAt !== null && !worried;
      return {
        backLink: backToCommunity,
        title: already ? 'You have reported this post' : 'Report a post',
        body: (
          <ReportPage
            member={data.member}
            post={data.post}
            reported={
              reportedAt === null ? null : { at: reportedAt, mayAddCrisis: !crisisOpen, worried }
            }
            values={values}
            errors={errors}
            csrfToken={csrfToken}
          />
        ),
      };
    },
    change: async (request, data, value) => {
      const done = await reportPost(uc(request), { postId: data.post.id, reason: value.reason });
      if (!done) return null;
      return {
        redirect: `/community/topics/${done.topicId}?reported=${done.already ? 'already' : '1'}`,
      };
    },
  });

  app.get<{ Querystring: { q?: string; offset?: string } }>(
    '/community/search',
    {
      config: { access: 'authenticated' },
      schema: {
        querystring: queryOf({
          // Longer than a search may be, so the form says so with the words kept (walk 10).
          q: safeText(SEARCH_MAX * 10, { label: 'Words to look for' }).optional(),
          offset: safeText(10).optional(),
        }),
      },
    },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const asked = (request.query.q ?? '').trim();
      const tooLong = asked.length > SEARCH_MAX;
      const text = tooLong ? '' : asked;
      const found = await searchCommunity(uc(request), { text, limit: PAGE_SIZE, offset });
      if (!found) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          backLink: backToCommunity,
          title: 'Search the community',
          ...(tooLong ? { status: 400, hasErrors: true } : {}),
        },
        <SearchPage
          member={found.member}
          text={asked}
          errors={
            tooLong
              ? [
                  {
                    field: 'q',
                    message: `Words to look for must be ${SEARCH_MAX} characters or fewer`,
                  },
                ]
              : undefined
          }
          results={found.results}
          total={found.total}
          offset={offset}
          limit={PAGE_SIZE}
        />,
      );
    },
  );

  app.get<{ Querystring: { topic?: string } }>(
    '/community/urgent-help',
    {
      config: { access: 'authenticated' },
      schema: { querystring: z.object({ topic: uuidParam.optional() }) },
    },
    async (request, reply) => {
      const member = await myMembership(uc(request));
      if (!member) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { backLink: backToCommunity, title: 'Please get help now if you need it' },
        <UrgentHelpPage topicId={request.query.topic ?? ''} />,
      );
    },
  );

  // --- the member's own page, download, deletion, leaving ---

  app.get<{ Querystring: { deleted?: string } }>(
    '/community/you',
    {
      config: { access: 'authenticated' },
      schema: { querystring: z.object({ deleted: z.string().max(5).optional() }) },
    },
    async (request, reply) => {
      const mine = await myCommunityPage(uc(request), options.elsewhere);
      if (!mine) return renderNotFound(request, reply);
      // The Wall's warnings and suspensions, handed in like its messages (walk 10).
      const wallSanctions = await options.elsewhere.wallSanctionsOf(uc(request), mine.member.id);
      return ctx.page(
        request,
        reply,
        { backLink: backToCommunity, title: 'Your membership' },
        <YouPage
          member={mine.member}
          posts={mine.posts}
          notices={mine.notices}
          wallMessages={mine.wallMessages}
          wallSanctions={wallSanctions}
          csrfToken={reply.generateCsrf()}
          deleted={request.query.deleted === '1'}
          postDeleted={request.query.deleted === 'post'}
        />,
      );
    },
  );

  app.get(
    '/community/you/download',
    { config: { access: 'authenticated' } },
    async (request, reply) => {
      const data = await exportMyContent(uc(request), options.elsewhere);
      if (!data) return renderNotFound(request, reply);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="my-community-posts.json"')
        .send(JSON.stringify(data, null, 2));
    },
  );

  formRoute(app, ctx, {
    url: '/community/you/delete',
    access: 'authenticated',
    load: async (request) => {
      const member = await myMembership(uc(request));
      return member && member.status !== 'left' ? { member } : null;
    },
    initial: () => ({ confirm: [] }),
    parse: (body) =>
      parseConfirm(body, 'Confirm that you want to delete everything you have written'),
    view: ({ data, values, errors, csrfToken }) => ({
      backLink: backToCommunity,
      title: 'Delete everything you have written',
      body: (
        <ConfirmPage
          member={data.member}
          heading="Delete everything you have written"
          text="Your posts, replies, blog posts and messages on the Wall will be removed for good. Replies other members wrote to you stay. You may want to download what you wrote first."
          label="Delete everything I have written"
          action="/community/you/delete"
          button="Delete"
          values={values}
          errors={errors}
          csrfToken={csrfToken}
        />
      ),
    }),
    change: async (request) =>
      (await deleteMyContent(uc(request), options.elsewhere))
        ? { redirect: '/community/you?deleted=1' }
        : null,
  });

  formRoute(app, ctx, {
    url: '/community/leave',
    access: 'authenticated',
    load: async (request) => {
      // A suspended member may leave too.
      const member = await myMembership(uc(request));
      return member && (member.status === 'active' || member.status === 'suspended')
        ? { member }
        : null;
    },
    initial: () => ({ confirm: [] }),
    parse: (body) => parseConfirm(body, 'Confirm that you want to leave the community'),
    view: ({ data, values, errors, csrfToken }) => ({
      backLink: backToCommunity,
      title: 'Leave the community',
      body: (
        <ConfirmPage
          member={data.member}
          heading="Leave the community"
          text={`You will no longer be able to read or post. What you wrote stays unless you delete it first.${
            // Only a patient has an NHS record with us; a relative or carer does not.
            data.member.patientId ? ' Your NHS record with us does not change.' : ''
          }${
            data.member.status === 'suspended'
              ? ' If you join again, you will still be suspended until the end of your suspension.'
              : ''
          }`}
          label="I want to leave the community"
          action="/community/leave"
          button="Leave"
          values={values}
          errors={errors}
          csrfToken={csrfToken}
        />
      ),
    }),
    change: async (request) => ((await leaveCommunity(uc(request))) ? { redirect: '/home' } : null),
  });

  // --- invitations ---

  const inviteRoute = (url: string, kind: 'carer' | 'moderator') => {
    formRoute(app, ctx, {
      url,
      access: kind === 'carer' ? 'authenticated' : ROLE_GROUPS.managers,
      query: z.object({ sent: z.string().max(5).optional() }),
      // Offered only to those who may send it: a stranger to the community gets 404, as the
      // sending would refuse them.
      load: (request) => invitationFormFor(uc(request), kind),
      initial: (): InviteValues => ({ name: '', email: '', badge: '' }),
      parse: (body) => parseInvite(body, kind === 'moderator'),
      view: ({ data, values, errors, csrfToken, query }) => ({
        backLink: inCommunity(data.member) ? (
          backToCommunity
        ) : (
          <BackLink href="/home">Back to home</BackLink>
        ),
        title: kind === 'carer' ? 'Invite a relative or carer' : 'Add a community moderator',
        body: (
          <InvitePage
            heading={kind === 'carer' ? 'Invite a relative or carer' : 'Add a community moderator'}
            action={url}
            withBadge={kind === 'moderator'}
            values={values}
            errors={errors}
            csrfToken={csrfToken}
            moderator={data.member?.kind === 'moderator' && data.member.status === 'active'}
            // The community's menu only for its members: its pages are not there for others.
            nav={inCommunity(data.member)}
            done={query.sent === '1'}
          />
        ),
      }),
      change: async (request, _data, value) => {
        const u = uc(request);
        const sent =
          kind === 'carer'
            ? await inviteByEmail(u, { kind, name: value.name, email: value.email })
            : await inviteByEmail(u, {
                kind,
                name: value.name,
                email: value.email,
                badge: value.badge,
              });
        return sent ? { redirect: `${url}?sent=1` } : null;
      },
    });
  };
  inviteRoute('/community/invite', 'carer');
  inviteRoute('/community/moderators', 'moderator');

  formRoute(app, ctx, {
    url: '/patients/:patientId/community-invitation',
    access: ROLE_GROUPS.clinical,
    params: patientParams,
    query: z.object({ outcome: z.string().max(40).optional() }),
    load: async (request, params) => {
      const facts = await invitablePatient(uc(request), params.patientId);
      return facts ? { facts } : null;
    },
    initial: () => ({ confirm: [] }),
    parse: (body) => parseConfirm(body, 'Confirm that they have agreed to be invited'),
    view: ({ data, values, errors, csrfToken, query }) => ({
      backLink: <BackLink href={`/patients/${data.facts.id}`}>Back to the record</BackLink>,
      title: 'Invite to the peer-support community',
      body: (
        <InvitePatientPage
          patientName={`${data.facts.givenName} ${data.facts.familyName}`}
          patientId={data.facts.id}
          csrfToken={csrfToken}
          values={values}
          errors={errors}
          outcome={messageFor(OUTCOMES, query.outcome) ?? null}
        />
      ),
    }),
    change: async (request, data) => {
      const result = await inviteToCommunity(uc(request), { patientId: data.facts.id });
      if (!result) return null;
      if (!result.ok)
        return {
          errors: [
            {
              field: 'confirm',
              href: 'confirm-1',
              message:
                result.reason === 'under_18'
                  ? 'The community is for adults: they can be invited from their 18th birthday'
                  : 'They need an account with us first: invite them to set one up',
            },
          ],
        };
      return {
        redirect: `/patients/${data.facts.id}/community-invitation?outcome=${result.outcome}`,
      };
    },
  });

  // --- moderation ---

  app.get(
    '/community/moderation',
    { config: { access: 'authenticated' } },
    async (request, reply) => {
      const queue = await moderationQueue(uc(request));
      if (!queue) return renderNotFound(request, reply);
      const wall = await options.elsewhere.wallQueueSize(uc(request));
      return ctx.page(
        request,
        reply,
        { backLink: backToCommunity, title: 'Moderation queue' },
        <QueuePage
          member={queue.me}
          items={queue.items}
          wall={wall}
          csrfToken={reply.generateCsrf()}
        />,
      );
    },
  );

  app.post(
    '/community/moderation/duty',
    { config: { access: 'authenticated' } },
    async (request, reply) => {
      const ok = await setMyDuty(uc(request), str(request.body, 'onDuty') === 'yes');
      if (!ok) return renderNotFound(request, reply);
      // Back to where the button was: the Wall, or the forums' queue (a fixed choice, not a URL).
      const back =
        str(request.body, 'back') === 'wall' ? '/community/wall' : '/community/moderation';
      return reply.redirect(back, 303);
    },
  );

  formRoute(app, ctx, {
    url: '/community/moderation/posts/:postId',
    access: 'authenticated',
    params: postParams,
    // `?asked=yes|already`: after asking the clinical team, back here to decide about the post.
    query: z.object({ asked: z.string().max(10).optional() }),
    load: async (request, params) => {
      const u = uc(request);
      const review = await reviewPost(u, params.postId);
      if (!review) return null;
      // Whether its author is one of our patients, whatever they joined as (walk 10).
      const withRecord = await membersWithRecord(u, [review.post.authorId]);
      return { ...review, authorHasRecord: withRecord.has(review.post.authorId) };
    },
    initial: () => ({ action: '', reason: '' }),
    parse: (body) => parseModerate(body),
    view: ({ data, values, errors, csrfToken, query }) => ({
      backLink: backToCommunity,
      title: 'Review a post',
      body: (
        <ReviewPage
          post={data.post}
          topic={data.topic}
          items={data.items}
          authorHasRecord={data.authorHasRecord}
          own={data.own}
          clinicalTeamAskedAt={data.clinicalTeamAskedAt}
          asked={query.asked === 'yes' || query.asked === 'already' ? query.asked : null}
          values={values}
          errors={errors}
          csrfToken={csrfToken}
        />
      ),
    }),
    change: async (request, data, value) => {
      const done = await moderate(uc(request), { postId: data.post.id, ...value });
      if (!done) return null;
      // Asking the clinical team leaves the post to decide: back to it, saying what happened.
      return {
        redirect: done.asked
          ? `/community/moderation/posts/${data.post.id}?asked=${done.asked}`
          : '/community/moderation',
      };
    },
  });

  registerVideoRoutes(app, ctx);
}

const OUTCOMES: Record<string, string> = {
  invited: 'We have emailed them an invitation.',
  already_invited: 'They have already been invited.',
  already_member: 'They are already a member.',
};
