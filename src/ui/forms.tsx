import { randomUUID } from 'node:crypto';
import { ErrorSummary } from 'nhsuk-react-components';

import type { FieldError } from '../domain/result';

export type { FieldError, FormResult } from '../domain/result';
export { checkText, formatCount, tooLongMessage } from '../domain/result';

export function errorFor(
  errors: readonly FieldError[] | undefined,
  field: string,
): string | undefined {
  return errors?.find((e) => e.field === field)?.message;
}

export function ErrorSummaryBox({ errors }: { errors: readonly FieldError[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <ErrorSummary>
      <ErrorSummary.Title>There is a problem</ErrorSummary.Title>
      <ErrorSummary.List>
        {errors.map((e) => (
          <ErrorSummary.ListItem key={`${e.field}:${e.message}`} href={`#${e.href ?? e.field}`}>
            {e.message}
          </ErrorSummary.ListItem>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}

/**
 * The form's CSRF token, and its one-time key: a second press of the same form makes no second
 * record (src/platform/tenancy/repeat-submissions.ts, ADR 0039).
 */
export function CsrfField({ token }: { token: string }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={token} />
      <input type="hidden" name="_once" value={randomUUID()} />
    </>
  );
}

/** Form bodies arrive as strings or string arrays; anything else is treated as absent. */
export function str(body: unknown, key: string): string {
  if (!body || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[key];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return '';
}

export function strList(body: unknown, key: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const v = (body as Record<string, unknown>)[key];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}
