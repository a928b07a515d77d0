import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { OutboxChannel } from '../../db/schema';
import type { DeliveryResult, Notifier, OutgoingMessage } from './types';
import { LogNotifier } from './log';
import { NotifyNotifier } from './notify';
import { SmtpNotifier } from './smtp';

export type { Attachment, DeliveryResult, Notifier, OutgoingMessage } from './types';

/**
 * Routes each channel to the provider configured for it, falling back to the log. An email with
 * an attachment goes to `emailWithAttachments` when given (SMTP, or Notify's letter template).
 */
export class ChannelNotifier implements Notifier {
  constructor(
    private readonly byChannel: Record<OutboxChannel, Notifier>,
    private readonly emailWithAttachments?: Notifier,
  ) {}
  get description(): string {
    return `email: ${this.byChannel.email.description}; sms: ${this.byChannel.sms.description}`;
  }
  deliver(message: OutgoingMessage): Promise<DeliveryResult> {
    if (message.channel === 'email' && message.attachments?.length && this.emailWithAttachments)
      return this.emailWithAttachments.deliver(message);
    return this.byChannel[message.channel].deliver(message);
  }
  async close(): Promise<void> {
    await Promise.all(Object.values(this.byChannel).flatMap((n) => (n.close ? [n.close()] : [])));
  }
}

export function createNotifier(config: Config, logger: Logger): Notifier {
  const log = new LogNotifier(logger);
  const notify = config.notify ? new NotifyNotifier(config.notify) : undefined;
  const smtp = config.smtp ? new SmtpNotifier(config.smtp.url, config.smtp.from) : undefined;
  const email = notify && config.notify?.emailTemplateId ? notify : (smtp ?? log);
  const sms = notify && config.notify?.smsTemplateId ? notify : log;
  // An email with a letter: SMTP attaches it; Notify sends a download link by its letter
  // template. Else, when email goes by Notify, the log: never the email without its letter.
  const letters =
    smtp ??
    (notify && config.notify?.letterTemplateId ? notify : email === notify ? log : undefined);
  if (email !== log && letters === log)
    logger.warn(
      'letters by email (to GP practices, and to patients who asked) are not sent, only logged: set SMTP_URL, or NOTIFY_LETTER_TEMPLATE_ID for GOV.UK Notify',
    );
  if (email !== log && sms === log)
    logger.warn(
      'texts (appointment reminders, message notices) are not sent, only logged: set NOTIFY_SMS_TEMPLATE_ID',
    );
  return new ChannelNotifier({ email, sms }, letters);
}

export { LogNotifier, NotifyNotifier, SmtpNotifier };
export {
  MESSAGE_TEMPLATES,
  gpLetterEmail,
  letterReadyEmail,
  newMessageNotice,
  taskReminderNotice,
  type MessageAccess,
  type MessageTemplate,
  type RenderedMessage,
} from './templates';
