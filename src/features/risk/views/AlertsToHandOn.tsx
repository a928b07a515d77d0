import { WarningCallout } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import type { AlertToHandOn } from '../risk.service';

/**
 * On a service manager's home: open risk alerts whose responsible clinician no longer has access,
 * so they are on nobody's home page (hazard H2).
 */
export function AlertsToHandOn({ alerts }: { alerts: readonly AlertToHandOn[] }) {
  if (alerts.length === 0) return null;
  return (
    <WarningCallout id="alerts-to-hand-on">
      <WarningCallout.Heading headingLevel="h2">
        Risk alerts with nobody responsible
      </WarningCallout.Heading>
      <p>
        {alerts.length === 1
          ? 'This open risk alert’s responsible clinician no longer has access, so it is on nobody’s home page.'
          : 'These open risk alerts’ responsible clinicians no longer have access, so they are on nobody’s home page.'}{' '}
        Make sure a clinician acts on each one today. Handing over the person’s course, or
        allocating them from the <a href="/staff/waiting-list">IPT waiting list</a>, moves their
        alerts to the new therapist.
      </p>
      <ul>
        {alerts.map((a) => (
          <li key={a.alertId}>
            <a href={`/staff/risk/${a.alertId}`}>
              {a.patientName ?? a.referralName ?? 'Unknown person'}
            </a>
            , with {a.clinicianName}: raised {formatLondonDateTime(a.raisedAt)}
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}
