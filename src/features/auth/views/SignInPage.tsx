import { Button } from 'nhsuk-react-components';
import { PasswordField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { OidcSignInButtons } from './OidcPages';

export interface SignInPageProps {
  csrfToken: string;
  email: string;
  next: string;
  errors?: FieldError[];
  notice?: string;
  /** NHS login and staff single sign-on, when the service has set them up (issue 17). */
  providers?: { nhsLogin: boolean; staffName: string | undefined };
}

export function SignInPage({ csrfToken, email, next, errors, notice, providers }: SignInPageProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Sign in</h1>
        {notice ? <p className="nhsuk-body">{notice}</p> : null}
        <form method="post" action="/sign-in" noValidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="next" value={next} />
          <TextField
            form={{ values: { email: email }, errors }}
            name="email"
            type="email"
            label="Email address"
            autoComplete="email"
            spellCheck={false}
          />
          <PasswordField
            form={{ errors }}
            name="password"
            label="Password"
            autoComplete="current-password"
          />
          <Button type="submit">Sign in</Button>
        </form>
        <p>
          <a href="/forgot-password">I have forgotten my password</a>
        </p>
        {providers ? <OidcSignInButtons {...providers} next={next} /> : null}
        <p>
          New to the service? You do not need an account to <a href="/refer">refer yourself</a>.
        </p>
      </div>
    </div>
  );
}
