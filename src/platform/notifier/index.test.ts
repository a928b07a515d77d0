import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { createNotifier } from './index';

const KEY =
  'rapport_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const EMAIL_TEMPLATE = 'a0000000-0000-4000-8000-000000000001';
const SMS_TEMPLATE = 'a0000000-0000-4000-8000-000000000002';
const LETTER_TEMPLATE = 'a0000000-0000-4000-8000-000000000003';

function build(env: Record<string, string>) {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  const notifier = createNotifier(loadConfig(env), pino({ level: 'info' }, sink));
  const warnings = () => lines.filter((l) => l.level === 40).map((l) => l.msg);
  return { notifier, warnings };
}

const letter = {
  id: 'm',
  channel: 'email' as const,
  recipient: 'gp.practice@nhs.net',
  subject: 'Letter',
  body: 'A letter comes with this email.',
  attachments: [
    { filename: 'letter.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') },
  ],
};

describe('what a Notify set-up cannot send, said at start-up', () => {
  it('says at start-up when Notify sends email but nothing can carry a letter', async () => {
    const { notifier, warnings } = build({
      NOTIFY_API_KEY: KEY,
      NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE,
    });
    expect(warnings()).toEqual([
      expect.stringMatching(/NOTIFY_LETTER_TEMPLATE_ID/),
      expect.stringMatching(/texts .* NOTIFY_SMS_TEMPLATE_ID/),
    ]);
    // Only logged (shown as such on Sent messages), never sent by Notify without its letter.
    expect((await notifier.deliver(letter)).status).toBe('logged');
  });

  it('is quiet when Notify has letter and text templates, or SMTP carries letters', () => {
    expect(
      build({
        NOTIFY_API_KEY: KEY,
        NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE,
        NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE,
        NOTIFY_LETTER_TEMPLATE_ID: LETTER_TEMPLATE,
      }).warnings(),
    ).toEqual([]);
    expect(
      build({
        NOTIFY_API_KEY: KEY,
        NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE,
        NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE,
        SMTP_URL: 'smtp://localhost:2525',
      }).warnings(),
    ).toEqual([]);
    // Nothing configured: every message is logged, as a local run expects; no warning.
    expect(build({}).warnings()).toEqual([]);
  });
});
