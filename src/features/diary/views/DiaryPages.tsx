import { Button, DateInput, Select, Table, Tag } from 'nhsuk-react-components';
import { formatLongDate, formatTime, requireIsoDate, utcToLondon } from '../../../domain/calendar';
import {
  APPOINTMENT_KIND_LABELS,
  formatTimeRange,
  type DiaryLayout,
  type DiaryView,
} from '../../../domain/diary';
import type { AppointmentDetail } from '../diary.repository';
import type { SessionToOffer } from '../diary.service';
import { StatusTag, kindText, patientName, whereText } from './format';

function query(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A "Go to a date" that could not be read: what was typed, kept, and why (status 400). */
export interface GoToDateError {
  message: string;
  /** The boxes at fault: the only ones outlined, and the summary links to the first. */
  boxes: readonly ('day' | 'month' | 'year')[];
  day: string;
  month: string;
  year: string;
}

export function DiaryNav({
  base,
  view,
  layout,
  today,
  extra,
  goError,
  chosen,
}: {
  base: string;
  view: DiaryView;
  layout: DiaryLayout<AppointmentDetail>;
  today: string;
  extra: Record<string, string | null>;
  goError?: GoToDateError | null;
  /** The date asked for: a week shows from its Monday, but "Go to a date" keeps this one. */
  chosen?: string;
}) {
  const unit = view === 'day' ? 'day' : 'week';
  const inView = chosen !== undefined && layout.days.some((d) => d.date === chosen);
  const current =
    view === 'day' ? layout.from : inView ? chosen : (layout.days[0]?.date ?? layout.from);
  return (
    <nav aria-label="Diary dates" className="nhsuk-u-margin-bottom-4">
      <ul className="nhsuk-list">
        <li>
          <a href={`${base}${query({ ...extra, view, date: layout.previous })}`}>Previous {unit}</a>
        </li>
        <li>
          <a href={`${base}${query({ ...extra, view, date: today })}`}>Today</a>
        </li>
        <li>
          <a href={`${base}${query({ ...extra, view, date: layout.next })}`}>Next {unit}</a>
        </li>
        <li>
          {view === 'day' ? (
            <a href={`${base}${query({ ...extra, view: 'week', date: current })}`}>Show the week</a>
          ) : (
            <a href={`${base}${query({ ...extra, view: 'day', date: current })}`}>Show one day</a>
          )}
        </li>
      </ul>
      <form method="get" action={base} noValidate>
        <input type="hidden" name="view" value={view} />
        {Object.entries(extra).map(([k, v]) =>
          v ? <input key={k} type="hidden" name={k} value={v} /> : null,
        )}
        <DateInput
          id="go"
          name="go"
          legend="Go to a date"
          legendProps={{ size: 's' }}
          error={goError?.message}
        >
          <DateInput.Day
            defaultValue={goError ? goError.day : String(requireIsoDate(current).day)}
            {...(goError && !goError.boxes.includes('day') ? { error: false } : {})}
          />
          <DateInput.Month
            defaultValue={goError ? goError.month : String(requireIsoDate(current).month)}
            {...(goError && !goError.boxes.includes('month') ? { error: false } : {})}
          />
          <DateInput.Year
            defaultValue={goError ? goError.year : String(requireIsoDate(current).year)}
            {...(goError && !goError.boxes.includes('year') ? { error: false } : {})}
          />
        </DateInput>
        <Button type="submit" secondary>
          Go
        </Button>
      </form>
    </nav>
  );
}

function AppointmentLine({ a, showTherapist }: { a: AppointmentDetail; showTherapist?: boolean }) {
  return (
    <>
      <a href={`/diary/appointments/${a.appointment.id}`}>
        {formatTimeRange(a.appointment.startsAt, a.appointment.endsAt)}
      </a>
      : {patientName(a)}, {kindText(a)}, {whereText(a)}
      {showTherapist ? `, with ${a.therapistName}` : ''}{' '}
      {a.appointment.status !== 'booked' ? <StatusTag status={a.appointment.status} /> : null}
      {a.appointment.rearrangeRequestedAt && a.appointment.status === 'booked' ? (
        <Tag modifier="orange">Asked to rearrange</Tag>
      ) : null}
    </>
  );
}

export interface DiaryPageProps {
  heading: string;
  base: string;
  view: DiaryView;
  layout: DiaryLayout<AppointmentDetail>;
  today: string;
  extra: Record<string, string | null>;
  requests: AppointmentDetail[];
  /** IPT sessions the patient cancelled, with nothing booked since (H29). */
  toOffer: readonly SessionToOffer[];
  bookHref: string | null;
  therapistChoice?: { current: string | null; options: { id: string; name: string }[] };
  managerLinks: boolean;
  goError?: GoToDateError | null;
  chosen?: string;
  /** Just recorded that a cancelled session needs no other (H29): say so above the list. */
  noOtherSessionSaved?: boolean;
}

export function DiaryPage(props: DiaryPageProps) {
  const { heading, view, layout, requests } = props;
  return (
    <>
      {props.noOtherSessionSaved ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            Saved: no other session is needed. The cancelled session has left the list of sessions
            to offer, and the reason is kept on its appointment.
          </p>
        </div>
      ) : null}
      <h1>{heading}</h1>
      {props.managerLinks ? (
        <p>
          See <a href="/diary/all">all therapists’ diaries</a> or <a href="/diary/rooms">rooms</a>.{' '}
          <a href="/diary/settings">Opening hours, closures and reminders</a>.
        </p>
      ) : null}
      {props.therapistChoice ? (
        <form method="get" action="/diary" className="nhsuk-u-margin-bottom-4">
          <input type="hidden" name="view" value={view} />
          <input type="hidden" name="date" value={layout.from} />
          <Select
            id="therapist"
            name="therapist"
            label="Whose diary"
            defaultValue={props.therapistChoice.current ?? ''}
          >
            {props.therapistChoice.options.map((o) => (
              <Select.Option key={o.id} value={o.id}>
                {o.name}
              </Select.Option>
            ))}
          </Select>
          <Button type="submit" secondary>
            Show diary
          </Button>
        </form>
      ) : null}
      {props.bookHref ? (
        <p>
          <a className="nhsuk-button" href={props.bookHref}>
            Book an appointment
          </a>
        </p>
      ) : null}
      {requests.length > 0 ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Requests to rearrange
            </span>
          </h2>
          <ul>
            {requests.map((r) => (
              <li key={r.appointment.id}>
                <a href={`/diary/appointments/${r.appointment.id}`}>
                  {patientName(r)}, {formatLongDate(layoutDate(r.appointment.startsAt))} at{' '}
                  {formatTime(localTime(r.appointment.startsAt))}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <SessionsToOffer sessions={props.toOffer} />
      <DiaryNav
        base={props.base}
        view={view}
        layout={layout}
        today={props.today}
        extra={props.extra}
        goError={props.goError}
        chosen={props.chosen}
      />
      {view === 'week' ? <WeekTable layout={layout} /> : <DayTable layout={layout} />}
    </>
  );
}

/**
 * "Cancelled by the patient: offer another session": each IPT session of an active course the
 * patient cancelled with nothing booked since, their reason, and a link to book for the course.
 */
export function SessionsToOffer({ sessions }: { sessions: readonly SessionToOffer[] }) {
  if (sessions.length === 0) return null;
  return (
    <div className="nhsuk-warning-callout" id="cancelled-by-patient">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          Cancelled by the patient: offer another session
        </span>
      </h2>
      <p>
        These patients cancelled a session and nothing has been booked for them since. Contact them
        to offer another time. Each leaves this list once you book another session of their course,
        or record that no other session is needed (for example, they do not want one).
      </p>
      <ul>
        {sessions.map((s) => (
          <li key={s.appointmentId}>
            <a href={`/diary/book?course=${s.courseId}&type=ipt_session`}>
              Book another session for {s.patientName}
            </a>
            : they cancelled their session on {formatLongDate(layoutDate(s.startsAt))} at{' '}
            {formatTime(localTime(s.startsAt))}. Their reason: “{s.reason}”{' '}
            <a href={`/diary/appointments/${s.appointmentId}/no-other-session`}>
              No other session needed for {s.patientName}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function layoutDate(d: Date) {
  return utcToLondon(d).date;
}
function localTime(d: Date) {
  return utcToLondon(d).time;
}

function DayNote({ day }: { day: DiaryLayout<AppointmentDetail>['days'][number] }) {
  const parts = [
    day.closure,
    day.hours ? `Works ${formatTime(day.hours.opens)} to ${formatTime(day.hours.closes)}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? <span className="nhsuk-body-s"> ({parts.join('. ')})</span> : null;
}

export function WeekTable({
  layout,
  showTherapist,
}: {
  layout: DiaryLayout<AppointmentDetail>;
  showTherapist?: boolean;
}) {
  return (
    <Table caption={`Week beginning ${formatLongDate(layout.from)}`} firstCellIsHeader>
      <Table.Head>
        <Table.Row>
          <Table.Cell>Day</Table.Cell>
          <Table.Cell>Appointments</Table.Cell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {layout.days.map((day) => (
          <Table.Row key={day.date}>
            <Table.Cell>
              {day.label}
              <DayNote day={day} />
            </Table.Cell>
            <Table.Cell>
              {day.items.length === 0 ? (
                'No appointments'
              ) : (
                <ul className="nhsuk-list">
                  {day.items.map((a) => (
                    <li key={a.appointment.id}>
                      <AppointmentLine a={a} showTherapist={showTherapist} />
                    </li>
                  ))}
                </ul>
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

export function DayTable({
  layout,
  showTherapist,
}: {
  layout: DiaryLayout<AppointmentDetail>;
  showTherapist?: boolean;
}) {
  const day = layout.days[0];
  if (!day) return null;
  return (
    <>
      {day.closure || day.hours ? (
        <p>
          <DayNote day={day} />
        </p>
      ) : null}
      {day.items.length === 0 ? (
        <p>No appointments on {day.label}.</p>
      ) : (
        <Table caption={day.label} firstCellIsHeader responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Time</Table.Cell>
              <Table.Cell>Patient</Table.Cell>
              {showTherapist ? <Table.Cell>Therapist</Table.Cell> : null}
              <Table.Cell>Appointment</Table.Cell>
              <Table.Cell>How and where</Table.Cell>
              <Table.Cell>Status</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {day.items.map((a) => (
              <Table.Row key={a.appointment.id}>
                <Table.Cell>
                  <a href={`/diary/appointments/${a.appointment.id}`}>
                    {formatTimeRange(a.appointment.startsAt, a.appointment.endsAt)}
                  </a>
                </Table.Cell>
                <Table.Cell>{patientName(a)}</Table.Cell>
                {showTherapist ? <Table.Cell>{a.therapistName}</Table.Cell> : null}
                <Table.Cell>{kindText(a)}</Table.Cell>
                <Table.Cell>{whereText(a)}</Table.Cell>
                <Table.Cell>
                  <StatusTag status={a.appointment.status} />
                  {a.appointment.rearrangeRequestedAt && a.appointment.status === 'booked' ? (
                    <>
                      {' '}
                      <Tag modifier="orange">Asked to rearrange</Tag>
                    </>
                  ) : null}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export function AllDiariesPage({
  layout,
  view,
  today,
  goError,
  chosen,
}: {
  layout: DiaryLayout<AppointmentDetail>;
  view: DiaryView;
  today: string;
  goError?: GoToDateError | null;
  chosen?: string;
}) {
  return (
    <>
      <h1>All diaries</h1>
      <p>
        Every therapist’s appointments. Open <a href="/diary/rooms">rooms</a> to see room bookings.
      </p>
      <DiaryNav
        base="/diary/all"
        view={view}
        layout={layout}
        today={today}
        extra={{}}
        goError={goError}
        chosen={chosen}
      />
      {view === 'week' ? (
        <WeekTable layout={layout} showTherapist />
      ) : (
        <DayTable layout={layout} showTherapist />
      )}
    </>
  );
}

export interface RoomDiary {
  locationName: string;
  rooms: { id: string; name: string; active: boolean; bookings: AppointmentDetail[] }[];
}

export function RoomsPage({
  layout,
  view,
  today,
  locations,
  goError,
  chosen,
}: {
  layout: DiaryLayout<AppointmentDetail>;
  view: DiaryView;
  today: string;
  locations: RoomDiary[];
  goError?: GoToDateError | null;
  chosen?: string;
}) {
  const title =
    view === 'day' ? formatLongDate(layout.from) : `Week beginning ${formatLongDate(layout.from)}`;
  return (
    <>
      <h1>Rooms</h1>
      <DiaryNav
        base="/diary/rooms"
        view={view}
        layout={layout}
        today={today}
        extra={{}}
        goError={goError}
        chosen={chosen}
      />
      {locations.length === 0 ? (
        <p>
          No rooms yet. <a href="/locations">Add locations and rooms</a>.
        </p>
      ) : null}
      {locations.map((l) => (
        <Table key={l.locationName} caption={`${l.locationName}: ${title}`} firstCellIsHeader>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Room</Table.Cell>
              <Table.Cell>Bookings</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {l.rooms.map((r) => (
              <Table.Row key={r.id}>
                <Table.Cell>
                  {r.name}
                  {r.active ? '' : ' (not in use)'}
                </Table.Cell>
                <Table.Cell>
                  {r.bookings.length === 0 ? (
                    'Free'
                  ) : (
                    <ul className="nhsuk-list">
                      {r.bookings.map((b) => (
                        <li key={b.appointment.id}>
                          <a href={`/diary/appointments/${b.appointment.id}`}>
                            {view === 'week'
                              ? `${formatLongDate(layoutDate(b.appointment.startsAt))}, `
                              : ''}
                            {formatTimeRange(b.appointment.startsAt, b.appointment.endsAt)}
                          </a>
                          : {b.therapistName} ({APPOINTMENT_KIND_LABELS[b.appointment.type]})
                        </li>
                      ))}
                    </ul>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ))}
    </>
  );
}
