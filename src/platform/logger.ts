import pino, { type Logger } from 'pino';

/**
 * Personal data never reaches the logs: any field that could carry a name, an NHS number,
 * contact details or free text is censored wherever it appears in a logged object.
 */
export const REDACTED_KEYS = [
  'name',
  'givenName',
  'familyName',
  'fullName',
  'email',
  'to',
  'phone',
  'mobile',
  'nhsNumber',
  'dateOfBirth',
  'address',
  'postcode',
  'password',
  'token',
  'body',
  'text',
  'subject',
  'notes',
  'freeText',
  'cookie',
  'authorization',
];

const redactPaths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat([
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
]);

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { app: 'rapport' },
      // Query strings can carry tokens (invitation links), so only the path is logged.
      serializers: {
        req(req: { method?: string; url?: string; id?: string }) {
          return { method: req.method, url: req.url?.split('?')[0], id: req.id };
        },
      },
    },
    destination,
  );
}

export type { Logger };
