import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import { parseRiskAction } from './risk.forms';
import {
  openRiskAlert,
  recordActionOnAlert,
  riskQueue,
  type AlertWithContext,
} from './risk.service';
import { RiskAlertPage, RiskQueuePage } from './views/RiskPages';

type WithAlert = { Params: { alertId: string } };

/** The service's risk queue: every open alert stays here until a clinician records an action. */
export function registerRiskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const clinical = { access: ROLE_GROUPS.clinical };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  const backLink = <BackLink href="/staff/risk">Back to risk alerts</BackLink>;

  app.get<{ Querystring: { done?: string } }>(
    '/staff/risk',
    { config: clinical },
    async (request, reply) => {
      const rows = await riskQueue(useCase(request));
      return ctx.page(
        request,
        reply,
        { title: 'Risk alerts' },
        <RiskQueuePage rows={rows} actioned={request.query.done === 'actioned'} />,
      );
    },
  );

  app.get<WithAlert>('/staff/risk/:alertId', { config: clinical }, async (request, reply) => {
    const row = await openRiskAlert(useCase(request), { alertId: request.params.alertId });
    if (!row) return renderNotFound(request, reply);
    return ctx.page(
      request,
      reply,
      { title: 'Risk alert', backLink },
      <RiskAlertPage row={row} csrfToken={reply.generateCsrf()} actionTaken="" />,
    );
  });

  app.post<WithAlert>('/staff/risk/:alertId', { config: clinical }, async (request, reply) => {
    const uc = useCase(request);
    const row = await openRiskAlert(uc, { alertId: request.params.alertId });
    if (!row) return renderNotFound(request, reply);
    const { values, result } = parseRiskAction(request.body);
    const show = (
      status: number,
      props: { errors?: FieldError[]; alreadyActioned?: boolean },
      current: AlertWithContext = row,
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
    const recorded = await recordActionOnAlert(uc, {
      alert: { id: row.alert.id, patientId: row.patientId },
      actionTaken: result.value,
    });
    if (!recorded.ok) {
      const fresh = await openRiskAlert(uc, { alertId: row.alert.id });
      return show(409, { alreadyActioned: true }, fresh ?? row);
    }
    return reply.redirect('/staff/risk?done=actioned', 303);
  });
}
