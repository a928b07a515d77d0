import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { RawData, WebSocket } from 'ws';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { resolveSessionByHash } from '../session';
import type { AuthUser } from '../types';
import {
  allowed,
  type Channel,
  type Connection,
  type ErrorFrame,
  type OutgoingMessage,
} from './channel';
import type { SocketRegistry } from './registry';
import { CLOSE_FORBIDDEN, CLOSE_SESSION_ENDED } from './registry';
import { TokenBucket } from './token-bucket';
import { deliver, holdingSends } from './hold';

export {
  channel,
  type Channel,
  type Connection,
  type ErrorFrame,
  type OutgoingMessage,
} from './channel';
export { SocketRegistry, CLOSE_FORBIDDEN, CLOSE_SESSION_ENDED } from './registry';
export { holdingSends, onRollback, outsideHolds } from './hold';

export interface RealtimeLimits {
  /** Largest message accepted; a bigger one closes the socket (1009). */
  maxPayloadBytes: number;
  /** Ping this often; a socket that has not answered the previous ping is terminated. */
  heartbeatMs: number;
  /** Re-check the session this often; an ended or expired session closes the socket. */
  sessionCheckMs: number;
  /** Messages allowed at once, and refilled per second. */
  burst: number;
  refillPerSecond: number;
  /** Refused messages tolerated per minute before the socket is closed (1008). */
  abuseLimit: number;
}

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  maxPayloadBytes: 16 * 1024,
  heartbeatMs: 30_000,
  sessionCheckMs: 60_000,
  burst: 20,
  refillPerSecond: 10,
  abuseLimit: 20,
};

