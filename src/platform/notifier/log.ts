import type { Logger } from 'pino';
import type { DeliveryResult, Notifier, OutgoingMessage } from './types';

/** With no provider set up, messages are logged (redacted) and listed on the sent-messages page. */
export class LogNotifier implements Notifier {
  readonly description = 'not sent: logged and shown on the sent messages page';
  constructor(private readonly logger: Logger) {}
  deliver(message: OutgoingMessage): Promise<DeliveryResult> {
    // The logger censors recipient, subject and body; the id lets an operator find the row.
    this.logger.info(
      {
        outboxId: message.id,
        channel: message.channel,
        to: message.recipient,
        body: message.body,
        // Names and sizes only: a letter's content is never logged.
        attachments: message.attachments?.map((a) => `${a.filename} (${a.content.length} bytes)`),
      },
      'message logged, not sent',
    );
    return Promise.resolve({ status: 'logged', reference: null });
  }
}
