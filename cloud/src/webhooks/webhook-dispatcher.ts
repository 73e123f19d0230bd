import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_LIMITS, WEBHOOK_SIGNATURE_HEADER, type WebhookKind, type WebhookPayload } from '@argus/contracts';
import { PollingLoop, type Logger, type Service } from '@argus/runtime';
import { nextAttemptDelayMs, webhookSignature } from '../core/webhook-policy.js';
import type { DueDelivery, WebhooksRepository } from './webhooks.repository.js';

export interface WebhookDispatcherOptions {
  readonly webhooks: WebhooksRepository;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
  /** How often the queue is polled when nothing woke the dispatcher (ms). */
  readonly pollMs?: number;
  /** Deliveries taken per round. */
  readonly batch?: number;
}

/**
 * Sends queued webhook deliveries (every replica runs one; the queue's row
 * locks share the work): signed POSTs of the stored body, a 2xx answer is
 * delivered, anything else retried with backoff and jitter until given up
 * (core/webhook-policy.ts, WEBHOOK_LIMITS). `enqueue` queues a change for
 * the organisation's webhooks of that kind and wakes the dispatcher.
 */
export class WebhookDispatcher implements Service {
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly loop: PollingLoop;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.log = options.logger.child({ component: 'webhooks' });
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.loop = new PollingLoop(() => this.round(), options.pollMs ?? 1000);
  }

  async start(): Promise<void> {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Queues `data` for every enabled webhook of the organisation that takes `kind`, then sends at once. */
  async enqueue(orgId: string, kind: WebhookKind, data: unknown): Promise<void> {
    await this.enqueueAll(orgId, kind, [data]);
  }

  /** Queues each item (in order) for every enabled webhook of the organisation that takes `kind`. */
  async enqueueAll(orgId: string, kind: WebhookKind, items: readonly unknown[]): Promise<void> {
    const createdAt = new Date(this.now()).toISOString();
    const queued = await this.options.webhooks.enqueue(orgId, kind, items, (id, data) => JSON.stringify({ id, kind, createdAt, data } satisfies WebhookPayload), this.now());
    if (queued > 0) this.wake();
  }

  /** Runs a round now (or right after the one running). */
  wake(): void {
    this.loop.wake();
  }

  private async round(): Promise<void> {
    try {
      for (;;) {
        const due = await this.options.webhooks.takeDue(this.now(), this.options.batch ?? 16, WEBHOOK_LIMITS.timeoutMs * 2);
        if (due.length === 0) return;
        await Promise.all(due.map((d) => this.attempt(d)));
        if (this.loop.stopped) return;
      }
    } catch (err) {
      this.log.warn({ err }, 'webhook round failed; retrying at the next poll');
    }
  }

  private async attempt(d: DueDelivery): Promise<void> {
    const at = this.now();
    let status: number | null = null;
    let error: string;
    try {
      const response = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'argus-webhooks/1',
          [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(d.secret, d.body, at),
          [WEBHOOK_DELIVERY_HEADER]: d.id,
          'x-argus-kind': d.kind,
        },
        body: d.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_LIMITS.timeoutMs),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (status >= 200 && status < 300) {
        await this.options.webhooks.delivered(d, status, this.now());
        return;
      }
      error = `HTTP ${status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    const delay = nextAttemptDelayMs(d.attempts + 1, this.random);
    const { disabled } = await this.options.webhooks.attemptFailed(d, { status, error }, delay === undefined ? undefined : this.now() + delay);
    const entry = { webhookId: d.webhookId, deliveryId: d.id, attempt: d.attempts + 1, status, error };
    if (disabled) this.log.warn(entry, 'webhook disabled after repeated failures');
    else if (delay === undefined) this.log.warn(entry, 'webhook delivery given up');
    else this.log.info({ ...entry, retryInMs: delay }, 'webhook delivery failed; will retry');
  }
}