export interface RealtimeOptions {
  db: Db;
  clock: Clock;
  /** Browsers send the page's origin; only ours may open a socket. */
  publicUrl: string;
  registry: SocketRegistry;
  channels: readonly Channel[];
  limits?: Partial<RealtimeLimits>;
  /**
   * Runs one message's handling as its service's tenant (row-level security), as a page request
   * is. A socket holds no transaction between messages.
   */
  inTenant: <T>(serviceId: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * Authenticated WebSockets. Register inside the web scope: the session comes from the page
 * cookie resolved there. Every upgrade is checked (origin 403, session 401, roles 403); every
 * connection is limited (size, rate), kept alive by pings and closed when its session ends.
 */
export const realtimePlatform: FastifyPluginAsync<RealtimeOptions> = async (app, options) => {
  const limits = { ...DEFAULT_REALTIME_LIMITS, ...options.limits };
  const origin = new URL(options.publicUrl).origin;
  const { db, clock, registry } = options;

  await app.register(websocket, {
    options: { maxPayload: limits.maxPayloadBytes },
    // A frame over the size limit or breaking the protocol is the sender's doing: ws has closed
    // the socket with its code (1009, 1002), so it is noted, not logged as our error with a
    // stack (a flood of them would bury real errors). Anything else is ours.
    errorHandler: (error, socket, request) => {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('WS_ERR_'))
        request.log.info({ code }, 'socket closed: the client broke the protocol');
      else {
        request.log.error({ err: error }, 'socket failed');
        socket.terminate();
      }
    },
  });

  for (const ch of options.channels) {
    app.get(
      ch.path,
      {
        websocket: true,
        config: { access: ch.access },
        // Refusing here answers the upgrade with a plain HTTP status: no socket is opened.
        preValidation: async (request, reply) => {
          if (request.headers.origin !== origin) {
            request.log.info({ origin: request.headers.origin }, 'socket refused: origin');
            return reply.code(403).type('text/plain').send('Forbidden');
          }
          if (!request.auth) return reply.code(401).type('text/plain').send('Sign in first');
          if (!allowed(ch.access, request.auth))
            return reply.code(403).type('text/plain').send('Forbidden');
        },
      },
      (socket, request) => {
        openConnection(socket, request, ch);
      },
    );
  }

  function openConnection(ws: WebSocket, request: FastifyRequest, ch: Channel): void {
    let auth = request.auth as AuthUser;
    let alive = true;
    let activeSinceCheck = false;
    let checking = false;
    let queue: Promise<unknown> = Promise.resolve();
    const bucket = new TokenBucket(limits.burst, limits.refillPerSecond);
    const abuse = new TokenBucket(limits.abuseLimit, limits.abuseLimit / 60);

    const connection: Connection & {
      serviceId: string;
      userId: string;
      sessionTokenHash: string;
    } = {
      get auth() {
        return auth;
      },
      request,
      serviceId: auth.serviceId,
      userId: auth.userId,
      sessionTokenHash: auth.sessionTokenHash,
      // Inside a message's handling these wait for its transaction to commit (hold.ts).
      send(message: OutgoingMessage) {
        const json = JSON.stringify(message);
        deliver(() => {
          if (ws.readyState === ws.OPEN) ws.send(json);
        });
      },
      sendJson(json: string) {
        deliver(() => {
          if (ws.readyState !== ws.OPEN) return;
          if (ws.extensions === '') socket.write(textFrame(json));
          else ws.send(json);
        });
      },
      close(code, reason) {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
      },
    };
    // The socket under `ws`: a fan-out writes its one framed message straight to it.
    const socket = request.raw.socket;
    const refuse = (code: ErrorFrame['code'], message: string) => {
      connection.send({ type: 'error', code, message } satisfies ErrorFrame);
    };

    registry.add(connection);

    const heartbeat = setInterval(() => {
      if (!alive) {
        request.log.info('socket terminated: no answer to ping');
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, limits.heartbeatMs);
    heartbeat.unref();

    const sessionCheck = setInterval(() => {
      if (checking) return;
      checking = true;
      // Only messages count as activity: an idle open tab must not keep a session alive.
      const touch = activeSinceCheck;
      activeSinceCheck = false;
      resolveSessionByHash(db, clock, auth.serviceId, auth.sessionTokenHash, { touch })
        .then((current) => {
          if (!current) connection.close(CLOSE_SESSION_ENDED, 'session ended');
          else if (!allowed(ch.access, current)) connection.close(CLOSE_FORBIDDEN, 'forbidden');
          else auth = current;
        })
        .catch((err: unknown) => {
          request.log.error({ err }, 'socket session check failed');
        })
        .finally(() => {
          checking = false;
        });
    }, limits.sessionCheckMs);
    sessionCheck.unref();

    ws.on('pong', () => {
      alive = true;
    });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!bucket.take()) {
        if (!abuse.take()) {
          request.log.info('socket closed: rate limit');
          connection.close(1008, 'rate limit exceeded');
        } else refuse('rate_limited', 'Too many messages; slow down');
        return;
      }
      if (isBinary) {
        refuse('invalid_message', ch.notJsonText?.() ?? 'Send JSON text frames');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawText(data));
      } catch {
        refuse('invalid_json', ch.notJsonText?.() ?? 'Message is not valid JSON');
        return;
      }
      const result = ch.parse(parsed);
      if (!result.ok) {
        refuse('invalid_message', result.error);
        return;
      }
      activeSinceCheck = true;
      // One message at a time, in order: signalling depends on it. What the handler sends goes
      // out once its transaction has committed, and not at all if it rolls back.
      queue = queue
        .then(() =>
          holdingSends(() =>
            options.inTenant(request.service.id, () => ch.dispatch(result.value, connection)),
          ),
        )
        .catch((err: unknown) => {
          request.log.error({ err, type: result.value.type }, 'socket handler failed');
          refuse('internal', 'Something went wrong handling that message');
        });
    });

    ws.on('close', () => {
      clearInterval(heartbeat);
      clearInterval(sessionCheck);
      registry.remove(connection);
      ch.onClose?.(connection);
    });

    ch.onOpen?.(connection);
  }
};

let framedJson: string | null = null;
let framed = Buffer.alloc(0);
/**
 * `json` as one unmasked WebSocket text frame, framed once for a fan-out that sends the same
 * string to thousands of sockets: writing it to each costs about a third less than ws.send,
 * which frames and converts the string again for every socket. No extension (compression) is
 * negotiated, or the caller uses ws.send.
 */
export function textFrame(json: string): Buffer {
  if (json === framedJson) return framed;
  const payload = Buffer.from(json);
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81; // FIN, text
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, head);
  framedJson = json;
  framed = frame;
  return frame;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
