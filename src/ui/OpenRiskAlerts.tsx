import { WarningCallout } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../domain/calendar';

/**
 * Why a step (discharge, closing a referral) must wait, and the open risk alerts to act on first,
 * each linking to the alert (hazard H2). Nothing when there is no problem.
 */
export function OpenRiskAlerts({
  problem,
  alerts,
}: {
  problem: string | null;
  alerts: readonly { id: string; reason: string; raisedAt: Date }[];
}) {
  if (!problem) return null;
  return (
    <WarningCallout id="open-risk-alerts">
      <WarningCallout.Heading headingLevel="h2">Open risk alerts</WarningCallout.Heading>
      <p>{problem}.</p>
      <ul>
        {alerts.map((a) => (
          <li key={a.id}>
            <a href={`/staff/risk/${a.id}`}>{a.reason}</a> (raised{' '}
            {formatLondonDateTime(a.raisedAt)})
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}
