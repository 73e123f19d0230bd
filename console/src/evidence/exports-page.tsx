import { useEffect } from 'preact/hooks';
import { ResourcePage } from '../shared/resource-page.js';
import { ResourceTable, type TableColumn } from '../shared/resource-table.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { cameras, startCameraPolling } from '../store/cameras.js';
import { EXPORT_POLL_MAX_MS } from './export-poll.js';
import { ExportRow } from './export-row.js';

const COLUMNS: readonly TableColumn[] = [
  { label: 'State' },
  { label: 'Camera' },
  { label: 'Range', title: 'What was asked for, local time' },
  { label: 'Requested by' },
  { label: 'Reason' },
  { label: 'Downloads', hidden: true },
];

/** Newest exports listed. */
const EXPORT_LIST_LIMIT = 200;

/**
 * Exports (evidence.manage): the organisation's evidence exports, newest
 * first, with their downloads once done. While one is queued or running the
 * list refreshes itself at the export dialog's slowest polling pace.
 */
export function ExportsPage() {
  useEffect(() => startCameraPolling(), []);
  const exports = useResource((signal) => api.listExports(EXPORT_LIST_LIMIT, signal));
  const list = exports.data.value;
  const pending = list?.some((e) => e.state === 'queued' || e.state === 'running') === true;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void exports.reload(), EXPORT_POLL_MAX_MS);
    return () => clearInterval(timer);
  }, [pending]);

  const names = new Map((cameras.value ?? []).map((c) => [c.id, c.name]));
  return (
    <ResourcePage
      title="Exports"
      description="Signed evidence clips asked for from a camera's timeline. Check a clip against its manifest with argus-verify."
      resource={exports}
    >
      <ResourceTable
        resource={exports}
        testId="export-table"
        columns={COLUMNS}
        messages={{ failed: 'Could not load exports', loading: 'Loading exports…', missing: 'No export list', empty: 'No exports yet: mark a range on a camera\'s timeline and choose Export clip' }}
        row={(record) => <ExportRow key={record.id} record={record} cameraName={names.get(record.cameraId) ?? record.cameraId} />}
      />
    </ResourcePage>
  );
}
