/**
 * What a Wall message may be (issue 14): not empty, not longer than the limit, not the same as
 * the member's last message a moment ago, and not more than a few a minute, so one person cannot
 * flood a live space that others, some of them unwell, are reading. A live message cannot wait
 * for a moderator, so one that seems to share contact details is refused with the reason, and
 * the member can take them out — unless it also speaks of crisis: that is never refused, it is
 * posted and goes to the moderators and the member's therapist like any crisis message (H20).
 */
import { contactDetailsIn, describeContactDetails, hasCrisisLanguage } from '../community';
import type { Validation } from '../result';
import { parsed, tooLongMessage } from '../result';

export const WALL_MESSAGE_MAX_LENGTH = 500;
/** At most this many messages from one member in any rolling window of this length. */
export const WALL_RATE_LIMIT = { messages: 5, windowMs: 60_000 } as const;
/** The same words again within this time are refused as a repeat. */
export const WALL_REPEAT_WINDOW_MS = 10 * 60_000;

export type WallMessageRefusal = 'empty' | 'too_long' | 'repeated' | 'too_fast' | 'contact_details';

export interface RecentWallMessage {
  readonly body: string;
  readonly postedAt: Date;
}

// Characters as a reader counts them: an emoji or an accented letter is one.
const graphemes = new Intl.Segmenter('en-GB', { granularity: 'grapheme' });
function characterCount(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/** Case and spacing do not make a message different. */
function sameWords(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return fold(a) === fold(b);
}

/**
 * Checks a message against the member's recent ones (newest first is not required). Returns the
 * text to store (trimmed, line endings normalised) or why it is refused, in words for the member.
 */
export function checkWallMessage(
  text: string,
  recent: readonly RecentWallMessage[],
  now: Date,
): Validation<string, WallMessageRefusal> {
  const body = text.replace(/\r\n?/g, '\n').trim();
  if (body.length === 0)
    return { ok: false, reason: 'empty', message: 'Write a message before you send it' };
  if (characterCount(body) > WALL_MESSAGE_MAX_LENGTH)
    return {
      ok: false,
      reason: 'too_long',
      message: tooLongMessage('Your message', WALL_MESSAGE_MAX_LENGTH),
    };
  const since = (ms: number) => recent.filter((m) => now.getTime() - m.postedAt.getTime() < ms);
  if (since(WALL_REPEAT_WINDOW_MS).some((m) => sameWords(m.body, body)))
    return {
      ok: false,
      reason: 'repeated',
      message: 'You have just sent this message. Write something different',
    };
  if (since(WALL_RATE_LIMIT.windowMs).length >= WALL_RATE_LIMIT.messages)
    return {
      ok: false,
      reason: 'too_fast',
      message: 'You are sending messages very quickly. Wait a minute, then try again',
    };
  const contacts = hasCrisisLanguage(body) ? [] : contactDetailsIn(body);
  if (contacts.length > 0)
    return {
      ok: false,
      reason: 'contact_details',
      message: `It looks like your message has ${describeContactDetails(contacts)} in it. To keep everyone safe and anonymous, please do not share contact details on the Wall`,
    };
  return parsed(body);
}
