import { Button, Select, SummaryList, WarningCallout } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import { Table } from '../../../ui/ResponsiveTable';
import { PROFESSIONAL_BODIES, THERAPIES } from '../../../db/schema';
import { describeWeeklyHours } from '../../../domain/diary';
import { CheckboxesField, RadiosField, SelectField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { WeeklyHoursFields } from '../../locations';
import type { PublicProfile, StrandedBooking, TherapistListRow } from '../therapists.service';
import {
  BODY_NAMES,
  THERAPY_LABELS,
  WORKING_WORDS,
  type ProfileFormValues,
} from '../therapists.forms';

export function TherapistsPage({ rows, saved }: { rows: TherapistListRow[]; saved?: string }) {
  return (
    <>
      <h1>Therapists</h1>
      {saved ? (
        <div className="nhsuk-inset-text">
          <p>Profile saved for {saved}.</p>
        </div>
      ) : null}
      <p>
        Everyone with the therapist role. Only a therapist who can deliver IPT (trained, or a
        trainee with a supervisor, and registered with a professional body) can be allocated an IPT
        course. To add a therapist, <a href="/admin/users">invite them as a user</a> first.
      </p>
      {rows.length === 0 ? (
        <p>There are no therapists yet.</p>
      ) : (
        <Table caption="Therapists and their profiles" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Name</Table.Cell>
              <Table.Cell>Role</Table.Cell>
              <Table.Cell>Accreditation</Table.Cell>
              <Table.Cell>Delivers IPT</Table.Cell>
              <Table.Cell>Works</Table.Cell>
              <Table.Cell>Action</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.userId}>
                <Table.Cell>
                  <a href={`/therapists/${r.userId}`}>{r.displayName}</a>
                </Table.Cell>
                <Table.Cell>{r.jobTitle ?? 'No profile yet'}</Table.Cell>
                <Table.Cell>{r.accreditation.join('. ') || 'None recorded'}</Table.Cell>
                <Table.Cell>{r.canDeliverIpt ? 'Yes' : 'No'}</Table.Cell>
                <Table.Cell>
                  {r.workingPattern ? describeWeeklyHours(r.workingPattern).join('; ') : ''}
                  {r.locations.length > 0 ? ` At ${r.locations.join(', ')}.` : ''}
                </Table.Cell>
                <Table.Cell>
                  <a href={`/therapists/${r.userId}/edit`}>
                    {r.jobTitle ? 'Change' : 'Add profile'}
                    <span className="nhsuk-u-visually-hidden"> for {r.displayName}</span>
                  </a>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export interface TherapistEditPageProps {
  csrfToken: string;
  userId: string;
  displayName: string;
  values: ProfileFormValues;
  errors?: FieldError[];
  supervisors: { id: string; displayName: string }[];
  locations: { id: string; name: string }[];
  /** Sessions still booked that the refused change would have left stranded (H10). */
  stranded?: readonly StrandedBooking[];
}

/** Where the error summary sends the reader for one booked session: its line in the list. */
const strandedAnchor = (appointmentId: string) => `booked-${appointmentId}`;

/** The error summary's lines: one per session the change would leave stranded (H10). */
export function strandedErrors(
  displayName: string,
  stranded: readonly StrandedBooking[],
): FieldError[] {
  return stranded.map(({ session, codes }) => {
    const why = [
      codes.includes('outside-working-pattern') ? 'would not be working then' : null,
      codes.includes('not-work-location')
        ? `would no longer work at ${session.locationName ?? 'its location'}`
        : null,
    ]
      .filter((w) => w !== null)
      .join(' and ');
    return {
      field: 'bookedSessions',
      href: strandedAnchor(session.id),
      message: `${formatLondonDateTime(session.startsAt)}, ${session.patientName}: ${displayName} ${why}. Rearrange this session first`,
    };
  });
}

/**
 * The sessions still booked at a time or place the therapist would no longer work: each links to
 * its appointment, to be rearranged before the change is saved (H10).
 */
function StrandedCallout({
  displayName,
  stranded,
}: {
  displayName: string;
  stranded: readonly StrandedBooking[];
}) {
  if (stranded.length === 0) return null;
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">
        {stranded.length === 1
          ? '1 booked session would be left without its therapist'
          : `${stranded.length} booked sessions would be left without their therapist`}
      </WarningCallout.Heading>
      <p>
        These are booked with {displayName} at a time or place they would no longer work. Rearrange
        them first, or keep their hours and locations as they were. Sessions booked outside the
        usual hours with a reason are not listed.
      </p>
      <ul>
        {stranded.map(({ session }) => (
          <li key={session.id} id={strandedAnchor(session.id)}>
            <a href={`/diary/appointments/${session.id}`}>
              {formatLondonDateTime(session.startsAt)}, {session.patientName}
              {session.mode === 'face_to_face' && session.locationName
                ? ` at ${session.locationName}`
                : ''}
            </a>
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}

export function TherapistEditPage({
  csrfToken,
  userId,
  displayName,
  values,
  errors,
  supervisors,
  locations,
  stranded = [],
}: TherapistEditPageProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">Therapist profile</span>
        <h1>{displayName}</h1>
        <StrandedCallout displayName={displayName} stranded={stranded} />
        <form method="post" action={`/therapists/${userId}/edit`} noValidate>
          <CsrfField token={csrfToken} />
          <TextField
            form={{ values, errors }}
            name="jobTitle"
            label="Role, as patients will see it"
            hint="For example, IPT therapist or Senior psychological therapist"
          />
          <RadiosField
            form={{ values, errors }}
            name="professionalBody"
            legend="Professional body they are registered or accredited with"
            legendProps={{ size: 's' }}
            choices={[
              ...PROFESSIONAL_BODIES.map((b) => ({ value: b, label: BODY_NAMES[b] })),
              { divider: 'or' },
              { value: 'none', label: 'Not registered yet (trainees only)' },
            ]}
          />
          <TextField
            form={{ values, errors }}
            name="registrationNumber"
            label="Registration or membership number"
            width={10}
            spellCheck={false}
          />
          <RadiosField
            form={{ values, errors }}
            name="trainee"
            legend="Are they an IPT trainee?"
            legendProps={{ size: 's' }}
            hint="Working towards the IPT postgraduate certificate. Trainees deliver IPT under a named supervisor."
            choices={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
          />
          <SelectField
            form={{ values, errors }}
            name="supervisorId"
            label="Supervisor (for trainees)"
            hint="Only people with the supervisor role are listed"
          >
            <Select.Option value="">No supervisor</Select.Option>
            {supervisors
              .filter((s) => s.id !== userId)
              .map((s) => (
                <Select.Option key={s.id} value={s.id}>
                  {s.displayName}
                </Select.Option>
              ))}
          </SelectField>
          <CheckboxesField
            form={{ values, errors }}
            name="therapies"
            legend="Therapies they deliver"
            legendProps={{ size: 's' }}
            hint="Select all that apply. Select IPT only if they are trained in IPT."
            choices={THERAPIES.map((t) => ({ value: t, label: THERAPY_LABELS[t] }))}
          />
          {locations.length > 0 ? (
            <CheckboxesField
              form={{ values, errors }}
              name="locationIds"
              legend="Locations they work at"
              legendProps={{ size: 's' }}
              hint="Select all that apply. If you select none, they can be booked face to face at any location."
              choices={locations.map((l) => ({ value: l.id, label: l.name }))}
            />
          ) : (
            <p>
              No locations yet. <a href="/locations/new">Add a location</a> to record where they
              work.
            </p>
          )}
          <WeeklyHoursFields
            prefix="hours"
            legend="Working pattern"
            hint="Use the 24-hour clock, for example 09:00 and 17:00. Leave a day empty if they do not work that day."
            fields={values.hours}
            errors={errors}
            words={WORKING_WORDS}
          />
          <Button type="submit">Save profile</Button>
        </form>
        <p>
          <a href="/therapists">Back to therapists</a>
        </p>
      </div>
    </div>
  );
}

/** The profile a patient sees: name, role, accreditation. Nothing private. */
export function TherapistProfilePage({ profile }: { profile: PublicProfile }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <span className="nhsuk-caption-l">{profile.jobTitle}</span>
        <h1>{profile.displayName}</h1>
        <SummaryList>
          <SummaryList.Row>
            <SummaryList.Key>Role</SummaryList.Key>
            <SummaryList.Value>{profile.jobTitle}</SummaryList.Value>
          </SummaryList.Row>
          <SummaryList.Row>
            <SummaryList.Key>Accreditation</SummaryList.Key>
            <SummaryList.Value>
              {profile.accreditation.length > 0
                ? profile.accreditation.map((a) => <p key={a}>{a}</p>)
                : 'Not recorded yet'}
            </SummaryList.Value>
          </SummaryList.Row>
          {profile.therapies.length > 0 ? (
            <SummaryList.Row>
              <SummaryList.Key>Therapies</SummaryList.Key>
              <SummaryList.Value>
                <ul>
                  {profile.therapies.map((t) => (
                    <li key={t}>{t}</li>
                  ))}
                </ul>
              </SummaryList.Value>
            </SummaryList.Row>
          ) : null}
          {profile.locations.length > 0 ? (
            <SummaryList.Row>
              <SummaryList.Key>Sees people at</SummaryList.Key>
              <SummaryList.Value>{profile.locations.join(', ')}</SummaryList.Value>
            </SummaryList.Row>
          ) : null}
        </SummaryList>
        <p>
          Registration with the HCPC can be checked on the{' '}
          <a href="https://www.hcpc-uk.org/check-the-register/">HCPC register</a>; the BACP, UKCP
          and BABCP publish their own registers.
        </p>
      </div>
    </div>
  );
}
