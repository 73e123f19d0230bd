import type { Logger, Service } from '@argus/runtime';
import type { EdgeStatus } from '../edge-agent.js';
import { estimateSkew, skewIsSignificant, type SkewSample } from './clock-skew.js';
import { heartbeatBody, type HeartbeatBody } from './heartbeat-body.js';

export interface HeartbeatClientOptions {
  /** Posts one heartbeat; resolves with the cloud's answer (CloudClient.heartbeat). */
  readonly send: (body: HeartbeatBody) => Promise<{ serverTime: string }>;
  readonly status: () => EdgeStatus;
  readonly version: string;
  /** Pause between heartbeats (ms); EdgeConfig.heartbeatSeconds. */
  readonly intervalMs: number;
  readonly logger: Logger;
  /** Clock, epoch ms; tests fix it. */
  readonly now?: () => number;
}

/**
 * Sends the agent's status to the cloud every `intervalMs` and measures the
 * clock skew on each answer (reported in the next heartbeat, warned about
 * above 2 s). A failed heartbeat is logged and the next one comes on time:
 * the cloud's offline detection is what notices a long silence.
 */
export class HeartbeatClient implements Service {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = true;
  private lastSkew: SkewSample | undefined;
  private warnedSkew = false;
  private failures = 0;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly options: HeartbeatClientOptions) {
    this.log = options.logger.child({ component: 'heartbeat' });
    this.now = options.now ?? Date.now;
  }

  /** The latest skew measurement (cloud − edge, ms), if any. */
  get skew(): SkewSample | undefined {
    return this.lastSkew;
  }

  async start(): Promise<void> {
    this.stopped = false;
    // The first beat goes out at once: the cloud learns of a (re)started agent without waiting a period.
    this.inFlight = this.beat();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** One heartbeat now; never throws. */
  async beat(): Promise<void> {
    const sentAt = this.now();
    try {
      const body = heartbeatBody(this.options.status(), { version: this.options.version, sentAt, clockSkewMs: this.lastSkew?.skewMs ?? null });
      const answer = await this.options.send(body);
      const sample = estimateSkew(sentAt, this.now(), Date.parse(answer.serverTime));
      this.lastSkew = sample;
      if (this.failures > 0) this.log.info({ after: this.failures }, 'heartbeat delivered again');
      this.failures = 0;
      if (skewIsSignificant(sample)) {
        if (!this.warnedSkew) this.log.warn({ skewMs: sample.skewMs, roundTripMs: sample.roundTripMs }, 'clock skew with the cloud above 2 s: check NTP on this machine');
        this.warnedSkew = true;
      } else {
        this.warnedSkew = false;
      }
    } catch (err) {
      this.failures += 1;
      // Once, then every 30th: an unreachable cloud must not flood the log.
      if (this.failures === 1 || this.failures % 30 === 0) this.log.warn({ err, failures: this.failures }, 'heartbeat failed');
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.beat().finally(() => this.schedule());
    }, this.options.intervalMs);
  }
}
