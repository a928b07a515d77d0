import { Button } from 'nhsuk-react-components';
import { formatLongDate, formatTime, type IsoDate } from '../../../domain/calendar';
import type { FreeTimes } from '../diary.service';

export interface FreeTimesProps {
  /** The week's free times, or null when no therapist is chosen yet. */
  free: FreeTimes | null;
  /** Hidden fields that keep who the booking is for when the choice form is sent. */
  keep: Record<string, string>;
  /** Managers choose whose free times to see; null when it is the user's own diary. */
  therapists: { id: string; name: string }[] | null;
  therapistId: string;
  rooms: { id: string; name: string; locationName: string }[];
  roomId: string;
  /** The page's address with these query values changed. */
  hrefWith(change: Record<string, string>): string;
  previousWeek: IsoDate;
  nextWeek: IsoDate;
}

/**
 * A week of free times above the booking form. Each free time is a link that opens the form
 * again with that date and time (and the room) filled in, so it works without JavaScript.
 */
export function FreeTimesPanel(props: FreeTimesProps) {
  const { free } = props;
  return (
    <section aria-labelledby="free-times" className="nhsuk-u-margin-bottom-6">
      <h2 id="free-times">Free times</h2>
      <form method="get" action="/diary/book" className="nhsuk-u-margin-bottom-4">
        {Object.entries(props.keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {free ? <input type="hidden" name="week" value={free.weekStart} /> : null}
        {props.therapists ? (
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="free-therapist">
              Therapist
            </label>
            <select
              className="nhsuk-select"
              id="free-therapist"
              name="therapist"
              defaultValue={props.therapistId}
            >
              <option value="">Choose a therapist</option>
              {props.therapists.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="free-room">
            Room (face to face only)
          </label>
          <select className="nhsuk-select" id="free-room" name="room" defaultValue={props.roomId}>
            <option value="">No room: video or phone</option>
            {props.rooms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.locationName}: {r.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" secondary>
          Show free times
        </Button>
      </form>
      {free ? <Week {...props} free={free} /> : <p>Choose a therapist to see their free times.</p>}
    </section>
  );
}

function Week(props: FreeTimesProps & { free: FreeTimes }) {
  const { free } = props;
  const total = free.days.reduce((n, d) => n + d.slots.length, 0);
  return (
    <>
      <p>
        {free.therapistName}
        {free.room ? ` and ${free.room.name} at ${free.room.locationName}` : ''}, week beginning{' '}
        {formatLongDate(free.weekStart)}. Choose a time to fill in the form below.
        {free.officeHoursUsed
          ? ' They have no working pattern recorded, so the service’s office hours are used.'
          : ''}
      </p>
      <ul className="nhsuk-list rapport-free-times">
        <li>
          <a href={props.hrefWith({ week: props.previousWeek })}>Previous week</a>
        </li>
        <li>
          <a href={props.hrefWith({ week: props.nextWeek })}>Next week</a>
        </li>
      </ul>
      {total === 0 ? <p>There are no free times this week.</p> : null}
      {free.days.map((day) => (
        <div key={day.date}>
          <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-2">{formatLongDate(day.date)}</h3>
          {day.closed ? (
            <p>{day.closed}.</p>
          ) : day.slots.length === 0 ? (
            <p>No free times.</p>
          ) : (
            <ul className="nhsuk-list rapport-free-times">
              {day.slots.map((slot) => (
                <li key={slot.time}>
                  <a
                    href={`${props.hrefWith({ date: slot.date, time: slot.time })}#date-day`}
                    data-free-slot={`${slot.date}T${slot.time}`}
                  >
                    {formatTime(slot.time)}
                    <span className="nhsuk-u-visually-hidden"> on {formatLongDate(slot.date)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </>
  );
}
