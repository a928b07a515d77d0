import { Button } from 'nhsuk-react-components';
import type { ReactNode } from 'react';
import { TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { NhsLoginLink } from '../oidc.service';
import type { SecondFactorSummary } from '../second-factor.service';
import { PasskeyScripts } from './SecondStepPages';

export function LinkExpiredPage({ contact }: { contact: ReactNode }) {
  return (
    <>
      <h1>This link has expired or has already been used</h1>
      <p>Links to set a password work once, for a limited time.</p>
      <p>
        <a href="/forgot-password">Ask for a new link</a> or contact us.
      </p>
      {contact}
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
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>You have signed out</h1>
        <p>Nobody can see your information on this device without signing in again.</p>
        <a className="nhsuk-button" href="/sign-in">
          Sign in again
        </a>
        <h2>What you can do next</h2>
        <ul>
          <li>If you are using a shared or public computer, close the browser window.</li>
          <li>
            If you are waiting to hear from us, we will contact you in the ways you told us you
            prefer.
          </li>
          <li>
            Anyone can <a href="/refer">refer themselves</a> or read{' '}
            <a href="/ipt">about interpersonal therapy</a> without signing in.
          </li>
        </ul>
        <div className="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent">
          <div className="nhsuk-card--care__heading-container">
            <h2 className="nhsuk-card--care__heading">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Urgent advice: </span>If you need help now
              </span>
            </h2>
            <span className="nhsuk-card--care__arrow" aria-hidden="true"></span>
          </div>
          <div className="nhsuk-card__content">
            <ul>
              <li>
                If your life is at risk right now, call <a href="tel:999">999</a> or go to A&amp;E.
              </li>
              <li>
                For urgent help with your mental health, call <a href="tel:111">NHS 111</a> and
                choose option 2.
              </li>
              <li>
                To talk to someone any time, call Samaritans free on{' '}
                <a href="tel:116123">116 123</a>.
              </li>
            </ul>
            <p>
              <a href="/urgent-help">More ways to get help now</a>
            </p>
          </div>
        </div>
      </div>
    </div>
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

export function ForgotPasswordSentPage({ contact }: { contact: ReactNode }) {
  return (
    <>
      <h1>Check your email</h1>
      <p>
        If there is an account with that email address, we have sent a link to reset the password.
      </p>
      <p>The link works for 1 hour. If nothing arrives, check your spam folder or contact us.</p>
      {contact}
    </>
  );
}

export interface AccountPageProps {
  csrfToken: string;
  displayName: string;
  email: string;
  roles: string[];
  signedOutOthers?: number;
  /** Staff only: their second factors. */
  secondFactor?: SecondFactorSummary;
  /** Staff only: options for navigator.credentials.create to add a passkey. */
  passkeyOptions?: unknown;
  passkeyResult?: 'added' | 'failed';
  /** Patients only: their NHS login, when they sign in with it. */
  nhsLogin?: NhsLoginLink | null;
  nhsLoginUnlinked?: boolean;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

function NhsLoginSection({ csrfToken, link }: { csrfToken: string; link: NhsLoginLink }) {
  return (
    <>
      <h2>NHS login</h2>
      <p>You have signed in with NHS login since {dateFormat.format(link.linkedAt)}.</p>
      {link.canUnlink ? (
        <>
          <p>
            If you stop, you will sign in with your email address and password instead. You can
            start again at any time by choosing NHS login on the sign-in page.
          </p>
          <form method="post" action="/account/nhs-login/unlink">
            <CsrfField token={csrfToken} />
            <Button type="submit" secondary>
              Stop signing in with NHS login
            </Button>
          </form>
        </>
      ) : (
        <p>
          To stop signing in with NHS login, you first need a password for this account.{' '}
          <a href="/forgot-password">Get an email to set a password</a>.
        </p>
      )}
    </>
  );
}

function SecondFactorSection({
  csrfToken,
  summary,
  passkeyOptions,
  passkeyResult,
}: {
  csrfToken: string;
  summary: SecondFactorSummary;
  passkeyOptions: unknown;
  passkeyResult?: 'added' | 'failed';
}) {
  return (
    <>
      <h2>Two-step sign-in</h2>
      {passkeyResult === 'added' ? (
        <div className="nhsuk-inset-text">
          <p>Your passkey has been added. You can use it the next time you sign in.</p>
        </div>
      ) : null}
      {passkeyResult === 'failed' ? (
        <div className="nhsuk-inset-text">
          <p>Your passkey could not be added. Try again, or keep using your authenticator app.</p>
        </div>
      ) : null}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Authenticator app</dt>
          <dd className="nhsuk-summary-list__value">{summary.totp ? 'Set up' : 'Not set up'}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Passkeys</dt>
          <dd className="nhsuk-summary-list__value">
            {summary.passkeys.length === 0 ? (
              'None'
            ) : (
              <ul className="nhsuk-list">
                {summary.passkeys.map((p) => (
                  <li key={p.id}>
                    {p.name}, added {dateFormat.format(p.createdAt)}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Recovery codes left</dt>
          <dd className="nhsuk-summary-list__value">{summary.recoveryCodesLeft}</dd>
        </div>
      </dl>
      {passkeyOptions ? (
        <form
          method="post"
          action="/account/passkeys"
          id="passkey-register"
          data-passkey-options={JSON.stringify(passkeyOptions)}
          hidden
        >
          <h3>Add a passkey</h3>
          <p>
            A passkey uses your device&apos;s fingerprint, face, PIN or a security key. It is
            stronger than a code because it cannot be typed into a fake website.
          </p>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="credential" value="" />
          <TextField
            form={{ values: { name: '' } }}
            name="name"
            label="Name this passkey (optional)"
            hint="For example, work laptop"
            width={20}
          />
          <p className="nhsuk-error-message" role="alert" data-passkey-error hidden></p>
          <Button type="submit" secondary>
            Add a passkey
          </Button>
        </form>
      ) : null}
      {passkeyOptions ? <PasskeyScripts /> : null}
    </>
  );
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
  secondFactor,
  passkeyOptions,
  passkeyResult,
  nhsLogin,
  nhsLoginUnlinked,
}: AccountPageProps) {
  return (
    <>
      <h1>Your account</h1>
      {nhsLoginUnlinked ? (
        <div className="nhsuk-inset-text">
          <p>You no longer sign in with NHS login. Use your email address and password.</p>
        </div>
      ) : null}
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
      {secondFactor ? (
        <SecondFactorSection
          csrfToken={csrfToken}
          summary={secondFactor}
          passkeyOptions={passkeyOptions}
          passkeyResult={passkeyResult}
        />
      ) : null}
      {nhsLogin ? <NhsLoginSection csrfToken={csrfToken} link={nhsLogin} /> : null}
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
