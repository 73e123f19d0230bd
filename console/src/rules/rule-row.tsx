import type { CameraSummary, RuleRecord, SiteSummary } from '@argus/contracts';
import { formatSiteScope } from '../shared/format.js';
import { describeSchedule } from './rule-draft.js';

export type RuleAction = 'edit' | 'delete' | 'toggle';

/** One rule in the table: what it alerts on, where, when and how urgently; its switches for those who manage rules. */
export function RuleRow(props: {
  rule: RuleRecord;
  sites: readonly SiteSummary[] | undefined;
  cameras: readonly CameraSummary[] | null;
  canManage: boolean;
  busy: boolean;
  onAction(action: RuleAction, rule: RuleRecord): void;
}) {
  const { rule } = props;
  const names = new Map((props.cameras ?? []).map((c) => [c.id, c.name]));
  const conditions = [
    rule.minScore === null ? null : `score ≥ ${Math.round(rule.minScore * 1000) / 10} %`,
    rule.minDwellSeconds === null || rule.minDwellSeconds === 0 ? null : `lasting ≥ ${rule.minDwellSeconds} s`,
    `cooldown ${rule.cooldownSeconds} s`,
  ].filter((c) => c !== null);
  return (
    <tr data-testid="rule-row" data-rule-id={rule.id} data-rule-name={rule.name} data-enabled={String(rule.enabled)}>
      <td>
        <span class="cell-strong">{rule.name}</span>
        {!rule.enabled && <span class="tag tag--warn">paused</span>}
      </td>
      <td data-testid="rule-labels-cell">{rule.labels.join(', ')}</td>
      <td>
        <div>{formatSiteScope(rule.siteIds.length === 0 ? null : rule.siteIds, props.sites)}</div>
        <div class="muted" data-testid="rule-cameras-cell">
          {rule.cameraIds.length === 0 ? 'Every camera' : rule.cameraIds.map((id) => names.get(id) ?? id).join(', ')}
        </div>
        {rule.zones.length > 0 && <div class="muted">Zones: {rule.zones.join(', ')}</div>}
      </td>
      <td>{conditions.join(', ')}</td>
      <td>{describeSchedule(rule.schedule)}</td>
      <td>
        <span class={`severity-chip severity-chip--${rule.severity}`}>{rule.severity}</span>
      </td>
      <td class="cell-actions">
        {props.canManage && (
          <>
            <button
              type="button"
              class="button button--small"
              data-testid="rule-toggle"
              aria-pressed={!rule.enabled}
              title={rule.enabled ? 'Stop raising alerts from this rule' : 'Raise alerts from this rule again'}
              disabled={props.busy}
              onClick={() => props.onAction('toggle', rule)}
            >
              {rule.enabled ? 'Pause' : 'Resume'}
            </button>
            <button type="button" class="button button--small" data-testid="rule-edit" onClick={() => props.onAction('edit', rule)}>
              Edit
            </button>
            <button type="button" class="button button--small button--danger-quiet" data-testid="rule-delete" onClick={() => props.onAction('delete', rule)}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
