import { WEEKDAYS, type RuleSchedule, type Weekday } from '@argus/contracts';

/**
 * Alert rules, evaluated (pure: the time is an argument). A rule matches an
 * event phase when every condition it sets holds:
 *
 * - scope: the event's site among `siteIds` and camera among `cameraIds`
 *   (an empty list: any);
 * - `labels` holds the event's label (`motion`, `person`, …, or a health
 *   kind: `camera-offline`, `camera-frozen`, `camera-stalled`,
 *   `agent-offline`, `storage-evicted`);
 * - `zones`: the event entered one of them (an empty list: anywhere);
 * - `minScore`: the event's best score reached it (an event without a score,
 *   a health event, passes only a rule without minScore);
 * - `minDwellSeconds`: the event lasted that long (an object's
 *   `attributes.dwellSeconds`, else from its start to its end or to now);
 * - `schedule`: the event started inside one of the windows, in the
 *   schedule's time zone (a window whose `to` is not after its `from` runs
 *   past midnight: its late part belongs to the day it started).
 *
 * An alert opens when a matching phase is a `start` or an `update` (so an
 * update that makes the dwell or the score enough opens it then), no alert
 * of the rule is open for the same event (one per rule and tracked object),
 * and the rule's last alert on that camera is older than its cooldown.
 */
export interface RuleSpec {
  readonly siteIds: readonly string[];
  readonly cameraIds: readonly string[];
  readonly labels: readonly string[];
  readonly zones: readonly string[];
  readonly minScore: number | null;
  readonly minDwellSeconds: number | null;
  readonly schedule: RuleSchedule | null;
  readonly cooldownSeconds: number;
  readonly enabled: boolean;
}

export interface EventFacts {
  readonly phase: 'start' | 'update' | 'end';
  readonly label: string;
  readonly cameraId: string | null;
  readonly siteId: string | null;
  readonly score: number | null;
  readonly zones: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number | null;
}

/** What is known of earlier alerts of the rule. */
export interface RuleHistory {
  /** An alert of this rule already exists for this event. */
  readonly alertedForEvent: boolean;
  /** When this rule last opened an alert on the event's camera (epoch ms). */
  readonly lastOpenedOnCameraAt: number | undefined;
}

/** How long the event has lasted at `now` (s). */
export function dwellSeconds(event: EventFacts, now: number): number {
  const given = Number(event.attributes.dwellSeconds);
  if (event.attributes.dwellSeconds !== undefined && Number.isFinite(given)) return given;
  return Math.max(0, ((event.endedAt ?? now) - event.startedAt) / 1000);
}

export function ruleMatches(rule: RuleSpec, event: EventFacts, now: number): boolean {
  if (!rule.enabled) return false;
  if (rule.siteIds.length > 0 && (event.siteId === null || !rule.siteIds.includes(event.siteId))) return false;
  if (rule.cameraIds.length > 0 && (event.cameraId === null || !rule.cameraIds.includes(event.cameraId))) return false;
  if (!rule.labels.includes(event.label)) return false;
  if (rule.zones.length > 0 && !event.zones.some((z) => rule.zones.includes(z))) return false;
  if (rule.minScore !== null && (event.score === null || event.score < rule.minScore)) return false;
  if (rule.minDwellSeconds !== null && dwellSeconds(event, now) < rule.minDwellSeconds) return false;
  if (rule.schedule !== null && !inSchedule(rule.schedule, event.startedAt)) return false;
  return true;
}

/** Whether this phase opens an alert of the rule. */
export function opensAlert(rule: RuleSpec, event: EventFacts, history: RuleHistory, now: number): boolean {
  if (event.phase === 'end') return false;
  if (history.alertedForEvent) return false;
  if (history.lastOpenedOnCameraAt !== undefined && now - history.lastOpenedOnCameraAt < rule.cooldownSeconds * 1000) return false;
  return ruleMatches(rule, event, now);
}

/** Whether `at` (epoch ms) falls in one of the schedule's windows, in its time zone. */
export function inSchedule(schedule: RuleSchedule, at: number): boolean {
  const { day, minute } = localTime(schedule.timeZone, at);
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
  return schedule.windows.some((w) => {
    const from = minutes(w.from);
    const to = minutes(w.to);
    if (to > from) return w.days.includes(day) && minute >= from && minute < to;
    // Past midnight: the evening part on its own day, the early part on the next.
    return (w.days.includes(day) && minute >= from) || (w.days.includes(yesterday) && minute < to);
  });
}

/** Throws RangeError for a time zone the runtime does not know (the routes turn it into a 400). */
export function checkTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-GB', { timeZone });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(timeZone: string, at: number): { day: Weekday; minute: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(at));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
