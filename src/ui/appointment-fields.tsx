import type { ReactNode } from 'react';
import { DateField, RadiosField, SelectField, TextField, type FormState } from './fields';

/** The answers the date and time fields read: the date's three boxes and the start time. */
export interface WhenValues {
  day: string;
  month: string;
  year: string;
  time: string;
}

/**
 * The date (posted as `date-day`, `date-month`, `date-year`) and the start time, in UK time:
 * the same two questions on every form that books or moves an appointment.
 */
export function DateTimeFields<V extends WhenValues>({
  form,
  dateHint,
  timeLabel = 'Start time',
  timeHint,
}: {
  form: FormState<V>;
  dateHint: string;
  timeLabel?: string;
  timeHint: string;
}) {
  // The values type is generic, so the date's boxes are named through the common shape.
  const when = form as FormState<WhenValues>;
  return (
    <>
      <DateField
        form={when}
        name="date"
        parts={{ day: 'day', month: 'month', year: 'year' }}
        legend="Date"
        legendProps={{ size: 's' }}
        hint={dateHint}
      />
      <TextField
        form={when}
        name="time"
        label={timeLabel}
        hint={timeHint}
        width={5}
        autoComplete="off"
      />
    </>
  );
}

export interface ModeChoice<M extends string> {
  mode: M;
  label: string;
  hint?: string;
  /** Shown when this mode is chosen, such as the room for face to face. */
  conditional?: ReactNode;
}

/**
 * The "how will it happen" radios, options in the order given. IPT is by video call or face to
 * face, never by phone: each form passes only the modes it may book.
 */
export function ModeField<V extends object, M extends string>({
  form,
  name,
  legend,
  hint,
  choices,
}: {
  form: FormState<V>;
  name: keyof V & string;
  legend: string;
  hint?: string;
  choices: readonly ModeChoice<M>[];
}) {
  return (
    <RadiosField
      form={form}
      name={name}
      legend={legend}
      legendProps={{ size: 's' }}
      hint={hint}
      choices={choices.map((c) => ({
        value: c.mode,
        label: c.label,
        hint: c.hint,
        conditional: c.conditional,
      }))}
    />
  );
}

export interface RoomChoice {
  id: string;
  name: string;
  locationId: string;
  locationName: string;
}

/**
 * The room select, rooms grouped by location and named "Room, Location" so the choice says where.
 * With no rooms at all it says so instead, keeping the `roomId` id for the error summary.
 */
export function RoomField<V extends { roomId: string }>({
  form,
  rooms,
  locations,
  label,
  hint,
  emptyOption,
  noRooms,
}: {
  form: FormState<V>;
  rooms: readonly RoomChoice[];
  /** The locations in the order to show them; by default the order rooms first name them. */
  locations?: readonly { id: string; name: string }[];
  label: string;
  hint?: string;
  emptyOption: string;
  /** What to say when there are no rooms; without it an empty select is shown. */
  noRooms?: string;
}) {
  const groups = (
    locations ??
    [...new Map(rooms.map((r) => [r.locationId, r.locationName])).entries()].map(([id, name]) => ({
      id,
      name,
    }))
  )
    .map((l) => ({ ...l, rooms: rooms.filter((r) => r.locationId === l.id) }))
    .filter((l) => l.rooms.length > 0);
  if (rooms.length === 0 && noRooms !== undefined)
    return (
      <p className="nhsuk-body-s" id="roomId">
        {noRooms}
      </p>
    );
  const roomForm = form as FormState<{ roomId: string }>;
  return (
    <SelectField form={roomForm} name="roomId" label={label} hint={hint}>
      <option value="">{emptyOption}</option>
      {groups.map((l) => (
        <optgroup key={l.id} label={l.name}>
          {l.rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}, {l.name}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  );
}
