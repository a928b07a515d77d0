import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** FHIR issue types we answer with (https://hl7.org/fhir/valueset-issue-type.html). */
export type IssueCode =
  'invalid' | 'security' | 'not-found' | 'not-supported' | 'too-long' | 'throttled' | 'exception';

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: { severity: 'error' | 'fatal'; code: IssueCode; diagnostics: string }[];
}

const CODE_FOR_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'security',
  403: 'security',
  404: 'not-found',
  405: 'not-supported',
  406: 'not-supported',
  413: 'too-long',
  415: 'not-supported',
  422: 'invalid',
  429: 'throttled',
};

/** Wording for the caller; never a stack trace or internal detail. */
const MALFORMED_DIAGNOSTICS = 'The request is malformed';
const SERVER_DIAGNOSTICS = 'Internal error';

const DIAGNOSTICS: Record<number, string> = {
  400: MALFORMED_DIAGNOSTICS,
  401: 'A valid bearer token is required',
  403: 'The token does not grant access to this resource',
  404: 'No such resource',
  405: 'Method not allowed on this resource',
  413: 'The request body is too large',
  415: 'Send application/json',
  429: 'Too many requests',
  500: SERVER_DIAGNOSTICS,
};

export function operationOutcome(status: number, diagnostics?: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: status >= 500 ? 'fatal' : 'error',
        code: CODE_FOR_STATUS[status] ?? (status >= 500 ? 'exception' : 'invalid'),
        diagnostics:
          diagnostics ??
          DIAGNOSTICS[status] ??
          (status >= 500 ? SERVER_DIAGNOSTICS : MALFORMED_DIAGNOSTICS),
      },
    ],
  };
}

/** FHIR's own media type under the FHIR base; plain JSON elsewhere (the OAuth token endpoint). */
const outcomeType = (url: string) =>
  url.startsWith('/api/fhir/')
    ? 'application/fhir+json; charset=utf-8'
    : 'application/json; charset=utf-8';

export function sendOutcome(reply: FastifyReply, status: number, diagnostics?: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type(outcomeType(reply.request.url))
    .send(operationOutcome(status, diagnostics));
}

/** Client errors keep their status and say what was wrong; anything else is a logged 500. */
export function sendErrorOutcome(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'api request failed');
    return sendOutcome(reply, 500);
  }
  request.log.info({ code: error.code, status }, 'api request refused');
  // Typed as present, but an error thrown by a handler may carry no code.
  const code = error.code as string | undefined;
  // Validation messages describe the caller's input; other framework messages may name internals.
  // A malformed id in the address: said plainly, not as the schema's pattern.
  const diagnostics = error.validation
    ? error.validationContext === 'params'
      ? 'The id in the address is not valid: ids are UUIDs'
      : error.message
    : status === 400 && (error instanceof SyntaxError || code?.includes('JSON'))
      ? 'The request body is not valid JSON'
      : undefined;
  return sendOutcome(reply, status, diagnostics);
}

export const isApiUrl = (url: string) =>
  url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
