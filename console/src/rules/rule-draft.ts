import {
  ALERT_SEVERITIES,
  DEFAULT_RULE_COOLDOWN_SECONDS,
  HEALTH_EVENT_LABELS,
  OBJECT_LABELS,
  RULE_LIMITS,
  RuleBody,
  RuleSchedule,
  WEEKDAYS,
  type AlertSeverity,
  type RulePatch,
  type RuleRecord,
  type Weekday,
} from '@argus/contracts';

/**
 * The rules editor's form state and its way to the API: a draft holds what
 * the operator typed (text, as inputs hold it), `ruleBodyFromDraft` checks
 * it against the contracts' limits and builds the POST body, and
 * `rulePatchFromDraft` the PATCH of a saved rule. A problem names the part
 * of the form at fault, as the cloud's `field` does (`ruleFieldOf`). Pure.
 */

/** The parts of the form a problem can point at. */
export type RuleField =
  | 'name' | 'sites' | 'cameras' | 'labels' | 'zones' | 'minScore' | 'minDwellSeconds' | 'schedule' | 'cooldownSeconds' | 'severity' | 'enabled';

/** The labels a rule can watch, grouped as the form shows them; every label comes from the contracts. */
export const LABEL_GROUPS: ReadonlyArray<{ readonly id: string; readonly name: string; readonly labels: readonly string[] }> = [
  { id: 'motion', name: 'Motion', labels: ['motion'] },
  { id: 'objects', name: 'Objects', labels: OBJECT_LABELS },
  { id: 'health', name: 'Camera health', labels: HEALTH_EVENT_LABELS },
];

export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

export const DEFAULT_SEVERITY: AlertSeverity = 'medium';

/** A time of day as the schema takes it (`HH:MM`, `24:00`), read from the schema. */
const TIME_OF_DAY = new RegExp(
  (RuleSchedule.properties.windows.items.properties.from as unknown as { pattern: string }).pattern,
);
/** A label's and a zone's longest name, read from the schema. */
const NAME_MAX = (RuleBody.properties.labels.items as unknown as { maxLength: number }).maxLength;

export interface WindowDraft {
  readonly days: readonly Weekday[];
  /** `HH:MM`, as `<input type="time">` holds it. */
  readonly from: string;
  readonly to: string;
}

export interface RuleDraft {
  readonly name: string;
  /** null: every site of the organisation. */
  readonly siteIds: readonly string[] | null;
  /** Empty: every camera of those sites. */
  readonly cameraIds: readonly string[];
  readonly labels: readonly string[];
  /** Zone names, separated by commas; empty: anywhere. */
  readonly zones: string;
  /** Whole percent, '' for no minimum. */
  readonly minScorePercent: string;
  /** Seconds, '' for no minimum. */
  readonly minDwellSeconds: string;
  readonly scheduled: boolean;
  readonly timeZone: string;
  readonly windows: readonly WindowDraft[];
  readonly cooldownSeconds: string;
  readonly severity: AlertSeverity;
  readonly enabled: boolean;
}

export type RuleProblem = { readonly field: RuleField; readonly message: string };

/** A working week's evenings: a schedule's first window, to be changed. */
export const NEW_WINDOW: WindowDraft = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '18:00', to: '07:00' };

/** A new rule's form: the caller's sites (everything for an organisation-wide caller), the browser's time zone. */
export function newRuleDraft(timeZone: string, mySites: readonly string[] | null): RuleDraft {
  return {
    name: '', siteIds: mySites === null ? null : [...mySites], cameraIds: [], labels: [], zones: '', minScorePercent: '', minDwellSeconds: '',
    scheduled: false, timeZone, windows: [NEW_WINDOW], cooldownSeconds: String(DEFAULT_RULE_COOLDOWN_SECONDS), severity: DEFAULT_SEVERITY, enabled: true,
  };
}

