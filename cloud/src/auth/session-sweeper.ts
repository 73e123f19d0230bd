import type { Logger, Service } from '@argus/runtime';
import type { SessionsRepository } from './sessions.repository.js';

/** Expired sessions are refused as soon as they expire; this removes their rows now and then (hourly by default). */
export class SessionSweeper implements Service {
  private timer: NodeJS.Timeout | undefined;
  private readonly log: Logger;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly now: () => number,
    logger: Logger,
    private readonly periodMs = 3_600_000,
  ) {
    this.log = logger.child({ component: 'session-sweeper' });
  }

  async start(): Promise<void> {
    this.timer ??= setInterval(() => void this.sweepOnce(), this.periodMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async sweepOnce(): Promise<number> {
    try {
      const removed = await this.sessions.purgeExpired(this.now());
      if (removed > 0) this.log.debug({ removed }, 'expired sessions removed');
      return removed;
    } catch (err) {
      this.log.warn({ err }, 'removing expired sessions failed');
      return 0;
    }
  }
}
