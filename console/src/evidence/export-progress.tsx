import type { ExportRecord } from '@argus/contracts';
import { FormError } from '../shared/form-error.js';
import { EXPORT_POLL_LIMIT_MS, type ExportPollStatus } from './export-poll.js';
import { ExportLinks } from './export-links.js';
import { useExportProgress } from './use-export-progress.js';

const WORDING: Record<ExportPollStatus, string> = {
  waiting: 'Exporting…',
  done: 'Export ready.',
  failed: 'The export failed.',
  'gave-up': `Still not finished after ${EXPORT_POLL_LIMIT_MS / 60_000} min: it goes on in the cloud; see Exports.`,
  error: 'Could not follow the export: it may still finish; see Exports.',
};

/** One export, followed from its creation: queued, running, then its download links, or why it failed. */
export function ExportProgress({ created }: { created: ExportRecord }) {
  const poll = useExportProgress(created).value;
  const { record } = poll;
  return (
    <div class="export-progress" data-testid="export-progress" data-state={poll.status} data-export-id={record.id} role="status">
      <p>
        {poll.status === 'waiting' && <span class="export-progress__spinner" aria-hidden="true" />}
        {WORDING[poll.status]} <span class={`badge badge--export-${record.state}`}>{record.state}</span>
      </p>
      {poll.status === 'failed' && (
        <p class="form-error" data-testid="export-failure">
          {record.error ?? 'No reason given'}
        </p>
      )}
      <FormError error={poll.status === 'error' ? poll.error : null} testId="export-poll-error" />
      {poll.status === 'done' && (
        <>
          <ExportLinks record={record} />
          {record.clipSha256 !== null && (
            <p class="muted mono" title="SHA-256 of the clip, as the signed manifest states it">
              sha256 {record.clipSha256}
            </p>
          )}
        </>
      )}
    </div>
  );
}
