import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { parsed, type ParseResult } from '../../domain/result';
import type { Access, AuthUser } from '../types';

/** A message a channel sends: JSON with a `type`, like the ones it receives. */
export interface OutgoingMessage {
  type: string;
  [key: string]: unknown;
}

export type ErrorFrameCode = 'invalid_json' | 'invalid_message' | 'rate_limited' | 'internal';

/** Sent when the server refuses one message but keeps the connection. */
export interface ErrorFrame extends OutgoingMessage {
  type: 'error';
  code: ErrorFrameCode;
  message: string;
}

/** One open socket, as its channel's handlers see it. */
export interface Connection {
  /** The signed-in person; refreshed by each periodic session check. */
  readonly auth: AuthUser;
  readonly request: FastifyRequest;
  send(message: OutgoingMessage): void;
  /** Sends a message already serialised as JSON: a fan-out to many sockets serialises once. */
  sendJson(json: string): void;
  close(code: number, reason: string): void;
}

type Incoming = { type: string };

/** One handler per message type, each given the message narrowed to its type. */
export type Handlers<M extends Incoming> = {
  [K in M['type']]: (message: Extract<M, { type: K }>, connection: Connection) => unknown;
};

export interface ChannelDefinition<S extends z.ZodType<Incoming>> {
  /** Who may connect: checked at upgrade and again at each session check. */
  access: Exclude<Access, 'public'>;
  /** A zod discriminated union on `type`; anything else gets an error frame. */
  messages: S;
  handlers: Handlers<z.output<S>>;
  /**
   * What the sender is told when a frame is refused as malformed: given the first problem zod
   * found, or null when the frame was not JSON text at all. Without it they get a developer's
   * wording (zod's), which a page that shows it to a person must not (the Wall).
   */
  refusalText?: (issue: z.core.$ZodIssue | null) => string;
  onOpen?: (connection: Connection) => void;
  onClose?: (connection: Connection) => void;
}

/** A channel, ready for the realtime plugin to serve. */
export interface Channel {
  readonly path: string;
  readonly access: Exclude<Access, 'public'>;
  parse(data: unknown): ParseResult<Incoming, { error: string }>;
  dispatch(message: Incoming, connection: Connection): Promise<unknown>;
  /** The channel's own words for a frame that is not JSON text, if it has them. */
  notJsonText?: () => string;
  onOpen?: (connection: Connection) => void;
  onClose?: (connection: Connection) => void;
}

/** Declares a typed message router served at `path` (a WebSocket route). */
export function channel<S extends z.ZodType<Incoming>>(
  path: string,
  definition: ChannelDefinition<S>,
): Channel {
  const handlers = definition.handlers as unknown as Record<
    string,
    (message: Incoming, connection: Connection) => unknown
  >;
  const { refusalText } = definition;
  return {
    path,
    access: definition.access,
    parse(data) {
      const result = definition.messages.safeParse(data);
      if (result.success) return parsed(result.data);
      const first = result.error.issues[0];
      if (refusalText) return { ok: false, error: refusalText(first ?? null) };
      const where = first?.path.length ? `${first.path.join('.')}: ` : '';
      return { ok: false, error: `${where}${first?.message ?? 'invalid message'}` };
    },
    async dispatch(message, connection) {
      const handler = handlers[message.type];
      // The schema admits only declared types, and the mapped type requires a handler for each.
      if (!handler) throw new Error(`no handler for message type ${message.type}`);
      await handler(message, connection);
    },
    notJsonText: refusalText ? () => refusalText(null) : undefined,
    onOpen: definition.onOpen,
    onClose: definition.onClose,
  };
}

export function allowed(access: Exclude<Access, 'public'>, auth: AuthUser): boolean {
  return access === 'authenticated' || auth.roles.some((r) => access.includes(r));
}
