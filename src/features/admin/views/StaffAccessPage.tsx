import { Button, InsetText, SummaryList, WarningCallout } from 'nhsuk-react-components';
import { TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { roleName, type Colleague, type Supervisee } from '../../auth';
import type { AccessReasonForm } from '../admin.forms';
import { SuperviseesCallout } from './SuperviseesCallout';

/**
 * A manager removes a colleague's access (they have left, or must not sign in for now), or
 * restores it. Says what happens, and what of theirs needs someone else first.
 */
export function StaffAccessPage({
  colleague,
  caseload,
  openAlerts,
  waiting,
  supervisees,
  csrfToken,
  values,
  errors,
}: {
  colleague: Colleague;
  /** People in treatment with them as therapist. */
  caseload: number;
  /** Open risk alerts they are the responsible clinician for. */
  openAlerts: number;
  /** People waiting (an assessment booked, or for IPT) with them as responsible clinician. */
  waiting: number;
  /** Colleagues with access who have them as supervisor: they keep their access until none. */
  supervisees: readonly Supervisee[];
  csrfToken: string;
  values: AccessReasonForm;
  errors?: FieldError[];
}) {
  const removing = values.change === 'remove';
  const name = colleague.displayName;
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>
        {removing ? 'Remove' : 'Restore'} {name}’s access
      </h1>
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Account</SummaryList.Key>
          <SummaryList.Value>
            {name} ({colleague.email})
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Roles</SummaryList.Key>
          <SummaryList.Value>{colleague.roles.map(roleName).join(', ')}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Access</SummaryList.Key>
          <SummaryList.Value>{colleague.active ? 'Can sign in' : 'Removed'}</SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>
      {removing ? (
        <>
          <p>
            Do this when {name} leaves the service, or must not sign in for now. They will be signed
            out everywhere at once and will not be able to sign in, with a password, NHS login or
            single sign-on. Their account stays, with everything they wrote, and you can restore
            their access later.
          </p>
        </>
      ) : (
        <InsetText>
          <p>
            {name} will be able to sign in again as before, with the same roles and the same
            password or sign-in link.
          </p>
        </InsetText>
      )}
      {caseload > 0 ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">
            {caseload === 1
              ? '1 person in treatment has them as therapist'
              : `${caseload} people in treatment have them as therapist`}
          </WarningCallout.Heading>
          <p>
            {removing
              ? 'Removing their access does not move these people to another therapist.'
              : 'They have not been handed over to another therapist yet.'}{' '}
            Open each course from their caseload and change the therapist, so someone is looking
            after each of them and their risk alerts.
          </p>
          <p>
            <a href={`/caseload?therapist=${colleague.id}`}>See {name}’s caseload</a>
          </p>
        </WarningCallout>
      ) : null}
      {openAlerts > 0 ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">
            {openAlerts === 1
              ? '1 open risk alert has them as responsible clinician'
              : `${openAlerts} open risk alerts have them as responsible clinician`}
          </WarningCallout.Heading>
          <p>
            {removing
              ? 'Removing their access does not move these alerts to anyone else, and they will not be on any clinician’s home page.'
              : 'Nobody else has taken these alerts on yet.'}{' '}
            Make sure a clinician acts on each one. Handing over the person’s course, or allocating
            them from the waiting list, moves their alerts to the new therapist.
          </p>
          <p>
            <a href="/staff/risk">See the open risk alerts</a>
          </p>
        </WarningCallout>
      ) : null}
      {waiting > 0 ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">
            {waiting === 1
              ? '1 person waiting for an assessment or for IPT has them as responsible clinician'
              : `${waiting} people waiting for an assessment or for IPT have them as responsible clinician`}
          </WarningCallout.Heading>
          <p>
            {removing
              ? 'Removing their access does not give these people another clinician.'
              : 'They have not been given another clinician yet.'}{' '}
            Allocate each person waiting for IPT to another therapist, and book a booked assessment
            again with someone else.
          </p>
          <p>
            <a href="/staff/waiting-list">See the IPT waiting list</a>
            {' · '}
            <a href="/staff/referrals?status=assessment_booked">
              See referrals with an assessment booked
            </a>
          </p>
        </WarningCallout>
      ) : null}
      {removing ? (
        <SuperviseesCallout name={name} supervisees={supervisees} what="remove their access" />
      ) : null}
      <form method="post" action={`/admin/users/${colleague.id}/access`} noValidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="change" value={values.change} />
        <TextareaField
          form={{ values, errors }}
          name="reason"
          label={
            removing ? 'Why are you removing their access?' : 'Why are you restoring their access?'
          }
          hint="This is kept in the audit log."
          rows={3}
        />
        <Button type="submit" warning={removing}>
          {removing ? 'Remove access' : 'Restore access'}
        </Button>
      </form>
      <p>
        <a href="/admin/users">Back to users</a>
      </p>
    </>
  );
}
