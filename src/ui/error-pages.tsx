import type { ReactNode } from 'react';

export interface ErrorPageContent {
  title: string;
  body: string[];
}

export const TOO_MANY_ATTEMPTS_PAGE: ErrorPageContent = {
  title: 'Too many attempts',
  body: [
    'You have tried too many times in a short time. This limit protects the service from misuse.',
    'If you were filling in a form, your answers are saved.',
  ],
};

/** Also the page for any status without its own wording. */
export const SERVER_ERROR_PAGE: ErrorPageContent = {
  title: 'Sorry, there is a problem with the service',
  body: [
    'Try again later. If you were sending a form, it may not have been saved.',
    'If you need help now, use the Get help now link on this page.',
  ],
};

/** Plain, blame-free wording; never a stack trace or internal detail. */
export const ERROR_PAGES: Record<number, ErrorPageContent> = {
  400: {
    title: 'Sorry, there is a problem with that request',
    body: [
      'Go back and try again. If you were filling in a form, your answers may still be on the previous page.',
    ],
  },
  403: {
    title: 'You cannot see this page',
    body: [
      'Your account does not have access to this page. If you think it should, speak to your service manager.',
    ],
  },
  404: {
    title: 'Page not found',
    body: [
      'If you typed the web address, check it is correct.',
      'If you pasted the web address, check you copied the entire address.',
    ],
  },
  405: {
    title: 'Sorry, there is a problem with that request',
    body: ['That action is not available on this page. Go back and try again.'],
  },
  413: {
    title: 'What you sent was too large',
    body: ['Go back and make your answers shorter, then try again.'],
  },
  415: {
    title: 'Sorry, there is a problem with that request',
    body: ['Go back and try again.'],
  },
  429: TOO_MANY_ATTEMPTS_PAGE,
  500: SERVER_ERROR_PAGE,
  503: {
    title: 'Sorry, the service is unavailable',
    body: ['Try again later.'],
  },
};

/** The 403 page for patients, carers and community members, who have no service manager. */
export const FORBIDDEN_NOT_STAFF_PAGE: ErrorPageContent = {
  title: 'You cannot see this page',
  body: [
    'Your account does not have access to this page. If you think it should, please contact the service.',
  ],
};

/** An answer longer than a form can take: nothing was saved, so say how to keep what they wrote. */
export function tooLongAnswerPage(maxCharacters: number): ErrorPageContent {
  return {
    title: 'One of your answers is too long',
    body: [
      `An answer can be at most ${maxCharacters.toLocaleString('en-GB')} characters. Nothing was saved.`,
      'Go back: your answers should still be on the previous page. Copy the long answer somewhere safe, make it shorter, then send the form again.',
    ],
  };
}

export const CSRF_PAGE: ErrorPageContent = {
  title: 'This page has expired',
  body: [
    'For your security, forms expire. Go back, reload the page and try again. Your answers were not saved.',
  ],
};

export function ErrorPage({ content, extra }: { content: ErrorPageContent; extra?: string }) {
  return (
    <>
      <h1>{content.title}</h1>
      {content.body.map((p) => (
        <p key={p}>{p}</p>
      ))}
      {extra ? <p>{extra}</p> : null}
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}

/** One answer shown back on the signed-out page (src/platform/web/signed-out.ts). */
export interface ShownAnswer {
  label: string;
  text: string;
}

export const SESSION_ENDED_TITLE = 'You have been signed out';

/**
 * A form sent after the session ended: say plainly nothing was saved, show back what was typed so
 * it can be copied (React escapes it; read-only boxes keep its lines), and the way back to the form.
 */
export function SessionEndedPage({
  answers,
  cut,
  signInHref,
  help = null,
}: {
  answers: readonly ShownAnswer[];
  cut: boolean;
  signInHref: string;
  /** Help now, first, when what was sent calls for it (the route's `signedOutHelp`). */
  help?: ReactNode;
}) {
  return (
    <>
      <h1>{SESSION_ENDED_TITLE}</h1>
      {help}
      <p>For your security, you were signed out after a time without activity.</p>
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            What you sent was not saved
          </span>
        </h2>
        <p>
          {answers.length > 0
            ? 'Copy what you wrote below and keep it somewhere safe, then sign in again and send it again.'
            : 'Sign in again, then fill in the form and send it again.'}
        </p>
      </div>
      {answers.length > 0 ? (
        <>
          <h2>What you wrote</h2>
          {answers.map((answer, i) => {
            const id = `kept-answer-${String(i + 1)}`;
            return (
              <div className="nhsuk-form-group" key={id}>
                <label className="nhsuk-label" htmlFor={id}>
                  {answer.label}
                </label>
                <textarea
                  className="nhsuk-textarea"
                  id={id}
                  readOnly
                  rows={rowsFor(answer.text)}
                  defaultValue={answer.text}
                />
              </div>
            );
          })}
          {cut ? (
            <p>
              This is only the first part of what you wrote. The rest may still be in the form if
              you go back.
            </p>
          ) : null}
        </>
      ) : null}
      <p>
        <a href={signInHref}>Sign in again</a> to go back to the form.
      </p>
    </>
  );
}

/** Enough rows to show a short answer whole, at most 15. */
function rowsFor(text: string): number {
  const lines = text
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 70)), 0);
  return Math.min(15, Math.max(2, lines));
}
