import { ALERT_SEVERITIES, RULE_LIMITS, type CameraSummary, type RuleRecord, type SiteSummary } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { DialogActions } from '../shared/dialog-actions.js';
import { Field } from '../shared/field.js';
import { FieldProblem } from '../shared/field-problem.js';
import { FormError } from '../shared/form-error.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';
import { draftFromRule, newRuleDraft, ruleBodyFromDraft, ruleFieldOf, rulePatchFromDraft, type RuleDraft, type RuleProblem } from './rule-draft.js';
import { RuleLabelFields } from './rule-label-fields.js';
import { RuleScheduleFields, browserTimeZone } from './rule-schedule-fields.js';
import { RuleWhereFields } from './rule-where-fields.js';

/**
 * A new rule, or a saved one to change: what it alerts on, where, under
 * which conditions, when, how often and how urgently. The form is checked
 * before anything is sent (rule-draft.ts); a refusal of the cloud shows under
 * the part it names (`field`) and, with its code, above the buttons.
 */
export function RuleEditorDialog(props: {
  rule: RuleRecord | null;
  sites: readonly SiteSummary[] | undefined;
  cameras: readonly CameraSummary[] | null;
  mySites: readonly string[] | null;
  onSaved(rule: RuleRecord): void;
  onClose(): void;
}) {
  const saved = props.rule;
  const draft = useSignal<RuleDraft>(saved === null ? newRuleDraft(browserTimeZone(), props.mySites) : draftFromRule(saved, browserTimeZone()));
  const problem = useSignal<RuleProblem | null>(null);
  const update = (patch: Partial<RuleDraft>): void => {
    draft.value = { ...draft.value, ...patch };
  };

  const save = useSubmission(async () => {
    problem.value = null;
    if (saved === null) {
      const checked = ruleBodyFromDraft(draft.value);
      if (!checked.ok) {
        problem.value = checked.problem;
        return;
      }
      props.onSaved(await api.createRule(checked.value));
    } else {
      const checked = rulePatchFromDraft(draft.value);
      if (!checked.ok) {
        problem.value = checked.problem;
        return;
      }
      props.onSaved(await api.updateRule(saved.id, checked.value));
    }
  });
  // The cloud's refusal, under the part of the form it names.
  const apiError = save.error.value;
  const apiField = ruleFieldOf(apiError?.field);
  const shown: RuleProblem | null = problem.value ?? (apiError !== null && apiField !== undefined ? { field: apiField, message: apiError.message } : null);
  const d = draft.value;

  return (
    <ModalDialog title={saved === null ? 'New alert rule' : `Edit “${saved.name}”`} onClose={() => !save.busy.value && props.onClose()} testId="rule-editor" wide>
      <form class="dialog__body rule-editor" onSubmit={(event) => void save.submit(event)} noValidate>
        <div class="rule-editor__row">
          <Field id="rule-name" label="Name">
            <input
              id="rule-name"
              class="input"
              data-testid="rule-name"
              value={d.name}
              maxLength={RULE_LIMITS.name}
              placeholder="e.g. Person at the gate after hours"
              onInput={(e) => update({ name: e.currentTarget.value })}
              autoFocus
            />
          </Field>
          <Field id="rule-severity" label="Severity">
            <select id="rule-severity" class="input" data-testid="rule-severity" value={d.severity} onChange={(e) => update({ severity: e.currentTarget.value as RuleDraft['severity'] })}>
              {ALERT_SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {severity}
                </option>
              ))}
            </select>
          </Field>
          {saved !== null && (
            <label class="choice rule-editor__enabled">
              <input type="checkbox" data-testid="rule-enabled" checked={d.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} />
              Enabled
            </label>
          )}
        </div>
        <FieldProblem field="name" problem={shown} />
        <FieldProblem field="severity" problem={shown} />
        <RuleLabelFields labels={d.labels} problem={shown} onChange={(labels) => update({ labels })} />
        <RuleWhereFields draft={d} sites={props.sites} cameras={props.cameras} mySites={props.mySites} problem={shown} onChange={update} />
        <fieldset class="rule-editor__section" data-testid="rule-conditions">
          <legend class="rule-editor__legend">Conditions</legend>
          <div class="rule-editor__row">
            <Field id="rule-min-score" label="Minimum score (%)" hint="Objects only; empty: any score.">
              <input id="rule-min-score" class="input" type="number" min={0} max={100} step="any" data-testid="rule-min-score" value={d.minScorePercent} onInput={(e) => update({ minScorePercent: e.currentTarget.value })} />
            </Field>
            <Field id="rule-min-dwell" label="Lasting at least (s)" hint="How long the object stayed or the event lasted; empty: any.">
              <input id="rule-min-dwell" class="input" type="number" min={RULE_LIMITS.minDwellSeconds.min} max={RULE_LIMITS.minDwellSeconds.max} step="any" data-testid="rule-min-dwell" value={d.minDwellSeconds} onInput={(e) => update({ minDwellSeconds: e.currentTarget.value })} />
            </Field>
            <Field id="rule-cooldown" label="Cooldown (s)" hint="No new alert of this rule on a camera for this long after one.">
              <input id="rule-cooldown" class="input" type="number" min={RULE_LIMITS.cooldownSeconds.min} max={RULE_LIMITS.cooldownSeconds.max} step={1} data-testid="rule-cooldown" value={d.cooldownSeconds} onInput={(e) => update({ cooldownSeconds: e.currentTarget.value })} />
            </Field>
          </div>
          <FieldProblem field="minScore" problem={shown} />
          <FieldProblem field="minDwellSeconds" problem={shown} />
          <FieldProblem field="cooldownSeconds" problem={shown} />
        </fieldset>
        <RuleScheduleFields draft={d} problem={shown} onChange={update} />
        {/* Named by its field above; here only that the cloud refused, with the code. */}
        <FormError error={apiError} message={apiField === undefined ? undefined : 'The cloud refused the rule: see the marked part above.'} testId="rule-error" />
        <DialogActions label={saved === null ? 'Create rule' : 'Save rule'} busyLabel="Saving…" busy={save.busy.value} onCancel={props.onClose} />
      </form>
    </ModalDialog>
  );
}
