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
  /** A date only: the boxes at fault, the only ones outlined (all three when not said). */
  boxes?: readonly ('day' | 'month' | 'year')[];
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

// One place for the NHS wording of a length limit and its number format ("2,000", never "2000"),
// which some fifty form checks used to build by hand, with the number written either way.
const thousands = new Intl.NumberFormat('en-GB', { useGrouping: true, maximumFractionDigits: 0 });

/** A count as NHS content style writes it: thousands separated by commas (2,000; 500 as is). */
export function formatCount(n: number): string {
  return thousands.format(n);
}

/** "<label> must be <max> characters or fewer", the max with thousands separators (2,000). */
export function tooLongMessage(label: string, max: number): string {
  return `${label} must be ${formatCount(max)} characters or fewer`;
}

/** A free-text field's limits: its NHS label and length, and its message when it is left empty. */
export interface TextRule {
  label: string;
  max: number;
  /** When given, an empty value is an error with this message (and not also too long). */
  required?: string;
}

/**
 * The common free-text check, so every form says "required" and "too long" the same way: pushes
 * at most one error for `field` and returns `value`. It does not trim: callers pass exactly what
 * they will store (usually already trimmed), so the length checked is the length kept.
 */
export function checkText(
  errors: FieldError[],
  field: string,
  value: string,
  rule: TextRule,
): string {
  if (rule.required !== undefined && value === '') {
    errors.push({ field, message: rule.required });
  } else if (value.length > rule.max) {
    errors.push({ field, message: tooLongMessage(rule.label, rule.max) });
  }
  return value;
}
