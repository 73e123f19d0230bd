import type { AgentHealth } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { FormError } from '../shared/form-error.js';
import { PageHeader } from '../shared/page-header.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { CAMERA_REFRESH_MS } from '../store/cameras.js';
import { now } from '../store/clock.js';
import { can } from '../store/session.js';
import { AgentRow } from './agent-row.js';

/** Edge agents (site.manage): health at a glance; admins can revoke a lost or stolen agent's credential. */
export function AgentsPage() {
  const agents = useResource((signal) => api.listAgents(signal));
  const sites = useResource((signal) => api.listSites(signal));
  const revoking = useSignal<AgentHealth | null>(null);
  const notice = useSignal<string | null>(null);
  const canRevoke = can('agent.revoke');

  // Health changes by itself: refresh at the camera list's pace.
  useEffect(() => {
    const timer = setInterval(() => void agents.reload(), CAMERA_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const list = agents.data.value;
  const nowMs = now.value.getTime();
  const online = list?.filter((a) => a.online && a.revokedAt === null).length ?? 0;
  return (
    <section class="page" aria-labelledby="page-title">
      <PageHeader
        title="Agents"
        description={list === undefined ? 'Edge agents recording each site.' : `${list.length} edge agents, ${online} online.`}
      >
        <button type="button" class="button" onClick={() => void agents.reload()} disabled={agents.loading.value}>
          Refresh
        </button>
      </PageHeader>
      {notice.value !== null && (
        <p class="page-notice" role="status" data-testid="page-notice">
          {notice.value}
        </p>
      )}
      <div class="panel table-panel">
        <FormError error={agents.error.value} message={`Could not load agents: ${agents.error.value?.message ?? ''}`} />
        <table class="table" data-testid="agent-table">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Site</th>
              <th scope="col">Status</th>
              <th scope="col">Last seen</th>
              <th scope="col">Version</th>
              <th scope="col" title="Cloud clock minus agent clock">Clock skew</th>
              <th scope="col" title="Segments waiting to upload">Spool</th>
              <th scope="col">Disk free</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list === undefined || list.length === 0) && (
              <tr>
                <td colSpan={9} class="table__empty">
                  {list !== undefined ? 'No agents enrolled yet' : agents.loading.value ? 'Loading agents…' : 'No agent list'}
                </td>
              </tr>
            )}
            {list?.map((agent) => (
              <AgentRow
                key={agent.id}
                agent={agent}
                nowMs={nowMs}
                sites={sites.data.value}
                canRevoke={canRevoke}
                onRevoke={(a) => (revoking.value = a)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {revoking.value !== null && (
        <ConfirmDialog
          title={`Revoke the credential of ${revoking.value.name}?`}
          confirmLabel="Revoke credential"
          danger
          onConfirm={async () => {
            const agent = revoking.peek();
            if (agent === null) return;
            await api.revokeAgent(agent.id);
            notice.value = `Revoked the credential of ${agent.name}. It must be enrolled again to record.`;
            void agents.reload();
          }}
          onClose={() => (revoking.value = null)}
        >
          <p>
            The agent can no longer upload, send heartbeats or take commands; recordings it still holds stay on its disk.
            To bring it back it must be enrolled again with a new enrollment token.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
