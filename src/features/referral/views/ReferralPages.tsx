import type { ReactNode } from 'react';
import { Button, InsetText, Panel, WarningCallout } from 'nhsuk-react-components';
import { formatDate, type IsoDate } from '../../../domain/calendar';
import { CsrfField } from '../../../ui/forms';
import { waitPhrase } from '../referral.messages';
import { UrgentHelpContent } from './UrgentHelpContent';

export type StartState =
  | { kind: 'new' }
  | { kind: 'in_progress'; continueHref: string }
  | { kind: 'sent'; reference: string | null };

export interface StartPageProps {
  csrfToken: string;
  serviceName: string;
  minimumAge: number;
  draftHours: number;
  state: StartState;
}

export function StartPage({
  csrfToken,
  serviceName,
  minimumAge,
  draftHours,
  state,
}: StartPageProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Refer yourself for talking therapy</h1>
        <p className="nhsuk-lede-text">
          Use this form to refer yourself to {serviceName} for help with depression. You do not need
          to see your GP first, and you do not need an account.
        </p>
        <p>You can use this form if you are {minimumAge} or older.</p>
        <h2>What we will ask you</h2>
        <ul>
          <li>your name, date of birth, address and how to contact you</li>
          <li>your GP and any other services you are in touch with</li>
          <li>what is troubling you at the moment</li>
          <li>how you have been feeling, with 3 short questionnaires</li>
          <li>how you would prefer to have your sessions</li>
        </ul>
        <p>It usually takes about 15 minutes.</p>
        <p>
          We keep your answers as you go, so you can go back and change them. If you do not send
          your referral, we delete your answers {draftHours} hours after your last change, for your
          privacy.
        </p>
        <p>
          If you tell us you might not be safe and do not send your referral, someone from our team
          may contact you using the contact details you gave, to check you are safe.
        </p>
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">
            This form is not for emergencies
          </WarningCallout.Heading>
          <p>
            If you need help now, <a href="/urgent-help">find out how to get help now</a>. If your
            life is at risk right now, call 999 or go to A&amp;E.
          </p>
        </WarningCallout>

        {state.kind === 'in_progress' ? (
          <>
            <h2>You have already started a referral</h2>
            <Button href={state.continueHref}>Continue your referral</Button>
            <form method="post" action="/refer/start">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="restart" value="1" />
              <p>If you start again, the answers you have given so far will be deleted.</p>
              <Button type="submit" secondary>
                Start again
              </Button>
            </form>
          </>
        ) : (
          <>
            {state.kind === 'sent' && state.reference ? (
              <InsetText>
                <p>
                  You have already sent a referral from this device. Its reference number is{' '}
                  <strong>{state.reference}</strong>.
                </p>
              </InsetText>
            ) : null}
            <form method="post" action="/refer/start">
              <CsrfField token={csrfToken} />
              <Button type="submit">
                {state.kind === 'sent' ? 'Start a new referral' : 'Start now'}
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}

export function UrgentHelpPage({ continueHref }: { continueHref: string }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>You can get help now</h1>
        <p className="nhsuk-lede-text">
          Thank you for telling us. It sounds like things are very hard for you at the moment. You
          do not have to wait for your referral to get help.
        </p>
        <UrgentHelpContent />
        <h2>Your referral</h2>
        <p>
          When you are ready, you can carry on with your referral. Your answers so far are saved.
        </p>
        <p>
          If you send your referral, we will treat it as urgent, so our team looks at it as a
          priority.
        </p>
        <p>
          If you do not send it, someone from our team may still try to contact you, using the
          contact details you gave us, because of what you have told us.
        </p>
        <Button href={continueHref}>Continue with your referral</Button>
      </div>
    </div>
  );
}

export interface TooYoungPageProps {
  minimumAge: number;
  oldEnoughOn: IsoDate;
}

export function TooYoungPage({ minimumAge, oldEnoughOn }: TooYoungPageProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>This service is for people aged {minimumAge} or over</h1>
        <p>
          We are sorry, you cannot refer yourself to this service yet. You can refer yourself from{' '}
          {formatDate(oldEnoughOn)}.
        </p>
        <p>You can still get help and support now:</p>
        <ul>
          <li>speak to your GP – they can help you find the right support</li>
          <li>
            contact your local Children and Young People&apos;s Mental Health Services (CYPMHS) –
            your GP, school or college can help you find them
          </li>
          <li>talk to someone you trust, like a family member, friend or teacher</li>
        </ul>
        <h2>If you need help now</h2>
        <p>
          If your life is at risk right now, call <a href="tel:999">999</a> or go to A&amp;E. For
          urgent help for your mental health, call <a href="tel:111">NHS 111</a> and choose option
          2.
        </p>
        <p>
          To talk to someone now, call Childline free on <a href="tel:08001111">0800 1111</a>, any
          time, or text SHOUT to 85258.
        </p>
        <p>
          If you entered your date of birth wrongly,{' '}
          <a href="/refer/date-of-birth">change your date of birth</a>.
        </p>
      </div>
    </div>
  );
}

export function AnswersDeletedPage({ draftHours }: { draftHours: number }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Your answers were deleted for your privacy</h1>
        <p>
          We delete the answers to a referral that is not sent within {draftHours} hours of the last
          change. We are sorry, but you need to start again.
        </p>
        <p>If you already sent your referral, we have it and you do not need to send it again.</p>
        <Button href="/refer">Start again</Button>
        <p>
          If you need help now, <a href="/urgent-help">find out how to get help now</a>.
        </p>
      </div>
    </div>
  );
}

export interface ConfirmationPageProps {
  reference: string;
  urgent: boolean;
  texted: boolean;
  emailed: boolean;
  typicalWaitWeeks: number;
  /** The service's contact details: the page asks people to quote the reference if they call. */
  contact?: ReactNode;
}

export function ConfirmationPage({
  reference,
  urgent,
  texted,
  emailed,
  typicalWaitWeeks,
  contact,
}: ConfirmationPageProps) {
  const sentBy = [texted ? 'a text message' : null, emailed ? 'an email' : null].filter(Boolean);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Panel>
          <Panel.Title>Referral sent</Panel.Title>
          Your reference number is
          <br />
          <strong>{reference}</strong>
        </Panel>
        {sentBy.length > 0 ? (
          <p>We have sent you {sentBy.join(' and ')} to confirm we have your referral.</p>
        ) : null}
        <p>Please keep your reference number. Have it with you if you contact us.</p>

        {urgent ? (
          <WarningCallout>
            <WarningCallout.Heading headingLevel="h2">
              We have marked your referral as urgent
            </WarningCallout.Heading>
            <p>
              Because of some of your answers, our team will look at your referral as a priority. If
              you need help before we contact you, do not wait.
            </p>
          </WarningCallout>
        ) : null}

        <h2>What happens next</h2>
        <p>
          Someone from our team will read your referral and contact you to arrange a first
          appointment. This is a conversation about what is troubling you and what help would suit
          you best.
        </p>
        {urgent ? (
          <p>Because your referral is urgent, we will contact you as a priority.</p>
        ) : (
          <p>At the moment, people wait {waitPhrase(typicalWaitWeeks)} for this appointment.</p>
        )}
        <p>We will contact you in the ways you said we could.</p>

        {urgent ? (
          <UrgentHelpContent />
        ) : (
          <>
            <h2>If you need help before then</h2>
            <p>
              If you need help now, <a href="/urgent-help">find out how to get help now</a>. If your
              life is at risk right now, call 999 or go to A&amp;E.
            </p>
          </>
        )}
        {contact}
      </div>
    </div>
  );
}
