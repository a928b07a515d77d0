import { InsetText, WarningCallout } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../domain/calendar';

/** A risk alert raised by one record (a message, a missed session), as that record's page shows it. */
export interface RaisedAlert {
  id: string;
  raisedAt: Date;
  actionedAt: Date | null;
  actionTaken: string | null;
}

/**
 * The risk alerts a record raised, on that record's staff page (H18, H29): an open one leads the
 * page with a link, since acting on the record does not close it; a closed one says what was done.
 * The risk feature owns alerts; the features showing them get them handed in from app.tsx.
 */
export function RaisedAlerts({
  alerts,
  by,
  reason,
}: {
  alerts: readonly RaisedAlert[];
  /** What raised them, as in "raised by this conversation". */
  by: string;
  /** Why an open alert is there, in a sentence, and what to do. */
  reason: string;
}) {
  const open = alerts.filter((a) => a.actionedAt === null);
  const closed = alerts.filter((a) => a.actionedAt !== null);
  return (
    <>
      {open.length > 0 ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">
            {open.length === 1 ? 'A risk alert is open' : `${open.length} risk alerts are open`}
          </WarningCallout.Heading>
          <p>{reason}</p>
          <ul>
            {open.map((a) => (
              <li key={a.id}>
                <a href={`/staff/risk/${a.id}`}>
                  Risk alert raised {formatLondonDateTime(a.raisedAt)}
                </a>
              </li>
            ))}
          </ul>
        </WarningCallout>
      ) : null}
      {closed.map((a) => (
        <InsetText key={a.id}>
          <p>
            A risk alert raised by {by} on {formatLondonDateTime(a.raisedAt)} was closed on{' '}
            {formatLondonDateTime(a.actionedAt ?? a.raisedAt)}. What was done: {a.actionTaken}
          </p>
        </InsetText>
      ))}
    </>
  );
}
