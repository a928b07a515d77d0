import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { renderToStaticMarkup } from 'react-dom/server';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { removedCharactersErrors, unsafeFields } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import {
  actionBody,
  alertParams,
  EMPTY_ACTION,
  parseRiskAction,
  queueQuery,
  type RiskActionValues,
} from './risk.forms';
import { openRiskAlert, recordActionOnAlert, riskQueue, type OpenedAlert } from './risk.service';
import { RiskAlertPage, RiskQueuePage, type RiskProblem } from './views/RiskPages';

/** The service's risk queue: every open alert stays here until a clinician closes it. */
export function registerRiskRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const clinical = { access: ROLE_GROUPS.clinical };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  const backLink = <BackLink href="/staff/risk">Back to risk alerts</BackLink>;

  app.get(
    '/staff/risk',
    { config: clinical, schema: { querystring: queueQuery } },
    async (request, reply) => {
      const rows = await riskQueue(useCase(request));
      const done = request.query.done;
      return ctx.page(
        request,
        reply,
        { title: 'Risk alerts' },
        <RiskQueuePage
          rows={rows}
          done={done === 'closed' || done === 'kept_open' ? done : null}
        />,
      );
    },
  );

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    row: OpenedAlert,
    values: RiskActionValues,
    opts: {
      status?: number;
      errors?: FieldError[];
      problem?: RiskProblem;
      keptOpen?: boolean;
    } = {},
  ) =>
    ctx.page(
      request,
      reply,
      {
        title: `Risk alert: ${row.patientName ?? row.referralName ?? 'unknown person'}`,
        hasErrors: (opts.errors?.length ?? 0) > 0,
        status: opts.status,
        backLink,
      },
      <RiskAlertPage
        row={row}
        csrfToken={reply.generateCsrf()}
        values={values}
        errors={opts.errors}
        problem={opts.problem}
        keptOpen={opts.keptOpen ?? false}
      />,
    );

  app.get(
    '/staff/risk/:alertId',
    { config: clinical, schema: { params: alertParams, querystring: queueQuery } },
    async (request, reply) => {
      const row = await openRiskAlert(useCase(request), { alertId: request.params.alertId });
      if (!row) return renderNotFound(request, reply);
      return show(request, reply, row, EMPTY_ACTION, {
        keptOpen: request.query.done === 'kept_open' && row.alert.actionedAt === null,
      });
    },
  );

  app.post(
    '/staff/risk/:alertId',
    { config: clinical, schema: { params: alertParams, body: actionBody } },
    async (request, reply) => {
      const uc = useCase(request);
      const row = await openRiskAlert(uc, { alertId: request.params.alertId });
      if (!row) return renderNotFound(request, reply);
      const { values, result } = parseRiskAction(request.body, {
        now: ctx.clock.now(),
        mayClose: row.mayClose,
      });
      if (row.alert.actionedAt)
        return show(request, reply, row, values, { status: 409, problem: 'closed' });
      // Characters the edge removed, named by their question as the page shows it (as formRoute).
      const removed = unsafeFields(request.body);
      const unsafe: FieldError[] =
        removed.length === 0
          ? []
          : removedCharactersErrors(
              removed,
              renderToStaticMarkup(
                <RiskAlertPage
                  row={row}
                  csrfToken=""
                  values={values}
                  errors={removedCharactersErrors(removed)}
                  keptOpen={false}
                />,
              ),
            );
      if (!result.ok || unsafe.length > 0)
        return show(request, reply, row, values, {
          status: 400,
          errors: [...unsafe, ...(result.ok ? [] : result.errors)],
        });
      const recorded = await recordActionOnAlert(uc, {
        alert: { id: row.alert.id, patientId: row.patientId },
        action: result.value,
      });
      if (!recorded.ok) {
        const fresh = (await openRiskAlert(uc, { alertId: row.alert.id })) ?? row;
        return recorded.reason === 'may_not_close'
          ? show(request, reply, fresh, values, { status: 403, problem: 'may_not_close' })
          : show(request, reply, fresh, values, { status: 409, problem: 'closed' });
      }
      return recorded.outcome === 'closed'
        ? reply.redirect('/staff/risk?done=closed', 303)
        : reply.redirect(`/staff/risk/${row.alert.id}?done=kept_open`, 303);
    },
  );
}
