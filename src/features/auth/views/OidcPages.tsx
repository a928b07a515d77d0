import { Button } from 'nhsuk-react-components';
import { RadiosField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { ServiceContact, type ServiceContactDetails } from '../../../ui/ServiceContact';

/** The buttons under the password form, shown only for the providers the service has set up. */
export function OidcSignInButtons({
  nhsLogin,
  staffName,
  next,
}: {
  nhsLogin: boolean;
  staffName: string | undefined;
  next: string;
}) {
  if (!nhsLogin && !staffName) return null;
  const query = next === '/home' ? '' : `?next=${encodeURIComponent(next)}`;
  return (
    <>
      <h2 className="nhsuk-heading-m">Other ways to sign in</h2>
      {nhsLogin ? (
        <>
          <p>If you are a patient, you can use your NHS login.</p>
          {/* NHS login's guidance allows a plain NHS button; a link, so it works without JavaScript. */}
          <a
            className="nhsuk-button"
            role="button"
            draggable="false"
            href={`/sign-in/nhs-login${query}`}
          >
            Continue with NHS login
          </a>
        </>
      ) : null}
      {staffName ? (
        <>
          <p>If you work for the service, you can sign in with {staffName}.</p>
          <a
            className="nhsuk-button nhsuk-button--secondary"
            role="button"
            draggable="false"
            href={`/sign-in/staff${query}`}
          >
            Continue with {staffName}
          </a>
        </>
      ) : null}
    </>
  );
}

function Column({ children }: { children: React.ReactNode }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}

export function NeedsIdentityProofPage() {
  return (
    <Column>
      <h1>You need to prove who you are with NHS login</h1>
      <p>
        You have an NHS login, but you have not yet proved who you are with it. We need to know it
        is really you before we show you anything about your care.
      </p>
      <p>
        NHS login can check your identity online. You will usually need photo ID, such as a passport
        or driving licence. It can take a few minutes, or longer if someone needs to check your
        details.
      </p>
      <p>
        <a href="https://help.login.nhs.uk/">Find out how to prove who you are with NHS login</a>
      </p>
      <p>When you have done this, come back and choose Continue with NHS login again.</p>
      <h2 className="nhsuk-heading-m">What you can do now</h2>
      <ul>
        <li>
          <a href="/ipt">Read about interpersonal therapy</a>
        </li>
        <li>
          <a href="/refer">Refer yourself</a>
        </li>
        <li>
          <a href="/sign-in">Sign in with your email address and password</a>
        </li>
      </ul>
    </Column>
  );
}

export function NoMatchPage({
  serviceName,
  contact,
  declined = false,
}: {
  serviceName: string;
  contact: ServiceContactDetails | null;
  /** The person said the record shown was not theirs. */
  declined?: boolean;
}) {
  return (
    <Column>
      <h1>
        {declined ? 'Contact us so we can check your details' : 'We could not find your details'}
      </h1>
      {declined ? (
        <p>
          Thank you for telling us. We have not linked your NHS login to anything. Please contact us
          so we can check the details we have for you.
        </p>
      ) : (
        <>
          <p>
            We could not match your NHS login to someone we are caring for at {serviceName}. We have
            not linked or created anything.
          </p>
          <p>This can happen if:</p>
          <ul>
            <li>we have not received your referral yet</li>
            <li>we have not set up your online account yet</li>
            <li>the details we have for you are different from your NHS login</li>
          </ul>
        </>
      )}
      <ServiceContact serviceName={serviceName} contact={contact} />
      <h2 className="nhsuk-heading-m">If you have not been referred</h2>
      <p>
        You can <a href="/refer">refer yourself</a>. You do not need an account.
      </p>
    </Column>
  );
}

export function UnknownStaffPage({ providerName }: { providerName: string }) {
  return (
    <Column>
      <h1>You cannot sign in with {providerName}</h1>
      <p>
        Your {providerName} account does not match an account in Rapport for this service, or the
        account has been switched off.
      </p>
      <p>
        Ask your service manager to add you to Rapport with the same email address you use for{' '}
        {providerName}, or to check the roles you have been given.
      </p>
      <p>
        <a href="/sign-in">Sign in with your email address and password</a>
      </p>
    </Column>
  );
}

export function ProviderUnavailablePage({ providerName }: { providerName: string }) {
  return (
    <Column>
      <h1>Sorry, {providerName} is not available right now</h1>
      <p>We could not reach {providerName}. Try again in a few minutes.</p>
      <p>
        <a href="/sign-in">Sign in with your email address and password</a>
      </p>
    </Column>
  );
}

export function SignInFailedPage() {
  return (
    <Column>
      <h1>Sign-in did not work</h1>
      <p>
        We could not finish signing you in. This can happen if sign-in took too long, was started in
        another browser window, or a page was loaded twice.
      </p>
      <p>
        <a href="/sign-in">Try signing in again</a>
      </p>
    </Column>
  );
}

export function ConfirmLinkPage({
  csrfToken,
  name,
  dateOfBirth,
  errors,
}: {
  csrfToken: string;
  name: string;
  dateOfBirth: string;
  errors?: FieldError[];
}) {
  return (
    <Column>
      <ErrorSummaryBox errors={errors} />
      <h1>Is this you?</h1>
      <p>We found these details using the NHS number from your NHS login.</p>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Name</dt>
          <dd className="nhsuk-summary-list__value">{name}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Born</dt>
          <dd className="nhsuk-summary-list__value">{dateOfBirth}</dd>
        </div>
      </dl>
      <form method="post" action="/sign-in/nhs-login/confirm" noValidate>
        <CsrfField token={csrfToken} />
        <RadiosField
          form={{ values: { isMe: '' }, errors }}
          name="isMe"
          legend="Are these your details?"
          choices={[
            { value: 'yes', label: 'Yes, this is me' },
            { value: 'no', label: 'No, this is not me' },
          ]}
        />
        <Button type="submit">Continue</Button>
      </form>
    </Column>
  );
}
