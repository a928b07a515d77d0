import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { outboxMessages } from '../db/schema';
import { FixedClock } from './clock';
import { createLogger } from './logger';
import { SmtpNotifier } from './notifier';
import { OutboxWorker, queueMessage, cancelPendingMessages } from './outbox';
import { CapturingNotifier, openTestDatabase } from '../../tests/support/test-app';

const logger = createLogger('silent');

describe('outbox', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('keeps a queued message across a restart and delivers it exactly once', async () => {
    const { database, drop } = await openTestDatabase();
    cleanups.push(drop);
    const clock = new FixedClock('2026-11-25T10:00:00Z');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const first = await buildApp({
      config,
      database,
      clock,
      notifier: new CapturingNotifier(),
      logger,
    });
    await database.db.transaction(async (tx) => {
      await queueMessage(tx, clock, {
        serviceId: first.service.id,
        channel: 'email',
        recipient: 'a@example.com',
        subject: 'Hi',
        body: 'Hello',
        template: 'appointment-reminder',
        idempotencyKey: 'k1',
      });
      // The same key again (a double submit) queues nothing more.
      await queueMessage(tx, clock, {
        serviceId: first.service.id,
        channel: 'email',
        recipient: 'a@example.com',
        subject: 'Hi',
        body: 'Hello',
        template: 'appointment-reminder',
        idempotencyKey: 'k1',
      });
    });
    await first.app.close(); // "restart": the first app never ran its worker

    const notifier = new CapturingNotifier();
    const second = await buildApp({ config, database, clock, notifier, logger });
    cleanups.push(() => second.app.close());
    // Two workers racing (two processes) still send once.
    const other = new OutboxWorker(database.db, notifier, clock, logger, 1000);
    await Promise.all([second.outbox.runOnce(), other.runOnce()]);
    await second.outbox.runOnce();
    expect(notifier.sent.map((m) => m.recipient)).toEqual(['a@example.com']);
    const rows = await database.db.select().from(outboxMessages);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('sent');
  });

  it('retries with backoff when the provider fails, then delivers', async () => {
    const { database, drop } = await openTestDatabase();
    cleanups.push(drop);
    const clock = new FixedClock('2026-11-25T10:00:00Z');
    const notifier = new CapturingNotifier();
    const built = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database,
      clock,
      notifier,
      logger,
    });
    cleanups.push(() => built.app.close());
    await queueMessage(database.db, clock, {
      serviceId: built.service.id,
      channel: 'sms',
      recipient: '+447700900123',
      body: 'Reminder',
      template: 'appointment-reminder',
      idempotencyKey: 'r1',
    });
    notifier.failNext = 2;
    await built.outbox.runOnce();
    let [row] = await database.db.select().from(outboxMessages);
    expect(row?.status).toBe('pending');
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toContain('provider unavailable');
    await built.outbox.runOnce(); // not due yet: nothing happens
    expect(notifier.sent).toHaveLength(0);
    clock.advance(31_000);
    await built.outbox.runOnce(); // second failure
    clock.advance(61_000);
    await built.outbox.runOnce();
    [row] = await database.db.select().from(outboxMessages);
    expect(row?.status).toBe('sent');
    expect(row?.attempts).toBe(3);
    expect(notifier.sent).toHaveLength(1);
  });

  it('a text failing just before 21:00 is retried at 08:00, unless its appointment is that morning; emails retry at once (H10)', async () => {
    const { database, drop } = await openTestDatabase();
    cleanups.push(drop);
    const clock = new FixedClock('2026-11-25T20:59:45Z'); // 20:59:45 in London (GMT)
    const notifier = new CapturingNotifier();
    const built = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database,
      clock,
      notifier,
      logger,
    });
    cleanups.push(() => built.app.close());
    const base = {
      serviceId: built.service.id,
      recipient: '+447700900123',
      template: 'appointment-booked',
    } as const;
    await queueMessage(database.db, clock, {
      ...base,
      channel: 'sms',
      body: 'Booked for next week',
      idempotencyKey: 'later',
      about: [new Date('2026-12-02T11:00:00Z')],
    });
    await queueMessage(database.db, clock, {
      ...base,
      channel: 'sms',
      body: 'Booked for tomorrow morning',
      idempotencyKey: 'morning',
      about: [new Date('2026-12-02T11:00:00Z'), new Date('2026-11-26T07:30:00Z')],
    });
    await queueMessage(database.db, clock, {
      ...base,
      channel: 'email',
      recipient: 'a@example.com',
      subject: 'Booked',
      body: 'Booked by email',
      idempotencyKey: 'email',
    });
    notifier.failNext = 3;
    expect(await built.outbox.runOnce()).toBe(3);
    const retries = Object.fromEntries(
      (await database.db.select().from(outboxMessages)).map((m) => [
        m.idempotencyKey,
        [m.status, m.nextAttemptAt.toISOString()],
      ]),
    );
    // 30 seconds' backoff lands at 21:00:15, in the quiet hours.
    expect(retries).toEqual({
      later: ['pending', '2026-11-26T08:00:00.000Z'],
      morning: ['pending', '2026-11-25T21:00:15.000Z'],
      email: ['pending', '2026-11-25T21:00:15.000Z'],
    });
    clock.set('2026-11-26T03:00:00Z');
    await built.outbox.runOnce();
    expect(notifier.sent.map((m) => m.body)).toEqual([
      'Booked for tomorrow morning',
      'Booked by email',
    ]);
    clock.set('2026-11-26T08:00:00Z');
    await built.outbox.runOnce();
    expect(notifier.sent.map((m) => m.body)).toContain('Booked for next week');
  });

  it('waits until notBefore, and cancelled messages are never sent', async () => {
    const { database, drop } = await openTestDatabase();
    cleanups.push(drop);
    const clock = new FixedClock('2026-11-25T10:00:00Z');
    const notifier = new CapturingNotifier();
    const built = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database,
      clock,
      notifier,
      logger,
    });
    cleanups.push(() => built.app.close());
    const later = new Date('2026-11-27T08:00:00Z');
    await queueMessage(database.db, clock, {
      serviceId: built.service.id,
      channel: 'sms',
      recipient: '+447700900123',
      body: 'A',
      template: 'appointment-reminder',
      idempotencyKey: 'appt:1:reminder',
      notBefore: later,
    });
    await queueMessage(database.db, clock, {
      serviceId: built.service.id,
      channel: 'sms',
      recipient: '+447700900123',
      body: 'B',
      template: 'appointment-reminder',
      idempotencyKey: 'appt:2:reminder',
      notBefore: later,
    });
    expect(await cancelPendingMessages(database.db, built.service.id, 'appt:2:')).toBe(1);
    await built.outbox.runOnce();
    expect(notifier.sent).toHaveLength(0);
    clock.set(later);
    await built.outbox.runOnce();
    expect(notifier.sent.map((m) => m.body)).toEqual(['A']);
  });

  it('delivers email over SMTP to a real SMTP server', async () => {
    const received: { from: string; to: string[]; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        resolve();
      }),
    );
    const port = (server.server.address() as { port: number }).port;
    cleanups.push(
      () =>
        new Promise((resolve) => {
          server.close(() => {
            resolve();
          });
        }),
    );

    const notifier = new SmtpNotifier(
      `smtp://127.0.0.1:${port}`,
      'Rapport <no-reply@rapport.test>',
    );
    const result = await notifier.deliver({
      id: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
      channel: 'email',
      recipient: 'person@example.com',
      subject: 'Your appointment',
      body: 'See you on Monday.',
    });
    await notifier.close();
    expect(result.status).toBe('sent');
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual(['person@example.com']);
    expect(received[0]?.data).toContain('Subject: Your appointment');
    expect(received[0]?.data).toContain('See you on Monday.');
  });

  it('attaches a letter by reference: rendered at send time, sent once, never stored in the row', async () => {
    const { database, drop } = await openTestDatabase();
    cleanups.push(drop);
    const clock = new FixedClock('2026-11-25T10:00:00Z');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await buildApp({
      config,
      database,
      clock,
      notifier: new CapturingNotifier(),
      logger,
    });
    cleanups.push(() => app.app.close());
    const letterId = '6a1f7c9e-3d2b-4c8a-9e1f-2b3c4d5e6f70';
    const message = {
      serviceId: app.service.id,
      channel: 'email' as const,
      recipient: 'gp@example.nhs.net',
      subject: 'Letter',
      body: 'Please find attached a letter.',
      template: 'letter-to-gp' as const,
      attachmentLetterId: letterId,
      idempotencyKey: `letter:${letterId}:gp`,
    };
    await database.db.transaction(async (tx) => {
      await queueMessage(tx, clock, message);
      await queueMessage(tx, clock, message); // a retried request queues nothing more
    });
    const [row] = await database.db.select().from(outboxMessages);
    expect(row!.attachmentLetterId).toBe(letterId);
    expect(row!.body).toBe('Please find attached a letter.');

    const rendered: string[] = [];
    const notifier = new CapturingNotifier();
    const worker = new OutboxWorker(
      database.db,
      notifier,
      clock,
      logger,
      1000,
      (_db, serviceId, id) => {
        rendered.push(`${serviceId}:${id}`);
        return Promise.resolve({
          filename: 'letter.pdf',
          contentType: 'application/pdf',
          content: Buffer.from('%PDF-1.7 test'),
        });
      },
    );
    await worker.runOnce();
    await worker.runOnce();
    expect(rendered).toEqual([`${app.service.id}:${letterId}`]);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]!.attachments).toEqual([
      {
        filename: 'letter.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('%PDF-1.7 test'),
      },
    ]);
  });

  it('never sends a letter email without its letter: no renderer is a failed attempt, retried', async () => {
    const { database, drop } = await openTestDatabase();
    cleanups.push(drop);
    const clock = new FixedClock('2026-11-25T10:00:00Z');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await buildApp({
      config,
      database,
      clock,
      notifier: new CapturingNotifier(),
      logger,
    });
    cleanups.push(() => app.app.close());
    await database.db.transaction(async (tx) => {
      await queueMessage(tx, clock, {
        serviceId: app.service.id,
        channel: 'email',
        recipient: 'person@example.com',
        subject: 'A letter',
        body: 'A letter is ready.',
        template: 'letter-ready',
        attachmentLetterId: '6a1f7c9e-3d2b-4c8a-9e1f-2b3c4d5e6f71',
        idempotencyKey: 'letter:x:patient',
      });
    });
    const notifier = new CapturingNotifier();
    await new OutboxWorker(database.db, notifier, clock, logger, 1000).runOnce();
    expect(notifier.sent).toHaveLength(0);
    const [row] = await database.db.select().from(outboxMessages);
    expect(row!.status).toBe('pending');
    expect(row!.lastError).toBe('no letter renderer: cannot attach the letter');
  });

  it('sends an attachment over SMTP', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        resolve();
      }),
    );
    const port = (server.server.address() as { port: number }).port;
    cleanups.push(
      () =>
        new Promise((resolve) => {
          server.close(() => {
            resolve();
          });
        }),
    );
    const notifier = new SmtpNotifier(
      `smtp://127.0.0.1:${port}`,
      'Rapport <no-reply@rapport.test>',
    );
    await notifier.deliver({
      id: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bee',
      channel: 'email',
      recipient: 'gp@example.nhs.net',
      subject: 'Letter',
      body: 'Please find attached a letter.',
      attachments: [
        {
          filename: 'discharge-gp-2026-11-25.pdf',
          contentType: 'application/pdf',
          content: Buffer.from('%PDF-1.7 test'),
        },
      ],
    });
    await notifier.close();
    expect(received).toHaveLength(1);
    expect(received[0]).toContain(
      'Content-Type: application/pdf; name=discharge-gp-2026-11-25.pdf',
    );
    expect(received[0]).toContain(Buffer.from('%PDF-1.7 test').toString('base64'));
  });
});
