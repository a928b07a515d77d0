import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatSchemaError } from './errors';
import { anyFormBody, anyQuery, defaultParams, paramNames } from './schemas';
import { hasUnsafeChars, unsafeTextMessage } from './text';

export { isSchemaError, schemaErrorStatus, type SchemaError } from './errors';
export { safeNext, DEFAULT_NEXT } from './next';
export { hasUnsafeChars, removedCharactersMessage, safeText, stripUnsafeChars } from './text';
export { fieldsOnPage, removedCharactersErrors, type FieldOnPage } from './field-labels';
export {
  anyFormBody,
  anyQuery,
  formBody,
  formList,
  formText,
  formValue,
  isUuid,
  optionalUuidQuery,
  queryOf,
  singleQuery,
  slugParam,
  unsafeFields,
  uuidParam,
} from './schemas';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const STATIC_PREFIXES = ['/static/', '/assets/'];

/**
 * Schemas at the edge: zod validates every route's params, query and body. Routes declare their
 * own schemas; a route that declares none still gets a safe default (ids must be uuids, query
 * values single and free of control characters, form values bounded strings), so a route added
 * later cannot reopen the door. Register before any route.
 */
export function registerEdge(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setSchemaErrorFormatter(formatSchemaError);
  app.addHook('onRoute', (route) => {
    if (STATIC_PREFIXES.some((p) => route.url.startsWith(p))) return;
    // A copy: routes may share one schema object, and defaults for one route must not leak into
    // another (a GET given a POST's body schema would refuse valid requests).
    const schema = { ...route.schema };
    route.schema = schema;
    const names = paramNames(route.url);
    if (!schema.params && names.length > 0) schema.params = defaultParams(names);
    if (!schema.querystring) schema.querystring = anyQuery;
    else if (schema.querystring instanceof z.ZodType)
      schema.querystring = schema.querystring.superRefine(refuseUnsafeValues);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // API routes take JSON and declare their own body schemas; pages take forms.
    const isApi = route.url === '/api' || route.url.startsWith('/api/');
    if (!schema.body && !isApi && methods.some((m) => BODY_METHODS.has(m)))
      schema.body = anyFormBody;
  });
}

/**
 * A route's own query schema may read a key as a plain string; whatever it lets through must
 * still be free of NUL, control characters and lone surrogates (PostgreSQL refuses the first and
 * the last), so the edge checks every string the schema hands on and answers 400.
 */
function refuseUnsafeValues(value: unknown, check: z.RefinementCtx): void {
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    const values: unknown[] = Array.isArray(v) ? v : [v];
    if (values.some((one) => typeof one === 'string' && hasUnsafeChars(one)))
      check.addIssue({
        code: 'custom',
        path: [key],
        message: unsafeTextMessage(),
      });
  }
}
