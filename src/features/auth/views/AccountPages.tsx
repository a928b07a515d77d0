import { Button } from 'nhsuk-react-components';
import { TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';

export function LinkExpiredPage() {
  return (
    <>
      <h1>This link has expired or has already been used</h1>
      <p>Links to set a password work once, for a limited time.</p>
      <p>
        <a href="/forgot-password">Ask for a new link</a> or contact your service.
      </p>
    </>
  );
}

export function SignOutPage({ csrfToken }: { csrfToken: string }) {
  return (
    <>
      <h1>Sign out</h1>
      <p>Signing out keeps your information safe if someone else uses this device.</p>
      <form method="post" action="/sign-out">
        <CsrfField token={csrfToken} />
        <Button type="submit">Sign out</Button>
      </form>
    </>
  );
}

export function SignedOutPage() {
  return (
    <>
      <h1>You have signed out</h1>
      <p>
        <a href="/sign-in">Sign in again</a>
      </p>
    </>
  );
}

export function ForgotPasswordPage({
  csrfToken,
  email,
  errors,
}: {
  csrfToken: string;
  email: string;
  errors?: FieldError[];
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Reset your password</h1>
        <p>We will email you a link to choose a new password. The link works for 1 hour.</p>
        <form method="post" action="/forgot-password" noValidate>
          <CsrfField token={csrfToken} />
          <TextField
            form={{ values: { email: email }, errors }}
            name="email"
            type="email"
            label="Email address"
            autoComplete="email"
            spellCheck={false}
          />
          <Button type="submit">Send link</Button>
        </form>
      </div>
    </div>
  );
}

export function ForgotPasswordSentPage() {
  return (
    <>
      <h1>Check your email</h1>
      <p>
        If there is an account with that email address, we have sent a link to reset the password.
      </p>
      <p>
        The link works for 1 hour. If nothing arrives, check your spam folder or contact your
        service.
      </p>
    </>
  );
}

export interface AccountPageProps {
  csrfToken: string;
  displayName: string;
  email: string;
  roles: string[];
  signedOutOthers?: number;
}

const ROLE_NAMES: Record<string, string> = {
  patient: 'Patient',
  therapist: 'Therapist',
  supervisor: 'Supervisor',
  service_manager: 'Service manager',
  moderator: 'Community moderator',
  community_member: 'Community member',
};

export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}

export function AccountPage({
  csrfToken,
  displayName,
  email,
  roles,
  signedOutOthers,
}: AccountPageProps) {
  return (
    <>
      <h1>Your account</h1>
      {signedOutOthers !== undefined ? (
        <div className="nhsuk-inset-text">
          <p>You have been signed out on every device. Sign in again to carry on.</p>
        </div>
      ) : null}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Name</dt>
          <dd className="nhsuk-summary-list__value">{displayName}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Email address</dt>
          <dd className="nhsuk-summary-list__value">{email}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Role</dt>
          <dd className="nhsuk-summary-list__value">{roles.map(roleName).join(', ')}</dd>
        </div>
      </dl>
      <h2>Sign out everywhere</h2>
      <p>
        If you have used another device, or think someone else knows your password, sign out on
        every device.
      </p>
      <form method="post" action="/account/sign-out-everywhere">
        <CsrfField token={csrfToken} />
        <Button type="submit" secondary>
          Sign out on every device
        </Button>
      </form>
      <p>
        <a href="/forgot-password">Change your password</a>
      </p>
    </>
  );
}
