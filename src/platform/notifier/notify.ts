import type { NotifyClient } from 'notifications-node-client';
import { lazyModule } from '../lazy';
import type { DeliveryResult, Notifier, OutgoingMessage } from './index';

// Loaded at the first send, not at start-up (src/platform/lazy.ts).
const notifyClient = lazyModule(
  async () => (await import('notifications-node-client')).NotifyClient,
);

/**
 * GOV.UK Notify needs templates made in its dashboard. Rapport uses one generic template per
 * channel whose content is ((subject)) and ((body)), so our wording stays in our code.
 */
export class NotifyNotifier implements Notifier {
  readonly description = 'GOV.UK Notify';
  private client: Promise<NotifyClient> | null = null;
  constructor(
    private readonly settings: { apiKey: string; emailTemplateId?: string; smsTemplateId?: string },
    /** Only for tests against a local stand-in; production uses Notify's own address. */
    private readonly baseUrl?: string,
  ) {}
  private connect(): Promise<NotifyClient> {
    return (this.client ??= notifyClient().then((Client) =>
      this.baseUrl
        ? new Client(this.baseUrl, this.settings.apiKey)
        : new Client(this.settings.apiKey),
    ));
  }
  async deliver(message: OutgoingMessage): Promise<DeliveryResult> {
    // Reached only without SMTP (createNotifier sends attachments there): fail loudly, never
    // send a letter email without the letter it says is attached.
    if (message.attachments?.length)
      throw new Error('GOV.UK Notify is not set up to attach files: configure SMTP for letters');
    const personalisation = { subject: message.subject ?? '', body: message.body };
    if (message.channel === 'email') {
      if (!this.settings.emailTemplateId) throw new Error('No Notify email template configured');
      const client = await this.connect();
      const res = await client.sendEmail(this.settings.emailTemplateId, message.recipient, {
        personalisation,
        reference: message.id,
      });
      return { status: 'sent', reference: res.data.id };
    }
    if (!this.settings.smsTemplateId) throw new Error('No Notify SMS template configured');
    const client = await this.connect();
    const res = await client.sendSms(this.settings.smsTemplateId, message.recipient, {
      personalisation,
      reference: message.id,
    });
    return { status: 'sent', reference: res.data.id };
  }
}
