import type { CameraSummary, SiteSummary } from '@argus/contracts';
import { Field } from '../shared/field.js';
import { FieldProblem } from '../shared/field-problem.js';
import { SiteScopePicker } from '../shared/site-scope-picker.js';
import type { RuleDraft, RuleProblem } from './rule-draft.js';

/**
 * Where the rule looks: its sites (all, or a list no wider than the
 * caller's own), its cameras (none ticked: every camera of those sites) and
 * the zones an event must have entered (names as the detection settings
 * give them; none: anywhere).
 */
export function RuleWhereFields(props: {
  draft: RuleDraft;
  sites: readonly SiteSummary[] | undefined;
  cameras: readonly CameraSummary[] | null;
  mySites: readonly string[] | null;
  problem: RuleProblem | null;
  onChange(patch: Partial<RuleDraft>): void;
}) {
  const { draft } = props;
  const chosen = new Set(draft.cameraIds);
  const inScope = (camera: CameraSummary): boolean => draft.siteIds === null || draft.siteIds.includes(camera.siteId);
  const cameras = (props.cameras ?? []).filter((c) => inScope(c) || chosen.has(c.id));
  const toggle = (cameraId: string, on: boolean): void => {
    const next = new Set(chosen);
    if (on) next.add(cameraId);
    else next.delete(cameraId);
    props.onChange({ cameraIds: [...next] });
  };
  return (
    <fieldset class="rule-editor__section" data-testid="rule-where">
      <legend class="rule-editor__legend">Where</legend>
      <SiteScopePicker legend="Sites" value={draft.siteIds} onChange={(siteIds) => props.onChange({ siteIds })} sites={props.sites} within={props.mySites} />
      <FieldProblem field="sites" problem={props.problem} />
      <div class="rule-editor__cameras" role="group" aria-labelledby="rule-cameras-label">
        <span id="rule-cameras-label" class="rule-editor__group-name">
          Cameras <span class="muted">(none ticked: every camera of these sites)</span>
        </span>
        {props.cameras === null && <span class="muted">Loading cameras…</span>}
        {props.cameras !== null && cameras.length === 0 && <span class="muted">No cameras in these sites yet</span>}
        <div class="rule-editor__checks">
          {cameras.map((camera) => (
            <label key={camera.id} class="choice choice--check">
              <input
                type="checkbox"
                data-testid="rule-camera"
                data-camera-id={camera.id}
                checked={chosen.has(camera.id)}
                onChange={(e) => toggle(camera.id, e.currentTarget.checked)}
              />
              <span>{camera.name}</span>
              <span class="muted mono">{camera.id}</span>
            </label>
          ))}
        </div>
        <FieldProblem field="cameras" problem={props.problem} />
      </div>
      <Field id="rule-zones" label="Zones" hint="Names separated by commas; the event must have entered one of them. Empty: anywhere.">
        <input
          id="rule-zones"
          class="input"
          data-testid="rule-zones"
          value={draft.zones}
          placeholder="e.g. Gate, Driveway"
          onInput={(e) => props.onChange({ zones: e.currentTarget.value })}
        />
      </Field>
      <FieldProblem field="zones" problem={props.problem} />
    </fieldset>
  );
}
