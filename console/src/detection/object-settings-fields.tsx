import { OBJECT_LABELS } from '@argus/contracts';
import { MIN_SCORE_PERCENT, toggleLabel, type ObjectDraft } from './object-draft.js';

/**
 * The detection editor's *Objects* part: object detection on or off, the
 * labels that become events (every label the contracts offer, as
 * checkboxes), and the minimum score. Edits a draft (object-draft.ts); the
 * editor saves it with the rest.
 */
export function ObjectSettingsFields(props: { draft: ObjectDraft; onChange(draft: ObjectDraft): void }) {
  const { draft } = props;
  return (
    <fieldset class="object-settings" data-testid="object-settings" data-enabled={String(draft.enabled)}>
      <legend class="object-settings__legend">Objects</legend>
      <label class="checkbox">
        <input
          type="checkbox"
          data-testid="objects-enabled"
          checked={draft.enabled}
          onChange={(e) => props.onChange({ ...draft, enabled: e.currentTarget.checked })}
        />
        Detect objects in pictures with motion
      </label>
      <div class="object-settings__labels" role="group" aria-label="Objects to look for">
        {OBJECT_LABELS.map((label) => (
          <label key={label} class="choice">
            <input
              type="checkbox"
              data-testid="object-label"
              data-label={label}
              checked={draft.labels.includes(label)}
              onChange={(e) => props.onChange(toggleLabel(draft, label, e.currentTarget.checked))}
            />
            {label}
          </label>
        ))}
      </div>
      <div class="field">
        <label for="objects-min-score">Minimum score (%)</label>
        <input
          id="objects-min-score"
          type="number"
          class="input input--small input--score"
          data-testid="objects-min-score"
          min={MIN_SCORE_PERCENT.min}
          max={MIN_SCORE_PERCENT.max}
          step={1}
          value={draft.minScorePercent}
          onInput={(e) => props.onChange({ ...draft, minScorePercent: e.currentTarget.value })}
        />
        <span class="field__hint">Detections scoring less are ignored. Higher: fewer false alarms, more missed objects.</span>
      </div>
      <span class="field__hint">Pictures go to the agent's object detection endpoint; each object seen becomes an event under its label.</span>
    </fieldset>
  );
}
