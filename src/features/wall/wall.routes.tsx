import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { formBody, formText, queryOf, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor, type UseCase } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { communityNotForYou } from '../community';
import { checkText, type FieldError, type FormResult } from '../../ui/forms';
import { parsed } from '../../domain/result';
import {
  hideWallMessage,
  messageView,
  postToWall,
  reportWallMessage,
  askClinicalTeamAboutWallMessage,
  reviewWallMessage,
  sanctionWallMember,
  wallMemberFor,
  wallPage,
  wallQueue,
  type WallMember,
  WALL_QUEUE_PATH,
} from './wall.service';
import * as repo from './wall.repository';
import {
  NotACrisisService,
  WallPage,
  WallQueuePage,
  WallReasonPage,
  WallSanctionPage,
} from './views/WallPages';

const REASON_MAX = 500;
const messageParams = z.object({ messageId: uuidParam });
// Former patients keep their patient role: membership, checked in every handler, decides (404).
const community = { access: 'authenticated' as const };
const backToWall = <BackLink href="/community/wall">Back to the Wall</BackLink>;

/** `required`: the message for an empty reason, naming what the reason is for on that page. */
function reasonResult(
  body: { reason?: string | undefined },
  required: string,
): {
  values: { reason: string };
  result: FormResult<string>;
} {
  const errors: FieldError[] = [];
  const reason = checkText(errors, 'reason', (body.reason ?? '').trim(), {
    required,
    label: 'Reason',
    max: REASON_MAX,
  });
  return {
    values: { reason: body.reason ?? '' },
    result: errors.length ? { ok: false, errors } : parsed(reason),
  };
}

