import type { ReactNode } from 'react';
import { BackLink, Button } from 'nhsuk-react-components';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';

/** The spam trap's field name: people never see or reach it; simple bots fill it in. */
export const HONEYPOT_FIELD = 'website';

/**
 * A field hidden from everyone: visually hidden, hidden from screen readers, out of the tab order
 * and of autofill. Anything typed into it marks the form as sent by a bot.
 */
export function Honeypot() {
  return (
    <div className="nhsuk-u-visually-hidden" aria-hidden="true">
      <label htmlFor="referral-website">Leave this field empty</label>
      <input
        type="text"
        id="referral-website"
        name={HONEYPOT_FIELD}
        tabIndex={-1}
        autoComplete="off"
        defaultValue=""
      />
    </div>
  );
}

export interface QuestionFormProps {
  action: string;
  csrfToken: string;
  errors?: readonly FieldError[];
  honeypot?: boolean;
  buttonText?: string;
  children: ReactNode;
}

/** The frame of every question page: error summary, the form, and the Continue button. */
export function QuestionForm({
  action,
  csrfToken,
  errors,
  honeypot,
  buttonText = 'Continue',
  children,
}: QuestionFormProps) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <form method="post" action={action} noValidate>
          <CsrfField token={csrfToken} />
          {children}
          {honeypot ? <Honeypot /> : null}
          <Button type="submit">{buttonText}</Button>
        </form>
      </div>
    </div>
  );
}

export function Back({ href }: { href: string }) {
  return <BackLink href={href}>Back</BackLink>;
}

/** Free text exactly as typed, line breaks kept; React escapes it, so HTML shows as text. */
export function TypedText({ text }: { text: string }) {
  return <span className="rapport-pre-wrap">{text}</span>;
}
