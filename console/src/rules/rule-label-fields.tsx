import { FieldProblem } from '../shared/field-problem.js';
import { LABEL_GROUPS, type RuleProblem } from './rule-draft.js';

/** What the rule alerts on: a checkbox per label, grouped as motion, objects and camera health. */
export function RuleLabelFields(props: { labels: readonly string[]; problem: RuleProblem | null; onChange(labels: string[]): void }) {
  const chosen = new Set(props.labels);
  const toggle = (label: string, on: boolean): void => {
    const next = new Set(chosen);
    if (on) next.add(label);
    else next.delete(label);
    // In the form's order, then any label a newer cloud stored that the form does not offer.
    const offered = LABEL_GROUPS.flatMap((g) => g.labels);
    props.onChange([...offered.filter((l) => next.has(l)), ...[...next].filter((l) => !offered.includes(l))]);
  };
  return (
    <fieldset class="rule-editor__section" data-testid="rule-labels">
      <legend class="rule-editor__legend">Alert on</legend>
      <div class="rule-editor__groups">
        {LABEL_GROUPS.map((group) => (
          <div key={group.id} class="rule-editor__group" data-testid={`rule-label-group-${group.id}`}>
            <span class="rule-editor__group-name">{group.name}</span>
            <div class="rule-editor__checks">
              {group.labels.map((label) => (
                <label key={label} class="choice choice--check">
                  <input
                    type="checkbox"
                    data-testid="rule-label"
                    data-label={label}
                    checked={chosen.has(label)}
                    onChange={(e) => toggle(label, e.currentTarget.checked)}
                  />
                  <span>{label}</span>
                </label>
              ))}
            </div>
          </div>
        ))}
      </div>
      <FieldProblem field="labels" problem={props.problem} />
    </fieldset>
  );
}
