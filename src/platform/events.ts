import type { Db } from '../db/client';
import type { Clock } from './clock';

/**
 * Typed events raised inside the raiser's transaction. Handlers run synchronously, in the order
 * they were registered, with the same transaction: what they change commits or rolls back with
 * the change that raised the event, and a handler's failure fails the whole use case.
 *
 * A feature that owns a record declares its events and raises them; features that react
 * subscribe at start-up (app.tsx), so the owner never imports the features that react to it.
 */
export interface EventContext {
  tx: Db;
  clock: Clock;
  serviceId: string;
  /** The service's public address, for handlers whose emails link back (absent in workers). */
  links?: { publicUrl: string };
}

export type EventHandler<P> = (ctx: EventContext, payload: P) => Promise<void>;

export interface EventChannel<Events extends Record<string, object>> {
  /** Registers a handler; registering the same function again does nothing (apps built twice). */
  on<K extends keyof Events & string>(name: K, handler: EventHandler<Events[K]>): void;
  raise<K extends keyof Events & string>(
    ctx: EventContext,
    name: K,
    payload: Events[K],
  ): Promise<void>;
}

export function eventChannel<Events extends Record<string, object>>(): EventChannel<Events> {
  const handlers = new Map<string, Set<EventHandler<never>>>();
  return {
    on(name, handler) {
      const set = handlers.get(name) ?? new Set();
      set.add(handler);
      handlers.set(name, set);
    },
    async raise(ctx, name, payload) {
      for (const handler of handlers.get(name) ?? [])
        await (handler as EventHandler<typeof payload>)(ctx, payload);
    },
  };
}
