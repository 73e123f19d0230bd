import { WEEKDAYS, type Weekday } from '@argus/contracts';
import { useMemo } from 'preact/hooks';
import { Field } from '../shared/field.js';
import { FieldProblem } from '../shared/field-problem.js';
import { NEW_WINDOW, WEEKDAY_NAMES, timeZoneChoices, type RuleDraft, type RuleProblem, type WindowDraft } from './rule-draft.js';

/** The browser's own time zone: what a new schedule starts in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * When the rule is active: at any time, or in weekly windows (days, from,
 * to) in a time zone; a window whose end is not after its start runs past
 * midnight into the next day.
 */
export function RuleScheduleFields(props: { draft: RuleDraft; problem: RuleProblem | null; onChange(patch: Partial<RuleDraft>): void }) {
  const { draft } = props;
  const zones = useMemo(() => timeZoneChoices(browserTimeZone(), Intl.supportedValuesOf('timeZone')), []);
  const setWindow = (index: number, patch: Partial<WindowDraft>): void =>
    props.onChange({ windows: draft.windows.map((w, i) => (i === index ? { ...w, ...patch } : w)) });
  const toggleDay = (index: number, day: Weekday, on: boolean): void => {
    const days = new Set(draft.windows[index]?.days ?? []);
    if (on) days.add(day);
    else days.delete(day);
    setWindow(index, { days: WEEKDAYS.filter((d) => days.has(d)) });
  };
  return (
    <fieldset class="rule-editor__section" data-testid="rule-schedule">
      <legend class="rule-editor__legend">When</legend>
      <label class="choice">
        <input type="checkbox" data-testid="rule-scheduled" checked={draft.scheduled} onChange={(e) => props.onChange({ scheduled: e.currentTarget.checked })} />
        Only at certain times (otherwise at any time)
      </label>
      {draft.scheduled && (
        <>
          <Field id="rule-time-zone" label="Time zone">
            <select id="rule-time-zone" class="input" data-testid="rule-time-zone" value={draft.timeZone} onChange={(e) => props.onChange({ timeZone: e.currentTarget.value })}>
              {(zones.includes(draft.timeZone) ? zones : [draft.timeZone, ...zones]).map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </Field>
          {draft.windows.map((w, index) => (
            <div key={index} class="rule-window" data-testid="rule-window">
              <div class="rule-window__days" role="group" aria-label={`Days of window ${index + 1}`}>
                {WEEKDAYS.map((day) => (
                  <label key={day} class="rule-window__day">
                    <input type="checkbox" data-testid="rule-window-day" data-day={day} checked={w.days.includes(day)} onChange={(e) => toggleDay(index, day, e.currentTarget.checked)} />
                    {WEEKDAY_NAMES[day]}
                  </label>
                ))}
              </div>
              <label class="rule-window__time">
                from
                <input type="time" class="input input--small" data-testid="rule-window-from" value={w.from} onInput={(e) => setWindow(index, { from: e.currentTarget.value })} />
              </label>
              <label class="rule-window__time">
                to
                <input type="time" class="input input--small" data-testid="rule-window-to" value={w.to} onInput={(e) => setWindow(index, { to: e.currentTarget.value })} />
              </label>
              <button type="button" class="button button--small button--danger-quiet" onClick={() => props.onChange({ windows: draft.windows.filter((_, i) => i !== index) })}>
                Remove
              </button>
            </div>
          ))}
          <div>
            <button type="button" class="button button--small" data-testid="rule-add-window" onClick={() => props.onChange({ windows: [...draft.windows, NEW_WINDOW] })}>
              Add a time window
            </button>
          </div>
        </>
      )}
      <FieldProblem field="schedule" problem={props.problem} />
    </fieldset>
  );
}
