import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestClient } from './client';

/**
 * Hostile input for the fuzz: values are kept as raw, already-encoded strings so a test can send
 * what a hostile client would (invalid UTF-8, NUL, encoded lone surrogates), which
 * `encodeURIComponent` would refuse to produce.
 */

/** Percent-encodes a string's UTF-8 bytes, passing through `%XX` sequences written on purpose. */
export function encodeRaw(value: string): string {
  let out = '';
  for (const part of value.split(/(%[0-9A-Fa-f]{2})/)) {
    if (/^%[0-9A-Fa-f]{2}$/.test(part)) out += part;
    else
      for (const byte of Buffer.from(part, 'utf8'))
        out += /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Values known to have broken parsers, encoded ones included. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  '%00',
  'a%00b',
  '%ED%A0%80', // a lone high surrogate, UTF-8-encoded: invalid UTF-8
  '%FF%FE',
  '%C0%AF',
  '%',
  '%2',
  '%0A',
  '/%0A/x',
  '/\\evil.example',
  '//evil.example/x',
  'https://evil.example/',
  'javascript:alert(1)',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '-1',
  '0',
  '1e309',
  'NaN',
  '9999999999999999999999',
  '2026-02-30',
  '31/13/2026',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'true',
  '[]',
  '{}',
  'constructor',
  '__proto__',
  'constructor',
  'toString',
  'x'.repeat(5_000),
  'ü'.repeat(2_000),
  '\u202e\u200b\ufeff',
  '👩‍👩‍👧‍👦',
  '\r\n\t\u0007\u001b',
];

/** One value: a known nasty one, random text of any code unit (lone surrogates too), or a mix. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  {
    arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', '\u0085', 'a') }),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 10 }))
      .map(([a, b]) => a + b),
    weight: 1,
  },
);

/** A field: usually one value, sometimes the key repeated (`a=1&a=2`). */
export const hostileField: fc.Arbitrary<string[]> = fc.oneof(
  { arbitrary: hostileValue.map((v) => [v]), weight: 3 },
  { arbitrary: fc.array(hostileValue, { minLength: 2, maxLength: 3 }), weight: 1 },
);

/** Query keys the routes read today (and a few they do not), tried on every route. */
export const COMMON_QUERY_KEYS = [
  'next',
  'token',
  'offset',
  'saved',
  'invited',
  'done',
  'therapist',
  'view',
  'date',
  'patient',
  'course',
  'count',
  'from',
  'to',
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
  'action',
  'actor',
  'q',
  'page',
];

/** `key=value&…` from raw values, a key repeated when it has several. */
export function encodePairs(pairs: [string, string[]][]): string {
  return pairs
    .flatMap(([k, values]) => values.map((v) => `${encodeRaw(k)}=${encodeRaw(v)}`))
    .join('&');
}

/** The names of the fields of the forms on a page (except the CSRF token). */
export function formFieldNames(html: string): string[] {
  const names = new Set<string>();
  for (const m of html.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g))
    if (m[1] !== '_csrf') names.add(m[1]!.replace(/&amp;/g, '&'));
  return [...names];
}

/** The query keys used in the page's own links. */
export function linkQueryKeys(html: string): string[] {
  const keys = new Set<string>();
  for (const m of html.matchAll(/href="[^"?#]*\?([^"#]*)"/g))
    for (const pair of m[1]!.replace(/&amp;/g, '&').split('&')) {
      const key = pair.split('=')[0];
      if (key) keys.add(decodeURIComponent(key));
    }
  return [...keys];
}

/** Sends a request with the client's cookies but a body and URL built by the caller, raw. */
export async function rawRequest(
  app: FastifyInstance,
  client: TestClient,
  method: string,
  url: string,
  body?: string,
): Promise<LightMyRequestResponse> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({
    method: method as 'GET',
    url,
    ...(body === undefined
      ? {}
      : {
          payload: body,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        }),
    ...(body === undefined ? { headers: { cookie } } : {}),
    remoteAddress: client.ip,
  });
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/**
 * A page's forms filled as the page fills them (inputs' values, boxes ticked, options selected),
 * with the id chosen from a list (a select named `…Id`) that is not an id at all: one form for
 * each such list and each option of the page's radios (the i-th option of every group at once),
 * so a list's value is read on the branch that uses it (a room, face to face). A plain request
 * of the page never sends a real record's id alongside, which random fields cannot guess.
 */
export function tamperedListForms(html: string, notAnId = 'zzz'): [string, string[]][][] {
  const fields: [string, string][] = [];
  const radios = new Map<string, string[]>();
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name || name === '_csrf') continue;
    const type = attr(tag, 'type') ?? 'text';
    const value = unescapeHtml(attr(tag, 'value') ?? '');
    if (type === 'radio') radios.set(name, [...(radios.get(name) ?? []), value]);
    else if (type !== 'checkbox' || /\schecked(?:=""|\s|>|\/)/.test(tag))
      fields.push([name, value]);
  }
  for (const m of html.matchAll(/<textarea\b[^>]*\bname="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    fields.push([m[1]!, unescapeHtml(m[2]!)]);
  const lists: string[] = [];
  for (const m of html.matchAll(/<select\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2]!.matchAll(/<option\b[^>]*>/g)].map(([o]) => o);
    const chosen = options.find((o) => /\sselected(?:=""|\s|>)/.test(o)) ?? options[0] ?? '';
    fields.push([m[1]!, unescapeHtml(attr(chosen, 'value') ?? '')]);
    if (/Id$/.test(m[1]!)) lists.push(m[1]!);
  }
  const widest = Math.max(1, ...[...radios.values()].map((v) => v.length));
  const forms: [string, string[]][][] = [];
  for (const list of lists)
    for (let i = 0; i < widest; i++)
      forms.push([
        ...fields.map(([k, v]): [string, string[]] => [k, [k === list ? notAnId : v]]),
        ...[...radios].map(([k, vs]): [string, string[]] => [k, [vs[Math.min(i, vs.length - 1)]!]]),
      ]);
  return forms;
}
