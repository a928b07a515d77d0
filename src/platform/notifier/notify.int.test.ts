import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotifyNotifier } from './notify';

// A stand-in for the Notify API on loopback: records what the real client sends.
const requests: { path: string; auth: string; body: Record<string, unknown> }[] = [];
const server = createServer((req: IncomingMessage, res) => {
  let data = '';
  req.on('data', (c: Buffer) => (data += c.toString()));
  req.on('end', () => {
    requests.push({
      path: req.url ?? '',
      auth: req.headers.authorization ?? '',
      body: JSON.parse(data || '{}') as Record<string, unknown>,
    });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: '740e5834-3a29-46b4-9a6f-16142fde533a' }));
  });
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((r) =>
    server.listen(0, '127.0.0.1', () => {
      r();
    }),
  );
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) =>
      server.close(() => {
        r();
      }),
    ),
);

const API_KEY =
  'rapport_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';

describe('GOV.UK Notify notifier', () => {
  it('sends email and texts through the generic templates with a signed token', async () => {
    const notifier = new NotifyNotifier(
      {
        apiKey: API_KEY,
        emailTemplateId: 'a0000000-0000-4000-8000-000000000001',
        smsTemplateId: 'a0000000-0000-4000-8000-000000000002',
      },
      baseUrl,
    );
    const email = await notifier.deliver({
      id: 'msg-1',
      channel: 'email',
      recipient: 'person@example.com',
      subject: 'Hello',
      body: 'Body text',
    });
    const sms = await notifier.deliver({
      id: 'msg-2',
      channel: 'sms',
      recipient: '+447700900123',
      subject: null,
      body: 'Short text',
    });
    expect(email).toEqual({ status: 'sent', reference: '740e5834-3a29-46b4-9a6f-16142fde533a' });
    expect(sms.status).toBe('sent');
    expect(requests[0]?.path).toBe('/v2/notifications/email');
    expect(requests[0]?.auth).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(requests[0]?.body).toMatchObject({
      email_address: 'person@example.com',
      template_id: 'a0000000-0000-4000-8000-000000000001',
      personalisation: { subject: 'Hello', body: 'Body text' },
      reference: 'msg-1',
    });
    expect(requests[1]?.path).toBe('/v2/notifications/sms');
    expect(requests[1]?.body).toMatchObject({
      phone_number: '+447700900123',
      personalisation: { body: 'Short text' },
    });
  });
  it('refuses a channel with no template', async () => {
    const notifier = new NotifyNotifier(
      { apiKey: API_KEY, emailTemplateId: 'a0000000-0000-4000-8000-000000000001' },
      baseUrl,
    );
    await expect(
      notifier.deliver({
        id: 'm',
        channel: 'sms',
        recipient: '+447700900123',
        subject: null,
        body: 'x',
      }),
    ).rejects.toThrow(/No Notify SMS template/);
  });
  it('sends a letter as a download link through the letter template, behind an email check', async () => {
    const notifier = new NotifyNotifier(
      {
        apiKey: API_KEY,
        emailTemplateId: 'a0000000-0000-4000-8000-000000000001',
        letterTemplateId: 'a0000000-0000-4000-8000-000000000003',
      },
      baseUrl,
    );
    const pdf = Buffer.from('%PDF-1.7 a letter');
    const before = requests.length;
    const result = await notifier.deliver({
      id: 'msg-letter',
      channel: 'email',
      recipient: 'gp.practice@nhs.net',
      subject: 'Letter from the service',
      body: 'A letter comes with this email.',
      attachments: [{ filename: 'letter.pdf', contentType: 'application/pdf', content: pdf }],
    });
    expect(result.status).toBe('sent');
    const sent = requests[before];
    expect(sent?.path).toBe('/v2/notifications/email');
    expect(sent?.body).toMatchObject({
      email_address: 'gp.practice@nhs.net',
      template_id: 'a0000000-0000-4000-8000-000000000003',
      reference: 'msg-letter',
      personalisation: {
        subject: 'Letter from the service',
        body: 'A letter comes with this email.',
        link_to_file: {
          file: pdf.toString('base64'),
          filename: 'letter.pdf',
          confirm_email_before_download: true,
          retention_period: '78 weeks',
        },
      },
    });
  });

  it('never sends a letter email without its letter', async () => {
    const attachment = {
      filename: 'letter.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('%PDF'),
    };
    const letter = {
      id: 'm',
      channel: 'email' as const,
      recipient: 'gp.practice@nhs.net',
      subject: 'Letter',
      body: 'x',
    };
    const before = requests.length;
    const noLetterTemplate = new NotifyNotifier(
      { apiKey: API_KEY, emailTemplateId: 'a0000000-0000-4000-8000-000000000001' },
      baseUrl,
    );
    await expect(
      noLetterTemplate.deliver({ ...letter, attachments: [attachment] }),
    ).rejects.toThrow(/NOTIFY_LETTER_TEMPLATE_ID/);
    const withTemplate = new NotifyNotifier(
      { apiKey: API_KEY, letterTemplateId: 'a0000000-0000-4000-8000-000000000003' },
      baseUrl,
    );
    await expect(
      withTemplate.deliver({ ...letter, attachments: [attachment, attachment] }),
    ).rejects.toThrow(/exactly one file/);
    // Notify takes files up to 2 MB; a larger one fails here, before anything is sent.
    await expect(
      withTemplate.deliver({
        ...letter,
        attachments: [{ ...attachment, content: Buffer.alloc(2 * 1024 * 1024 + 1) }],
      }),
    ).rejects.toBeDefined();
    expect(requests.length).toBe(before);
  });
});
