import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryResult, Notifier, OutgoingMessage } from './index';

export class SmtpNotifier implements Notifier {
  readonly description = 'SMTP';
  private readonly transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }
  async deliver(message: OutgoingMessage): Promise<DeliveryResult> {
    if (message.channel !== 'email') throw new Error('SMTP delivers email only');
    const info = await this.transport.sendMail({
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
  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
