import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Clock } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import { countHit, uncountHit } from '../../platform/rate-limit-store';
import { formBody, formList, formText, queryOf, singleQuery } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { ServiceContact } from '../../ui/ServiceContact';
import { serviceContact } from '../admin';
import { type FieldError } from '../../ui/forms';
import {
  evaluate,
  firstIncompleteBefore,
  nextAfter,
  previousBefore,
  RISK_PAGES,
  riskDescriptionsSoFar,
  riskDescriptions,
  type DraftData,
  type Evaluation,
} from './referral.flow';
import {
  PAGE_ORDER,
  PAGES,
  pageBySlug,
  pickRaw,
  parsePage,
  type SectionKey,
  unsafeAnswerErrors,
} from './referral.forms';
import * as referral from './referral.service';
import { newReference } from './reference';
import { CheckAnswersPage } from './views/CheckAnswersPage';
import { Back, HONEYPOT_FIELD } from './views/QuestionForm';
import { QuestionPage } from './views/QuestionPages';
import {
  AnswersDeletedPage,
  ConfirmationPage,
  StartPage,
  TooYoungPage,
  UrgentHelpPage,
  type StartState,
} from './views/ReferralPages';

/** Generous for the question pages (people correct mistakes; some share an IP address). */
const PAGE_RATE_LIMIT = { max: 100, timeWindow: '15 minutes' };
/**
 * Tight for sending: a person sends one referral. Only referrals really sent count (a resubmit
 * of the same one, a refusal for a missing draft or an unfinished form do not), so someone who
 * shares an address with others, or who is sent back to finish the form, is not locked out.
 */
const SENDS_PER_ADDRESS = { max: 5, windowMs: 60 * 60_000 };

/**
 * Referrals sent per address in the current window, counted in the database like the page limits,
 * so every app instance behind a load balancer sees the same count.
 */
export class SendLimit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly max = SENDS_PER_ADDRESS.max,
    private readonly windowMs = SENDS_PER_ADDRESS.windowMs,
  ) {}

  private static key(sender: string): string {
    return `referral-send:${sender}`;
  }

  /**
   * Counts a send before it is made, in one statement: null when it is within the limit, else the
   * minutes to wait. Call it in the request's transaction: the counter row stays locked to the
   * commit (two sends from one address at once cannot both pass), and a refusal, which throws,
   * rolls the count back with everything else. `giveBack` when no referral came of it.
   */
  async take(sender: string): Promise<number | null> {
    const hits = await countHit(this.db, this.clock, SendLimit.key(sender), this.windowMs);
    if (hits.current <= this.max) return null;
    return Math.max(1, Math.ceil(hits.ttl / 60_000));
  }

  async giveBack(sender: string): Promise<void> {
    await uncountHit(this.db, SendLimit.key(sender));
  }
}

/** The error the web platform renders as its "too many attempts" page, with the wait in words. */
function tooManySends(minutes: number): Error {
  return Object.assign(new Error('referral send limit reached for this address'), {
    statusCode: 429,
    retryAfterText: `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`,
  });
}

const changeQuery = queryOf({ change: singleQuery.optional() });
const urgentHelpQuery = queryOf({ after: singleQuery.optional(), change: singleQuery.optional() });
const startBody = formBody({ restart: formText(10).optional() });
const sendBody = formBody({ [HONEYPOT_FIELD]: formText().optional() });

/** A question page's body: its own fields (and the spam trap on the first page), all optional. */
function pageBody(key: SectionKey) {
  const shape: Record<string, z.ZodOptional<z.ZodType<string | string[]>>> = {
    [HONEYPOT_FIELD]: formText().optional(),
  };
  for (const field of PAGES[key].fields)
    shape[field.name] = (field.multi ? z.union([formText(), formList()]) : formText()).optional();
  return formBody(shape);
}

/** `__Host-` pins the cookie to this host and path `/`; browsers require Secure with it. */
export function draftCookieName(settings: { secure: boolean }): string {
  return settings.secure ? '__Host-rapport-referral' : 'rapport-referral';
}

