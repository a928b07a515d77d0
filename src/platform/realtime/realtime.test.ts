import { describe, expect, it } from 'vitest';
import { CLOSE_SESSION_ENDED, SocketRegistry, type RegisteredSocket } from './registry';
import { TokenBucket } from './token-bucket';
import { deliver, holdingSends, onRollback, outsideHolds } from './hold';

function socket(serviceId: string, userId: string, sessionTokenHash: string) {
  const closes: [number, string][] = [];
  const s: RegisteredSocket & { closes: typeof closes } = {
    serviceId,
    userId,
    sessionTokenHash,
    closes,
    close: (code, reason) => closes.push([code, reason]),
  };
  return s;
}

describe('SocketRegistry', () => {
  it('closes the sockets of one session only', () => {
    const registry = new SocketRegistry();
    const a1 = socket('s1', 'u1', 'hash-a');
    const a2 = socket('s1', 'u1', 'hash-a');
    const b = socket('s1', 'u1', 'hash-b');
    for (const s of [a1, a2, b]) registry.add(s);
    expect(registry.size).toBe(3);
    expect(registry.closeSessionSockets('hash-a')).toBe(2);
    expect(a1.closes).toEqual([[CLOSE_SESSION_ENDED, 'signed out']]);
    expect(a2.closes).toHaveLength(1);
    expect(b.closes).toHaveLength(0);
    expect(registry.closeSessionSockets('hash-none')).toBe(0);
  });

  it("closes all of one person's sockets in one service, and forgets removed ones", () => {
    const registry = new SocketRegistry();
    const mine = socket('s1', 'u1', 'hash-a');
    const otherService = socket('s2', 'u1', 'hash-c');
    const someoneElse = socket('s1', 'u2', 'hash-d');
    for (const s of [mine, otherService, someoneElse]) registry.add(s);
    expect(registry.closeUserSockets('s1', 'u1')).toBe(1);
    expect(otherService.closes).toHaveLength(0);
    expect(someoneElse.closes).toHaveLength(0);
    registry.remove(mine);
    registry.remove(someoneElse);
    expect(registry.size).toBe(1);
    expect(registry.closeSessionSockets('hash-a')).toBe(0);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then refills at the given rate', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now = 499;
    expect(bucket.take()).toBe(false);
    now = 1000;
    // One second at two a second: two more.
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now = 60_000;
    // Never more than the capacity, however long it was quiet.
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('holdingSends', () => {
  it('sends what the work sent only after it resolves, in order', async () => {
    const sent: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const done = holdingSends(async () => {
      deliver(() => sent.push('a'));
      await gate;
      deliver(() => sent.push('b'));
      return 'ok';
    });
    await Promise.resolve();
    expect(sent).toEqual([]);
    release();
    expect(await done).toBe('ok');
    expect(sent).toEqual(['a', 'b']);
  });

  it('drops what failed work sent, and runs its undo steps', async () => {
    const sent: string[] = [];
    const undone: string[] = [];
    await expect(
      holdingSends(() => {
        deliver(() => sent.push('never'));
        onRollback(() => undone.push('forget member'));
        return Promise.reject(new Error('rolled back'));
      }),
    ).rejects.toThrow('rolled back');
    expect(sent).toEqual([]);
    expect(undone).toEqual(['forget member']);
    await holdingSends(() => {
      onRollback(() => undone.push('not after success'));
      return Promise.resolve();
    });
    expect(undone).toEqual(['forget member']);
  });

  it('sends at once from code run outside the hold', async () => {
    const sent: string[] = [];
    await holdingSends(() => {
      outsideHolds(() => {
        deliver(() => sent.push('notification'));
      });
      expect(sent).toEqual(['notification']);
      return Promise.resolve();
    });
  });

  it('passes an inner hold’s sends to the outer one, and sends at once outside any hold', async () => {
    const sent: string[] = [];
    deliver(() => sent.push('now'));
    expect(sent).toEqual(['now']);
    await holdingSends(async () => {
      await holdingSends(() => {
        deliver(() => sent.push('inner'));
        return Promise.resolve();
      });
      expect(sent).toEqual(['now']);
    });
    expect(sent).toEqual(['now', 'inner']);
  });

  it('sends at once from work the held work left running after it settled', async () => {
    const sent: string[] = [];
    let later!: () => void;
    const left = new Promise<void>((r) => (later = r));
    let finished!: Promise<void>;
    await holdingSends(() => {
      finished = left.then(() => {
        deliver(() => sent.push('late'));
      });
      return Promise.resolve();
    });
    later();
    await finished;
    expect(sent).toEqual(['late']);
  });
});

describe('textFrame', () => {
  /** Reads one unmasked frame as RFC 6455 lays it out: FIN and opcode, length, payload. */
  function decode(frame: Buffer) {
    const short = (frame[1] ?? 0) & 0x7f;
    const [length, head] =
      short === 126
        ? [frame.readUInt16BE(2), 4]
        : short === 127
          ? [Number(frame.readBigUInt64BE(2)), 10]
          : [short, 2];
    return {
      fin: ((frame[0] ?? 0) & 0x80) !== 0,
      opcode: (frame[0] ?? 0) & 0x0f,
      masked: ((frame[1] ?? 0) & 0x80) !== 0,
      text: frame.subarray(head, head + length).toString('utf8'),
      rest: frame.length - head - length,
    };
  }

  it.each([5, 125, 126, 300, 65_535, 70_000])(
    'frames %i characters as one whole unmasked text frame',
    async (size) => {
      const { textFrame } = await import('./index');
      const json = JSON.stringify({ type: 'change', body: 'é'.repeat(size) }).slice(0, size);
      expect(decode(textFrame(json))).toEqual({
        fin: true,
        opcode: 1,
        masked: false,
        text: json,
        rest: 0,
      });
    },
  );

  it('frames a new string afresh after sending another', async () => {
    const { textFrame } = await import('./index');
    expect(decode(textFrame('{"a":1}')).text).toBe('{"a":1}');
    expect(decode(textFrame('{"b":2}')).text).toBe('{"b":2}');
  });
});
