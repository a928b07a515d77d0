import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Fastify from 'fastify';
import { z } from 'zod';
import { registerEdge } from './index';
import {
  defaultParams,
  FORM_VALUE_MAX,
  formBody,
  paramNames,
  queryOf,
  singleQuery,
  unsafeFields,
  uuidParam,
} from './schemas';
import { hasUnsafeChars, safeText, stripUnsafeChars } from './text';
import { safeNext } from './next';
import { formatSchemaError, isSchemaError, schemaErrorStatus } from './errors';

describe('safe text', () => {
  it('refuses NUL, control characters and lone surrogates', () => {
    for (const bad of ['a\u0000b', 'a\u0007', 'x\u007F', 'x\u0085', '\uD800', 'a\uDC00b'])
      expect(hasUnsafeChars(bad, { multiline: true })).toBe(true);
    expect(hasUnsafeChars('line\nbreak\ttab\r')).toBe(true);
    expect(hasUnsafeChars('line\nbreak\ttab\r', { multiline: true })).toBe(false);
    // A surrogate pair is one real character (an emoji), not a lone surrogate.
    expect(hasUnsafeChars('I feel 😊 and café')).toBe(false);
  });

  it('strips only what cannot be kept', () => {
    expect(stripUnsafeChars('a\u0000b\uD800c\nd')).toBe('abc\nd');
    expect(stripUnsafeChars('😊')).toBe('😊');
  });

  it('leaves nothing unsafe behind, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const clean = stripUnsafeChars(s);
        expect(hasUnsafeChars(clean, { multiline: true })).toBe(false);
        expect(/[\uD800-\uDFFF]/u.test(clean)).toBe(false);
      }),
    );
  }, 30_000);

  it('safeText checks length and characters', () => {
    const schema = safeText(5);
    expect(schema.safeParse('hello').success).toBe(true);
    expect(schema.safeParse('hello!').success).toBe(false);
    expect(schema.safeParse('he\u0000').success).toBe(false);
    expect(safeText(20, { multiline: true }).safeParse('a\nb').success).toBe(true);
  });

  it('safeText says how to fix a refused value, naming the field when given its label', () => {
    const messageOf = (schema: ReturnType<typeof safeText>) =>
      schema.safeParse('he\u0000').error?.issues.map((i) => i.message);
    expect(messageOf(safeText(5))).toEqual([
      'Contains characters that cannot be used. Remove them and try again',
    ]);
    expect(messageOf(safeText(5, { label: 'Words to look for' }))).toEqual([
      'Words to look for contains characters that cannot be used. Remove them and try again',
    ]);
  });
});

describe('query and params', () => {
  it('refuses a repeated key, an over-long value or a NUL', () => {
    const q = queryOf({ token: singleQuery.optional() });
    expect(q.safeParse({ token: 'abc' }).success).toBe(true);
    expect(q.safeParse({}).success).toBe(true);
    expect(q.safeParse({ token: ['a', 'b'] }).success).toBe(false);
    expect(q.safeParse({ other: ['a', 'b'] }).success).toBe(false);
    expect(q.safeParse({ token: 'x'.repeat(2001) }).success).toBe(false);
    expect(q.safeParse({ token: 'a\u0000' }).success).toBe(false);
  });

  it('finds the params of a route and makes ids uuids', () => {
    expect(paramNames('/patients/:patientId/questionnaires/:appointmentId/:measureId')).toEqual([
      'patientId',
      'appointmentId',
      'measureId',
    ]);
    const p = defaultParams(['id', 'measureId']);
    expect(
      p.safeParse({ id: '0e3c5a7e-1f0a-4c4b-9a55-4f8f8b9d2e10', measureId: 'phq9' }).success,
    ).toBe(true);
    expect(p.safeParse({ id: '\u0000', measureId: 'phq9' }).success).toBe(false);
    expect(
      p.safeParse({ id: '0e3c5a7e-1f0a-4c4b-9a55-4f8f8b9d2e10', measureId: 'a/b' }).success,
    ).toBe(false);
    expect(uuidParam.safeParse('not-an-id').success).toBe(false);
  });
});

