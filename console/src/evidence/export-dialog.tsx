import type { ExportRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { DialogActions } from '../shared/dialog-actions.js';
import { Field } from '../shared/field.js';
import { FormError } from '../shared/form-error.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';
import type { Span } from '../timeline/timeline-layout.js';
import { formatWallClock } from '../time-format.js';
import { describeRange } from './evidence-range.js';
import { ExportProgress } from './export-progress.js';
import { blankReason } from './lock-dialog.js';
import { ReasonField, fieldProblemOf } from './reason-field.js';

type Stream = ExportRecord['stream'];

/**
 * *Export clip*: asks the reason (and the stream), queues the export, then
 * follows it in the same dialog until it is done (download links) or failed
 * (why). Closing the dialog stops only the following: the export goes on,
 * and the Exports page lists it.
 */
export function ExportDialog(props: { cameraId: string; cameraLabel: string; range: Span; onClose(): void }) {
  const reason = useSignal('');
  const stream = useSignal<Stream>('main');
  const created = useSignal<ExportRecord | null>(null);
  const save = useSubmission(async () => {
    const text = reason.value.trim();
    if (text === '') throw blankReason();
    created.value = await api.createExport({
      cameraId: props.cameraId,
      from: new Date(props.range.from).toISOString(),
      to: new Date(props.range.to).toISOString(),
      reason: text,
      stream: stream.value,
    });
  });
  const problem = fieldProblemOf(save.error.value);
  const busy = save.busy.value;
  const record = created.value;
  return (
    <ModalDialog title={`Export a clip of ${props.cameraLabel}`} onClose={() => !busy && props.onClose()} testId="export-dialog">
      {record === null ? (
        <form class="dialog__body" onSubmit={(event) => void save.submit(event)}>
          <p data-testid="evidence-dialog-range" data-from={new Date(props.range.from).toISOString()} data-to={new Date(props.range.to).toISOString()}>{describeRange(props.range, formatWallClock)}: an MP4 of the recording as stored, with a signed manifest.</p>
          <ReasonField value={reason} hint="Required: the case or request. Written into the signed manifest and the audit log." problem={problem} />
          <Field id="export-stream" label="Stream">
            <select id="export-stream" class="input" data-testid="export-stream" value={stream.value} onChange={(e) => (stream.value = e.currentTarget.value === 'sub' ? 'sub' : 'main')}>
              <option value="main">Main (full resolution)</option>
              <option value="sub">Sub (smaller)</option>
            </select>
          </Field>
          {/* A problem under the reason says it there; anything else (range, nothing recorded) here. */}
          <FormError error={problem?.field === 'reason' ? null : save.error.value} testId="export-error" />
          <DialogActions label="Export clip" busyLabel="Queuing…" busy={busy} onCancel={props.onClose} />
        </form>
      ) : (
        <div class="dialog__body">
          <p>{describeRange(props.range, formatWallClock)}</p>
          <ExportProgress created={record} />
          <div class="dialog__actions">
            <button type="button" class="button" data-testid="export-dialog-close" onClick={props.onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
