import { describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { FixedClock } from './clock';
import { eventChannel, type EventContext } from './events';

type Events = { 'thing.changed': { id: string } };

const ctx: EventContext = {
  tx: {} as unknown as Db,
  clock: new FixedClock(new Date('2026-01-05T09:00:00Z')),
  serviceId: 's1',
};

describe('eventChannel', () => {
  it('runs every handler in registration order with the payload, once per registration', async () => {
    const events = eventChannel<Events>();
    const seen: string[] = [];
    const first = (_: EventContext, p: { id: string }) => {
      seen.push(`first:${p.id}`);
      return Promise.resolve();
    };
    const second = (_: EventContext, p: { id: string }) => {
      seen.push(`second:${p.id}`);
      return Promise.resolve();
    };
    events.on('thing.changed', first);
    events.on('thing.changed', second);
    events.on('thing.changed', first);
    await events.raise(ctx, 'thing.changed', { id: 'a' });
    expect(seen).toEqual(['first:a', 'second:a']);
  });

  it('lets a failing handler fail the raiser, so the transaction rolls back', async () => {
    const events = eventChannel<Events>();
    events.on('thing.changed', () => {
      return Promise.reject(new Error('refused'));
    });
    await expect(events.raise(ctx, 'thing.changed', { id: 'a' })).rejects.toThrow('refused');
  });

  it('does nothing when nobody listens', async () => {
    const events = eventChannel<Events>();
    await expect(events.raise(ctx, 'thing.changed', { id: 'a' })).resolves.toBeUndefined();
  });
});