describe('form bodies', () => {
  const body = formBody({ name: safeText(10).optional() });

  it('accepts strings and string lists, refuses other shapes and over-long values', () => {
    expect(body.safeParse({ name: 'Sam', roles: ['a', 'b'], _csrf: 't' }).success).toBe(true);
    expect(body.safeParse({ name: ['a', 'b'] }).success).toBe(false);
    expect(body.safeParse({ other: { nested: 1 } }).success).toBe(false);
    expect(body.safeParse({ other: 5 }).success).toBe(false);
    expect(body.safeParse({ other: 'x'.repeat(FORM_VALUE_MAX) }).success).toBe(true);
    expect(body.safeParse({ other: 'x'.repeat(FORM_VALUE_MAX + 1) }).success).toBe(false);
    expect(body.safeParse({ other: Array.from({ length: 101 }, () => 'a') }).success).toBe(false);
    expect(body.safeParse('text').success).toBe(false);
  });

  it('removes unsafe characters from other fields and remembers where', () => {
    const parsed = body.parse({ answer: 'low\u0000 mood', list: ['ok', 'b\uD800ad'], fine: 'x' });
    expect(parsed).toEqual({ answer: 'low mood', list: ['ok', 'bad'], fine: 'x' });
    expect([...unsafeFields(parsed)].sort()).toEqual(['answer', 'list']);
    expect(unsafeFields(body.parse({ fine: 'x' }))).toEqual([]);
    expect(unsafeFields(undefined)).toEqual([]);
  });
});

describe('safe next', () => {
  it('keeps same-site paths', () => {
    expect(safeNext('/patients/1')).toBe('/patients/1');
    expect(safeNext('/diary?view=week&date=2026-11-25')).toBe('/diary?view=week&date=2026-11-25');
    // An encoded space is part of a real search, not a way off the site.
    expect(safeNext('/staff/referrals?q=Ann%20Lee')).toBe('/staff/referrals?q=Ann%20Lee');
  });

  it('falls back to /home for anything else', () => {
    for (const bad of [
      undefined,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/%0A/x',
      '/\n/x',
      '/%2F/evil.example',
      '/%5Cevil.example',
      '/a b',
      '/\t/evil.example',
      '/%09/evil.example',
      '/\\evil.example',
      '/%0D%0ALocation:%20https://evil.example',
      '/\r\n/x',
      '/x\u0000',
      '/%00/x',
      '/\u0085/x',
      'evil.example',
      '/%E0%A4%A',
      `/${'a'.repeat(2001)}`,
      ['/a', '/b'],
    ])
      expect(safeNext(bad)).toBe('/home');
  });

  it('never returns anything but a same-site path without control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const next = safeNext(s);
        expect(next.startsWith('/') && !next.startsWith('//')).toBe(true);
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u001F\u007F\\]/.test(next)).toBe(false);
        expect(new URL(next, 'https://rapport.invalid').origin).toBe('https://rapport.invalid');
      }),
    );
  }, 30_000);
});

describe('schema errors', () => {
  it('answers bad params with 404 and bad query or body with 400', () => {
    expect(schemaErrorStatus('params')).toBe(404);
    expect(schemaErrorStatus('querystring')).toBe(400);
    expect(schemaErrorStatus('body')).toBe(400);
    const err = formatSchemaError([], 'params') as Error & { statusCode: number };
    expect(err.statusCode).toBe(404);
  });

  it('recognises a Fastify validation error', () => {
    const err = Object.assign(new Error('x'), {
      code: 'FST_ERR_VALIDATION',
      validationContext: 'body',
      statusCode: 400,
    });
    expect(isSchemaError(err)).toBe(true);
    expect(isSchemaError(new Error('x'))).toBe(false);
    expect(isSchemaError({ code: 'FST_ERR_VALIDATION', validationContext: 'body' })).toBe(false);
  });
});

describe('a route’s own query schema', () => {
  it('still refuses NUL and control characters in what it reads as a plain string (400)', async () => {
    const app = Fastify();
    registerEdge(app);
    app.get(
      '/search',
      { schema: { querystring: z.object({ q: z.string().max(200).optional() }) } },
      (request) => request.query,
    );
    await app.ready();
    const answer = (qs: string) => app.inject({ method: 'GET', url: `/search?${qs}` });
    expect((await answer('q=kind%20words')).json()).toEqual({ q: 'kind words' });
    expect((await answer('q=a%00b')).statusCode).toBe(400);
    expect((await answer('q=tab%09')).statusCode).toBe(400);
    await app.close();
  });
});
