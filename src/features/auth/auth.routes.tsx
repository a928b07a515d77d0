import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import type { OidcKind } from '../../db/schema';
import { formBody, formText, queryOf, singleQuery } from '../../platform/edge';
import type { AppContext } from '../../platform/context';
import {
  clearSessionCookie,
  deleteSession,
  sessionTokenHashFrom,
  setSessionCookie,
} from '../../platform/session';
import { useCaseFor } from '../../platform/use-case';
import { requireAuth } from '../../platform/web';
import { emailProblem, newPasswordErrors, parseSetup, parseSignIn, safeNext } from './auth.forms';
import * as auth from './auth.service';
import * as oidc from './oidc.service';
import * as sf from './second-factor.service';
import { isStaff } from '../../platform/types';
import { describeWait } from './throttle';
import { knownUserIds, rememberDevice } from './device-cookie';
import { registerSecondFactorRoutes, secondStepUrl } from './second-factor.routes';
import { SetPasswordPage } from './views/SetPasswordPage';
import { SetupPage } from './views/SetupPage';
import { SignInPage } from './views/SignInPage';
import { oidcButtons, oidcClients, type OidcRouteDeps } from './oidc.routes';
import { ServiceContact } from '../../ui/ServiceContact';
import {
  AccountPage,
  ForgotPasswordPage,
  ForgotPasswordSentPage,
  LinkExpiredPage,
  SignedOutPage,
  SignOutPage,
} from './views/AccountPages';

// A token is a base64url string well under this length; anything longer is not one of ours.
const TOKEN_MAX = 200;
/** The `next` address is never refused: anything unsafe (or repeated) falls back to /home. */
const nextField = z
  .unknown()
  .optional()
  .transform((v) => safeNext(typeof v === 'string' ? v : undefined));
const tokenQuery = queryOf({ token: singleQuery.max(TOKEN_MAX).optional() });
const signInBody = formBody({
  email: formText(1000).optional(),
  password: formText(1100).optional(),
  next: nextField,
});
const setPasswordBody = formBody({
  token: formText(TOKEN_MAX).default(''),
  password: formText(1100).default(''),
  confirm: formText(1100).default(''),
});
const emailBody = formBody({ email: formText(1000).default('') });
const setupBody = formBody({ token: formText(TOKEN_MAX).default('') });

