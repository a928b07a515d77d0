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
});
