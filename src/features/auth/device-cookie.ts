import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSettings } from '../../platform/session';

const DEVICE_COOKIE = 'rapport-device';

/** The signed list of accounts that have signed in on this browser (OWASP "device cookies"). */
export function knownUserIds(request: FastifyRequest): string[] {
  const raw = request.cookies[DEVICE_COOKIE];
  if (!raw) return [];
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return [];
  return unsigned.value.split('.').filter((id) => /^[0-9a-f-]{36}$/.test(id));
}

export function rememberDevice(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: CookieSettings,
  userId: string,
) {
  const ids = [userId, ...knownUserIds(request).filter((id) => id !== userId)].slice(0, 5);
  reply.setCookie(DEVICE_COOKIE, ids.join('.'), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: settings.secure,
    signed: true,
    maxAge: 365 * 24 * 60 * 60,
  });
}
