import { Button, SummaryList } from 'nhsuk-react-components';
import { CheckboxesField, TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { roleName, type Colleague, type Supervisee } from '../../auth';
import type { RolesForm } from '../admin.forms';
import { SuperviseesCallout } from './SuperviseesCallout';

/** A manager changes a colleague's roles: what each allows, and why, for the audit log. */
export function StaffRolesPage({
  colleague,
  roleOptions,
  supervisees,
  csrfToken,
  values,
  errors,
}: {
  colleague: Colleague;
  roleOptions: readonly string[];
  /** Colleagues with access who have them as supervisor: the supervisor role stays until none. */
  supervisees: readonly Supervisee[];
  csrfToken: string;
  values: RolesForm;
  errors?: FieldError[];
}) {
  const name = colleague.displayName;
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Change {name}’s roles</h1>
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Account</SummaryList.Key>
          <SummaryList.Value>
            {name} ({colleague.email})
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Roles now</SummaryList.Key>
          <SummaryList.Value>{colleague.roles.map(roleName).join(', ')}</SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>
      <p>
        The change takes effect the next time {name} opens a page: they do not need to sign in
        again.
      </p>
      {colleague.roles.includes('supervisor') ? (
        <SuperviseesCallout
          name={name}
          supervisees={supervisees}
          what="take away their supervisor role"
        />
      ) : null}
      <form method="post" action={`/admin/users/${colleague.id}/roles`} noValidate>
        <CsrfField token={csrfToken} />
        <CheckboxesField
          form={{ values, errors }}
          name="roles"
          legend="Roles"
          hint="Select all that apply"
          choices={roleOptions.map((r) => ({ value: r, label: roleName(r) }))}
        />
        <TextareaField
          form={{ values, errors }}
          name="reason"
          label="Why are you changing their roles?"
          hint="This is kept in the audit log."
          rows={3}
        />
        <Button type="submit">Save roles</Button>
      </form>
    </>
  );
}
