/**
 * Runs `round` repeatedly: at start (after `firstDelayMs`), then `pollMs`
 * after each round ends, or at once when woken. Never two rounds at a time:
 * a wake during a round runs another right after it. The workers whose
 * queue lives in the database (webhook deliveries, evidence exports,
 * retention) run on it; their round decides what one pass does.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private halted = true;

  constructor(
    private readonly round: () => Promise<void>,
    private readonly pollMs: number,
  ) {}

  /** True before start() and from stop() on: a long round checks it between its steps. */
  get stopped(): boolean {
    return this.halted;
  }

  start(firstDelayMs = 0): void {
    this.halted = false;
    this.schedule(firstDelayMs);
  }

  /** No round starts from now on; resolves when the one running (if any) has ended. */
  stop(): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  /** Runs a round now (or right after the one running). */
  wake(): void {
    if (this.halted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        if (this.halted) return;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.pollMs);
      });
    }, ms);
    this.timer.unref();
  }
}
