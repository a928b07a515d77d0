import { describe, expect, it } from 'vitest';
import { describeWait, remainingWaitMs, throttleDelayMs, THROTTLE_MAX_DELAY_MS } from './throttle';

describe('sign-in throttle', () => {
  it('lets the first 9 failures through with no delay', () => {
    for (let n = 0; n < 10; n++) expect(throttleDelayMs(n)).toBe(0);
  });
  it('starts a delay at the 10th failure and grows it', () => {
    expect(throttleDelayMs(10)).toBe(1000);
    expect(throttleDelayMs(11)).toBe(2000);
    expect(throttleDelayMs(14)).toBe(16000);
  });
  it('caps the delay so nobody is locked out for good', () => {
    expect(throttleDelayMs(50)).toBe(THROTTLE_MAX_DELAY_MS);
    expect(throttleDelayMs(1000)).toBe(THROTTLE_MAX_DELAY_MS);
  });
  it('counts the wait from the latest failure', () => {
    const latest = new Date('2026-01-01T10:00:00Z');
    expect(remainingWaitMs(12, latest, new Date('2026-01-01T10:00:01Z'))).toBe(3000);
    expect(remainingWaitMs(12, latest, new Date('2026-01-01T10:00:05Z'))).toBe(0);
    expect(remainingWaitMs(3, latest, latest)).toBe(0);
    expect(remainingWaitMs(30, null, latest)).toBe(0);
  });
  it('describes waits in words', () => {
    expect(describeWait(1000)).toBe('1 second');
    expect(describeWait(30_500)).toBe('31 seconds');
    expect(describeWait(120_000)).toBe('2 minutes');
  });
});
