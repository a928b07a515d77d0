export const THROTTLE_WINDOW_MS = 5 * 60_000;
export const THROTTLE_FREE_FAILURES = 10;
/** The delay grows but is capped, so an attacker can slow a real user down but never lock them out. */
export const THROTTLE_MAX_DELAY_MS = 5 * 60_000;

/** How long after the latest failure the next attempt must wait, given failures in the window. */
export function throttleDelayMs(failuresInWindow: number): number {
  if (failuresInWindow < THROTTLE_FREE_FAILURES) return 0;
  const steps = failuresInWindow - THROTTLE_FREE_FAILURES;
  return Math.min(1000 * 2 ** Math.min(steps, 30), THROTTLE_MAX_DELAY_MS);
}

/** Milliseconds still to wait, or 0 when an attempt may go ahead. */
export function remainingWaitMs(
  failuresInWindow: number,
  latestFailure: Date | null,
  now: Date,
): number {
  if (!latestFailure) return 0;
  const until = latestFailure.getTime() + throttleDelayMs(failuresInWindow);
  return Math.max(0, until - now.getTime());
}

export function describeWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
