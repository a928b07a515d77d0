/**
 * Where the patient record's back link goes. Staff reach a record from many pages (the caseload,
 * the risk queue, a referral, a course, an appointment, a report); the link returns to the page they came
 * from when the browser says (same-origin Referer) and it is one of those pages, and otherwise to
 * the caseload for a therapist or home for anyone else. Only known paths are followed, so a form
 * page or another site is never the way back.
 */
const PLACES: readonly { pattern: RegExp; label: string }[] = [
  { pattern: /^\/caseload(?:\?.*)?$/, label: 'Back to the caseload' },
  { pattern: /^\/staff\/risk(?:\?.*)?$/, label: 'Back to risk alerts' },
  { pattern: /^\/staff\/risk\/[0-9a-f-]{36}$/, label: 'Back to the risk alert' },
  { pattern: /^\/courses\/[0-9a-f-]{36}$/, label: 'Back to the course' },
  { pattern: /^\/staff\/referrals\/[0-9a-f-]{36}$/, label: 'Back to the referral' },
  { pattern: /^\/staff\/referrals(?:\?.*)?$/, label: 'Back to referrals' },
  { pattern: /^\/questions\/[0-9a-f-]{36}$/, label: 'Back to the question' },
  { pattern: /^\/diary\/appointments\/[0-9a-f-]{36}$/, label: 'Back to the appointment' },
  { pattern: /^\/diary(?:\?.*)?$/, label: 'Back to the diary' },
  { pattern: /^\/admin\/reports\/[a-z-]+(?:\?.*)?$/, label: 'Back to the report' },
  { pattern: /^\/admin\/audit(?:\?.*)?$/, label: 'Back to the audit log' },
  { pattern: /^\/home$/, label: 'Back to home' },
];

export interface BackLinkTarget {
  href: string;
  label: string;
}

export function recordBackLink(
  referer: string | undefined,
  host: string | undefined,
  roles: readonly string[],
): BackLinkTarget {
  const fallback = roles.includes('therapist')
    ? { href: '/caseload', label: 'Back to the caseload' }
    : { href: '/home', label: 'Back to home' };
  if (!referer || !host) return fallback;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return fallback;
  }
  // The Host header may carry the scheme's default port ("localhost:80"); the URL drops it.
  let ours: string;
  try {
    ours = new URL(`${url.protocol}//${host}`).host;
  } catch {
    return fallback;
  }
  if (url.host !== ours) return fallback;
  const path = `${url.pathname}${url.search}`;
  const place = PLACES.find((p) => p.pattern.test(path));
  return place ? { href: path, label: place.label } : fallback;
}
