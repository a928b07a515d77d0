import { Button, SummaryList, Tag } from 'nhsuk-react-components';
import { Table } from '../../../ui/ResponsiveTable';
import { describeWeeklyHours } from '../../../domain/diary';
import {
  TextField,
  TextareaField,
  RadiosField,
  type FieldName,
  type FormState,
} from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { OPENING_WORDS, type LocationFormValues, type RoomFormValues } from '../locations.forms';
import type { LocationRow, RoomRow } from '../locations.repository';
import { WeeklyHoursFields } from './WeeklyHoursFields';

/** A yes/no question, answered from `values[name]`, numbered for the error summary. */
function YesNo<V extends object>({
  form,
  name,
  legend,
  hint,
}: {
  form: FormState<V>;
  name: FieldName<V>;
  legend: string;
  hint?: string;
}) {
  return (
    <RadiosField
      form={form}
      name={name}
      legend={legend}
      legendProps={{ size: 's' }}
      hint={hint}
      inline
      choices={[
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ]}
    />
  );
}

export function LocationsPage({
  locations,
  roomCounts,
  saved,
}: {
  locations: LocationRow[];
  roomCounts: Map<string, number>;
  saved?: string;
}) {
  return (
    <>
      <h1>Locations</h1>
      {saved ? (
        <div className="nhsuk-inset-text">
          <p>{saved} has been saved.</p>
        </div>
      ) : null}
      <p>
        Where face-to-face appointments happen. Patients see the address and access information.
      </p>
      <p>
        <a className="nhsuk-button" href="/locations/new">
          Add a location
        </a>
      </p>
      {locations.length === 0 ? (
        <p>There are no locations yet.</p>
      ) : (
        <Table caption="Locations" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Name</Table.Cell>
              <Table.Cell>Address</Table.Cell>
              <Table.Cell>Step-free access</Table.Cell>
              <Table.Cell>Rooms</Table.Cell>
              <Table.Cell>Status</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {locations.map((l) => (
              <Table.Row key={l.id}>
                <Table.Cell>
                  <a href={`/locations/${l.id}`}>{l.name}</a>
                </Table.Cell>
                <Table.Cell>
                  {l.address.split('\n').join(', ')}, {l.postcode}
                </Table.Cell>
                <Table.Cell>{l.stepFreeAccess ? 'Yes' : 'No'}</Table.Cell>
                <Table.Cell>{roomCounts.get(l.id) ?? 0}</Table.Cell>
                <Table.Cell>{l.active ? 'In use' : 'Not in use'}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export function LocationFormPage({
  csrfToken,
  locationId,
  values,
  errors,
}: {
  csrfToken: string;
  /** null when adding a new location. */
  locationId: string | null;
  values: LocationFormValues;
  errors?: FieldError[];
}) {
  const editing = locationId !== null;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>{editing ? `Change ${values.name || 'location'}` : 'Add a location'}</h1>
        <form
          method="post"
          action={editing ? `/locations/${locationId}/edit` : '/locations/new'}
          noValidate
        >
          <CsrfField token={csrfToken} />
          <TextField
            form={{ values, errors }}
            name="name"
            label="Name"
            hint="As patients will see it, for example Leeds Central Wellbeing Hub"
          />
          <TextareaField
            form={{ values, errors }}
            name="address"
            label="Address"
            hint="Building and street, town or city. Put each part on a new line. Do not include the postcode."
            rows={4}
          />
          <TextField
            form={{ values, errors }}
            name="postcode"
            label="Postcode"
            width={10}
            autoComplete="postal-code"
          />
          <YesNo
            form={{ values: values, errors }}
            name="stepFreeAccess"
            legend="Is there step-free access to the building?"
          />
          <TextareaField
            form={{ values, errors }}
            name="accessInformation"
            label="Access information for patients (optional)"
            hint="For example: parking and blue badge bays, the nearest bus stop, hearing loop, accessible toilet, how to find the entrance"
            rows={5}
          />
          <WeeklyHoursFields
            prefix="opening"
            legend="Opening hours"
            hint="Use the 24-hour clock, for example 08:30 and 17:30. Leave a day empty if the location is closed that day."
            fields={values.hours}
            errors={errors}
            words={OPENING_WORDS}
          />
          {editing ? (
            <YesNo
              form={{ values: values, errors }}
              name="active"
              legend="Is this location in use?"
              hint="A location not in use cannot be chosen for new appointments. Past appointments keep it."
            />
          ) : null}
          <Button type="submit">{editing ? 'Save changes' : 'Add location'}</Button>
        </form>
        <p>
          <a href={editing ? `/locations/${locationId}` : '/locations'}>Cancel</a>
        </p>
      </div>
    </div>
  );
}

export function LocationPage({
  csrfToken,
  location,
  rooms,
  roomValues,
  errors,
}: {
  csrfToken: string;
  location: LocationRow;
  rooms: RoomRow[];
  roomValues: RoomFormValues;
  errors?: FieldError[];
}) {
  const hours = describeWeeklyHours(location.openingHours);
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">Location</span>
      <h1>
        {location.name} {location.active ? null : <Tag modifier="grey">Not in use</Tag>}
      </h1>
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Address</SummaryList.Key>
          <SummaryList.Value>
            {location.address.split('\n').map((line) => (
              <span key={line}>
                {line}
                <br />
              </span>
            ))}
            {location.postcode}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Step-free access</SummaryList.Key>
          <SummaryList.Value>{location.stepFreeAccess ? 'Yes' : 'No'}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Access information</SummaryList.Key>
          <SummaryList.Value>
            <span className="rapport-pre-wrap">{location.accessInformation || 'None given'}</span>
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Opening hours</SummaryList.Key>
          <SummaryList.Value>
            {hours.length > 0 ? (
              <ul className="nhsuk-list">
                {hours.map((h) => (
                  <li key={h}>{h}</li>
                ))}
              </ul>
            ) : (
              'Not set'
            )}
          </SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>
      <p>
        <a href={`/locations/${location.id}/edit`}>Change the details of {location.name}</a>
      </p>

      <h2>Rooms</h2>
      {rooms.length === 0 ? (
        <p>No rooms yet. Add one below so face-to-face appointments can be booked here.</p>
      ) : (
        <Table caption={`Rooms at ${location.name}`} responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Room</Table.Cell>
              <Table.Cell>Step-free access</Table.Cell>
              <Table.Cell>Status</Table.Cell>
              <Table.Cell>Action</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rooms.map((r) => (
              <Table.Row key={r.id}>
                <Table.Cell>{r.name}</Table.Cell>
                <Table.Cell>{r.stepFreeAccess ? 'Yes' : 'No'}</Table.Cell>
                <Table.Cell>{r.active ? 'In use' : 'Not in use'}</Table.Cell>
                <Table.Cell>
                  <form
                    method="post"
                    action={`/locations/${location.id}/rooms/${r.id}/${r.active ? 'close' : 'reopen'}`}
                    className="rapport-inline-form"
                  >
                    <CsrfField token={csrfToken} />
                    <button
                      type="submit"
                      id={`room-${r.id}`}
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                    >
                      {r.active ? 'Take out of use' : 'Bring back into use'}
                      <span className="nhsuk-u-visually-hidden">: {r.name}</span>
                    </button>
                  </form>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <h2>Add a room</h2>
      <form method="post" action={`/locations/${location.id}/rooms`} noValidate>
        <CsrfField token={csrfToken} />
        <TextField
          form={{ values: roomValues, errors }}
          name="roomName"
          label="Room name"
          hint="For example, Room 2 or Garden Room"
          width={20}
        />
        <YesNo
          form={{ values: roomValues, errors }}
          name="roomStepFree"
          legend="Can the room be reached without steps?"
        />
        <Button type="submit">Add room</Button>
      </form>
      <p>
        <a href="/locations">Back to locations</a>
      </p>
    </>
  );
}