export function registerAuthRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  deps: OidcRouteDeps,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  // Pages that say "contact us" give the number and email (walk 10: "contact your service").
  const contactUs = async (request: FastifyRequest) => (
    <ServiceContact
      serviceName={request.service.name}
      contact={await deps.serviceContact(ctx.db, request.service.id)}
    />
  );

  app.get(
    '/sign-in',
    { config: { access: 'public' }, schema: { querystring: queryOf({ next: nextField }) } },
    async (request, reply) => {
      if (request.auth) return reply.redirect('/home', 303);
      const next = request.query.next;
      return ctx.page(
        request,
        reply,
        { title: 'Sign in' },
        <SignInPage
          csrfToken={reply.generateCsrf()}
          email=""
          next={next}
          providers={oidcButtons(ctx)}
        />,
      );
    },
  );

  app.post(
    '/sign-in',
    { config: { access: 'public' }, schema: { body: signInBody } },
    async (request, reply) => {
      const { values, result } = parseSignIn(request.body);
      const next = request.body.next;
      const show = (status: number, errors: { field: string; message: string }[]) =>
        ctx.page(
          request,
          reply,
          { title: 'Sign in', hasErrors: true, status },
          <SignInPage
            csrfToken={reply.generateCsrf()}
            email={values.email}
            next={next}
            errors={errors}
            providers={oidcButtons(ctx)}
          />,
        );
      if (!result.ok) return show(400, result.errors);
      const outcome = await auth.signIn(useCase(request), {
        email: values.email,
        password: values.password,
        ip: request.ip,
        knownUserIds: knownUserIds(request),
      });
      if (outcome.kind === 'throttled') {
        return show(429, [
          {
            field: 'email',
            message: `Too many attempts to sign in. Wait ${describeWait(outcome.waitMs)}, then try again`,
          },
        ]);
      }
      if (outcome.kind === 'invalid') {
        // One message for an unknown email and a wrong password, so neither is revealed.
        return show(400, [
          { field: 'email', message: 'Enter a correct email address and password' },
        ]);
      }
      // Whatever session this browser had (signed in, or half-way as someone) ends here.
      const previous = sessionTokenHashFrom(request, ctx.cookieSettings);
      if (previous) await deleteSession(ctx.db, request.service.id, previous);
      setSessionCookie(reply, ctx.cookieSettings, outcome.token);
      if (outcome.kind === 'second_step') return reply.redirect(secondStepUrl(next), 303);
      rememberDevice(request, reply, ctx.cookieSettings, outcome.userId);
      return reply.redirect(next, 303);
    },
  );

  app.get('/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    if (!request.auth)
      return ctx.page(request, reply, { title: 'You have signed out' }, <SignedOutPage />);
    return ctx.page(
      request,
      reply,
      { title: 'Sign out' },
      <SignOutPage csrfToken={reply.generateCsrf()} />,
    );
  });

  app.post('/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    let signedInWith: OidcKind | null = null;
    if (request.auth) {
      signedInWith = await auth.signOut(useCase(request), {
        userId: request.auth.userId,
        sessionTokenHash: request.auth.sessionTokenHash,
      });
      ctx.sockets.closeSessionSockets(request.auth.sessionTokenHash);
    } else {
      // Half-way through two-step sign-in: that session ends too.
      const pending = sessionTokenHashFrom(request, ctx.cookieSettings);
      if (pending) await deleteSession(ctx.db, request.service.id, pending);
    }
    clearSessionCookie(reply, ctx.cookieSettings);
    // Signed in through NHS login or the staff single sign-on: end that session too, or the next
    // person at a shared computer could continue as this one without signing in. The provider
    // sends the browser back to "You have signed out".
    const atProvider = signedInWith
      ? await oidcClients(ctx)[signedInWith]?.endSessionUrl(`${ctx.config.publicUrl}/sign-out`)
      : null;
    return reply.redirect(atProvider ?? '/sign-out', 303);
  });

  app.get(
    '/account',
    {
      config: { access: 'authenticated' },
      schema: {
        querystring: queryOf({
          passkey: singleQuery.optional(),
          nhsLogin: singleQuery.optional(),
        }),
      },
    },
    async (request, reply) => {
      const user = requireAuth(request);
      const staff = isStaff(user.roles);
      const uc = useCase(request);
      const secondFactor = staff
        ? await sf.secondFactorSummary(ctx.db, user.serviceId, user.userId)
        : undefined;
      const passkeyOptions = staff
        ? await sf.passkeyRegistrationOptions(uc, {
            user,
            rp: sf.relyingParty(ctx.config.publicUrl, request.service.name),
          })
        : undefined;
      const passkey = request.query.passkey;
      const nhsLogin = user.roles.includes('patient')
        ? await oidc.nhsLoginLinkOf(uc, user.userId)
        : null;
      return ctx.page(
        request,
        reply,
        { title: 'Your account', backLink: <BackLink href="/home">Back to home</BackLink> },
        <AccountPage
          csrfToken={reply.generateCsrf()}
          displayName={user.displayName}
          email={user.email}
          roles={user.roles}
          secondFactor={secondFactor}
          passkeyOptions={passkeyOptions}
          passkeyResult={passkey === 'added' || passkey === 'failed' ? passkey : undefined}
          nhsLogin={nhsLogin}
          nhsLoginUnlinked={request.query.nhsLogin === 'unlinked'}
        />,
      );
    },
  );

  app.post(
    '/account/sign-out-everywhere',
    { config: { access: 'authenticated' } },
    async (request, reply) => {
      const { userId } = requireAuth(request);
      await auth.signOutEverywhere(useCase(request), { userId });
      ctx.sockets.closeUserSockets(request.service.id, userId);
      clearSessionCookie(reply, ctx.cookieSettings);
      return reply.redirect('/sign-in', 303);
    },
  );

  // The person stops signing in with NHS login (issue 17 left only the way in). Patients only:
  // staff single sign-on is the service's to manage, not the person's.
  app.post(
    '/account/nhs-login/unlink',
    { config: { access: ['patient'] } },
    async (request, reply) => {
      const { userId } = requireAuth(request);
      const result = await oidc.unlinkNhsLogin(useCase(request), { userId });
      if (result.ok || result.reason === 'not_linked')
        return reply.redirect('/account?nhsLogin=unlinked', 303);
      // The page offers no button without a password; a stale page still gets a clear answer.
      return reply.redirect('/account', 303);
    },
  );

  app.get(
    '/account/set-password',
    { config: { access: 'public' }, schema: { querystring: tokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? '';
      const found = await auth.checkPasswordToken(useCase(request), { token });
      if (!found)
        return ctx.page(
          request,
          reply,
          { title: 'Link expired', status: 410 },
          <LinkExpiredPage contact={await contactUs(request)} />,
        );
      return ctx.page(
        request,
        reply,
        { title: found.purpose === 'invitation' ? 'Set up your account' : 'Choose a new password' },
        <SetPasswordPage
          csrfToken={reply.generateCsrf()}
          token={token}
          purpose={found.purpose === 'invitation' ? 'invitation' : 'password_reset'}
          displayName={found.user.displayName}
          email={found.user.email}
        />,
      );
    },
  );

  app.post(
    '/account/set-password',
    { config: { access: 'public' }, schema: { body: setPasswordBody } },
    async (request, reply) => {
      const { token, password, confirm } = request.body;
      const found = await auth.checkPasswordToken(useCase(request), { token });
      if (!found)
        return ctx.page(
          request,
          reply,
          { title: 'Link expired', status: 410 },
          <LinkExpiredPage contact={await contactUs(request)} />,
        );
      const errors = newPasswordErrors(password, confirm, found.user.email);
      const purpose = found.purpose === 'invitation' ? 'invitation' : 'password_reset';
      if (errors.length > 0) {
        return ctx.page(
          request,
          reply,
          {
            title: purpose === 'invitation' ? 'Set up your account' : 'Choose a new password',
            hasErrors: true,
          },
          <SetPasswordPage
            csrfToken={reply.generateCsrf()}
            token={token}
            purpose={purpose}
            displayName={found.user.displayName}
            email={found.user.email}
            errors={errors}
          />,
        );
      }
      const result = await auth.setPasswordWithToken(useCase(request), { token, password });
      if (!result.ok)
        return ctx.page(
          request,
          reply,
          { title: 'Link expired', status: 410 },
          <LinkExpiredPage contact={await contactUs(request)} />,
        );
      setSessionCookie(reply, ctx.cookieSettings, result.sessionToken);
      if (result.secondStep) return reply.redirect(secondStepUrl('/home'), 303);
      rememberDevice(request, reply, ctx.cookieSettings, result.userId);
      return reply.redirect('/home', 303);
    },
  );

  app.get('/forgot-password', { config: { access: 'public' } }, async (request, reply) =>
    ctx.page(
      request,
      reply,
      { title: 'Reset your password' },
      <ForgotPasswordPage csrfToken={reply.generateCsrf()} email="" />,
    ),
  );

  app.post(
    '/forgot-password',
    {
      config: { access: 'public', rateLimit: { max: 5, timeWindow: '15 minutes' } },
      schema: { body: emailBody },
    },
    async (request, reply) => {
      const email = request.body.email.trim();
      const problem = emailProblem(email);
      if (problem) {
        return ctx.page(
          request,
          reply,
          { title: 'Reset your password', hasErrors: true },
          <ForgotPasswordPage
            csrfToken={reply.generateCsrf()}
            email={email}
            errors={[{ field: 'email', message: problem }]}
          />,
        );
      }
      await auth.requestPasswordReset(useCase(request), { email });
      return ctx.page(
        request,
        reply,
        { title: 'Check your email' },
        <ForgotPasswordSentPage contact={await contactUs(request)} />,
      );
    },
  );

  app.get(
    '/setup',
    { config: { access: 'public' }, schema: { querystring: tokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? '';
      if (!(await auth.isLiveSetupToken(useCase(request), { token }))) {
        return ctx.page(
          request,
          reply,
          { title: 'Link expired', status: 410 },
          <LinkExpiredPage contact={await contactUs(request)} />,
        );
      }
      return ctx.page(
        request,
        reply,
        { title: 'Set up Rapport' },
        <SetupPage csrfToken={reply.generateCsrf()} token={token} values={{}} />,
      );
    },
  );

  app.post(
    '/setup',
    { config: { access: 'public' }, schema: { body: setupBody } },
    async (request, reply) => {
      const token = request.body.token;
      const { values, errors } = parseSetup(request.body);
      const again = (errs: typeof errors) =>
        ctx.page(
          request,
          reply,
          { title: 'Set up Rapport', hasErrors: true },
          <SetupPage
            csrfToken={reply.generateCsrf()}
            token={token}
            values={{ displayName: values.displayName, email: values.email }}
            errors={errs}
          />,
        );
      if (errors.length > 0) return again(errors);
      const result = await auth.completeSetup(useCase(request), { token, ...values });
      if (!result.ok && result.reason === 'email_taken')
        return again([
          { field: 'email', message: 'An account with this email address already exists' },
        ]);
      if (!result.ok)
        return ctx.page(
          request,
          reply,
          { title: 'Link expired', status: 410 },
          <LinkExpiredPage contact={await contactUs(request)} />,
        );
      setSessionCookie(reply, ctx.cookieSettings, result.sessionToken);
      return reply.redirect(secondStepUrl('/home'), 303);
    },
  );

  registerSecondFactorRoutes(fastify, ctx);
}
