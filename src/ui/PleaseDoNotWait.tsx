import type { ReactNode } from 'react';
import { hasCrisisLanguage } from '../domain/community';

/**
 * After a patient writes words of crisis to us (hazard H18), in a message or a reason to change an
 * appointment: what they wrote has gone to a clinician as a risk alert, but it may not be read for
 * hours, so the page says so first and plainly, with where to get help now.
 */
export function PleaseDoNotWait({
  waitFor,
  told,
  readBy,
  moreWays = false,
}: {
  /** "our answer", "us to contact you". */
  waitFor: string;
  /**
   * Who has been told: "your therapist", "the clinician responsible for you"; null when what they
   * wrote never reached us (sent after they were signed out), so nobody has been told.
   */
  told: string | null;
  /** What nobody reads outside working hours: "messages", "it". */
  readBy: string;
  /** A link to the urgent help page as well. */
  moreWays?: boolean;
}): ReactNode {
  return (
    <div className="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent" id="help-now">
      <div className="nhsuk-card--care__heading-container">
        <h2 className="nhsuk-card--care__heading">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Urgent advice: </span>Please do not wait for{' '}
            {waitFor}
          </span>
        </h2>
        <span className="nhsuk-card--care__arrow" aria-hidden="true"></span>
      </div>
      <div className="nhsuk-card__content">
        {told === null ? (
          <p>
            What you wrote made us worried about you. It could not be sent, so nobody has read it
            yet. Please sign in again and send it, and do not wait for an answer to get help.
          </p>
        ) : (
          <p>
            What you wrote made us worried about you. We have told {told}, but they may not read it
            for some hours, and nobody reads {readBy} outside working hours.
          </p>
        )}
        <ul>
          <li>
            If you feel you might act on thoughts of ending your life, call{' '}
            <a href="tel:999">999</a> or go to A&amp;E now.
          </li>
          <li>
            For urgent help for your mental health, call <a href="tel:111">NHS 111</a> and choose
            option 2, any time.
          </li>
          <li>
            To talk to someone now, call Samaritans free on <a href="tel:116123">116 123</a>, or
            text SHOUT to 85258.
          </li>
        </ul>
        {moreWays ? (
          <p>
            <a href="/urgent-help">More ways to get help now</a>
          </p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * For a form of free text a patient sends us (a message, a reason): when it arrives after they
 * were signed out it is not saved and no alert is raised (ADR 0043), so words of crisis in it
 * bring help now first on that page instead (H18; walk 11). For the route's `signedOutHelp`.
 */
export function helpIfCrisisWords(fields: readonly string[], waitFor: string) {
  return (request: { body?: unknown }): ReactNode => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = fields.map((f) => (typeof body[f] === 'string' ? body[f] : '')).join('\n');
    return hasCrisisLanguage(text) ? (
      <PleaseDoNotWait waitFor={waitFor} told={null} readBy="it" moreWays />
    ) : null;
  };
}
