import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackLink } from 'nhsuk-react-components';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, queryOf, safeNext, uuidParam } from '../../platform/edge';
import {
  resolvePendingSession,
  sessionChallenge,
  setSessionCookie,
  type PendingSession,
} from '../../platform/session';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound, requireAuth } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import { knownUserIds, rememberDevice } from './device-cookie';
import * as sf from './second-factor.service';
import { describeWait } from './throttle';
import {
  RecoveryCodesPage,
  ResetSecondFactorPage,
  SecondFactorResetDonePage,
  SecondStepPage,
  SetUpAppPage,
} from './views/SecondStepPages';

/** Where staff go after their password; `next` travels along so they land where they meant to. */
export function secondStepUrl(next: string): string {
  return next === '/home'
    ? '/sign-in/second-step'
    : `/sign-in/second-step?next=${encodeURIComponent(next)}`;
}

// The browser bundle ships with the package: served from node_modules, nothing fetched at run time.
const WEBAUTHN_BROWSER_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../node_modules/@simplewebauthn/browser/dist/bundle',
);

const nextField = z
  .unknown()
  .optional()
  .transform((v) => safeNext(typeof v === 'string' ? v : undefined));
const nextQuery = queryOf({ next: nextField });
const codeBody = formBody({ code: formText(100).default(''), next: nextField });
const passkeySignInBody = formBody({ credential: formText(8000).default(''), next: nextField });
const passkeyRegisterBody = formBody({
  credential: formText(8000).default(''),
  name: formText(100).default(''),
});

const CODE_ERROR = 'code';

