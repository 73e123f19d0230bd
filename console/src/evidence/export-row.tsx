import type { ExportRecord } from '@argus/contracts';
import { When } from '../shared/when.js';
import { formatWallClock } from '../time-format.js';
import { describeRange } from './evidence-range.js';
import { ExportLinks } from './export-links.js';

/** One export: state, camera, range, who asked and why, and its downloads once done (why not, once failed). */
export function ExportRow(props: { record: ExportRecord; cameraName: string }) {
  const { record } = props;
  return (
    <tr data-testid="export-row" data-export-id={record.id} data-state={record.state}>
      <td>
        <span class={`badge badge--export-${record.state}`}>{record.state}</span>
        {record.state === 'failed' && record.error !== null && <div class="form-error" data-testid="export-row-error">{record.error}</div>}
      </td>
      <td>
        <span class="cell-strong">{props.cameraName}</span>
        <div class="muted mono">{record.stream} stream</div>
      </td>
      <td class="mono">{describeRange({ from: Date.parse(record.from), to: Date.parse(record.to) }, formatWallClock)}</td>
      <td>
        {record.createdBy}
        <div class="muted">
          <When iso={record.createdAt} />
        </div>
      </td>
      <td class="export-row__reason">{record.reason}</td>
      <td class="cell-actions">
        <ExportLinks record={record} />
      </td>
    </tr>
  );
}
