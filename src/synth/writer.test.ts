import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from './writer';

describe('timeOrderedUuid', () => {
  it('makes valid version 7 UUIDs that rise in the order they are made, even within a millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedUuid());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts with the time it was made', () => {
    const before = Date.now();
    const id = timeOrderedUuid();
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThan(before + 60_000);
  });
});
