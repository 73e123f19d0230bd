import { EVIDENCE_REASON_MAX } from '@argus/contracts';
import type { Signal } from '@preact/signals';
import { Field } from '../shared/field.js';
import { FieldProblem } from '../shared/field-problem.js';

/** Why a lock or export is made: required by the cloud, kept in the audit log and the signed manifest. */
export function ReasonField(props: { value: Signal<string>; hint: string; problem: { readonly field: string; readonly message: string } | null }) {
  return (
    <Field id="evidence-reason" label="Reason" hint={props.hint}>
      <textarea
        id="evidence-reason"
        class="input textarea"
        data-testid="evidence-reason"
        rows={3}
        aria-required="true"
        maxLength={EVIDENCE_REASON_MAX}
        value={props.value.value}
        onInput={(e) => (props.value.value = e.currentTarget.value)}
        autoFocus
      />
      <FieldProblem field="reason" problem={props.problem} />
    </Field>
  );
}

/** The field a refusal blames, when the cloud named one, for FieldProblem. */
export function fieldProblemOf(error: { readonly field?: string | undefined; readonly message: string } | null): { field: string; message: string } | null {
  return error?.field === undefined ? null : { field: error.field, message: error.message };
}
