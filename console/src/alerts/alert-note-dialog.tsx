import { AlertAckBody, type AlertRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { Field } from '../shared/field.js';
import { FormDialog } from '../shared/form-dialog.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';

/** Longest note the API takes, read from its schema. */
const NOTE_MAX_LENGTH = (AlertAckBody.properties.note as unknown as { maxLength: number }).maxLength;

/**
 * Acknowledge or resolve one alert, with an optional note (what was seen,
 * what was done). The cloud's refusal shows in the dialog: 409
 * CLD_ERR_ALERT_STATE when someone else got there first.
 */
export function AlertNoteDialog(props: {
  alert: AlertRecord;
  action: 'acknowledge' | 'resolve';
  cameraName: string;
  onDone(alert: AlertRecord): void;
  onClose(): void;
}) {
  const { alert, action } = props;
  const note = useSignal(alert.note ?? '');
  const save = useSubmission(async () => {
    const changed = action === 'acknowledge' ? await api.acknowledgeAlert(alert.id, note.value) : await api.resolveAlert(alert.id, note.value);
    props.onDone(changed);
  });
  const verb = action === 'acknowledge' ? 'Acknowledge' : 'Resolve';
  return (
    <FormDialog
      title={`${verb} “${alert.ruleName}”: ${alert.label} on ${props.cameraName}`}
      testId="alert-note-dialog"
      submission={save}
      onSubmit={(event) => void save.submit(event)}
      submitLabel={verb}
      onClose={props.onClose}
    >
      <Field
        id="alert-note"
        label="Note"
        hint={action === 'acknowledge' ? 'Optional: what you are doing about it.' : 'Optional: what it was and what was done.'}
      >
        <textarea
          id="alert-note"
          class="input textarea"
          data-testid="alert-note-input"
          rows={4}
          maxLength={NOTE_MAX_LENGTH}
          value={note.value}
          onInput={(e) => (note.value = e.currentTarget.value)}
          autoFocus
        />
      </Field>
    </FormDialog>
  );
}