/** The Wall's pages: live chat in the community, in office hours (issue 14). */
export function registerWallRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: { scriptUrl: () => string },
): void {
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  // A suspended member is told why, like on the rest of the community; anyone else gets 404.
  const notForYou = communityNotForYou(ctx);

  /** The member and the message, or null (404) for a stranger or a message of another service. */
  const loadMessage = async (
    request: FastifyRequest,
    messageId: string,
    moderatorOnly: boolean,
  ) => {
    const uc = useCase(request);
    const me = await wallMemberFor(uc);
    if (!me || (moderatorOnly && !me.isModerator)) return null;
    const row = await repo.findMessage(uc.db, uc.service.id, messageId);
    if (!row) return null;
    return { me, message: messageView(row) };
  };

  formRoute(app, ctx, {
    url: '/community/wall',
    access: community.access,
    notFound: notForYou,
    body: formBody({ body: formText().optional(), key: formText(100).optional() }),
    query: queryOf({ reported: singleQuery.optional() }),
    load: async (request) => {
      const uc = useCase(request);
      const me = await wallMemberFor(uc);
      if (!me) return null;
      return { me, page: await wallPage(uc, me) };
    },
    initial: () => ({ body: '', key: randomUUID() }),
    parse: (body) => {
      const values = { body: body.body ?? '', key: body.key ?? randomUUID() };
      const result: FormResult<{ body: string; key: string }> = /^[A-Za-z0-9-]{8,100}$/.test(
        values.key,
      )
        ? parsed(values)
        : { ok: false, errors: [{ field: 'body', message: 'Something went wrong. Try again' }] };
      return { values, result };
    },
    view: ({ data, values, errors, csrfToken, query }) => ({
      title: 'The Wall',
      backLink: <BackLink href="/community">Back to the community</BackLink>,
      body: (
        <WallPage
          state={data.page.state}
          messages={data.page.messages}
          lastSeq={data.page.lastSeq}
          here={data.page.here}
          moderators={data.page.moderators}
          moderator={data.me.isModerator}
          memberId={data.me.member.id}
          queue={data.page.queue}
          onDuty={data.me.isModerator ? data.me.member.onDuty : null}
          postingBlocked={data.me.postingBlocked}
          sanction={data.page.sanction}
          csrfToken={csrfToken}
          values={errors?.length ? { ...values, key: randomUUID() } : values}
          errors={errors}
          scriptUrl={options.scriptUrl()}
          reported={
            query.reported === 'already' ? 'already' : query.reported === '1' ? 'sent' : null
          }
        />
      ),
    }),
    change: async (request, data: { me: WallMember }, value) => {
      const result = await postToWall(useCase(request), data.me, {
        body: value.body,
        clientKey: value.key,
      });
      if (!result.ok) return { errors: [{ field: 'body', message: result.message }] };
      return { redirect: result.crisis ? '/community/wall/help' : '/community/wall#wall-form' };
    },
  });

  app.get('/community/wall/help', { config: community }, async (request, reply) => {
    const me = await wallMemberFor(useCase(request));
    if (!me) return renderNotFound(request, reply);
    return ctx.page(
      request,
      reply,
      { title: 'Help is available now', backLink: backToWall },
      <>
        <h1>Help is available now</h1>
        <p>
          Thank you for telling us how you feel. We have let the people who look after this
          community know. Nobody watches the Wall all the time, so please do not wait for them if
          you need help now. If you are having treatment with us, your therapist will be told too.
        </p>
        <p>
          The Wall cannot give you urgent help. If you feel you might act on thoughts of harming
          yourself, get help now: you do not have to wait.
        </p>
        <NotACrisisService />
      </>,
    );
  });

  /** A page that asks for a reason before acting on one message: report it, or hide it. */
  const messageReasonForm = (form: {
    action: 'report' | 'hide';
    moderatorOnly: boolean;
    page: { heading: string; intro: string; button: string; missingReason: string };
    submit: (
      uc: UseCase,
      me: WallMember,
      input: { messageId: string; reason: string },
    ) => Promise<boolean | 'already'>;
    redirect: string;
    /** Where to go when it was done before (a second report of the same message). */
    alreadyRedirect?: string;
  }) => {
    formRoute(app, ctx, {
      url: `/community/wall/messages/:messageId/${form.action}`,
      access: community.access,
      params: messageParams,
      body: formBody({ reason: formText(2000).optional() }),
      load: async (request, params) => {
        const data = await loadMessage(request, params.messageId, form.moderatorOnly);
        if (!data) return null;
        const uc = useCase(request);
        const reportedBefore =
          form.action === 'report' &&
          (await repo.hasReported(uc.db, uc.service.id, data.message.id, data.me.member.id));
        return { ...data, reportedBefore };
      },
      // Nobody reports their own message: they are sent back to the Wall. Nor is anyone asked
      // for a reason a second time for a message they have already reported.
      check: (data) => {
        if (form.action !== 'report') return null;
        if (data.message.authorMemberId === data.me.member.id) return '/community/wall';
        return data.reportedBefore ? (form.alreadyRedirect ?? form.redirect) : null;
      },
      initial: () => ({ reason: '' }),
      parse: (body) => reasonResult(body, form.page.missingReason),
      view: ({ data, values, errors, csrfToken, request }) => ({
        title: form.page.heading,
        backLink: backToWall,
        body: (
          <WallReasonPage
            heading={form.page.heading}
            intro={form.page.intro}
            message={data.message}
            action={request.url}
            button={form.page.button}
            csrfToken={csrfToken}
            values={values}
            errors={errors}
          />
        ),
      }),
      change: async (request, data, reason) => {
        const done = await form.submit(useCase(request), data.me, {
          messageId: data.message.id,
          reason,
        });
        if (done === 'already') return { redirect: form.alreadyRedirect ?? form.redirect };
        return done ? { redirect: form.redirect } : null;
      },
    });
  };

  messageReasonForm({
    action: 'report',
    moderatorOnly: false,
    page: {
      heading: 'Report a message',
      intro:
        'Tell the moderators what is wrong with this message. They will look at it and decide what to do. The author is not told who reported it.',
      button: 'Send report',
      missingReason: 'Enter what is wrong with this message',
    },
    submit: reportWallMessage,
    redirect: '/community/wall?reported=1',
    alreadyRedirect: '/community/wall?reported=already',
  });

  messageReasonForm({
    action: 'hide',
    moderatorOnly: true,
    page: {
      heading: 'Hide a message',
      intro:
        'The message disappears for everyone at once and shows as removed by a moderator. The reason is kept in the audit trail.',
      button: 'Hide message',
      missingReason: 'Enter why you are hiding this message',
    },
    submit: hideWallMessage,
    redirect: '/community/wall',
  });

  formRoute(app, ctx, {
    url: '/community/wall/messages/:messageId/sanction',
    access: community.access,
    params: messageParams,
    body: formBody({
      kind: formText(20).optional(),
      days: formText(10).optional(),
      reason: formText(2000).optional(),
    }),
    load: (request, params) => loadMessage(request, params.messageId, true),
    // A moderator does not warn or suspend themselves.
    check: (data) => (data.message.authorMemberId === data.me.member.id ? '/community/wall' : null),
    initial: () => ({ kind: '', days: '', reason: '' }),
    parse: (body) => {
      const values = { kind: body.kind ?? '', days: body.days ?? '', reason: body.reason ?? '' };
      const errors: FieldError[] = [];
      const kind: 'warning' | 'suspension' | null =
        values.kind === 'warning' || values.kind === 'suspension' ? values.kind : null;
      if (!kind)
        errors.push({
          field: 'kind',
          message: 'Select whether to warn or suspend them',
          href: 'kind-1',
        });
      const days = Number(values.days);
      if (kind === 'suspension' && !(Number.isInteger(days) && days >= 1 && days <= 90))
        errors.push({
          field: 'days',
          message: 'Enter how many days the suspension lasts, from 1 to 90',
        });
      const reason = reasonResult(values, 'Enter the reason for the warning or suspension');
      if (!reason.result.ok) errors.push(...reason.result.errors);
      if (errors.length || !kind || !reason.result.ok)
        return { values, result: { ok: false, errors } };
      return {
        values,
        result: parsed({
          kind,
          days: kind === 'suspension' ? days : 0,
          reason: reason.result.value,
        }),
      };
    },
    view: ({ data, values, errors, csrfToken, request }) => ({
      title: `Warn or suspend ${data.message.pseudonym}`,
      backLink: backToWall,
      body: (
        <WallSanctionPage
          message={data.message}
          action={request.url}
          csrfToken={csrfToken}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, data, value) => {
      const done = await sanctionWallMember(useCase(request), data.me, {
        messageId: data.message.id,
        ...value,
      });
      return done ? { redirect: WALL_QUEUE_PATH } : null;
    },
  });

  app.post(
    '/community/wall/messages/:messageId/reviewed',
    { config: community, schema: { params: messageParams, body: formBody({}) } },
    async (request, reply) => {
      const { messageId } = request.params as { messageId: string };
      const data = await loadMessage(request, messageId, true);
      if (!data) return renderNotFound(request, reply);
      await reviewWallMessage(useCase(request), data.me, messageId);
      return reply.redirect(WALL_QUEUE_PATH, 303);
    },
  );

  app.post(
    '/community/wall/messages/:messageId/ask-clinical-team',
    { config: community, schema: { params: messageParams, body: formBody({}) } },
    async (request, reply) => {
      const { messageId } = request.params as { messageId: string };
      const data = await loadMessage(request, messageId, true);
      if (!data) return renderNotFound(request, reply);
      const asked = await askClinicalTeamAboutWallMessage(useCase(request), data.me, {
        messageId,
        reason: '',
      });
      // Not for this author (no record with us): the queue is shown again, unchanged.
      return reply.redirect(asked ? `${WALL_QUEUE_PATH}?done=asked` : WALL_QUEUE_PATH, 303);
    },
  );

  app.get(WALL_QUEUE_PATH, { config: community }, async (request, reply) => {
    const uc = useCase(request);
    const me = await wallMemberFor(uc);
    if (!me?.isModerator) return renderNotFound(request, reply);
    const queue = await wallQueue(uc);
    return ctx.page(
      request,
      reply,
      { title: 'Wall moderation queue', backLink: backToWall },
      <WallQueuePage
        crisis={queue.crisis}
        withRecord={queue.withRecord}
        asked={(request.query as { done?: string } | null)?.done === 'asked'}
        crisisReports={queue.crisisReports}
        reports={queue.reports}
        csrfToken={reply.generateCsrf()}
      />,
    );
  });
}
