import { createHmac } from 'node:crypto';
import type { Config } from '../../config';

/** What a browser's RTCPeerConnection takes as `iceServers`. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * TURN REST credentials (draft-uberti-behave-turn-rest, coturn's `use-auth-secret`): the user
 * name is "<expiry unix seconds>:<user id>" and the password is base64(HMAC-SHA1(secret, name)).
 * The TURN server recomputes it from the shared secret, so no per-user account exists there,
 * and a leaked credential stops working when it expires.
 */
export function turnCredentials(
  secret: string,
  userId: string,
  nowMs: number,
  ttlSeconds: number,
): { username: string; credential: string; expiresAt: Date } {
  const expires = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expires}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expires * 1000) };
}

/**
 * The ICE servers one person's browser may use. The expiry is counted from the machine's own
 * time, never the app clock: the TURN server checks it against its wall clock.
 */
export function iceServersFor(video: Config['video'], userId: string, nowMs = Date.now()) {
  const servers: IceServer[] = [];
  if (video.stunUrls.length > 0) servers.push({ urls: video.stunUrls });
  if (video.turn) {
    const { username, credential } = turnCredentials(
      video.turn.secret,
      userId,
      nowMs,
      video.turn.ttlSeconds,
    );
    servers.push({ urls: video.turn.urls, username, credential });
  }
  return servers;
}
