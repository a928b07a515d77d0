import type { Logger } from 'pino';

/**
 * A background job run at start and then every `intervalMs`: never two runs at once, a failed run
 * logged and retried at the next tick, and `stop()` waiting for a run in progress.
 */
export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T[]> | null = null;
  private stopped = true;

  constructor(
    private readonly job: {
      run: () => Promise<T[]>;
      intervalMs: number;
      logger: Logger;
      /** Log messages: after a run that did something, and after a failed run. */
      did: string;
      failed: string;
    },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce()
        .then((done) => {
          if (done.length > 0) this.job.logger.info({ count: done.length }, this.job.did);
        })
        .catch((err: unknown) => {
          this.job.logger.error({ err }, this.job.failed);
        })
        .finally(() => {
          this.schedule(this.job.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  runOnce(): Promise<T[]> {
    if (this.running) return this.running;
    this.running = this.job.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
