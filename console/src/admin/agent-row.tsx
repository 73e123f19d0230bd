import type { AgentHealth, SiteSummary } from '@argus/contracts';
import { formatBytes, formatInstant, formatSiteScope, formatSkew } from '../shared/format.js';
import { When } from '../shared/when.js';
import { formatAge } from '../time-format.js';

/** One edge agent's health, and its revoke button for those allowed to press it (Agents and Health pages). */
export function AgentRow(props: {
  agent: AgentHealth;
  nowMs: number;
  /** The site column's names; null leaves the column out (a page of one site). */
  sites: readonly SiteSummary[] | undefined | null;
  canRevoke: boolean;
  onRevoke(agent: AgentHealth): void;
}) {
  const { agent } = props;
  const status = agent.revokedAt !== null ? 'revoked' : agent.online ? 'online' : 'offline';
  const label = status === 'revoked' ? 'Revoked' : status === 'online' ? 'Online' : 'Offline';
  return (
    <tr data-testid="agent-row" data-agent-id={agent.id} data-status={status}>
      <td>
        <span class="cell-strong">{agent.name}</span>
        <div class="muted mono">{agent.id}</div>
      </td>
      {props.sites !== null && <td>{agent.siteId === null ? '—' : formatSiteScope([agent.siteId], props.sites)}</td>}
      <td>
        <span class={`badge badge--${status}`}>{label}</span>
        {agent.revokedAt === null && (
          <div class="muted">{agent.controlConnected ? 'control channel up' : 'no control channel'}</div>
        )}
      </td>
      <td class="mono" title={formatInstant(agent.lastSeenAt)}>
        {agent.lastSeenAt === null ? 'never' : formatAge(props.nowMs - Date.parse(agent.lastSeenAt))}
      </td>
      <td class="mono">{agent.version}</td>
      <td class="mono">{formatSkew(agent.clockSkewMs)}</td>
      <td class="mono">{agent.spool === null ? '—' : `${agent.spool.segments} · ${formatBytes(agent.spool.bytes)}`}</td>
      <td class="mono">{formatBytes(agent.diskFreeBytes)}</td>
      <td class="cell-actions">
        {/* An agent without a site signs in with the cloud's shared ARGUS_EDGE_TOKEN: there is no credential of its own to revoke. */}
        {agent.siteId === null && <span class="muted" title="Unset ARGUS_EDGE_TOKEN on the cloud to shut it out">shared edge token</span>}
        {props.canRevoke && agent.siteId !== null && agent.revokedAt === null && (
          <button type="button" class="button button--small button--danger-quiet" onClick={() => props.onRevoke(agent)}>
            Revoke
          </button>
        )}
        {agent.revokedAt !== null && (
          <span class="muted">
            revoked <When iso={agent.revokedAt} />
          </span>
        )}
      </td>
    </tr>
  );
}
