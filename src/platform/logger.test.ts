import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('logger', () => {
  it('redacts personal data wherever it appears', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      {
        name: 'Jane Doe',
        nhsNumber: '9434765919',
        patient: { email: 'jane@example.com', phone: '07700900123' },
        deep: { x: { notes: 'feels low' } },
        outboxId: 'abc',
      },
      'hello',
    );
    const out = lines.join('');
    for (const secret of ['Jane Doe', '9434765919', 'jane@example.com', '07700900123', 'feels low'])
      expect(out).not.toContain(secret);
    expect(out).toContain('abc');
    expect(out).toContain('[redacted]');
  });
  it('logs request paths without query strings (tokens)', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    createLogger('info', sink).info(
      { req: { method: 'GET', url: '/account/set-password?token=secret123' } },
      'r',
    );
    expect(lines.join('')).not.toContain('secret123');
  });
});
