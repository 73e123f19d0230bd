import type { AlertRecord, EventRecord } from '@argus/contracts';
import type { Logger } from '@argus/runtime';
import { opensAlert, type EventFacts } from '../core/alert-rules.js';
import type { AlertsRepository } from './alerts.repository.js';
import type { RulesRepository } from './rules.repository.js';

/** An event phase as the engine reads it (what the events context stores). */
export interface EngineEvent extends EventFacts {
  readonly id: string;
}

/**
 * Opens alerts: for each batch of stored event phases (edge detections and
 * health, the cloud's own health events), the organisation's enabled rules
 * for those labels are evaluated (core/alert-rules.ts) against the rules
 * and alerts as they are now, and each match opens an alert (one per rule
 * and event: the database's unique key settles a race between replicas).
 * Opened alerts go to `onOpened` (the stream, webhooks).
 */
export class AlertEngine {
  constructor(
    private readonly options: {
      readonly rules: RulesRepository;
      readonly alerts: AlertsRepository;
      readonly now: () => number;
      readonly logger: Logger;
      readonly onOpened?: (orgId: string, alert: AlertRecord) => Promise<void> | void;
    },
  ) {}

  async evaluate(orgId: string, events: readonly EngineEvent[]): Promise<AlertRecord[]> {
    const candidates = events.filter((e) => e.phase !== 'end');
    if (candidates.length === 0) return [];
    const rules = await this.options.rules.forLabels(orgId, [...new Set(candidates.map((e) => e.label))]);
    if (rules.length === 0) return [];
    const { alerted, lastOnCamera } = await this.options.alerts.history(orgId, rules.map((r) => r.id), candidates.map((e) => e.id));
    const now = this.options.now();
    const opened: AlertRecord[] = [];
    for (const event of candidates) {
      for (const rule of rules) {
        const cameraKey = `${rule.id}\n${event.cameraId ?? ''}`;
        const history = { alertedForEvent: alerted.has(`${rule.id}\n${event.id}`), lastOpenedOnCameraAt: lastOnCamera.get(cameraKey) };
        if (!opensAlert(rule, event, history, now)) continue;
        const alert = await this.options.alerts.open({
          orgId, ruleId: rule.id, ruleName: rule.name, severity: rule.severity, eventId: event.id, label: event.label,
          cameraId: event.cameraId, siteId: event.siteId, eventStartedAt: event.startedAt, openedAt: now,
        });
        alerted.add(`${rule.id}\n${event.id}`);
        if (!alert) continue;
        lastOnCamera.set(cameraKey, now);
        opened.push(alert);
        this.options.logger.info({ alertId: alert.id, ruleId: rule.id, eventId: event.id, cameraId: event.cameraId, severity: rule.severity }, 'alert opened');
        await this.options.onOpened?.(orgId, alert);
      }
    }
    return opened;
  }
}

/** An event as the API shows it, as the engine reads it (the health checker's events). */
export function engineEventOf(e: EventRecord): EngineEvent {
  return {
    id: e.id, phase: e.phase, label: e.label, cameraId: e.cameraId, siteId: e.siteId, score: e.score, zones: e.zones, attributes: e.attributes,
    startedAt: Date.parse(e.startedAt), endedAt: e.endedAt === null ? null : Date.parse(e.endedAt),
  };
}
