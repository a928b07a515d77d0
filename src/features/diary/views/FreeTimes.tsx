import { Button } from 'nhsuk-react-components';
import {
  addDays,
  formatLongDate,
  formatTime,
  isoWeekday,
  isWeekend,
  type IsoDate,
} from '../../../domain/calendar';
import { isDiaryDate } from '../../../domain/diary';
import type { FreeTimes } from '../diary.service';

export interface FreeTimesProps {
  /** The page the choice form is sent to (a GET of the same booking page). */
  action: string;
  /** The query name and label of the therapist choice (triage books with a "clinician"). */
  therapistParam?: string;
  therapistLabel?: string;
  /** The week's free times, or null when no therapist is chosen yet. */
  free: FreeTimes | null;
  /** Hidden fields that keep who the booking is for when the choice form is sent. */
  keep: Record<string, string>;
  /** Managers choose whose free times to see; null when it is the user's own diary. */
  therapists: { id: string; name: string }[] | null;
  therapistId: string;
  rooms: { id: string; name: string; locationName: string }[];
  roomId: string;
  /** The week asked for, shown in the links when there are no free times to show yet. */
  week: IsoDate;
}

/**
 * A week of free times above the booking form. Each free time is a link that opens the form
 * again with that date and time (and the room) filled in, so it works without JavaScript.
 */
export function FreeTimesPanel(props: FreeTimesProps) {
  const { free } = props;
  const monday = free?.weekStart ?? props.week;
  const base = {
    ...props.keep,
    ...(props.therapists && props.therapistId
      ? { [props.therapistParam ?? 'therapist']: props.therapistId }
      : {}),
    ...(free?.room ? { room: free.room.id } : {}),
    week: monday,
  };
  const links: WeekLinks = {
    hrefWith: (change) =>
      `${props.action}?${new URLSearchParams({ ...base, ...change }).toString()}`,
    previousWeek: addDays(monday, -7),
    nextWeek: addDays(monday, 7),
  };
  return (
    <section aria-labelledby="free-times" className="nhsuk-u-margin-bottom-6">
      <h2 id="free-times">Free times</h2>
      <form method="get" action={props.action} className="nhsuk-u-margin-bottom-4">
        {Object.entries(props.keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {free ? <input type="hidden" name="week" value={free.weekStart} /> : null}
        {props.therapists ? (
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="free-therapist">
              {props.therapistLabel ?? 'Therapist'}
            </label>
            <select
              className="nhsuk-select"
              id="free-therapist"
              name={props.therapistParam ?? 'therapist'}
              defaultValue={props.therapistId}
            >
              <option value="">
                Choose a {(props.therapistLabel ?? 'therapist').toLowerCase()}
              </option>
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
      {free ? (
        <Week {...links} free={free} />
      ) : (
        <p>
          Choose a {(props.therapistLabel ?? 'therapist').toLowerCase()} to see their free times.
        </p>
      )}
    </section>
  );
}

interface WeekLinks {
  /** The page's address with these query values changed. */
  hrefWith(change: Record<string, string>): string;
  previousWeek: IsoDate;
  nextWeek: IsoDate;
}

function Week(props: WeekLinks & { free: FreeTimes }) {
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
      {free.fullWeekSkipped ? (
        <p>
          There are no free times in the week beginning {formatLongDate(free.fullWeekSkipped)}, so
          this is the next week that has some.
        </p>
      ) : null}
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

/** With no week asked for, a full week gives way to the first of this many later weeks with time. */
export const FREE_TIMES_LOOK_AHEAD_WEEKS = 4;

/**
 * The week to show free times for: the asked-for week, else the week of a date already chosen,
 * else this week (London). Bad values fall back rather than fail, as the diary's own views do.
 */
export function freeTimesWeek(week: string | undefined, chosen: string | null, today: IsoDate) {
  if (week && isDiaryDate(week)) return week;
  if (chosen && isDiaryDate(chosen)) return chosen;
  // At the weekend this week's days have gone: open on next week, where the times are.
  return isWeekend(today) ? addDays(today, 8 - isoWeekday(today)) : today;
}
