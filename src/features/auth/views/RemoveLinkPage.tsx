import { Button, SummaryList } from 'nhsuk-react-components';
import { TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { RemoveLinkForm } from '../auth.forms';
import type { LinkForManager } from '../oidc.service';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** A manager removes an account's NHS login or single sign-on link, giving a reason. */
export function RemoveLinkPage({
  link,
  providerName,
  csrfToken,
  values,
  errors,
}: {
  link: LinkForManager;
  /** "NHS login", or the staff provider's name ("NHS Care Identity"). */
  providerName: string;
  csrfToken: string;
  values: RemoveLinkForm;
  errors?: FieldError[];
}) {
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>
        Remove {link.displayName}’s {providerName} link
      </h1>
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Account</SummaryList.Key>
          <SummaryList.Value>
            {link.displayName} ({link.email})
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Linked</SummaryList.Key>
          <SummaryList.Value>{dateFormat.format(link.linkedAt)}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Last used</SummaryList.Key>
          <SummaryList.Value>
            {link.lastUsedAt ? dateFormat.format(link.lastUsedAt) : 'Not yet'}
          </SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>
      <p>
        Do this when the link is wrong (for example, it leads to someone else’s record) or no longer
        needed. {link.displayName} will be signed out wherever they signed in with {providerName}.
        Their account, record and any password stay as they are.
        {link.kind === 'nhs_login'
          ? ' If they use NHS login again, they will be asked to confirm their record first.'
          : ` If they use ${providerName} again, they will be matched to an account afresh.`}
      </p>
      <form method="post" action={`/admin/users/${link.userId}/sign-in-links/${link.kind}`}>
        <CsrfField token={csrfToken} />
        <TextareaField
          form={{ values, errors }}
          name="reason"
          label="Why are you removing this link?"
          hint="This is kept in the audit log."
          rows={3}
        />
        <Button type="submit" warning>
          Remove link
        </Button>
      </form>
      <p>
        <a href="/admin/users">Back to users</a>
      </p>
    </>
  );
}
