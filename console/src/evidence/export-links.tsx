import type { ExportRecord } from '@argus/contracts';
import { api } from '../store/api.js';

/** Download links of a finished export: the clip, and the signed manifest that `argus-verify` checks it against. */
export function ExportLinks({ record }: { record: ExportRecord }) {
  if (record.state !== 'done' || record.clipUrl === null) return null;
  return (
    <span class="export-links">
      <a class="button button--small" href={api.cloudUrl(record.clipUrl)} download={`${record.id}.mp4`} data-testid="export-clip-link">
        Download clip
      </a>
      {record.manifestUrl !== null && (
        <a class="button button--small" href={api.cloudUrl(record.manifestUrl)} download={`${record.id}.manifest.json`} data-testid="export-manifest-link">
          Manifest
        </a>
      )}
    </span>
  );
}
