import { Button, Select, SummaryList } from 'nhsuk-react-components';
import { Table } from '../../../ui/ResponsiveTable';
import { PROFESSIONAL_BODIES, THERAPIES } from '../../../db/schema';
import { describeWeeklyHours } from '../../../domain/diary';
import { CheckboxesField, RadiosField, SelectField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { WeeklyHoursFields } from '../../locations';
import type { PublicProfile, TherapistListRow } from '../therapists.service';
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
}

export function TherapistEditPage({
  csrfToken,
  userId,
  displayName,
  values,
  errors,
  supervisors,
  locations,
}: TherapistEditPageProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">Therapist profile</span>
        <h1>{displayName}</h1>
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
              hint="Select all that apply. Leave empty if they see people by video only."
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
