import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackLink } from 'nhsuk-react-components';
import type { ReactElement } from 'react';
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

/** Why a code form is shown again, and with which status. */
interface CodeProblem {
  errors: FieldError[];
  status: number;
}
const codeProblem = (message: string, status = 400): CodeProblem => ({
  status,
  errors: [{ field: CODE_ERROR, message }],
});
const tooManyAttempts = (waitMs: number) =>
  codeProblem(`Too many attempts. Wait ${describeWait(waitMs)}, then try again`, 429);

/** A page asking for a code, for someone half-way through signing in. */
type CodePage = (
  request: FastifyRequest,
  reply: FastifyReply,
  pending: PendingSession,
  next: string,
  problem?: CodeProblem,
) => Promise<FastifyReply>;

export function registerSecondFactorRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const rp = (request: FastifyRequest) =>
    sf.relyingParty(ctx.config.publicUrl, request.service.name);
  /**
   * Goes on with the half-way session (password given, second factor not yet). Without one
   * (expired, or never): back to the password, or on if already signed in.
   */
  async function whenHalfWay(
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    goOn: (pending: PendingSession) => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    const pending = await resolvePendingSession(ctx.db, ctx.clock, request, ctx.cookieSettings);
    if (pending) return goOn(pending);
    return request.auth
      ? reply.redirect(next, 303)
      : reply.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303);
  }
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

  /**
   * The two forms taking a code from the authenticator app (the second step, and setting up the
   * app) ask again for an empty code before checking anything.
   */
  const codeFormHandler =
    (
      showForm: CodePage,
      missingCode: string,
      checkCode: (
        request: FastifyRequest,
        reply: FastifyReply,
        entered: { pending: PendingSession; next: string; code: string },
      ) => Promise<FastifyReply>,
    ) =>
    (request: FastifyRequest & { body: z.output<typeof codeBody> }, reply: FastifyReply) => {
      const { next } = request.body;
      const code = request.body.code.trim();
      return whenHalfWay(request, reply, next, (pending) =>
        code === ''
          ? showForm(request, reply, pending, next, codeProblem(missingCode))
          : checkCode(request, reply, { pending, next, code }),
      );
    };

  /** A page with a code form, saying what was wrong with the last try if anything was. */
  const codeFormPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    title: string,
    problem: CodeProblem | undefined,
    form: ReactElement,
  ) =>
    ctx.page(
      request,
      reply,
      { title, hasErrors: Boolean(problem?.errors.length), status: problem?.status ?? 200 },
      form,
    );

  const showSecondStep: CodePage = async (request, reply, pending, next, problem) => {
    const summary = await sf.secondFactorSummary(ctx.db, pending.serviceId, pending.userId);
    if (!sf.hasSecondFactor(summary))
      return reply.redirect(`/sign-in/set-up?next=${encodeURIComponent(next)}`, 303);
    const passkeyOptions =
      summary.passkeys.length > 0
        ? await sf.passkeySignInOptions(useCase(request), { pending, rp: rp(request) })
        : null;
    return codeFormPage(
      request,
      reply,
      'Confirm it is you',
      problem,
      <SecondStepPage
        csrfToken={reply.generateCsrf()}
        next={next}
        hasApp={summary.totp}
        passkeyOptions={passkeyOptions}
        recoveryCodesLeft={summary.recoveryCodesLeft}
        errors={problem?.errors}
      />,
    );
  };

  function stepProblem(result: Exclude<sf.SecondStepResult, { kind: 'ok' }>): CodeProblem {
    if (result.kind === 'throttled') return tooManyAttempts(result.waitMs);
    return codeProblem(
      result.reason === 'replayed'
        ? 'This code has already been used. Wait for your app to show a new code, then enter it'
        : 'Enter the code your authenticator app shows now, or one of your recovery codes',
    );
  }

  app.get(
    '/sign-in/second-step',
    { config: { access: 'public' }, schema: { querystring: nextQuery } },
    async (request, reply) => {
      const { next } = request.query;
      return whenHalfWay(request, reply, next, (pending) =>
        showSecondStep(request, reply, pending, next),
      );
    },
  );

  app.post(
    '/sign-in/second-step',
    { config: { access: 'public' }, schema: { body: codeBody } },
    codeFormHandler(
      showSecondStep,
      'Enter the code from your authenticator app',
      async (request, reply, { pending, next, code }) => {
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
        return showSecondStep(request, reply, pending, next, stepProblem(result));
      },
    ),
  );

  app.post(
    '/sign-in/passkey',
    { config: { access: 'public' }, schema: { body: passkeySignInBody } },
    async (request, reply) => {
      const { next, credential } = request.body;
      return whenHalfWay(request, reply, next, async (pending) => {
        const result = await sf.verifyPasskeySignIn(useCase(request), {
          ...stepInput(request, pending),
          credential,
          rp: rp(request),
        });
        if (result.kind === 'ok') {
          signedIn(request, reply, result.token, pending.userId);
          return reply.redirect(next, 303);
        }
        const problem =
          result.kind === 'throttled'
            ? tooManyAttempts(result.waitMs)
            : codeProblem(
                'Your passkey could not be used. Try again, or enter the code from your authenticator app',
              );
        return showSecondStep(request, reply, pending, next, problem);
      });
    },
  );

  const showSetUp: CodePage = async (request, reply, pending, next, problem) => {
    const enrolment = await sf.startTotpEnrolment(useCase(request), { pending });
    return codeFormPage(
      request,
      reply,
      'Set up two-step sign-in',
      problem,
      <SetUpAppPage
        csrfToken={reply.generateCsrf()}
        next={next}
        secret={enrolment.secret}
        qrDataUri={enrolment.qrDataUri}
        errors={problem?.errors}
      />,
    );
  };

  app.get(
    '/sign-in/set-up',
    { config: { access: 'public' }, schema: { querystring: nextQuery } },
    async (request, reply) => {
      const { next } = request.query;
      return whenHalfWay(request, reply, next, async (pending) => {
        const summary = await sf.secondFactorSummary(ctx.db, pending.serviceId, pending.userId);
        // Someone with a factor proves it; setting up a new one is not a way around it.
        if (sf.hasSecondFactor(summary)) return reply.redirect(secondStepUrl(next), 303);
        return showSetUp(request, reply, pending, next);
      });
    },
  );

  app.post(
    '/sign-in/set-up',
    { config: { access: 'public' }, schema: { body: codeBody } },
    codeFormHandler(
      showSetUp,
      'Enter the 6-digit code from your authenticator app',
      async (request, reply, { pending, next, code }) => {
        const result = await sf.confirmTotpEnrolment(useCase(request), {
          ...stepInput(request, pending),
          code,
        });
        if (result.kind === 'already_enrolled') return reply.redirect(secondStepUrl(next), 303);
        if (result.kind === 'throttled')
          return showSetUp(request, reply, pending, next, tooManyAttempts(result.waitMs));
        if (result.kind === 'invalid')
          return showSetUp(
            request,
            reply,
            pending,
            next,
            codeProblem('Enter the 6-digit code your authenticator app shows now for this service'),
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
    ),
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
