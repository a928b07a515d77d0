/**
 * The one shape for parsing untrusted input, in the domain and at the edge: a clean value, or a
 * failure whose details depend on what was parsed (one reason for a single value, field errors for
 * a form, item errors for a questionnaire). Checking `ok` narrows to one or the other.
 */
export type ParseResult<T, Failure extends object> =
  { readonly ok: true; readonly value: T } | ({ readonly ok: false } & Failure);

/** A validation failure is data: each error names the form field it belongs to. */
export interface FieldError {
  /** The form field name; the error summary links to `#${href ?? field}`. */
  field: string;
  message: string;
  href?: string;
}

/** A whole form: its clean value, or every field error to show in the NHS error summary. */
export type FormResult<T> = ParseResult<T, { errors: FieldError[] }>;

/** One typed value (an NHS number, a postcode): a clean value, or why it was refused. */
export type Validation<T, Reason extends string> = ParseResult<
  T,
  { readonly reason: Reason; readonly message: string }
>;

export function parsed<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}
