import { Button } from 'nhsuk-react-components';
import { TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';

/** The browser half of passkeys: the SimpleWebAuthn bundle, then our few lines that use it. */
export function PasskeyScripts() {
  return (
    <>
      <script src="/static/simplewebauthn-browser.js" defer></script>
      <script src="/static/passkey.js" defer></script>
    </>
  );
}

export interface SecondStepPageProps {
  csrfToken: string;
  next: string;
  hasApp: boolean;
  /** Options for navigator.credentials.get, when the person has a passkey. */
  passkeyOptions: unknown;
  recoveryCodesLeft: number;
  errors?: FieldError[];
}

export function SecondStepPage({
  csrfToken,
  next,
  hasApp,
  passkeyOptions,
  recoveryCodesLeft,
  errors,
}: SecondStepPageProps) {
  const left = recoveryCodesLeft > 0 ? ` (you have ${recoveryCodesLeft} left)` : '';
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Confirm it is you</h1>
        {passkeyOptions ? (
          <form
            method="post"
            action="/sign-in/passkey"
            id="passkey-sign-in"
            data-passkey-options={JSON.stringify(passkeyOptions)}
            hidden
          >
            <CsrfField token={csrfToken} />
            <input type="hidden" name="next" value={next} />
            <input type="hidden" name="credential" value="" />
            <h2>Use your passkey</h2>
            <p>Your device will ask for your fingerprint, face, PIN or security key.</p>
            <p className="nhsuk-error-message" role="alert" data-passkey-error hidden></p>
            <Button type="submit">Use your passkey</Button>
          </form>
        ) : null}
        <form method="post" action="/sign-in/second-step" noValidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="next" value={next} />
          {passkeyOptions ? <h2>Or enter a code</h2> : null}
          <TextField
            form={{ values: { code: '' }, errors }}
            name="code"
            label={hasApp ? 'Code from your authenticator app' : 'Recovery code'}
            hint={
              hasApp
                ? `Open the authenticator app on your phone and enter the 6-digit code it shows for this service. If you do not have your phone, enter one of your recovery codes instead${left}.`
                : `Enter one of your recovery codes${left}.`
            }
            autoComplete="one-time-code"
            spellCheck={false}
            width={10}
          />
          <Button type="submit">Continue</Button>
        </form>
        <p>
          If you have lost your phone and your recovery codes, ask your service manager to reset
          your two-step sign-in.
        </p>
        <p>
          <a href="/sign-in">Sign in as someone else</a>
        </p>
        {passkeyOptions ? <PasskeyScripts /> : null}
      </div>
    </div>
  );
}

export interface SetUpAppPageProps {
  csrfToken: string;
  next: string;
  secret: string;
  qrDataUri: string;
  errors?: FieldError[];
}

/** Groups of 4 so the secret can be read and typed without losing one's place. */
function spaced(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function SetUpAppPage({ csrfToken, next, secret, qrDataUri, errors }: SetUpAppPageProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Set up two-step sign-in</h1>
        <p>
          Staff sign in with their password and a code from an authenticator app on their phone, so
          a password alone cannot open patients&apos; records.
        </p>
        <h2>1. Add this service to your authenticator app</h2>
        <p>
          Use an authenticator app such as Microsoft Authenticator or Google Authenticator. In the
          app, choose to add an account and scan this QR code.
        </p>
        <img
          src={qrDataUri}
          alt="QR code to add this service to an authenticator app. The same key is written below."
          width={220}
          height={220}
        />
        <p>If you cannot scan the code, choose to enter a key in the app and type this key:</p>
        <p className="nhsuk-body-l">
          <code data-totp-secret={secret}>{spaced(secret)}</code>
        </p>
        <h2>2. Enter the code the app shows</h2>
        <form method="post" action="/sign-in/set-up" noValidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="next" value={next} />
          <TextField
            form={{ values: { code: '' }, errors }}
            name="code"
            label="6-digit code from your authenticator app"
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            width={10}
          />
          <Button type="submit">Confirm and continue</Button>
        </form>
        <p>You can add a passkey from your account page once you are signed in.</p>
      </div>
    </div>
  );
}

export function RecoveryCodesPage({ codes, next }: { codes: string[]; next: string }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Save your recovery codes</h1>
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              We will only show these once
            </span>
          </h2>
          <p>
            If you lose your phone, each of these codes lets you sign in once instead of a code from
            the app. Print them or write them down, and keep them somewhere safe and private.
          </p>
        </div>
        <ul className="nhsuk-list rapport-recovery-codes" data-recovery-codes>
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <a className="nhsuk-button" href={next}>
          I have saved my codes – continue
        </a>
      </div>
    </div>
  );
}

export function ResetSecondFactorPage({
  csrfToken,
  userId,
  displayName,
  email,
}: {
  csrfToken: string;
  userId: string;
  displayName: string;
  email: string;
}) {
  return (
    <>
      <h1>Reset two-step sign-in for {displayName}</h1>
      <p>
        Do this when {displayName} ({email}) has lost their phone or passkey and their recovery
        codes. Their authenticator app, passkeys and recovery codes will stop working and they will
        be signed out everywhere. They will set up two-step sign-in again the next time they sign
        in.
      </p>
      <p>Check that it is really them asking, for example by calling them back.</p>
      <form method="post" action={`/admin/users/${userId}/second-factor`}>
        <CsrfField token={csrfToken} />
        <Button type="submit" warning>
          Reset two-step sign-in
        </Button>
      </form>
      <p>
        <a href="/admin/users">Back to users</a>
      </p>
    </>
  );
}

export function SecondFactorResetDonePage({ displayName }: { displayName: string }) {
  return (
    <>
      <h1>Two-step sign-in has been reset</h1>
      <p>
        {displayName} has been signed out everywhere. They will set up two-step sign-in again the
        next time they sign in.
      </p>
      <p>
        <a href="/admin/users">Back to users</a>
      </p>
    </>
  );
}
