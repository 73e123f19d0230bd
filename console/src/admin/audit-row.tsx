import type { AuditRecord } from '@argus/contracts';
import { formatInstant } from '../shared/format.js';

/** One audit entry: when, who, what, on what, from where, and how it ended. */
export function AuditRow({ entry }: { entry: AuditRecord }) {
  return (
    <tr data-testid="audit-row" data-action={entry.action} data-result={entry.result}>
      <td class="mono nowrap">{formatInstant(entry.at)}</td>
      <td class="mono">{entry.actor}</td>
      <td class="mono">{entry.action}</td>
      <td class="mono">{entry.target ?? '—'}</td>
      <td class="mono">{entry.address ?? '—'}</td>
      <td>
        <span class={`badge badge--result-${entry.result}`}>{entry.result}</span>
      </td>
    </tr>
  );
}
