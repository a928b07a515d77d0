import type { FastifySchemaValidationError } from 'fastify';

/** Thrown by Fastify when a route's schema refuses params, query or body. */
export interface SchemaError extends Error {
  statusCode: number;
  code: 'FST_ERR_VALIDATION';
  validationContext: string;
}

export function isSchemaError(error: unknown): error is SchemaError {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'FST_ERR_VALIDATION' &&
    typeof (error as { validationContext?: unknown }).validationContext === 'string'
  );
}

/**
 * A bad path parameter is a page that does not exist (404: a malformed id and a stranger's id
 * look alike); a bad query or body is a bad request (400).
 */
export function schemaErrorStatus(context: string): 404 | 400 {
  return context === 'params' ? 404 : 400;
}

/** Fastify's schema error formatter: no input echoed back, the status set by where it failed. */
export function formatSchemaError(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const error = new Error(
    `Invalid ${dataVar}: ${errors
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim())
      .join('; ')}`,
  ) as Error & { statusCode: number };
  error.statusCode = schemaErrorStatus(dataVar);
  return error;
}
