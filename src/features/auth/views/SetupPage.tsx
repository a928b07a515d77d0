import { Button } from 'nhsuk-react-components';
import { PasswordField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { SetupForm } from '../auth.forms';

export interface SetupPageProps {
  csrfToken: string;
  token: string;
  values: Partial<SetupForm>;
  errors?: FieldError[];
}

export function SetupPage({ csrfToken, token, values, errors }: SetupPageProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Set up Rapport</h1>
        <p>
          Create the first service manager account. You can invite everyone else once you are signed
          in.
        </p>
        <form method="post" action="/setup" noValidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="token" value={token} />
          <TextField
            form={{ values, errors }}
            name="displayName"
            label="Full name"
            autoComplete="name"
          />
          <TextField
            form={{ values, errors }}
            name="email"
            type="email"
            label="Email address"
            autoComplete="email"
            spellCheck={false}
          />
          <PasswordField
            form={{ errors }}
            name="password"
            label="Create a password"
            hint="Use 12 characters or more. A good way is 3 random words."
            autoComplete="new-password"
          />
          <PasswordField
            form={{ errors }}
            name="confirm"
            label="Enter the password again"
            autoComplete="new-password"
          />
          <Button type="submit">Create service manager account</Button>
        </form>
      </div>
    </div>
  );
}