function pathFor(page: SectionKey | 'check', change = false): string {
  if (page === 'check') return '/refer/check';
  return `/refer/${PAGES[page].slug}${change ? '?change=1' : ''}`;
}

function honeypotFilled(body: { [HONEYPOT_FIELD]?: string }): boolean {
  return (body[HONEYPOT_FIELD] ?? '') !== '';
}

export function registerReferralRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const sendLimit = new SendLimit(ctx.db, ctx.clock);
  const cookieName = draftCookieName(ctx.cookieSettings);
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const contactFor = async (request: FastifyRequest) => (
    <ServiceContact
      serviceName={request.service.name}
      contact={await serviceContact(ctx.db, request.service.id)}
    />
  );

  const setDraftCookie = (reply: FastifyReply, token: string, hours: number) =>
    reply.setCookie(cookieName, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.cookieSettings.secure,
      // Kept across a browser restart, and a day longer than the answers (the server enforces
      // their expiry), so someone who comes back late is told kindly that they were deleted.
      maxAge: Math.round((hours + 24) * 3600),
    });
  const clearDraftCookie = (reply: FastifyReply) =>
    reply.clearCookie(cookieName, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.cookieSettings.secure,
    });

  type Live = Extract<referral.DraftLookup, { kind: 'live' }>;
  interface Session {
    context: referral.ReferralContext;
    draft: Live;
    /** The cookie's token, sent again to move the cookie's expiry on. */
    token: string;
  }

  const deletedPage = (request: FastifyRequest, reply: FastifyReply, draftHours: number) => {
    clearDraftCookie(reply);
    return ctx.page(
      request,
      reply,
      { title: 'Your answers were deleted', status: 410 },
      <AnswersDeletedPage draftHours={draftHours} />,
    );
  };

  type Opened = { kind: 'open'; session: Session } | { kind: 'answered'; reply: FastifyReply };

  /**
   * The draft for this browser, or the answer already given: no draft sends the person to the
   * start, answers deleted say so kindly. Both are ordinary refusals, logged at info.
   */
  async function openSession(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { forUpdate?: boolean } = {},
  ): Promise<Opened> {
    const token = request.cookies[cookieName];
    if (!token) {
      request.log.info({ url: request.url }, 'referral page without a draft');
      return { kind: 'answered', reply: reply.redirect('/refer', 303) };
    }
    const context = await referral.loadReferralContext(useCase(request));
    const draft = await referral.openDraft(useCase(request), {
      token,
      forUpdate: opts.forUpdate ?? false,
    });
    if (draft.kind === 'gone') {
      request.log.info({ url: request.url }, 'referral page whose answers were deleted');
      deletedPage(request, reply, context.settings.referralDraftHours);
      return { kind: 'answered', reply };
    }
    return { kind: 'open', session: { context, draft, token } };
  }

  /** Pages must be answered in order: a later page sends the person to the first one missing. */
  function guard(page: SectionKey, ev: Evaluation, change: boolean): string | null {
    if (ev.status[page] === 'skip') return pathFor(nextAfter(page, ev), change);
    const before = firstIncompleteBefore(page, ev);
    return before ? pathFor(before, change) : null;
  }

  function backHref(page: SectionKey | 'check', ev: Evaluation, change: boolean): string {
    if (change) return '/refer/check';
    const previous = previousBefore(page, ev);
    return previous ? pathFor(previous) : '/refer';
  }

  // ---- start --------------------------------------------------------------------------------

  app.get('/refer', { config: { access: 'public' } }, async (request, reply) => {
    const context = await referral.loadReferralContext(useCase(request));
    const token = request.cookies[cookieName];
    let state: StartState = { kind: 'new' };
    if (token) {
      const draft = await referral.openDraft(useCase(request), { token });
      if (draft.kind === 'gone') clearDraftCookie(reply);
      else if (draft.referralId) {
        const sent = await referral.findConfirmation(useCase(request), {
          referralId: draft.referralId,
          settings: context.settings,
        });
        state = { kind: 'sent', reference: sent?.reference ?? null };
      } else {
        const ev = evaluate(draft.data, context.form);
        state = {
          kind: 'in_progress',
          continueHref: ev.firstIncomplete ? pathFor(ev.firstIncomplete) : '/refer/check',
        };
      }
    }
    return ctx.page(
      request,
      reply,
      { title: 'Refer yourself for talking therapy' },
      <StartPage
        csrfToken={reply.generateCsrf()}
        serviceName={request.service.name}
        minimumAge={context.settings.minimumReferralAge}
        draftHours={context.settings.referralDraftHours}
        state={state}
      />,
    );
  });

  app.post(
    '/refer/start',
    { config: { access: 'public', rateLimit: PAGE_RATE_LIMIT }, schema: { body: startBody } },
    async (request, reply) => {
      const context = await referral.loadReferralContext(useCase(request));
      const token = request.cookies[cookieName];
      const restart = request.body.restart === '1';
      if (token) {
        const draft = await referral.openDraft(useCase(request), { token });
        if (draft.kind === 'live' && !draft.referralId) {
          // "Start now" with answers already given carries on; only "Start again" deletes them.
          if (!restart) {
            const ev = evaluate(draft.data, context.form);
            return reply.redirect(pathFor(ev.firstIncomplete ?? 'check'), 303);
          }
          await referral.discardDraft(useCase(request), { tokenHash: draft.tokenHash });
        }
      }
      const fresh = await referral.startDraft(useCase(request), { settings: context.settings });
      setDraftCookie(reply, fresh, context.settings.referralDraftHours);
      return reply.redirect(pathFor(PAGE_ORDER[0] ?? 'check'), 303);
    },
  );

  // ---- question pages -----------------------------------------------------------------------

  for (const key of PAGE_ORDER) {
    const spec = PAGES[key];
    const url = `/refer/${spec.slug}`;

    const render = (
      request: FastifyRequest,
      reply: FastifyReply,
      session: Session,
      ev: Evaluation,
      change: boolean,
      values: Record<string, string | string[]>,
      errors?: FieldError[],
    ) =>
      ctx.page(
        request,
        reply,
        {
          title: spec.title,
          hasErrors: errors !== undefined && errors.length > 0,
          backLink: <Back href={backHref(key, ev, change)} />,
        },
        <QuestionPage
          page={key}
          action={`${url}${change ? '?change=1' : ''}`}
          csrfToken={reply.generateCsrf()}
          values={values}
          errors={errors}
          earlier={ev.parsed}
          locations={session.context.form.locations}
          honeypot={key === PAGE_ORDER[0]}
        />,
      );

    app.get(
      url,
      { config: { access: 'public' }, schema: { querystring: changeQuery } },
      async (request, reply) => {
        const opened = await openSession(request, reply);
        if (opened.kind === 'answered') return opened.reply;
        const { session } = opened;
        if (session.draft.referralId) return reply.redirect('/refer/confirmation', 303);
        const change = request.query.change === '1';
        const ev = evaluate(session.draft.data, session.context.form);
        const elsewhere = guard(key, ev, change);
        if (elsewhere) return reply.redirect(elsewhere, 303);
        const stored = session.draft.data.sections[key]?.values;
        // A page kept with questions left out (a risk answer among them, crisis help shown
        // first) is shown with what is missing, so the person can finish it.
        const kept =
          stored && ev.status[key] === 'invalid'
            ? parsePage(key, stored, session.context.form, ev.parsed)
            : null;
        const errors = kept && !kept.ok ? kept.errors : undefined;
        return render(request, reply, session, ev, change, { ...stored }, errors);
      },
    );

    app.post(
      url,
      {
        config: { access: 'public', rateLimit: PAGE_RATE_LIMIT },
        schema: { querystring: changeQuery, body: pageBody(key) },
      },
      async (request, reply) => {
        const opened = await openSession(request, reply);
        if (opened.kind === 'answered') return opened.reply;
        const { session } = opened;
        if (session.draft.referralId) return reply.redirect('/refer/confirmation', 303);
        const { context, draft } = session;
        const change = request.query.change === '1';
        const ev = evaluate(draft.data, context.form);
        const elsewhere = guard(key, ev, change);
        if (elsewhere) return reply.redirect(elsewhere, 303);

        if (key === PAGE_ORDER[0] && honeypotFilled(request.body)) {
          // A bot: look as if it worked, keep nothing.
          request.log.info({ page: spec.slug }, 'referral spam trap filled: answers not saved');
          return reply.redirect(pathFor(nextAfter(key, ev)), 303);
        }

        const values = pickRaw(key, request.body);
        const parsed = parsePage(key, values, context.form, ev.parsed);
        const errors = [
          ...unsafeAnswerErrors(key, request.body),
          ...(parsed.ok ? [] : parsed.errors),
        ];
        if (!parsed.ok || errors.length > 0) {
          // A risk answer with a question left out beside it is still a risk answer: it is kept
          // (the unsent-draft alert sees it, hazard H14) and crisis help comes first; the page
          // is shown again with its errors after that (the GET above).
          const riskSoFar = RISK_PAGES.includes(key) ? riskDescriptionsSoFar(key, values) : [];
          if (riskSoFar.length === 0)
            return render(request, reply, session, ev, change, values, errors);
          // Crisis help once per risk answer: sent again unfinished with no new risk answer, the
          // page shows what is missing instead of crisis help again (else the two pages loop).
          const helpShown = riskSoFar.every((note) => draft.data.riskNoted.includes(note));
          const kept = await referral.saveSection(useCase(request), {
            tokenHash: draft.tokenHash,
            settings: context.settings,
            key,
            values,
            riskNotes: riskSoFar,
          });
          if (kept === 'gone')
            return deletedPage(request, reply, context.settings.referralDraftHours);
          if (kept === 'submitted') return reply.redirect('/refer/confirmation', 303);
          setDraftCookie(reply, session.token, context.settings.referralDraftHours);
          if (helpShown) return render(request, reply, session, ev, change, values, errors);
          return reply.redirect(
            `/refer/urgent-help?after=${spec.slug}${change ? '&change=1' : ''}`,
            303,
          );
        }

        if (parsed.blocked) {
          // Too young: the date is not kept, so the form cannot go on with it.
          const saved = await referral.saveSection(useCase(request), {
            tokenHash: draft.tokenHash,
            settings: context.settings,
            key,
            values: null,
          });
          if (saved === 'gone')
            return deletedPage(request, reply, context.settings.referralDraftHours);
          return ctx.page(
            request,
            reply,
            {
              title: `This service is for people aged ${parsed.blocked.minimumAge} or over`,
              backLink: <Back href={url} />,
            },
            <TooYoungPage
              minimumAge={parsed.blocked.minimumAge}
              oldEnoughOn={parsed.blocked.oldEnoughOn}
            />,
          );
        }

        const riskNotes = RISK_PAGES.includes(key) ? riskDescriptions({ [key]: parsed.value }) : [];
        const saved = await referral.saveSection(useCase(request), {
          tokenHash: draft.tokenHash,
          settings: context.settings,
          key,
          values,
          riskNotes,
        });
        if (saved === 'gone')
          return deletedPage(request, reply, context.settings.referralDraftHours);
        if (saved === 'submitted') return reply.redirect('/refer/confirmation', 303);
        setDraftCookie(reply, session.token, context.settings.referralDraftHours);

        // A risk answer: crisis help is the very next page, before anything else.
        if (riskNotes.length > 0)
          return reply.redirect(
            `/refer/urgent-help?after=${spec.slug}${change ? '&change=1' : ''}`,
            303,
          );
        if (change) return reply.redirect('/refer/check', 303);
        const updated: DraftData = {
          ...draft.data,
          sections: { ...draft.data.sections, [key]: { values, savedAt: '' } },
        };
        return reply.redirect(pathFor(nextAfter(key, evaluate(updated, context.form))), 303);
      },
    );
  }

  // ---- urgent help, check, send, confirmation ----------------------------------------------

  app.get(
    '/refer/urgent-help',
    { config: { access: 'public' }, schema: { querystring: urgentHelpQuery } },
    async (request, reply) => {
      const opened = await openSession(request, reply);
      if (opened.kind === 'answered') return opened.reply;
      const { session } = opened;
      const after = pageBySlug(request.query.after ?? '');
      const change = request.query.change === '1';
      let continueHref = '/refer/check';
      if (session.draft.referralId) continueHref = '/refer/confirmation';
      else if (after) {
        const ev = evaluate(session.draft.data, session.context.form);
        // A page kept with questions left out (a risk answer among them) is the next to finish.
        if (ev.status[after.key] === 'invalid') continueHref = pathFor(after.key, change);
        else if (!change) continueHref = pathFor(nextAfter(after.key, ev));
      }
      return ctx.page(
        request,
        reply,
        {
          title: 'You can get help now',
          backLink: <Back href={after ? pathFor(after.key, change) : '/refer'} />,
        },
        <UrgentHelpPage continueHref={continueHref} />,
      );
    },
  );

  app.get('/refer/check', { config: { access: 'public' } }, async (request, reply) => {
    const opened = await openSession(request, reply);
    if (opened.kind === 'answered') return opened.reply;
    const { session } = opened;
    if (session.draft.referralId) return reply.redirect('/refer/confirmation', 303);
    const ev = evaluate(session.draft.data, session.context.form);
    if (ev.firstIncomplete) return reply.redirect(pathFor(ev.firstIncomplete, true), 303);
    return ctx.page(
      request,
      reply,
      { title: 'Check your answers', backLink: <Back href={backHref('check', ev, false)} /> },
      <CheckAnswersPage
        csrfToken={reply.generateCsrf()}
        answers={ev.parsed}
        locations={session.context.form.locations}
      />,
    );
  });

  app.post(
    '/refer/check',
    { config: { access: 'public', rateLimit: PAGE_RATE_LIMIT }, schema: { body: sendBody } },
    async (request, reply) => {
      // Locked now and read once: two sends of one draft at once wait here for each other.
      const opened = await openSession(request, reply, { forUpdate: true });
      if (opened.kind === 'answered') return opened.reply;
      const { session } = opened;
      const { context, draft } = session;
      if (honeypotFilled(request.body)) {
        // A bot: show what a person would see, and keep nothing at all.
        request.log.info('referral spam trap filled on send: referral not created');
        await referral.discardDraft(useCase(request), { tokenHash: draft.tokenHash });
        clearDraftCookie(reply);
        return ctx.page(
          request,
          reply,
          { title: 'Referral sent' },
          <ConfirmationPage
            reference={newReference()}
            urgent={false}
            texted={false}
            emailed={false}
            typicalWaitWeeks={context.settings.typicalWaitWeeks}
            contact={await contactFor(request)}
          />,
        );
      }
      const sender = `${request.service.id}:${request.ip}`;
      // Sending again a referral already sent is harmless: it shows the same confirmation.
      // Counted before sending, one statement for the check and the count (issue 16).
      const counted = !draft.referralId;
      const wait = counted ? await sendLimit.take(sender) : null;
      if (wait !== null) {
        request.log.info('referral send limit reached for this address');
        throw tooManySends(wait);
      }
      const result = await referral.submitReferral(useCase(request), {
        tokenHash: draft.tokenHash,
        context,
        ...(draft.locked ? { locked: draft.locked } : {}),
      });
      if (counted && !(result.kind === 'done' && result.created)) await sendLimit.giveBack(sender);
      if (result.kind === 'gone')
        return deletedPage(request, reply, context.settings.referralDraftHours);
      if (result.kind === 'incomplete') return reply.redirect(pathFor(result.page, true), 303);
      return reply.redirect('/refer/confirmation', 303);
    },
  );

  app.get('/refer/confirmation', { config: { access: 'public' } }, async (request, reply) => {
    const opened = await openSession(request, reply);
    if (opened.kind === 'answered') return opened.reply;
    const { session } = opened;
    const { context, draft } = session;
    if (!draft.referralId) return reply.redirect('/refer/check', 303);
    const confirmation = await referral.findConfirmation(useCase(request), {
      referralId: draft.referralId,
      settings: context.settings,
    });
    if (!confirmation) return deletedPage(request, reply, context.settings.referralDraftHours);
    return ctx.page(
      request,
      reply,
      { title: 'Referral sent' },
      <ConfirmationPage {...confirmation} contact={await contactFor(request)} />,
    );
  });
}
