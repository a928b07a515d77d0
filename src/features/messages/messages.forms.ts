import type { MessageAddressee } from '../../db/schema';
import { fieldHref } from '../../ui/fields';
import { checkText, str, type FieldError, type FormResult } from '../../ui/forms';

export const SUBJECT_MAX = 120;
export const BODY_MAX = 5000;

export interface AskValues {
  to: string;
  subject: string;
  message: string;
}

export interface AskQuestion {
  to: MessageAddressee;
  subject: string;
  body: string;
}

const BODY_RULE = { required: 'Enter your message', label: 'Your message', max: BODY_MAX };

/** The "ask a question" form: who to, a short subject, the message. */
export function parseAsk(
  body: unknown,
  opts: { hasTherapist: boolean },
): { values: AskValues; result: FormResult<AskQuestion> } {
  const values = {
    to: str(body, 'to'),
    subject: str(body, 'subject').trim(),
    message: str(body, 'message').trim(),
  };
  const errors: FieldError[] = [];
  const to: MessageAddressee | null =
    values.to === 'service' || (values.to === 'therapist' && opts.hasTherapist) ? values.to : null;
  if (to === null)
    errors.push({
      field: 'to',
      href: fieldHref.choice('to'),
      message:
        values.to === 'therapist'
          ? 'You do not have a therapist yet. Select the service instead'
          : 'Select who you want to ask',
    });
  checkText(errors, 'subject', values.subject, {
    required: 'Enter a subject',
    label: 'The subject',
    max: SUBJECT_MAX,
  });
  checkText(errors, 'message', values.message, BODY_RULE);
  if (errors.length > 0 || to === null) return { values, result: { ok: false, errors } };
  return {
    values,
    result: { ok: true, value: { to, subject: values.subject, body: values.message } },
  };
}

export interface ReplyValues {
  message: string;
}

/** A reply in a thread, from the patient or from staff. */
export function parseReply(body: unknown): { values: ReplyValues; result: FormResult<string> } {
  const values = { message: str(body, 'message').trim() };
  const errors: FieldError[] = [];
  checkText(errors, 'message', values.message, BODY_RULE);
  return errors.length > 0
    ? { values, result: { ok: false, errors } }
    : { values, result: { ok: true, value: values.message } };
}

export interface NewThreadValues {
  subject: string;
  message: string;
}

export interface NewThread {
  subject: string;
  body: string;
}

/** A clinician writing to a patient first, from their record: a short subject and the message. */
export function parseNewThread(body: unknown): {
  values: NewThreadValues;
  result: FormResult<NewThread>;
} {
  const values = { subject: str(body, 'subject').trim(), message: str(body, 'message').trim() };
  const errors: FieldError[] = [];
  checkText(errors, 'subject', values.subject, {
    required: 'Enter a subject',
    label: 'The subject',
    max: SUBJECT_MAX,
  });
  checkText(errors, 'message', values.message, BODY_RULE);
  return errors.length > 0
    ? { values, result: { ok: false, errors } }
    : { values, result: { ok: true, value: { subject: values.subject, body: values.message } } };
}
