import type { ReactNode } from 'react';
import { Button } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import { isSecureNhsEmail } from '../../../domain/identifiers';
import { CsrfField } from '../../../ui/forms';
import type { LetterEmail, LetterOnRecord } from '../letters.service';

const EMAIL_TO: Record<LetterEmail['to'], string> = {
  gp: 'GP practice',
  patient: 'Patient',
};

/**
 * What happened to a letter's email, and what to do when it did not go. `changeDetailsHref` is
 * where the practice email is added, for a viewer who may change it.
 */
function letterEmailText(
  email: LetterEmail,
  changeDetailsHref: string | null,
  gpEmail: string | null,
): ReactNode {
  if (email.sentAnotherWayAt)
    return `not emailed; sent another way (recorded ${formatLondonDateTime(email.sentAnotherWayAt)})`;
  // What to do when it did not go: email it again (the button below), or another way.
  const otherwise = email.canSendAgain
    ? 'Email it again below, or print the letter'
    : 'Print the letter or send it another way';
  switch (email.state) {
    case 'sent':
      return email.at ? `emailed ${formatLondonDateTime(email.at)}` : 'emailed';
    case 'waiting':
      return 'waiting to be emailed';
    case 'failed':
      return `not emailed: sending failed. ${otherwise}`;
    case 'not_sent':
      return `not emailed: email here is not set up to send letters. ${otherwise}`;
    case 'none':
      if (email.to === 'gp' && gpEmail !== null && !isSecureNhsEmail(gpEmail))
        return insecurePracticeEmail(changeDetailsHref);
      return email.canSendAgain
        ? `not emailed: there was no practice email on the record then. ${otherwise}`
        : noPracticeEmail(changeDetailsHref);
  }
}

/** The practice email on the record is not NHSmail: a letter with health details never goes to it (H27). */
function insecurePracticeEmail(changeDetailsHref: string | null): ReactNode {
  const details = 'contact and GP details';
  return (
    <>
      not emailed: the practice email on the record is not a secure NHS email address (ending in
      nhs.net). Print the letter and post it, or change the address under the patient’s{' '}
      {changeDetailsHref ? <a href={changeDetailsHref}>{details}</a> : details}
    </>
  );
}

function noPracticeEmail(changeDetailsHref: string | null): ReactNode {
  const details = 'contact and GP details';
  return (
    <>
      not emailed: no practice email on the record. Add it under the patient’s{' '}
      {changeDetailsHref ? <a href={changeDetailsHref}>{details}</a> : details}, or print the letter
    </>
  );
}

/**
 * How one letter's emails went and, for a letter that has not reached the GP practice, the forms
 * to email it again or to record that it was sent another way (hazard H27). The forms post to
 * `<actionBase>/email-gp` and `<actionBase>/sent-another-way`, on the page that shows the letter.
 */
export function LetterEmails({
  letter,
  actionBase,
  gpEmail,
  changeDetailsHref,
  csrfToken,
}: {
  letter: LetterOnRecord;
  actionBase: string;
  gpEmail: string | null;
  /** The page to add a missing practice email, when the viewer may change it. */
  changeDetailsHref: string | null;
  csrfToken: string;
}) {
  return (
    <>
      {letter.emails.map((e) => (
        <p
          key={e.to}
          className={
            e.canRecordAnotherWay
              ? 'nhsuk-body-s nhsuk-u-margin-bottom-0 nhsuk-u-font-weight-bold'
              : 'nhsuk-body-s nhsuk-u-margin-bottom-0'
          }
        >
          {EMAIL_TO[e.to]}: {letterEmailText(e, changeDetailsHref, gpEmail)}
        </p>
      ))}
      {letter.emails.some((e) => e.canSendAgain) && gpEmail ? (
        <form
          method="post"
          action={`${actionBase}/email-gp`}
          className="nhsuk-u-margin-top-2"
          noValidate
        >
          <CsrfField token={csrfToken} />
          <Button type="submit" secondary className="nhsuk-u-margin-bottom-0">
            Email it to the practice at {gpEmail}
          </Button>
        </form>
      ) : null}
      {letter.emails.some((e) => e.canRecordAnotherWay) ? (
        <form
          method="post"
          action={`${actionBase}/sent-another-way`}
          className="nhsuk-u-margin-top-2"
          noValidate
        >
          <CsrfField token={csrfToken} />
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
            If you printed and posted it, or sent it from your own secure email, record that here.
            It will no longer be shown as not sent.
          </p>
          <Button type="submit" secondary className="nhsuk-u-margin-bottom-0">
            I have sent it to the practice another way
          </Button>
        </form>
      ) : null}
    </>
  );
}

/**
 * The letters on the patient's record (discharge, onward referral), each opening its PDF, with
 * whether its emails went: a GP letter that did not must be sent another way (hazard H27). Each
 * letter's forms post to `<actionBase>/<letter id>/…`.
 */
export function LettersOnRecordSection({
  letters,
  actionBase,
  gpEmail,
  changeDetailsHref,
  csrfToken,
}: {
  letters: readonly LetterOnRecord[];
  actionBase: string;
  gpEmail: string | null;
  /** The page to add a missing practice email, when the viewer may change it. */
  changeDetailsHref: string | null;
  csrfToken: string;
}) {
  if (letters.length === 0) return null;
  return (
    <>
      <h2 id="letters">Letters</h2>
      <ul className="nhsuk-list nhsuk-list--border">
        {letters.map((l) => (
          <li key={l.id}>
            <a href={l.href}>
              {l.title} ({formatLondonDateTime(l.date)}, PDF)
            </a>
            <LetterEmails
              letter={l}
              actionBase={`${actionBase}/${l.id}`}
              gpEmail={gpEmail}
              changeDetailsHref={changeDetailsHref}
              csrfToken={csrfToken}
            />
          </li>
        ))}
      </ul>
    </>
  );
}
