import { z } from 'zod';
import { safeText, stripUnsafeChars } from './text';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/**
 * A record id in the path. A malformed id fails params validation, which the edge answers with
 * the 404 page: a bad id and someone else's record must look alike.
 */
export const uuidParam = z.string().regex(UUID_RE);

/** A short word in the path (a measure or page name). */
export const slugParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** The longest query value we read; a repeated key arrives as an array and is refused (400). */
export const QUERY_VALUE_MAX = 2000;
export const singleQuery = safeText(QUERY_VALUE_MAX);
/** An optional uuid in the query: anything else reads as absent (filters fall back to defaults). */
export const optionalUuidQuery = singleQuery
  .optional()
  .transform((v) => (isUuid(v) ? v : undefined));

/** A query string whose named keys follow `shape` and whose other keys must be single, safe values. */
export function queryOf<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).catchall(singleQuery);
}

/** The default for routes that read nothing from the query string. */
export const anyQuery = queryOf({});

/**
 * The longest single form value: short of abuse (the whole body is limited too), and well above
 * any free-text limit a form checks itself, so that text pasted past a form's limit gets that
 * form's own message, with the answers kept, not a bare refusal. Free-text fields use this
 * default; a field's own smaller limit belongs in its form's parser.
 */
export const FORM_VALUE_MAX = 50_000;
/** Most values a repeated form field (checkboxes) may carry. */
export const FORM_LIST_MAX = 100;

export function formText(max = FORM_VALUE_MAX) {
  return z.string().max(max);
}
export function formList(max = FORM_VALUE_MAX) {
  return z.array(z.string().max(max)).max(FORM_LIST_MAX);
}
/** What a form field may structurally be: a string, or a list of strings for checkboxes. */
export function formValue(max = FORM_VALUE_MAX) {
  return z.union([formText(max), formList(max)]);
}

const UNSAFE_FIELDS = Symbol('rapport.unsafeFields');
type Cleaned = { [UNSAFE_FIELDS]?: readonly string[] };

function cleanBody<T extends Record<string, unknown>>(body: T): T {
  const unsafe: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') {
      const clean = stripUnsafeChars(value);
      if (clean !== value) unsafe.push(key);
      out[key] = clean;
    } else if (Array.isArray(value)) {
      const clean = (value as unknown[]).map((v) =>
        typeof v === 'string' ? stripUnsafeChars(v) : v,
      );
      if (clean.some((v, i) => v !== value[i])) unsafe.push(key);
      out[key] = clean;
    } else {
      out[key] = value;
    }
  }
  Object.defineProperty(out, UNSAFE_FIELDS, { value: unsafe, enumerable: false });
  return out as T;
}

/**
 * A form body: the named fields follow `shape`, every other field is a bounded string or list
 * (an over-long value or a wrong type answers 400). Characters no field may hold (NUL, lone
 * surrogates, control characters) are removed here so nothing unsafe reaches the database or a
 * page; the fields they were removed from are remembered so the form can say so at the field,
 * keeping the rest of the answer (see `unsafeFields`).
 */
export function formBody<S extends z.ZodRawShape>(shape: S) {
  return z
    .object({ _csrf: z.string().max(512).optional(), ...shape })
    .catchall(formValue())
    .transform((body) => cleanBody(body));
}

/** The default for non-GET routes that declare no body. */
export const anyFormBody = formBody({});

/** The fields of a body (parsed by `formBody`) that held characters the edge removed. */
export function unsafeFields(body: unknown): readonly string[] {
  if (!body || typeof body !== 'object') return [];
  return (body as Cleaned)[UNSAFE_FIELDS] ?? [];
}

/** Path parameters named in a route URL (`:name`), in order. */
export function paramNames(url: string): string[] {
  return [...url.matchAll(/:(?<name>[A-Za-z0-9_]+)/g)].flatMap((m) =>
    m.groups?.name ? [m.groups.name] : [],
  );
}

/**
 * The default params schema for a route that declares none: ids (`id`, `…Id`) must be uuids,
 * measure names and other words must be short slugs.
 */
export function defaultParams(names: readonly string[]) {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const name of names)
    shape[name] =
      (name === 'id' || name.endsWith('Id')) && name !== 'measureId' ? uuidParam : slugParam;
  return z.object(shape);
}
