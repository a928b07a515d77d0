/**
 * Splits plain text (a message body) into text and links, so a page can make this service's own
 * links clickable. Only addresses on this service are links: a full URL starting with the
 * service's public URL, or a path starting with "/". Anything else (another site, javascript:,
 * mailto:, "//host") stays plain text. The parts are rendered as React text and `href`s, never as
 * HTML, so nothing in the text can become markup.
 */
export type TextPart =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * A candidate address: http(s)://… or a path "/letter…", at the start of the text or after a
 * space or an opening bracket (so "and/or" and "4/10" are not paths).
 */
const CANDIDATE = /(?<![^\s([{])(?:https?:\/\/[^\s<>"'`]+|\/[A-Za-z][^\s<>"'`]*)/gi;

/** Punctuation that ends a sentence rather than the address: "…/feedback/abc." */
const TRAILING = /[.,;:!?)\]}]+$/;

function parsed(address: string, base?: string): URL | null {
  try {
    return new URL(address, base);
  } catch {
    return null;
  }
}

/** Whether `address` (a full URL or a path) is on this service; the href to use if it is. */
function ownHref(address: string, publicUrl: string): string | null {
  const site = parsed(publicUrl);
  if (!site || (site.protocol !== 'https:' && site.protocol !== 'http:')) return null;
  const url = parsed(address, site.origin);
  if (!url || url.origin !== site.origin || url.username || url.password) return null;
  if (address.startsWith('/')) return address;
  const basePath = site.pathname.endsWith('/') ? site.pathname : `${site.pathname}/`;
  return url.pathname.startsWith(basePath) || `${url.pathname}/` === basePath ? address : null;
}

export function textLinkParts(text: string, publicUrl: string): TextPart[] {
  const parts: TextPart[] = [];
  const pushText = (t: string) => {
    if (!t) return;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') last.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const address = match[0].replace(TRAILING, '');
    const href = address ? ownHref(address, publicUrl) : null;
    if (!href) continue;
    pushText(text.slice(at, match.index));
    parts.push({ kind: 'link', text: address, href });
    at = match.index + address.length;
  }
  pushText(text.slice(at));
  return parts;
}

/** Words for this service's own links, so a screen reader and a small screen get no raw address. */
const LINK_WORDS: readonly [RegExp, string][] = [
  [/\/letters\/[^/?#]+\/pdf$/, 'Read your letter (PDF)'],
  [/\/letters\/[^/?#]+$/, 'Read your letter'],
  [/\/feedback\/[^/?#]+$/, 'Tell us how it went'],
  [/\/appointments(\/[^?#]*)?$/, 'Your appointments'],
  [/\/questions\/[^/?#]+$/, 'Read the message'],
  [/\/messages(\/[^?#]*)?$/, 'Your messages'],
  [/\/tasks(\/[^?#]*)?$/, 'Your tasks'],
  [/\/community\/join$/, 'Join the community'],
  [/\/home$/, 'Your home page'],
];

/** What a link to this service says instead of its address; null when there are no set words. */
export function linkWords(href: string): string | null {
  const path = parsed(href, 'http://x')?.pathname ?? href;
  return LINK_WORDS.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}
