import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { actorFrom } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { CLINICAL_ROLES } from '../../platform/types';
import { ERROR_PAGES, ErrorPage } from '../../ui/error-pages';
import { parseRiskAction } from './risk.forms';
import { openAlertQueue, openRiskAlert, recordActionOnAlert } from './risk.service';
import { RiskAlertPage, RiskQueuePage } from './views/RiskPages';

type WithAlert = { Params: { alertId: string } };

/** The service's risk queue: every open alert stays here until a clinician records an action. */
export function registerRiskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const clinical = { access: CLINICAL_ROLES };

  const backLink = <BackLink href="/staff/risk">Back to risk alerts</BackLink>;

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    ctx.page(
      request,
      reply,
      { title: ERROR_PAGES[404]!.title, status: 404 },
      <ErrorPage content={ERROR_PAGES[404]!} />,
    );

  app.get<{ Querystring: { done?: string } }>(
    '/staff/risk',
    { config: clinical },
    async (request, reply) => {
      const rows = await openAlertQueue(ctx.db, ctx.clock, actorFrom(request));
      return ctx.page(
        request,
        reply,
        { title: 'Risk alerts' },
        <RiskQueuePage rows={rows} actioned={request.query.done === 'actioned'} />,
      );
    },
  );

  app.get<WithAlert>('/staff/risk/:alertId', { config: clinical }, async (request, reply) => {
    const row = await openRiskAlert(ctx.db, ctx.clock, actorFrom(request), request.params.alertId);
    if (!row) return notFound(request, reply);
    return ctx.page(
      request,
      reply,
      { title: 'Risk alert', backLink },
      <RiskAlertPage row={row} csrfToken={reply.generateCsrf()} actionTaken="" />,
    );
  });

  app.post<WithAlert>('/staff/risk/:alertId', { config: clinical }, async (request, reply) => {
    const actor = actorFrom(request);
    const row = await openRiskAlert(ctx.db, ctx.clock, actor, request.params.alertId);
    if (!row) return notFound(request, reply);
    const { values, result } = parseRiskAction(request.body);
    const show = (
      status: number,
      props: { errors?: { field: string; message: string }[]; alreadyActioned?: boolean },
      current = row,
    ) =>
      ctx.page(
        request,
        reply,
        { title: 'Risk alert', hasErrors: !!props.errors, status, backLink },
        <RiskAlertPage
          row={current}
          csrfToken={reply.generateCsrf()}
          actionTaken={values.actionTaken}
          {...props}
        />,
      );
    if (row.alert.actionedAt) return show(409, { alreadyActioned: true });
    if (!result.ok) return show(400, { errors: result.errors });
    const recorded = await recordActionOnAlert(
      ctx.db,
      ctx.clock,
      { ...actor, userId: request.auth!.userId },
      { id: row.alert.id, patientId: row.patientId },
      result.value,
    );
    if (!recorded.ok) {
      const fresh = await openRiskAlert(ctx.db, ctx.clock, actor, row.alert.id);
      return show(409, { alreadyActioned: true }, fresh ?? row);
    }
    return reply.redirect('/staff/risk?done=actioned', 303);
  });
}
