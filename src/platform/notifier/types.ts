/** What every notifier takes and gives back (here so the providers need not import the index). */
import type { OutboxChannel } from '../../db/schema';

/** A file sent with an email (a letter's PDF), rendered at send time, never stored in the outbox. */
export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMessage {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
  attachments?: readonly Attachment[];
}

export interface DeliveryResult {
  /** 'sent' went to a real provider; 'logged' means no provider is set up for that channel. */
  status: 'sent' | 'logged';
  reference: string | null;
}

export interface Notifier {
  readonly description: string;
  deliver(message: OutgoingMessage): Promise<DeliveryResult>;
  close?(): Promise<void>;
}
