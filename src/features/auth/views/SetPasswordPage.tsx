import { Button } from 'nhsuk-react-components';
import { PasswordField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';

export interface SetPasswordPageProps {
  csrfToken: string;
  token: string;
  purpose: 'invitation' | 'password_reset';
  displayName: string;
  email: string;
  errors?: FieldError[];
}

export function SetPasswordPage({
  csrfToken,
  token,
  purpose,
  displayName,
  email,
  errors,
}: SetPasswordPageProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>{purpose === 'invitation' ? 'Set up your account' : 'Choose a new password'}</h1>
        <p>
          {purpose === 'invitation' ? `Welcome, ${displayName}. ` : ''}You will sign in with your
          email address, {email}.
        </p>
        <form method="post" action="/account/set-password" noValidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="token" value={token} />
          {/* Password managers use the username field to save the right account. */}
          <input type="hidden" name="username" autoComplete="username" value={email} />
          <PasswordField
            form={{ errors }}
            name="password"
            label="Create a password"
            hint="Use 12 characters or more. A good way is 3 random words, like kettle walrus meadow."
            autoComplete="new-password"
          />
          <PasswordField
            form={{ errors }}
            name="confirm"
            label="Enter the password again"
            autoComplete="new-password"
          />
          <Button type="submit">
            {purpose === 'invitation' ? 'Create account' : 'Save new password'}
          </Button>
        </form>
      </div>
    </div>
  );
}
