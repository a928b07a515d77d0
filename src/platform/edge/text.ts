import { z } from 'zod';

/**
 * Characters refused in text we store or echo: NUL and other C0 controls, DEL, C1 controls and
 * lone UTF-16 surrogates. PostgreSQL cannot store NUL in text nor encode a lone surrogate, so
 * letting either through turns a person's typing into a 500 and a lost answer.
 * Tab, line feed and carriage return are allowed in multi-line text only.
 */
// Matching control characters is the point of these patterns.
/* eslint-disable no-control-regex */
const UNSAFE_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDFFF]/u;
const UNSAFE_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDFFF]/u;
/* eslint-enable no-control-regex */
const UNSAFE_MULTI_LINE_ALL = new RegExp(UNSAFE_MULTI_LINE.source, 'gu');

export interface TextOptions {
  /** Allow \n, \r and \t (a textarea). */
  multiline?: boolean;
  /** The field as a person knows it (its label), so the refusal names what to change. */
  label?: string;
}

/** The refusal of a value holding characters we cannot use, naming the field when we can. */
export function unsafeTextMessage(label?: string): string {
  return `${label ? `${label} contains` : 'Contains'} characters that cannot be used. Remove them and try again`;
}

/**
 * The refusal of a form answer the edge removed characters from, naming the answer by its label
 * or question on the page ("‘Access information’ had …"), so the error summary says which one to
 * check; "This" where the page gives it none.
 */
export function removedCharactersMessage(label: string | null): string {
  return `${label ? `‘${label}’` : 'This'} had characters we cannot save. We removed them: check it again`;
}

export function hasUnsafeChars(value: string, options: TextOptions = {}): boolean {
  return (options.multiline ? UNSAFE_MULTI_LINE : UNSAFE_SINGLE_LINE).test(value);
}

/**
 * Removes the characters no field may hold, keeping line breaks and tabs (which a single-line
 * field's own check still refuses): what is left is safe to store, render and show back.
 */
export function stripUnsafeChars(value: string): string {
  return value.replace(UNSAFE_MULTI_LINE_ALL, '');
}

/** A text value of at most `max` characters with no unsafe characters. */
export function safeText(max: number, options: TextOptions = {}) {
  return z
    .string()
    .max(max)
    .refine((v) => !hasUnsafeChars(v, options), { message: unsafeTextMessage(options.label) });
}
