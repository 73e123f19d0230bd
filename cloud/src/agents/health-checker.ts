import type { Logger } from '@argus/runtime';
import type { OrgsRepository } from '../auth/orgs.repository.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import type { EventStored } from '../events/event-stored.js';
import type { EventsRepository } from '../events/events.repository.js';
import type { AgentsRepository } from './agents.repository.js';
import { decideHealth, type HealthAction, type HealthRulesConfig } from '../core/health-rules.js';

export interface HealthCheckerOptions {
  readonly orgs: OrgsRepository;
  readonly cameras: CamerasRepository;
  readonly agents: AgentsRepository;
  readonly events: EventsRepository;
  readonly rules: HealthRulesConfig;
  /** Pause between passes (ms). */
  readonly periodMs: number;
  /** Clock, epoch ms; tests fix it. */
  readonly now: () => number;
  /** See HealthInput.watchingSince; default: the clock when constructed. */
  readonly watchingSince?: number;
  readonly logger: Logger;
  /** Told each health event this checker wrote or ended (the stream, MQTT, webhooks, alerts); not awaited. */
  readonly eventStored?: EventStored;
}

/**
 * Raises and ends `camera-offline` and `agent-offline` events: reads what
 * the cloud knows, asks the pure rules (health-rules.ts) what changed, and
 * writes the events. Passes never overlap; a failed pass is logged and the
 * next one tries again.
 */
export class HealthChecker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly watchingSince: number;
  private readonly log: Logger;

  constructor(private readonly options: HealthCheckerOptions) {
    this.watchingSince = options.watchingSince ?? options.now();
    this.log = options.logger.child({ component: 'health-checker' });
  }

  /** Runs a pass every period (the first after one period). */
  async start(): Promise<void> {
    this.stopped = false;
    if (!this.timer) this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over every organisation; returns what it did. */
  async checkOnce(): Promise<HealthAction[]> {
    const done: HealthAction[] = [];
    for (const org of await this.options.orgs.list()) done.push(...(await this.checkOrg(org.id)));
    return done;
  }

  private async checkOrg(orgId: string): Promise<HealthAction[]> {
    const { cameras, agents, events, rules, now } = this.options;
    const scope = { orgId, siteIds: null };
    const [cameraRows, agentRows, open] = await Promise.all([cameras.healthRecords(scope), agents.agents(scope), events.openOutages(orgId)]);
    const actions = decideHealth({ now: now(), watchingSince: this.watchingSince, config: rules, cameras: cameraRows, agents: agentRows, open });
    for (const action of actions) {
      const changed = await events.applyHealth(orgId, action);
      if (changed) void this.options.eventStored?.publish(orgId, [changed]);
      if (action.type === 'start') this.log.warn({ orgId, kind: action.kind, subject: action.subjectId, since: new Date(action.since).toISOString(), reason: action.reason }, `${action.kind} started`);
      else this.log.info({ orgId, kind: action.outage.kind, subject: action.outage.subjectId }, `${action.outage.kind} ended`);
    }
    return actions;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.checkOnce()
        .catch((err: unknown) => this.log.error({ err }, 'health check failed'))
        .finally(() => this.schedule());
    }, this.options.periodMs);
    this.timer.unref();
  }
}
