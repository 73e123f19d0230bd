import { OBJECT_LABELS, ObjectSettings } from '@argus/contracts';

/**
 * The *Objects* part of the detection settings as the editor holds it:
 * on or off, the labels ticked, and the minimum score as the text of a
 * percentage input. `toObjectSettings` turns it into what
 * PUT /api/cameras/:id/detection takes, or says what to fix first. Pure.
 */

export type ObjectLabel = (typeof OBJECT_LABELS)[number];

/** The minimum score's bounds in the contracts' schema (0..1), read from the schema rather than copied. */
const scoreSchema = ObjectSettings.properties.minScore as unknown as { minimum: number; maximum: number };
/** …and as the whole percentages the input takes. */
export const MIN_SCORE_PERCENT = { min: Math.ceil(scoreSchema.minimum * 100), max: Math.floor(scoreSchema.maximum * 100) } as const;

export interface ObjectDraft {
  readonly enabled: boolean;
  /** Ticked labels, in OBJECT_LABELS order. */
  readonly labels: readonly ObjectLabel[];
  /** The minimum score input's text, in percent. */
  readonly minScorePercent: string;
}

/**
 * Labels as plain strings: the contracts build the schema's label union by
 * mapping OBJECT_LABELS, which leaves `ObjectSettings['labels']` typed as
 * `never[]`; the draft keeps its own typed list and converts at the two
 * edges below.
 */
type StoredObjects = Pick<ObjectSettings, 'enabled' | 'minScore'> & { readonly labels: readonly string[] };

export function objectDraftFrom(settings: StoredObjects): ObjectDraft {
  return { enabled: settings.enabled, labels: OBJECT_LABELS.filter((l) => settings.labels.includes(l)), minScorePercent: String(Math.round(settings.minScore * 100)) };
}

/** Ticks or unticks a label; the list keeps OBJECT_LABELS order. */
export function toggleLabel(draft: ObjectDraft, label: ObjectLabel, on: boolean): ObjectDraft {
  const chosen = new Set(draft.labels);
  if (on) chosen.add(label);
  else chosen.delete(label);
  return { ...draft, labels: OBJECT_LABELS.filter((l) => chosen.has(l)) };
}

export type ObjectSettingsResult = { readonly ok: true; readonly settings: ObjectSettings } | { readonly ok: false; readonly problem: string };

/** The draft as object settings, or the first thing to fix. */
export function toObjectSettings(draft: ObjectDraft): ObjectSettingsResult {
  // The schema wants a label even while detection is off: a camera switched back on needs something to look for.
  if (draft.labels.length === 0) return { ok: false, problem: 'Objects: tick at least one label to look for' };
  const text = draft.minScorePercent.trim();
  const percent = Number(text);
  if (text === '' || !Number.isInteger(percent) || percent < MIN_SCORE_PERCENT.min || percent > MIN_SCORE_PERCENT.max) {
    return { ok: false, problem: `Objects: the minimum score must be a whole number from ${MIN_SCORE_PERCENT.min} to ${MIN_SCORE_PERCENT.max} %` };
  }
  const labels = [...draft.labels] as unknown as ObjectSettings['labels']; // see StoredObjects
  return { ok: true, settings: { enabled: draft.enabled, labels, minScore: percent / 100 } };
}
