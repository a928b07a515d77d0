import { formatTime, utcToLondon } from '../../../domain/calendar';

export interface WaitingPatient {
  appointmentId: string;
  name: string;
  since: Date;
}

/** "Waiting for you now" on the therapist's home page and diary: each links to the call. */
export function VideoWaitingPanel({ waiting }: { waiting: readonly WaitingPatient[] }) {
  if (waiting.length === 0) return null;
  return (
    <div className="nhsuk-warning-callout" id="video-waiting-now">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          Waiting for you in a video appointment
        </span>
      </h2>
      <ul>
        {waiting.map((w) => (
          <li key={w.appointmentId}>
            <a href={`/appointments/${w.appointmentId}/video`}>
              {w.name}, waiting since {formatTime(utcToLondon(w.since).time)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
