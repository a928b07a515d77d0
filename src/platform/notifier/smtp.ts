import type { Transporter } from 'nodemailer';
import { lazyModule } from '../lazy';
import type { DeliveryResult, Notifier, OutgoingMessage } from './types';

// Loaded at the first send, not at start-up (src/platform/lazy.ts).
const nodemailer = lazyModule(async () => (await import('nodemailer')).default);

export class SmtpNotifier implements Notifier {
  readonly description = 'SMTP';
  private transport: Promise<Transporter> | null = null;
  constructor(
    private readonly url: string,
    private readonly from: string,
  ) {}
  private connect(): Promise<Transporter> {
    return (this.transport ??= nodemailer().then((mailer) => mailer.createTransport(this.url)));
  }
  async deliver(message: OutgoingMessage): Promise<DeliveryResult> {
    if (message.channel !== 'email') throw new Error('SMTP delivers email only');
    const transport = await this.connect();
    const info = await transport.sendMail({
      from: this.from,
      to: message.recipient,
      subject: message.subject ?? 'A message from your NHS Talking Therapies service',
      text: message.body,
      attachments: message.attachments?.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      // The outbox id lets a receiving system drop a duplicate if a send is retried after a timeout.
      messageId: `<${message.id}@rapport>`,
    });
    return { status: 'sent', reference: info.messageId };
  }
  async close(): Promise<void> {
    const transport = this.transport;
    this.transport = null;
    if (transport) (await transport).close();
  }
}
