import type { NotifyClient } from 'notifications-node-client';
import type { Config } from '../../config';
import { lazyModule } from '../lazy';
import type { DeliveryResult, Notifier, OutgoingMessage } from './types';

// Loaded at the first send, not at start-up (src/platform/lazy.ts).
const notifyClient = lazyModule(
  async () => (await import('notifications-node-client')).NotifyClient,
);

type NotifySettings = NonNullable<Config['notify']>;

/**
 * How long Notify keeps a letter for download. Its longest: a GP practice may read its inbox
 * weeks late, and the letter is in the patient's record here whatever happens to the link.
 */
const LETTER_RETENTION = '78 weeks';

/**
 * GOV.UK Notify needs templates made in its dashboard. Rapport uses one generic template per
 * channel whose content is ((subject)) and ((body)), so our wording stays in our code.
 */
export class NotifyNotifier implements Notifier {
  readonly description = 'GOV.UK Notify';
  private client: Promise<NotifyClient> | null = null;
  constructor(
    private readonly settings: NotifySettings,
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
    const personalisation: Record<string, unknown> = {
      subject: message.subject ?? '',
      body: message.body,
    };
    if (message.channel === 'email') {
      let templateId = this.settings.emailTemplateId;
      if (message.attachments?.length) {
        // Notify cannot attach a file: it keeps it and puts a download link in the email, which
        // asks the reader for the email address it was sent to first. A letter email is never
        // sent without its letter: without a letter template this fails and the outbox retries.
        if (!this.settings.letterTemplateId)
          throw new Error('No Notify letter template configured: set NOTIFY_LETTER_TEMPLATE_ID');
        const [letter, ...more] = message.attachments;
        if (!letter || more.length > 0)
          throw new Error('A Notify letter email carries exactly one file');
        const client = await this.connect();
        personalisation.link_to_file = client.prepareUpload(letter.content, {
          filename: letter.filename,
          confirmEmailBeforeDownload: true,
          retentionPeriod: LETTER_RETENTION,
        });
        templateId = this.settings.letterTemplateId;
      }
      if (!templateId) throw new Error('No Notify email template configured');
      const client = await this.connect();
      const res = await client.sendEmail(templateId, message.recipient, {
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
