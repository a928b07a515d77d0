import { safeNext, stripUnsafeChars } from '../edge';

/**
 * A form sent after the session ended (ADR 0043): nothing is saved, so the page shows back what
 * the person typed, for them to copy, and sends them back to the form once signed in again.
 * Pure functions of the request; nothing here is stored anywhere.
 */

/** One answer shown back: its field name made readable, and the text as sent. */
export interface KeptAnswer {
  label: string;
  text: string;
}

export interface KeptAnswers {
  answers: KeptAnswer[];
  /** Some text was left out to keep the page to a sensible size. */
  cut: boolean;
}

/** At most this much text is shown back (a whole note is 50,000 characters at most). */
export const KEPT_TOTAL_MAX = 60_000;
/** And at most this many answers. */
export const KEPT_ANSWERS_MAX = 20;
/** Shorter than this (after trimming) is a choice or a number, not something typed at length. */
const KEPT_MIN_LENGTH = 4;

/**
 * Fields never shown back: the platform's own (`_csrf`, `_once`), secrets (passwords, codes,
 * tokens, passkey answers), where to go next, and record ids.
 */
const NEVER_SHOWN =
  /^_|csrf|pass(word|code|key)|secret|token|credential|^code$|otp|^confirm|^next$|(^|[_-])ids?$|[a-z]Ids?$/iu;
/** A value a page put there rather than a person typed: an id, a date, a time, a choice's key. */
const MACHINE_VALUE = /^[a-z0-9_.:+-]+$/u;

/** `whatHelped` -> "What helped", `session_notes` -> "Session notes". */
export function readableFieldName(name: string): string {
  const words = name
    .replace(/\[\]$/u, '')
    .replace(/([a-z0-9])([A-Z])/gu, '$1 $2')
    .replace(/[_\-.]+/gu, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Your answer';
}

/** The free text in a form body (urlencoded: strings or lists of strings), in the form's order. */
export function keptAnswers(body: unknown): KeptAnswers {
  const kept: KeptAnswers = { answers: [], cut: false };
  if (!body || typeof body !== 'object' || Array.isArray(body)) return kept;
  let left = KEPT_TOTAL_MAX;
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (NEVER_SHOWN.test(name)) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (typeof value !== 'string') continue;
      const text = stripUnsafeChars(value);
      const trimmed = text.trim();
      if (trimmed.length < KEPT_MIN_LENGTH || MACHINE_VALUE.test(trimmed)) continue;
      if (kept.answers.length >= KEPT_ANSWERS_MAX || left <= 0) {
        kept.cut = true;
        return kept;
      }
      const shown = text.length > left ? text.slice(0, left) : text;
      if (shown.length < text.length) kept.cut = true;
      left -= shown.length;
      kept.answers.push({ label: readableFieldName(name), text: shown });
    }
  }
  return kept;
}

/**
 * The form page to go back to after signing in: the page the form was on (the Referer, when it
 * is this site's), else the address it was sent to, checked as the sign-in checks `next`.
 */
export function formPageAfterSignIn(request: {
  url: string;
  host: string;
  headers: { referer?: string | undefined };
}): string {
  const referer = request.headers.referer;
  if (referer) {
    try {
      const from = new URL(referer);
      if (from.host === request.host) {
        const page = safeNext(from.pathname + from.search, '');
        if (page) return page;
      }
    } catch {
      // Not a URL: use the address the form was sent to.
    }
  }
  return safeNext(request.url);
}

/** The sign-in link with that page as `next`. */
export function signInAgainHref(request: Parameters<typeof formPageAfterSignIn>[0]): string {
  return `/sign-in?next=${encodeURIComponent(formPageAfterSignIn(request))}`;
}
