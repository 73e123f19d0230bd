import type { AgentHealth } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ResourcePage } from '../shared/resource-page.js';
import { ResourceTable, type TableColumn } from '../shared/resource-table.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { CAMERA_REFRESH_MS } from '../store/cameras.js';
import { now } from '../store/clock.js';
import { can } from '../store/session.js';
import { AgentRevokeDialog } from './agent-revoke-dialog.js';
import { AgentRow } from './agent-row.js';

const COLUMNS: readonly TableColumn[] = [
  { label: 'Agent' },
  { label: 'Site' },
  { label: 'Status' },
  { label: 'Last seen' },
  { label: 'Version' },
  { label: 'Clock skew', title: 'Cloud clock minus agent clock' },
  { label: 'Spool', title: 'Segments waiting to upload' },
  { label: 'Disk free' },
  { label: 'Actions', hidden: true },
];

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
    <ResourcePage
      title="Agents"
      description={list === undefined ? 'Edge agents recording each site.' : `${list.length} edge agents, ${online} online.`}
      resource={agents}
      notice={notice.value}
    >
      <ResourceTable
        resource={agents}
        testId="agent-table"
        columns={COLUMNS}
        messages={{ failed: 'Could not load agents', loading: 'Loading agents…', missing: 'No agent list', empty: 'No agents enrolled yet' }}
        row={(agent) => (
          <AgentRow
            key={agent.id}
            agent={agent}
            nowMs={nowMs}
            sites={sites.data.value}
            canRevoke={canRevoke}
            onRevoke={(a) => (revoking.value = a)}
          />
        )}
      />
      {revoking.value !== null && (
        <AgentRevokeDialog
          agent={revoking.value}
          onRevoked={(agent) => {
            notice.value = `Revoked the credential of ${agent.name}. It must be enrolled again to record.`;
            void agents.reload();
          }}
          onClose={() => (revoking.value = null)}
        />
      )}
    </ResourcePage>
  );
}