/** A saved rule's form. A minimum dwell of 0 is no minimum. */
export function draftFromRule(rule: RuleRecord, timeZone: string): RuleDraft {
  return {
    name: rule.name,
    siteIds: rule.siteIds.length === 0 ? null : [...rule.siteIds],
    cameraIds: [...rule.cameraIds],
    labels: [...rule.labels],
    zones: rule.zones.join(', '),
    minScorePercent: rule.minScore === null ? '' : String(Math.round(rule.minScore * 1000) / 10),
    minDwellSeconds: rule.minDwellSeconds === null || rule.minDwellSeconds === 0 ? '' : String(rule.minDwellSeconds),
    scheduled: rule.schedule !== null,
    timeZone: rule.schedule?.timeZone ?? timeZone,
    windows: rule.schedule?.windows.map((w) => ({ days: [...w.days], from: w.from, to: w.to })) ?? [NEW_WINDOW],
    cooldownSeconds: String(rule.cooldownSeconds),
    severity: rule.severity,
    enabled: rule.enabled,
  };
}

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: RuleProblem };
const fail = (field: RuleField, message: string): { ok: false; problem: RuleProblem } => ({ ok: false, problem: { field, message } });

/** A number typed in a field: undefined when blank, the problem when not a number in [min, max]. */
function numberField(text: string, field: RuleField, what: string, min: number, max: number, integer = false): Checked<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    return fail(field, `${what} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return { ok: true, value };
}

/** Zone names from the comma-separated text: trimmed, no blanks, within the limits, no repeats. */
export function parseZones(text: string): Checked<string[]> {
  const zones = text.split(',').map((z) => z.trim()).filter((z) => z !== '');
  if (zones.length > RULE_LIMITS.zones) return fail('zones', `At most ${RULE_LIMITS.zones} zones`);
  const long = zones.find((z) => z.length > NAME_MAX);
  if (long !== undefined) return fail('zones', `Zone names are at most ${NAME_MAX} characters`);
  const repeated = zones.find((z, i) => zones.indexOf(z) !== i);
  if (repeated !== undefined) return fail('zones', `“${repeated}” is named twice`);
  return { ok: true, value: zones };
}

/** Every field of a rule as the API takes them, checked; optional fields left blank are left out. */
export function ruleBodyFromDraft(draft: RuleDraft): Checked<RuleBody> {
  const name = draft.name.trim();
  if (name === '') return fail('name', 'Give the rule a name');
  if (name.length > RULE_LIMITS.name) return fail('name', `Names are at most ${RULE_LIMITS.name} characters`);
  if (draft.siteIds !== null && draft.siteIds.length === 0) return fail('sites', 'Choose at least one site, or all sites');
  if (draft.labels.length === 0) return fail('labels', 'Choose at least one thing to alert on');
  if (draft.labels.length > RULE_LIMITS.labels) return fail('labels', `At most ${RULE_LIMITS.labels} labels`);
  if (draft.cameraIds.length > RULE_LIMITS.cameras) return fail('cameras', `At most ${RULE_LIMITS.cameras} cameras`);
  const zones = parseZones(draft.zones);
  if (!zones.ok) return zones;
  const minScore = numberField(draft.minScorePercent, 'minScore', 'The minimum score', 0, 100);
  if (!minScore.ok) return minScore;
  const { min: dwellMin, max: dwellMax } = RULE_LIMITS.minDwellSeconds;
  const minDwell = numberField(draft.minDwellSeconds, 'minDwellSeconds', 'The minimum duration', dwellMin, dwellMax);
  if (!minDwell.ok) return minDwell;
  const { min: coolMin, max: coolMax } = RULE_LIMITS.cooldownSeconds;
  const cooldown = numberField(draft.cooldownSeconds, 'cooldownSeconds', 'The cooldown', coolMin, coolMax, true);
  if (!cooldown.ok) return cooldown;
  if (!ALERT_SEVERITIES.includes(draft.severity)) return fail('severity', 'Choose a severity');

  let schedule: RuleBody['schedule'];
  if (draft.scheduled) {
    if (draft.timeZone.trim() === '') return fail('schedule', 'Choose a time zone');
    if (draft.windows.length === 0) return fail('schedule', 'Add at least one time window, or alert at any time');
    if (draft.windows.length > RULE_LIMITS.windows) return fail('schedule', `At most ${RULE_LIMITS.windows} time windows`);
    for (const [i, w] of draft.windows.entries()) {
      if (w.days.length === 0) return fail('schedule', `Window ${i + 1}: choose at least one day`);
      if (!TIME_OF_DAY.test(w.from) || !TIME_OF_DAY.test(w.to)) return fail('schedule', `Window ${i + 1}: times are HH:MM`);
    }
    schedule = {
      timeZone: draft.timeZone,
      windows: draft.windows.map((w) => ({ days: WEEKDAYS.filter((d) => w.days.includes(d)), from: w.from, to: w.to })),
    };
  }

  const body: RuleBody = {
    name,
    labels: [...draft.labels],
    cameraIds: [...draft.cameraIds],
    zones: zones.value,
    severity: draft.severity,
    ...(draft.siteIds === null ? {} : { siteIds: [...draft.siteIds] }),
    ...(minScore.value === undefined ? {} : { minScore: Math.round(minScore.value * 10) / 1000 }),
    ...(minDwell.value === undefined ? {} : { minDwellSeconds: minDwell.value }),
    ...(cooldown.value === undefined ? {} : { cooldownSeconds: cooldown.value }),
    ...(schedule === undefined ? {} : { schedule }),
  };
  return { ok: true, value: body };
}

/**
 * The PATCH that makes a saved rule what the draft says: every field, and
 * `null` for a condition the form left blank (every site, no minimum score
 * or duration, any time), which clears it on the saved rule.
 */
export function rulePatchFromDraft(draft: RuleDraft): Checked<RulePatch> {
  const checked = ruleBodyFromDraft(draft);
  if (!checked.ok) return checked;
  const body = checked.value;
  return {
    ok: true,
    value: {
      ...body,
      siteIds: body.siteIds ?? null,
      minScore: body.minScore ?? null,
      minDwellSeconds: body.minDwellSeconds ?? null,
      schedule: body.schedule ?? null,
      cooldownSeconds: body.cooldownSeconds ?? DEFAULT_RULE_COOLDOWN_SECONDS,
      enabled: draft.enabled,
    },
  };
}

/** The part of the form a field named by the cloud (`schedule.timeZone`, `cameraIds`, `labels.2`) belongs to. */
export function ruleFieldOf(apiField: string | undefined): RuleField | undefined {
  if (apiField === undefined) return undefined;
  const head = apiField.split('.')[0];
  switch (head) {
    case 'name': case 'labels': case 'zones': case 'minScore': case 'minDwellSeconds': case 'schedule': case 'cooldownSeconds': case 'severity': case 'enabled':
      return head;
    case 'siteIds':
      return 'sites';
    case 'cameraIds':
      return 'cameras';
    default:
      return undefined;
  }
}

/** "Mon–Fri", "Sat, Sun", "Every day": days in week order, runs of three or more as a range. */
export function formatDays(days: readonly Weekday[]): string {
  const indexes = WEEKDAYS.map((d, i) => (days.includes(d) ? i : -1)).filter((i) => i >= 0);
  if (indexes.length === WEEKDAYS.length) return 'Every day';
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j += 1;
    const first = WEEKDAY_NAMES[WEEKDAYS[indexes[i]!]!];
    const last = WEEKDAY_NAMES[WEEKDAYS[indexes[j]!]!];
    if (j - i >= 2) parts.push(`${first}–${last}`);
    else for (let k = i; k <= j; k++) parts.push(WEEKDAY_NAMES[WEEKDAYS[indexes[k]!]!]);
    i = j + 1;
  }
  return parts.join(', ');
}

/** "Mon–Fri 18:00–07:00 (Europe/Paris)", or "Any time". */
export function describeSchedule(schedule: RuleRecord['schedule']): string {
  if (schedule === null) return 'Any time';
  return `${schedule.windows.map((w) => `${formatDays(w.days)} ${w.from}–${w.to}`).join('; ')} (${schedule.timeZone})`;
}

/** Time zones to choose from: the browser's own first, then every zone it knows (sorted). */
export function timeZoneChoices(browserZone: string, known: readonly string[]): string[] {
  return [...new Set([browserZone, 'UTC', ...[...known].sort()])];
}
