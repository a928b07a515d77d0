import { Tag } from 'nhsuk-react-components';
import type { ReactNode } from 'react';
import { formatLondonDateTime } from '../../../domain/calendar';
import { MessageParagraphs } from '../../../ui/MessageText';
import { Pager } from '../../../ui/pager';
import type { InboxMessage } from '../messages.service';

export function MessagesPage({
  serviceName,
  publicUrl,
  messages,
  total,
  offset,
  limit,
  questions,
}: {
  serviceName: string;
  /** The service's address: links to it in a message are clickable, others are not. */
  publicUrl: string;
  messages: InboxMessage[];
  total: number;
  offset: number;
  limit: number;
  /** The patient's questions to their therapist or the service, shown first. */
  questions: ReactNode;
}) {
  return (
    <>
      <h1>Your messages</h1>
      {questions}
      <h2>Messages from us</h2>
      <p>
        Messages from {serviceName}. For your privacy, we keep them here and only send you a text or
        email to say a new one has arrived.
      </p>
      {messages.length === 0 ? <p>You have no messages.</p> : null}
      {messages.map((m) => (
        <section key={m.id} className="nhsuk-card" aria-labelledby={`message-${m.id}`}>
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-m" id={`message-${m.id}`}>
              {m.subject}
              {m.isNew ? (
                <>
                  {' '}
                  <Tag modifier="blue">New</Tag>
                </>
              ) : null}
            </h3>
            <p className="nhsuk-body-s">Sent {formatLondonDateTime(m.sentAt)}</p>
            <MessageParagraphs text={m.body} publicUrl={publicUrl} />
          </div>
        </section>
      ))}
      <Pager base="/messages" offset={offset} limit={limit} total={total} />
      <p>
        If you have a question about a message, <a href="/messages/ask">ask us a question</a>.
      </p>
    </>
  );
}
