import { renderNotFound } from '../web';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { AppContext } from '../context';
import type { Access } from '../types';
import type { FieldError, FormResult } from '../../ui/forms';
import { renderToStaticMarkup } from 'react-dom/server';
import { removedCharactersErrors } from './field-labels';
import { anyFormBody, unsafeFields } from './schemas';

type ParamsSchema = z.ZodType<Record<string, string>>;
type BodySchema = z.ZodType<Record<string, unknown>>;
type QuerySchema = z.ZodType<Record<string, unknown>>;

/** What a form page shows: its title and the view with these values and errors. */
export interface FormView {
  title: string;
  body: ReactNode;
  backLink?: ReactNode;
  /**
   * The view shows an error summary of its own (a refusal said after a redirect), so the title
   * starts "Error:" as on any page with one; the status stays 200.
   */
  showsErrors?: boolean;
}

export interface FormViewInput<D, V, Q = Record<string, never>> {
  request: FastifyRequest;
  /** The page's query values (checked by the route's query schema); none on a POST. */
  query: Partial<Q>;
  data: D;
  values: V;
  errors?: FieldError[];
  csrfToken: string;
}

/**
 * One GET/POST form: load the record (null → 404), check its state (a redirect when the form
 * no longer applies), parse (errors → 400 with the answers kept), change, then 303.
 */
export interface FormRoute<
  P extends ParamsSchema,
  B extends BodySchema,
  D,
  V,
  T,
  Q extends QuerySchema = z.ZodType<Record<string, never>>,
> {
  url: string;
  access: Access;
  /** Help to show first if the form arrives after the person was signed out (see its config). */
  signedOutHelp?: FastifyContextConfig['signedOutHelp'];
  params?: P;
  body?: B;
  /** Query values the GET page reads (for example a week to show), checked at the edge. */
  query?: Q;
  load(request: FastifyRequest<{ Params: z.output<P> }>, params: z.output<P>): Promise<D | null>;
  /**
   * The page shown instead of "Page not found" when `load` finds nothing, for a page that can
   * say why (a community member suspended is told so); it decides who still gets the 404.
   */
  notFound?(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  /** Where to send the person instead when the record's state does not allow the form. */
  check?(data: D): string | null;
  /** The values shown on a first visit. */
  initial(data: D, query: Partial<z.output<Q>>): V;
  parse(body: z.output<B>, data: D): { values: V; result: FormResult<T> };
  view(input: FormViewInput<D, V, z.output<Q>>): FormView | Promise<FormView>;
  /**
   * Makes the change; answers where to go next, field errors to show with the answers kept,
   * or null when the record has gone (404).
   */
  change(
    request: FastifyRequest<{ Params: z.output<P> }>,
    data: D,
    value: T,
  ): Promise<{ redirect: string } | { errors: FieldError[] } | null>;
}

/** Registers the GET and POST of one form page. */
export function formRoute<
  P extends ParamsSchema,
  B extends BodySchema,
  D,
  V,
  T,
  Q extends QuerySchema = z.ZodType<Record<string, never>>,
>(fastify: FastifyInstance, ctx: AppContext, spec: FormRoute<P, B, D, V, T, Q>): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const schema = {
    ...(spec.params ? { params: spec.params } : {}),
  };
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    data: D,
    values: V,
    errors?: FieldError[],
    query: Partial<z.output<Q>> = {},
  ) => {
    const page = await spec.view({
      request,
      query,
      data,
      values,
      errors,
      csrfToken: reply.generateCsrf(),
    });
    const hasErrors = errors !== undefined && errors.length > 0;
    return ctx.page(
      request,
      reply,
      {
        title: page.title,
        hasErrors: hasErrors || page.showsErrors === true,
        backLink: page.backLink,
        ...(hasErrors ? { status: 400 } : {}),
      },
      page.body,
    );
  };

  const getSchema = { ...schema, ...(spec.query ? { querystring: spec.query } : {}) };
  app.get(
    spec.url,
    { config: { access: spec.access }, schema: getSchema },
    async (request, reply) => {
      const params = request.params as z.output<P>;
      const query = (spec.query ? request.query : {}) as Partial<z.output<Q>>;
      const data = await spec.load(request as FastifyRequest<{ Params: z.output<P> }>, params);
      if (data === null) return (spec.notFound ?? renderNotFound)(request, reply);
      const elsewhere = spec.check?.(data);
      if (elsewhere) return reply.redirect(elsewhere, 303);
      return show(request, reply, data, spec.initial(data, query), undefined, query);
    },
  );

  app.post(
    spec.url,
    {
      config: { access: spec.access, signedOutHelp: spec.signedOutHelp },
      schema: { ...schema, body: spec.body ?? anyFormBody },
    },
    async (request, reply) => {
      const typed = request as FastifyRequest<{ Params: z.output<P> }>;
      const data = await spec.load(typed, request.params as z.output<P>);
      if (data === null) return (spec.notFound ?? renderNotFound)(request, reply);
      const elsewhere = spec.check?.(data);
      if (elsewhere) return reply.redirect(elsewhere, 303);
      const body = request.body as z.output<B>;
      const { values, result } = spec.parse(body, data);
      const removed = unsafeFields(body);
      const parseErrors = result.ok ? [] : result.errors;
      if (removed.length > 0) {
        // Characters the edge removed are reported at their field, with the rest kept. Only the
        // page knows what a field is called and which control it is, so it is drawn once to
        // find them, and the summary then names each answer and moves focus to it.
        const draft = await spec.view({
          request,
          query: {},
          data,
          values,
          errors: [...removedCharactersErrors(removed), ...parseErrors],
          csrfToken: '',
        });
        const html = renderToStaticMarkup(<>{draft.body}</>);
        return show(request, reply, data, values, [
          ...removedCharactersErrors(removed, html),
          ...parseErrors,
        ]);
      }
      if (!result.ok) return show(request, reply, data, values, parseErrors);
      const outcome = await spec.change(typed, data, result.value);
      if (outcome === null) return renderNotFound(request, reply);
      if ('errors' in outcome) return show(request, reply, data, values, outcome.errors);
      return reply.redirect(outcome.redirect, 303);
    },
  );
}
