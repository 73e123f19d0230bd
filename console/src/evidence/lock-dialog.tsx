import type { EvidenceLockRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { ApiRequestError } from '../api/api-client.js';
import { ConsoleErrorCode } from '../errors.js';
import { FormDialog } from '../shared/form-dialog.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';
import type { Span } from '../timeline/timeline-layout.js';
import { formatWallClock } from '../time-format.js';
import { describeRange } from './evidence-range.js';
import { ReasonField, fieldProblemOf } from './reason-field.js';

/**
 * *Lock as evidence*: the camera's recordings over the range are kept,
 * whatever retention says, until someone releases the lock. The reason is
 * required and audited. The cloud's refusal shows in the dialog, under the
 * reason when it blames it.
 */
export function LockDialog(props: { cameraId: string; cameraLabel: string; range: Span; onLocked(lock: EvidenceLockRecord): void; onClose(): void }) {
  const reason = useSignal('');
  const save = useSubmission(async () => {
    const text = reason.value.trim();
    if (text === '') throw blankReason();
    const lock = await api.createEvidenceLock({
      cameraId: props.cameraId,
      from: new Date(props.range.from).toISOString(),
      to: new Date(props.range.to).toISOString(),
      reason: text,
    });
    props.onLocked(lock);
  });
  return (
    <FormDialog
      title={`Lock recordings of ${props.cameraLabel} as evidence`}
      testId="evidence-lock-dialog"
      submission={save}
      onSubmit={(event) => void save.submit(event)}
      submitLabel="Lock as evidence"
      onClose={props.onClose}
    >
      <p data-testid="evidence-dialog-range" data-from={new Date(props.range.from).toISOString()} data-to={new Date(props.range.to).toISOString()}>
        {describeRange(props.range, formatWallClock)}: kept whatever retention says, until the lock is released.
      </p>
      <ReasonField value={reason} hint="Required: the case, incident or request. Recorded in the audit log." problem={fieldProblemOf(save.error.value)} />
    </FormDialog>
  );
}

/** The console's own refusal of a blank reason, shaped like the cloud's (field `reason`). */
export function blankReason(): ApiRequestError {
  return new ApiRequestError({ status: 0, code: ConsoleErrorCode.REQUIRED, message: 'Say why: a reason is required', field: 'reason' });
}
