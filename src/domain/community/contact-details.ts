/**
 * Contact details in community posts (house rule "Keep yourself and others anonymous"). A post
 * that seems to share a personal phone number, an email address or a social media account waits
 * for a moderator before others see it, so a member is not put in touch with strangers (or
 * exposed to them) on a moment's impulse. The check is deliberately narrow: helplines (0800,
 * 0808, 03 and short numbers such as 111 or 116 123) and links to NHS or charity pages are not
 * personal and pass, as do helplines' email addresses, since members sharing where help is
 * matters more than a perfect filter. A handle counts when it is named beside its app and has a
 * digit or an @ ("insta @quietfern", "snap quietfern99"), so "I love Instagram" does not.
 */

export type ContactDetailKind = 'phone number' | 'email address' | 'social media account';

// A run of digits with the separators people type between them; its digits are counted after.
const NUMBER_RUN = /\+?\d[\d\s().-]{8,}\d/g;
const EMAIL = /[^\s@<>()[\]"',;:]+@([^\s@<>()[\]"',;:]+\.[a-z]{2,})/gi;
/** Helplines and the NHS answer email at these; sharing them is sharing where help is. */
const HELP_EMAIL_DOMAINS = ['samaritans.org', 'nhs.net', 'nhs.uk', 'mind.org.uk', 'papyrus-uk.org'];
/** A handle named beside the app it is on: "insta @quietfern99", "my snap is quietfern99". */
const HANDLE =
  /\b(?:insta|instagram|ig|snap|snapchat|tiktok|twitter|threads|telegram|discord|whatsapp|fb|facebook)\b[\s:-]*(?:(?:me|is|at|on|add|find|handle|name)[\s:-]+)*@?(?=[a-z0-9._]*\d)(?=[a-z0-9._]*[a-z])[a-z0-9._]{3,}\b|\b(?:insta|instagram|ig|snap|snapchat|tiktok|twitter|threads|telegram|discord)\b[^\n@]{0,20}@[a-z0-9._]{3,}/i;
const SOCIAL =
  /\b(?:facebook\.com|fb\.com|fb\.me|instagram\.com|tiktok\.com|twitter\.com|x\.com|snapchat\.com|whatsapp\.com|wa\.me|t\.me|telegram\.me|discord\.gg|discord\.com|linkedin\.com|threads\.net)\b/i;

/** Personal UK numbers: landlines (01, 02) and mobiles (07), written nationally or with +44. */
function isPersonalPhone(run: string): boolean {
  const digits = run.replace(/\D/g, '');
  const international =
    run.trim().startsWith('+') || digits.startsWith('44') || digits.startsWith('0044');
  if (digits.startsWith('0044')) return isPersonalPhone(`+${digits.slice(2)}`);
  // "+44 (0)7700 …" carries the national 0 as well; it is dropped once, either way.
  const national = international ? `0${digits.slice(2).replace(/^0/, '')}` : digits;
  if (national.length < 10 || national.length > 11) return false;
  return /^0[127]/.test(national);
}

/** The kinds of contact detail a text seems to contain, in a fixed order; empty when none. */
export function contactDetailsIn(text: string): ContactDetailKind[] {
  const found: ContactDetailKind[] = [];
  if ((text.match(NUMBER_RUN) ?? []).some(isPersonalPhone)) found.push('phone number');
  const emails = [...text.matchAll(EMAIL)].map((m) => (m[1] ?? '').toLowerCase());
  const isHelp = (domain: string) =>
    HELP_EMAIL_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
  if (emails.some((domain) => !isHelp(domain))) found.push('email address');
  if (SOCIAL.test(text) || HANDLE.test(text)) found.push('social media account');
  return found;
}

/** "a phone number", "a phone number and an email address": for the member and the moderator. */
export function describeContactDetails(kinds: readonly ContactDetailKind[]): string {
  const named = kinds.map((k) => (k === 'email address' ? `an ${k}` : `a ${k}`));
  if (named.length <= 1) return named.join('');
  return `${named.slice(0, -1).join(', ')} and ${named[named.length - 1] ?? ''}`;
}