export function registerSecondFactorRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const rp = (request: FastifyRequest) =>
    sf.relyingParty(ctx.config.publicUrl, request.service.name);
  const pendingOf = (request: FastifyRequest) =>
    resolvePendingSession(ctx.db, ctx.clock, request, ctx.cookieSettings);
  /** No half-way session (expired, or never): back to the password, or on if already signed in. */
  const startAgain = (request: FastifyRequest, reply: FastifyReply, next: string) =>
    request.auth
      ? reply.redirect(next, 303)
      : reply.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303);
  const stepInput = (request: FastifyRequest, pending: PendingSession) => ({
    pending,
    ip: request.ip,
    knownDevice: knownUserIds(request).includes(pending.userId),
  });
  const signedIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    userId: string,
  ) => {
    setSessionCookie(reply, ctx.cookieSettings, token);
    rememberDevice(request, reply, ctx.cookieSettings, userId);
  };

  async function showSecondStep(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingSession,
    next: string,
    errors?: FieldError[],
    status = 200,
  ) {
    const summary = await sf.secondFactorSummary(ctx.db, pending.serviceId, pending.userId);
    if (!sf.hasSecondFactor(summary))
      return reply.redirect(`/sign-in/set-up?next=${encodeURIComponent(next)}`, 303);
    const passkeyOptions =
      summary.passkeys.length > 0
        ? await sf.passkeySignInOptions(useCase(request), { pending, rp: rp(request) })
        : null;
    return ctx.page(
      request,
      reply,
      { title: 'Confirm it is you', hasErrors: Boolean(errors?.length), status },
      <SecondStepPage
        csrfToken={reply.generateCsrf()}
        next={next}
        hasApp={summary.totp}
        passkeyOptions={passkeyOptions}
        recoveryCodesLeft={summary.recoveryCodesLeft}
        errors={errors}
      />,
    );
  }

  function stepErrors(result: Exclude<sf.SecondStepResult, { kind: 'ok' }>): {
    errors: FieldError[];
    status: number;
  } {
    if (result.kind === 'throttled')
      return {
        status: 429,
        errors: [
          {
            field: CODE_ERROR,
            message: `Too many attempts. Wait ${describeWait(result.waitMs)}, then try again`,
          },
        ],
      };
    const message =
      result.reason === 'replayed'
        ? 'This code has already been used. Wait for your app to show a new code, then enter it'
        : 'Enter the code your authenticator app shows now, or one of your recovery codes';
    return { status: 400, errors: [{ field: CODE_ERROR, message }] };
  }

  app.get(
    '/sign-in/second-step',
    { config: { access: 'public' }, schema: { querystring: nextQuery } },
    async (request, reply) => {
      const next = request.query.next;
      const pending = await pendingOf(request);
      if (!pending) return startAgain(request, reply, next);
      return showSecondStep(request, reply, pending, next);
    },
  );

  app.post(
    '/sign-in/second-step',
    { config: { access: 'public' }, schema: { body: codeBody } },
    async (request, reply) => {
      const { next } = request.body;
      const code = request.body.code.trim();
      const pending = await pendingOf(request);
      if (!pending) return startAgain(request, reply, next);
      if (code === '')
        return showSecondStep(
          request,
          reply,
          pending,
          next,
          [{ field: CODE_ERROR, message: 'Enter the code from your authenticator app' }],
          400,
        );
      const result = await sf.verifySecondStepCode(useCase(request), {
        ...stepInput(request, pending),
        code,
      });
      if (result.kind === 'ok') {
        signedIn(request, reply, result.token, pending.userId);
        return reply.redirect(next, 303);
      }
      if (result.kind === 'invalid' && result.reason === 'no_factor')
        return reply.redirect(`/sign-in/set-up?next=${encodeURIComponent(next)}`, 303);
      const { errors, status } = stepErrors(result);
      return showSecondStep(request, reply, pending, next, errors, status);
    },
  );

  app.post(
    '/sign-in/passkey',
    { config: { access: 'public' }, schema: { body: passkeySignInBody } },
    async (request, reply) => {
      const { next, credential } = request.body;
      const pending = await pendingOf(request);
      if (!pending) return startAgain(request, reply, next);
      const result = await sf.verifyPasskeySignIn(useCase(request), {
        ...stepInput(request, pending),
        credential,
        rp: rp(request),
      });
      if (result.kind === 'ok') {
        signedIn(request, reply, result.token, pending.userId);
        return reply.redirect(next, 303);
      }
      const { errors, status } =
        result.kind === 'throttled'
          ? stepErrors(result)
          : {
              status: 400,
              errors: [
                {
                  field: CODE_ERROR,
                  message:
                    'Your passkey could not be used. Try again, or enter the code from your authenticator app',
                },
              ],
            };
      return showSecondStep(request, reply, pending, next, errors, status);
    },
  );

  async function showSetUp(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingSession,
    next: string,
    errors?: FieldError[],
    status = 200,
  ) {
    const enrolment = await sf.startTotpEnrolment(useCase(request), { pending });
    return ctx.page(
      request,
      reply,
      { title: 'Set up two-step sign-in', hasErrors: Boolean(errors?.length), status },
      <SetUpAppPage
        csrfToken={reply.generateCsrf()}
        next={next}
        secret={enrolment.secret}
        qrDataUri={enrolment.qrDataUri}
        errors={errors}
      />,
    );
  }

  app.get(
    '/sign-in/set-up',
    { config: { access: 'public' }, schema: { querystring: nextQuery } },
    async (request, reply) => {
      const next = request.query.next;
      const pending = await pendingOf(request);
      if (!pending) return startAgain(request, reply, next);
      const summary = await sf.secondFactorSummary(ctx.db, pending.serviceId, pending.userId);
      // Someone with a factor proves it; setting up a new one is not a way around it.
      if (sf.hasSecondFactor(summary)) return reply.redirect(secondStepUrl(next), 303);
      return showSetUp(request, reply, pending, next);
    },
  );

  app.post(
    '/sign-in/set-up',
    { config: { access: 'public' }, schema: { body: codeBody } },
    async (request, reply) => {
      const { next } = request.body;
      const code = request.body.code.trim();
      const pending = await pendingOf(request);
      if (!pending) return startAgain(request, reply, next);
      if (code === '')
        return showSetUp(
          request,
          reply,
          pending,
          next,
          [{ field: CODE_ERROR, message: 'Enter the 6-digit code from your authenticator app' }],
          400,
        );
      const result = await sf.confirmTotpEnrolment(useCase(request), {
        ...stepInput(request, pending),
        code,
      });
      if (result.kind === 'already_enrolled') return reply.redirect(secondStepUrl(next), 303);
      if (result.kind === 'throttled')
        return showSetUp(
          request,
          reply,
          pending,
          next,
          [
            {
              field: CODE_ERROR,
              message: `Too many attempts. Wait ${describeWait(result.waitMs)}, then try again`,
            },
          ],
          429,
        );
      if (result.kind === 'invalid')
        return showSetUp(
          request,
          reply,
          pending,
          next,
          [
            {
              field: CODE_ERROR,
              message: 'Enter the 6-digit code your authenticator app shows now for this service',
            },
          ],
          400,
        );
      signedIn(request, reply, result.token, pending.userId);
      // Shown once, in this answer only: never stored or shown again in readable form.
      reply.header('cache-control', 'no-store');
      return ctx.page(
        request,
        reply,
        { title: 'Save your recovery codes' },
        <RecoveryCodesPage codes={result.recoveryCodes} next={next} />,
      );
    },
  );

  app.post(
    '/account/passkeys',
    { config: { access: ROLE_GROUPS.staff }, schema: { body: passkeyRegisterBody } },
    async (request, reply) => {
      const user = requireAuth(request);
      const challenge = await sessionChallenge(ctx.db, user.serviceId, user.sessionTokenHash);
      const name = request.body.name.trim() || 'Passkey';
      const result = await sf.registerPasskey(useCase(request), {
        user,
        credential: request.body.credential,
        name: name.slice(0, 60),
        challenge,
        rp: rp(request),
      });
      return reply.redirect(`/account?passkey=${result.ok ? 'added' : 'failed'}`, 303);
    },
  );

  app.get(
    '/static/simplewebauthn-browser.js',
    { config: { access: 'public' } },
    (_request, reply) =>
      reply
        .header('cache-control', 'public, max-age=86400')
        .type('text/javascript; charset=utf-8')
        .sendFile('index.umd.min.js', WEBAUTHN_BROWSER_DIR),
  );

  const managers = { access: ROLE_GROUPS.managers };
  const userParams = z.object({ userId: uuidParam });

  app.get(
    '/admin/users/:userId/second-factor',
    { config: managers, schema: { params: userParams } },
    async (request, reply) => {
      const colleague = await sf.resettableColleague(useCase(request), {
        userId: request.params.userId,
      });
      if (!colleague) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: `Reset two-step sign-in for ${colleague.displayName}`,
          backLink: <BackLink href="/admin/users">Back to users</BackLink>,
        },
        <ResetSecondFactorPage
          csrfToken={reply.generateCsrf()}
          userId={colleague.id}
          displayName={colleague.displayName}
          email={colleague.email}
        />,
      );
    },
  );

  app.post(
    '/admin/users/:userId/second-factor',
    { config: managers, schema: { params: userParams } },
    async (request, reply) => {
      const uc = useCase(request);
      const colleague = await sf.resettableColleague(uc, { userId: request.params.userId });
      if (!colleague) return renderNotFound(request, reply);
      const result = await sf.resetSecondFactor(uc, { userId: colleague.id });
      if (!result.ok) return renderNotFound(request, reply);
      ctx.sockets.closeUserSockets(request.service.id, colleague.id);
      return ctx.page(
        request,
        reply,
        { title: 'Two-step sign-in has been reset' },
        <SecondFactorResetDonePage displayName={colleague.displayName} />,
      );
    },
  );
}
