import { Fragment } from 'react';
import { linkWords, textLinkParts } from './text-links';

/**
 * Plain text with this service's own addresses as links (src/ui/text-links.ts), in words where
 * there are set words for them ("Read your letter (PDF)"). Everything else is React text, so
 * nothing in the message can become markup.
 */
export function LinkedText({ text, publicUrl }: { text: string; publicUrl: string }) {
  return (
    <>
      {textLinkParts(text, publicUrl).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href}>
            {linkWords(part.href) ?? part.text}
          </a>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}

/**
 * A message body: a paragraph at each blank line, its line breaks kept (by the stylesheet's
 * class: the Content-Security-Policy allows no inline styles). With `publicUrl`, links to this
 * service are clickable; without it (words a patient wrote), the text is shown as it is.
 */
export function MessageParagraphs({
  text,
  publicUrl,
}: {
  text: string;
  publicUrl?: string | undefined;
}) {
  return (
    <>
      {text
        .split(/\r?\n\s*\r?\n/)
        .filter((para) => para.trim() !== '')
        .map((para, i) => (
          <p key={i} className="rapport-pre-wrap">
            {publicUrl ? <LinkedText text={para} publicUrl={publicUrl} /> : para}
          </p>
        ))}
    </>
  );
}
