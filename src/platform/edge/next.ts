import { hasUnsafeChars } from './text';

export const DEFAULT_NEXT = '/home';

/**
 * Where to go after signing in: only a same-site path. Anything else (another host, `//host`,
 * a backslash that browsers read as a slash, control characters that would break the Location
 * header, an over-long value) falls back to /home.
 */
export function safeNext(value: unknown, fallback = DEFAULT_NEXT): string {
  if (typeof value !== 'string') return fallback;
  if (value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  if (value.includes('\\') || hasUnsafeChars(value) || /\s/u.test(value)) return fallback;
  // Decoding once more catches `/%2F/evil.example` and `/%0A/x` in the path itself.
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  if (decoded.startsWith('//') || decoded.includes('\\') || hasUnsafeChars(decoded))
    return fallback;
  // Anything a URL parser would resolve away from this site is refused.
  try {
    const url = new URL(value, 'https://rapport.invalid');
    if (url.origin !== 'https://rapport.invalid') return fallback;
  } catch {
    return fallback;
  }
  return value;
}
