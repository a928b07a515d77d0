import { z } from 'zod';
import { WALL_MESSAGE_MAX_LENGTH } from '../../domain/wall';
import { tooLongMessage } from '../../domain/result';
import type { AppContext } from '../../platform/context';
import { channel, CLOSE_FORBIDDEN, type Connection } from '../../platform/realtime';
import { useCaseFor } from '../../platform/use-case';
import type { WallHub } from './wall.hub';
import { postToWall, wallMemberFor } from './wall.service';

export const WALL_SOCKET_PATH = '/community/wall/live';

/**
 * The most a frame's text may hold, in UTF-16 units: well above the limit a member is held to
 * (characters as a reader counts them, checked when posting), so only a hand-made frame meets it.
 */
const BODY_MAX_UNITS = 4000;

/**
 * What the chat's status line says of a frame the page would not send: plain words, never
 * zod's. Text over the frame's bound gets the same words as any message over the limit.
 */
function wallRefusalText(issue: z.core.$ZodIssue | null): string {
  if (issue?.code === 'too_big' && issue.path[0] === 'body')
    return tooLongMessage('Your message', WALL_MESSAGE_MAX_LENGTH);
  return 'Your message could not be sent. Reload the page and try again';
}

const messages = z.discriminatedUnion('type', [
  /** The last change number the page or the previous socket saw. */
  z.object({
    type: z.literal('hello'),
    since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
  /** `key` is the client's id for this message: sent again after a drop, it is stored once. */
  z.object({
    type: z.literal('post'),
    body: z.string().max(BODY_MAX_UNITS),
    key: z.string().min(8).max(100),
  }),
]);

/**
 * The Wall's socket: a member says where they are (`hello`), catches up, then gets every change
 * live; they post through it too. The hub holds the sockets of this instance.
 */
export function wallChannel(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'logger'>,
  hub: WallHub,
) {
  const joined = new WeakMap<Connection, { serviceId: string; clientId: string | null }>();
  const useCase = (connection: Connection) =>
    useCaseFor(connection.request, {
      db: ctx.db,
      clock: ctx.clock,
      publicUrl: ctx.config.publicUrl,
    });

  return channel(WALL_SOCKET_PATH, {
    // Membership decides, checked at `hello` (a former patient keeps the patient role).
    access: 'authenticated',
    messages,
    refusalText: wallRefusalText,
    handlers: {
      hello: async (message, connection) => {
        if (joined.has(connection)) return;
        const me = await wallMemberFor(useCase(connection));
        if (!me) {
          connection.close(CLOSE_FORBIDDEN, 'not a member');
          return;
        }
        const serviceId = connection.request.service.id;
        const entry: { serviceId: string; clientId: string | null } = { serviceId, clientId: null };
        joined.set(connection, entry);
        // Not awaited: the hub reads in its own tenant transactions, after this handler's ends.
        void hub
          .join(
            serviceId,
            connection,
            { memberId: me.member.id, moderator: me.isModerator },
            message.since,
          )
          .then((clientId) => {
            entry.clientId = clientId;
            // Closed while catching up: leave at once.
            if (!joined.has(connection)) hub.leave(serviceId, clientId);
          })
          .catch((err: unknown) => {
            ctx.logger.error({ err }, 'wall join failed');
            connection.close(1011, 'could not join');
          });
      },
      post: async (message, connection) => {
        const uc = useCase(connection);
        const me = await wallMemberFor(uc);
        if (!me) {
          connection.close(CLOSE_FORBIDDEN, 'not a member');
          return;
        }
        const result = await postToWall(uc, me, { body: message.body, clientKey: message.key });
        if (result.ok) {
          connection.send({ type: 'posted', key: message.key, seq: result.message.seq });
          if (result.crisis) connection.send({ type: 'crisis', helpUrl: '/community/wall/help' });
        } else connection.send({ type: 'refused', key: message.key, message: result.message });
      },
    },
    onClose: (connection) => {
      const entry = joined.get(connection);
      joined.delete(connection);
      if (entry?.clientId) hub.leave(entry.serviceId, entry.clientId);
    },
  });
}
